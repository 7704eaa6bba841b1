import { normalizeBlocks } from '../blocks.js';
import { refusal, violation } from '../errors.js';
import { messageJson, permalink } from '../render.js';
import type { StoredMessage } from '../workspace.js';
import type { FakeState, MethodContext, MethodHandler } from './context.js';
import { assertBotCanPost, conversationFor, messageContent } from './shared.js';

/** chat.*: messages, threads and ephemeral messages, posted as the bot. */
export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': (ctx) => {
    const conversation = conversationFor(ctx, ctx.args.required('channel'), { userOpensDm: true });
    assertBotCanPost(ctx, conversation);
    const content = messageContent(ctx, { required: true });
    const threadTs = threadRoot(ctx, conversation.id, ctx.args.string('thread_ts'));
    const message = ctx.ws.postMessage({
      channel: conversation.id,
      user: ctx.ws.bot.userId,
      botId: ctx.ws.bot.botId,
      text: content.text ?? '',
      ...blocksAndAttachments(ctx, content),
      ...(threadTs === undefined ? {} : { threadTs }),
    });
    return { channel: conversation.id, ts: message.ts, message: messageJson(message) };
  },

  'chat.update': (ctx) => {
    const conversation = conversationFor(ctx, ctx.args.required('channel'));
    const message = botMessage(ctx, conversation.id, ctx.args.required('ts'), 'cant_update_message');
    const content = messageContent(ctx, { required: true });
    const updated = ctx.ws.updateMessage(conversation.id, message.ts, {
      ...(content.text === undefined ? {} : { text: content.text }),
      ...blocksAndAttachments(ctx, content),
    });
    const json = messageJson(updated);
    return { channel: conversation.id, ts: updated.ts, text: updated.text, message: json };
  },

  'chat.postEphemeral': (ctx) => {
    const conversation = conversationFor(ctx, ctx.args.required('channel'));
    assertBotCanPost(ctx, conversation);
    const user = ctx.args.required('user');
    if (ctx.ws.user(user) === undefined) throw violation('user_not_found', `no user ${user}`);
    if (!conversation.members.has(user))
      throw refusal('user_not_in_channel', `${user} is not in ${conversation.id}`);
    const content = messageContent(ctx, { required: true });
    const threadTs = ctx.args.string('thread_ts');
    const ephemeral = ctx.ws.postEphemeral({
      channel: conversation.id,
      user,
      text: content.text ?? '',
      ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
    return { message_ts: ephemeral.ts };
  },

  'chat.delete': (ctx) => {
    const conversation = conversationFor(ctx, ctx.args.required('channel'));
    const message = botMessage(ctx, conversation.id, ctx.args.required('ts'), 'cant_delete_message');
    ctx.ws.deleteMessage(conversation.id, message.ts);
    return { channel: conversation.id, ts: message.ts };
  },

  'chat.getPermalink': (ctx) => {
    const conversation = conversationFor(ctx, ctx.args.required('channel'));
    const message = existingMessage(ctx, conversation.id, ctx.args.required('message_ts'));
    return { channel: conversation.id, permalink: permalink(ctx.baseUrl, message) };
  },
};

/** Slack stores blocks with generated block_id/action_id where the bot sent none. */
function blocksAndAttachments(ctx: FakeState, content: ReturnType<typeof messageContent>) {
  return {
    ...(content.blocks === undefined
      ? {}
      : { blocks: normalizeBlocks(content.blocks, () => ctx.ids.shortId()) }),
    ...(content.attachments === undefined ? {} : { attachments: content.attachments }),
  };
}

/** A deleted message is a runtime refusal; a ts that never existed is the bot's bug. */
function existingMessage(ctx: FakeState, channel: string, ts: string): StoredMessage {
  const message = ctx.ws.message(channel, ts);
  if (message !== undefined) return message;
  if (ctx.ws.wasDeleted(channel, ts)) throw refusal('message_not_found', `message ${ts} was deleted`);
  throw violation('message_not_found', `no message ${ts} in ${channel}`);
}

function botMessage(ctx: MethodContext, channel: string, ts: string, notOwnError: string): StoredMessage {
  const message = existingMessage(ctx, channel, ts);
  if (message.bot_id !== ctx.ws.bot.botId)
    throw violation(notOwnError, `message ${ts} was not posted by the bot`);
  return message;
}

/**
 * Replies thread under the root message. Slack accepts an unknown `thread_ts` (the reply is then lost from
 * view), so the fake does too, but records it: `thread_ts` pointing nowhere is a bot bug.
 */
function threadRoot(ctx: MethodContext, channel: string, threadTs: string | undefined): string | undefined {
  if (threadTs === undefined) return undefined;
  const parent = ctx.ws.message(channel, threadTs);
  if (parent === undefined) {
    if (!ctx.ws.wasDeleted(channel, threadTs))
      ctx.softViolation('thread_not_found', `no message ${threadTs} in ${channel}`);
    return threadTs;
  }
  return parent.thread_ts ?? parent.ts;
}
