import { refusal, violation } from '../errors.js';
import { conversationJson, messageJson } from '../render.js';
import type { Conversation } from '../workspace.js';
import type { FakeState, MethodContext, MethodHandler } from './context.js';
import { conversationFor, invalidArguments, userFor } from './shared.js';

const MAX_GROUP_DM_USERS = 8;

export const conversationsMethods: Record<string, MethodHandler> = {
  'conversations.open': (ctx) => {
    const channel = ctx.args.string('channel');
    const users = (ctx.args.string('users') ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter((u) => u !== '' && u !== ctx.ws.bot.userId);
    if (channel === undefined && users.length === 0) throw violation('users_list_not_supplied');
    if (users.length > MAX_GROUP_DM_USERS)
      throw violation('too_many_users', `${users.length} users (limit 8)`);
    for (const id of users) {
      if (userFor(ctx, id).deleted) throw refusal('user_disabled', `user ${id} is deactivated`);
    }
    const [only] = users;
    const existed = only !== undefined && users.length === 1 && ctx.ws.dmWith(only) !== undefined;
    const conversation =
      channel !== undefined
        ? conversationFor(ctx, channel)
        : only !== undefined && users.length === 1
          ? ctx.ws.openDm(only)
          : ctx.ws.openGroupDm(users);
    const json = ctx.args.bool('return_im')
      ? conversationJson(ctx.ws, conversation, false)
      : { id: conversation.id };
    return existed || channel !== undefined
      ? { no_op: true, already_open: true, channel: json }
      : { channel: json };
  },

  'conversations.info': (ctx) => {
    const conversation = visibleConversation(ctx, ctx.args.required('channel'));
    return { channel: conversationJson(ctx.ws, conversation, ctx.args.bool('include_num_members')) };
  },

  'conversations.members': (ctx) => {
    const conversation = visibleConversation(ctx, ctx.args.required('channel'));
    const limit = ctx.args.int('limit') ?? 100;
    if (limit < 1 || limit > 1000) throw violation('invalid_limit', `limit ${limit} (1..1000)`);
    const members = [...conversation.members];
    const cursor = ctx.args.string('cursor');
    const start = cursor === undefined ? 0 : members.indexOf(decodeCursor(cursor));
    if (start < 0) throw violation('invalid_cursor', `cursor ${cursor}`);
    const next = members[start + limit];
    return {
      members: members.slice(start, start + limit),
      response_metadata: { next_cursor: next === undefined ? '' : encodeCursor(next) },
    };
  },
};

/** A private conversation the bot is not in looks, to the bot, as if it did not exist. */
function visibleConversation(ctx: FakeState, ref: string): Conversation {
  const conversation = conversationFor(ctx, ref);
  if (conversation.isPrivate && !conversation.members.has(ctx.ws.bot.userId)) {
    throw refusal('channel_not_found', `the bot is not a member of private ${ref}`);
  }
  return conversation;
}

/** Slack's cursors are base64 of "user:<id>". */
function encodeCursor(user: string): string {
  return Buffer.from(`user:${user}`).toString('base64');
}

function decodeCursor(cursor: string): string {
  return Buffer.from(cursor, 'base64')
    .toString('utf8')
    .replace(/^user:/, '');
}

/** Slack's page sizes: history defaults to 100 messages (at most 999), a thread to 1000. */
const HISTORY_LIMIT = { default: 100, max: 999 };
const REPLIES_LIMIT = { default: 1000, max: 1000 };

export const conversationsReadMethods: Record<string, MethodHandler> = {
  /** The conversation's messages newest first, thread replies left out (they are in conversations.replies). */
  'conversations.history': (ctx) => {
    const conversation = readableConversation(ctx, requiredArg(ctx, 'channel'));
    const range = timeRange(ctx);
    const limit = pageLimit(ctx, HISTORY_LIMIT);
    const matching = ctx.ws
      .messagesIn(conversation.id)
      .filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts)
      .filter((m) => range.includes(m.ts))
      .reverse();
    return {
      messages: matching.slice(0, limit).map(messageJson),
      has_more: matching.length > limit,
      pin_count: 0,
      channel_actions_ts: null,
      channel_actions_count: 0,
    };
  },

  /**
   * A thread: its parent first (always, as Slack does), then the replies in the range, oldest first. A `ts`
   * that is not a message: `thread_not_found` (a refusal once deleted, a violation if it never existed).
   */
  'conversations.replies': (ctx) => {
    const conversation = readableConversation(ctx, requiredArg(ctx, 'channel'));
    const ts = requiredArg(ctx, 'ts');
    const message = ctx.ws.message(conversation.id, ts);
    if (message === undefined) {
      if (ctx.ws.wasDeleted(conversation.id, ts))
        throw refusal('thread_not_found', `message ${ts} was deleted`);
      throw violation('thread_not_found', `no message ${ts} in ${conversation.id}`);
    }
    const root = ctx.ws.message(conversation.id, message.thread_ts ?? message.ts) ?? message;
    const range = timeRange(ctx);
    const limit = pageLimit(ctx, REPLIES_LIMIT);
    const replies = ctx.ws.threadReplies(conversation.id, root.ts).filter((m) => range.includes(m.ts));
    const parent = messageJson(root);
    if (root.reply_count !== undefined) parent.subscribed = false;
    return {
      messages: [
        parent,
        ...replies.slice(0, limit).map((m) => ({ ...messageJson(m), parent_user_id: root.user })),
      ],
      has_more: replies.length > limit,
    };
  },
};

/**
 * A conversation the bot may read: not a member of a public channel is `not_in_channel`; a private one it is
 * not in does not exist for it (`channel_not_found`). Both are runtime conditions (the bot was removed).
 */
function readableConversation(ctx: FakeState, ref: string): Conversation {
  const conversation = conversationFor(ctx, ref);
  if (!conversation.members.has(ctx.ws.bot.userId)) {
    if (conversation.isPrivate)
      throw refusal('channel_not_found', `the bot is not a member of private ${ref}`);
    throw refusal('not_in_channel', `the bot is not a member of ${ref}`);
  }
  return conversation;
}

/** Required by Slack although the OpenAPI spec does not mark it so. */
function requiredArg(ctx: MethodContext, name: string): string {
  const value = ctx.args.string(name);
  if (value === undefined) invalidArguments(`missing required field: ${name}`);
  return value;
}

function pageLimit(ctx: MethodContext, limits: { default: number; max: number }): number {
  const limit = ctx.args.int('limit') ?? limits.default;
  if (limit < 1) throw violation('invalid_limit', `limit ${limit} (1..${limits.max})`);
  return Math.min(limit, limits.max);
}

/**
 * `oldest` (default 0) to `latest` (default now), bounds excluded unless `inclusive`. Timestamps compare as
 * numbers in microseconds ("1700000000", "1700000000.5" and "1700000000.500000" are the same instant).
 */
function timeRange(ctx: MethodContext): { includes(ts: string): boolean } {
  const oldest = micros(ctx.args.string('oldest') ?? '0');
  const latest = ctx.args.has('latest') ? micros(ctx.args.string('latest') ?? '0') : Number.POSITIVE_INFINITY;
  const inclusive = ctx.args.bool('inclusive');
  return {
    includes: (ts) => {
      const at = micros(ts);
      return inclusive ? at >= oldest && at <= latest : at > oldest && at < latest;
    },
  };
}

function micros(ts: string): number {
  const [seconds = '0', fraction = ''] = ts.trim().split('.');
  return Number(seconds) * 1_000_000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}
