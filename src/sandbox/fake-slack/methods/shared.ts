import { isObject, type Json } from '../../json.js';
import { refusal, violation } from '../errors.js';
import type { Conversation } from '../workspace.js';
import type { FakeState, MethodContext } from './context.js';

export const MAX_TEXT = 40_000;

/**
 * A conversation by ID (or `#name`). Unknown: `channel_not_found`, a violation when the ID never existed
 * (the bot made it up), a refusal when it was deleted (a runtime condition the bot must handle).
 */
export function conversationFor(
  ctx: FakeState,
  ref: string,
  options: { userOpensDm?: boolean } = {},
): Conversation {
  if (options.userOpensDm && /^[UW]/.test(ref)) {
    const user = ctx.ws.user(ref);
    if (user === undefined) throw violation('channel_not_found', `no user ${ref} to open a DM with`);
    if (user.deleted) throw refusal('user_disabled', `user ${ref} is deactivated`);
    return ctx.ws.openDm(ref);
  }
  const conversation = ctx.ws.findConversation(ref);
  if (conversation === undefined) throw violation('channel_not_found', `no conversation "${ref}"`);
  if (conversation.deleted) throw refusal('channel_not_found', `conversation ${ref} was deleted`);
  return conversation;
}

/** Where the bot may write: `is_archived` and `not_in_channel` are runtime conditions, not bugs. */
export function assertBotCanPost(ctx: FakeState, conversation: Conversation): void {
  if (conversation.archived) throw refusal('is_archived', `${conversation.id} is archived`);
  if (!conversation.members.has(ctx.ws.bot.userId)) {
    throw refusal('not_in_channel', `the bot is not a member of ${conversation.id}`);
  }
}

export interface MessageContent {
  text?: string;
  blocks?: Json[];
  attachments?: Json[];
}

/**
 * `text`, `blocks` and `attachments` checked as Slack does for chat.*: `no_text` when all are missing (if
 * required), `msg_too_long` above 40,000 characters, `invalid_blocks` / `invalid_blocks_format` for blocks.
 */
export function messageContent(ctx: MethodContext, options: { required: boolean }): MessageContent {
  const text = ctx.args.string('text');
  const content: MessageContent = {};
  if (text !== undefined) {
    if (text.length > MAX_TEXT)
      throw violation('msg_too_long', `text has ${text.length} characters (limit ${MAX_TEXT})`);
    content.text = text;
  }
  if (ctx.args.has('blocks')) content.blocks = checkedBlocks(ctx, ctx.args.json('blocks'));
  if (ctx.args.has('attachments')) content.attachments = checkedAttachments(ctx.args.json('attachments'));
  const empty = content.text === undefined && !content.blocks?.length && !content.attachments?.length;
  if (options.required && empty) throw violation('no_text', 'neither text nor blocks nor attachments given');
  return content;
}

export function checkedBlocks(ctx: FakeState, blocks: unknown, pointer = '/blocks'): Json[] {
  if (!Array.isArray(blocks))
    throw violation('invalid_blocks_format', `[ERROR] must be a JSON array [json-pointer:${pointer}]`);
  const errors = ctx.blockKit.messageBlocks(blocks, pointer);
  if (errors.length > 0) throw violation('invalid_blocks', ...errors);
  return blocks as Json[];
}

function checkedAttachments(attachments: unknown): Json[] {
  if (!Array.isArray(attachments) || !attachments.every(isObject)) {
    throw violation('invalid_attachments', '[ERROR] attachments must be a JSON array of objects');
  }
  if (attachments.length > 100)
    throw violation('too_many_attachments', `${attachments.length} attachments (limit 100)`);
  return attachments.map((a, i) => ({ id: i + 1, ...a }));
}

export function userFor(ctx: FakeState, id: string): NonNullable<ReturnType<FakeState['ws']['user']>> {
  const user = ctx.ws.user(id);
  if (user === undefined) throw violation('user_not_found', `no user ${id}`);
  return user;
}

export function invalidArguments(...messages: string[]): never {
  throw violation('invalid_arguments', ...messages.map((m) => `[ERROR] ${m}`));
}
