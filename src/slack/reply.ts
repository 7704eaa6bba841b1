import type { webApi } from '@slack/bolt';
import type { Decision } from '../domain/decision.js';
import type { Refusal } from '../domain/refusal.js';
import { refusalMessage } from './blocks/ephemeral.js';
import type { Message } from './blocks/kit.js';
import type { SlackContext } from './context.js';

/**
 * Tells one person something only they should see. In a channel: an ephemeral message; elsewhere (a DM with
 * the bot, or after a modal, where there is no channel) a DM from the bot.
 */
export async function tellUser(
  client: webApi.WebClient,
  user: string,
  message: Message,
  channel?: string | undefined,
): Promise<void> {
  if (channel?.startsWith('C') || channel?.startsWith('G')) {
    await client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
  } else {
    await client.chat.postMessage({ channel: user, text: message.text, blocks: message.blocks });
  }
}

/** The words for a domain refusal, with the decision's option labels when it is known. */
export function refusalFor(
  ctx: SlackContext,
  refusal: Refusal,
  decision?: Decision | undefined,
  typed?: string | undefined,
): Message {
  return refusalMessage(refusal, { timeZone: ctx.deps.projects.timezone, decision, typed });
}
