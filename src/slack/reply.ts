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
    try {
      await client.chat.postEphemeral({ channel, user, text: message.text, blocks: message.blocks });
      return;
    } catch (error) {
      // Someone outside the channel (a click on a public channel's message, seen without joining) cannot get
      // an ephemeral there: they are told by DM instead of not at all.
      if (!NOT_THERE.has(slackError(error) ?? '')) throw error;
    }
  }
  await client.chat.postMessage({ channel: user, text: message.text, blocks: message.blocks });
}

/** chat.postEphemeral's errors for a person (or the bot) who is not in the channel. */
const NOT_THERE = new Set(['user_not_in_channel', 'channel_not_found', 'not_in_channel']);

function slackError(error: unknown): string | undefined {
  const data = (error as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
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
