import { refusal, violation } from '../errors.js';
import { conversationJson } from '../render.js';
import type { Conversation } from '../workspace.js';
import type { FakeState, MethodHandler } from './context.js';
import { conversationFor, userFor } from './shared.js';

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
