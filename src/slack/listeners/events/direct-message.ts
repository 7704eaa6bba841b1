import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { helpMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';

type Args = SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs;

/**
 * `message.im`: someone writes to the bot in its Messages tab ("help", "bantuan", anything). The bot holds no
 * conversation, so it answers with the help, in the person's language (the locale middleware), in the same
 * place (the thread when they wrote in one). Its own messages, edits and other subtypes get no answer.
 */
export function registerDirectMessage(app: App, _ctx: SlackContext): void {
  app.event('message', async ({ event, client }: Args) => {
    if (event.channel_type !== 'im' || event.subtype !== undefined) return;
    // Nowhere to answer without the conversation (Slack always names it).
    if (typeof event.channel !== 'string' || event.channel === '') return;
    if ('bot_id' in event && event.bot_id !== undefined) return;
    const help = helpMessage();
    await client.chat.postMessage({
      channel: event.channel,
      ...(typeof event.thread_ts === 'string' ? { thread_ts: event.thread_ts } : {}),
      text: help.text,
      blocks: help.blocks,
    });
  });
}
