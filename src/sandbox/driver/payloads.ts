import type { InteractiveElement } from '../fake-slack/blocks.js';
import { formatTs } from '../fake-slack/ids.js';
import { messageJson } from '../fake-slack/render.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type {
  Conversation,
  EphemeralMessage,
  ExternalTeam,
  SlackUser,
  StoredMessage,
  Workspace,
} from '../fake-slack/workspace.js';
import type { Json } from '../json.js';

/**
 * Builders of what Slack sends to the bot, field for field as in Slack's payload references (slash command,
 * block_actions, view_submission/view_closed, shortcut/message_action, Events API envelope). Pure functions.
 */
export interface PayloadContext {
  ws: Workspace;
  apiAppId: string;
  /** The deprecated verification token Slack still sends. */
  token: string;
  /** Fake clock, ms. */
  now: number;
  /**
   * Set: every payload says its user acts from this team (a Slack Connect guest whose user ID is also one of
   * this workspace's), whatever team the workspace gives the user.
   */
  actingTeam?: ExternalTeam;
}

export function slashCommandFields(
  ctx: PayloadContext,
  input: {
    user: SlackUser;
    channel: Conversation;
    command: string;
    text: string;
    triggerId: string;
    responseUrl: string;
  },
): Record<string, string> {
  return {
    token: ctx.token,
    team_id: teamOf(ctx, input.user).id,
    team_domain: teamOf(ctx, input.user).domain,
    channel_id: input.channel.id,
    channel_name: channelName(input.channel),
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: ctx.apiAppId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

export type ActionSource =
  | { kind: 'message'; message: StoredMessage; channel: Conversation; responseUrl: string }
  | { kind: 'ephemeral'; message: EphemeralMessage; channel: Conversation; responseUrl: string }
  | { kind: 'view'; view: StoredView };

export function blockActionsPayload(
  ctx: PayloadContext,
  input: { user: SlackUser; source: ActionSource; action: Json; triggerId: string },
): Json {
  const { source } = input;
  const payload: Json = {
    type: 'block_actions',
    user: userRef(ctx, input.user),
    api_app_id: ctx.apiAppId,
    token: ctx.token,
    container:
      source.kind === 'view'
        ? { type: 'view', view_id: source.view.id }
        : {
            type: 'message',
            message_ts: source.message.ts,
            channel_id: source.channel.id,
            is_ephemeral: source.kind === 'ephemeral',
          },
    trigger_id: input.triggerId,
    team: teamRef(ctx, input.user),
    enterprise: null,
    is_enterprise_install: false,
  };
  if (source.kind === 'view') {
    payload.view = source.view;
  } else {
    payload.channel = { id: source.channel.id, name: channelName(source.channel) };
    if (source.kind === 'message') payload.message = messageJson(source.message);
    payload.state = { values: {} };
    payload.response_url = source.responseUrl;
  }
  payload.actions = [input.action];
  return payload;
}

/** One entry of `actions`: the element's identity plus what was clicked or chosen. */
export function actionJson(ctx: PayloadContext, target: InteractiveElement, selection: Json): Json {
  const { element } = target;
  const action: Json = {
    action_id: target.actionId,
    block_id: target.blockId,
    ...selection,
    action_ts: actionTs(ctx),
  };
  if (element.type === 'button') {
    action.text = element.text;
    if (element.value !== undefined) action.value = element.value;
    if (element.style !== undefined) action.style = element.style;
    action.type = 'button';
  }
  return action;
}

export function viewSubmissionPayload(
  ctx: PayloadContext,
  input: { user: SlackUser; view: StoredView; triggerId: string },
): Json {
  return {
    type: 'view_submission',
    team: teamRef(ctx, input.user),
    user: userRef(ctx, input.user),
    api_app_id: ctx.apiAppId,
    token: ctx.token,
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(
  ctx: PayloadContext,
  input: { user: SlackUser; view: StoredView; isCleared: boolean },
): Json {
  return {
    type: 'view_closed',
    team: teamRef(ctx, input.user),
    user: userRef(ctx, input.user),
    api_app_id: ctx.apiAppId,
    token: ctx.token,
    view: input.view,
    is_cleared: input.isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function shortcutPayload(
  ctx: PayloadContext,
  input: { user: SlackUser; callbackId: string; triggerId: string },
): Json {
  return {
    type: 'shortcut',
    token: ctx.token,
    action_ts: actionTs(ctx),
    team: teamRef(ctx, input.user),
    user: userRef(ctx, input.user),
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId,
  };
}

export function messageActionPayload(
  ctx: PayloadContext,
  input: {
    user: SlackUser;
    callbackId: string;
    triggerId: string;
    responseUrl: string;
    message: StoredMessage;
    channel: Conversation;
  },
): Json {
  return {
    type: 'message_action',
    token: ctx.token,
    action_ts: actionTs(ctx),
    team: teamRef(ctx, input.user),
    user: userRef(ctx, input.user),
    channel: { id: input.channel.id, name: channelName(input.channel) },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId,
    response_url: input.responseUrl,
    message_ts: input.message.ts,
    message: messageJson(input.message),
  };
}

/** The Events API envelope (`event_callback`) around one event. */
export function eventEnvelope(ctx: PayloadContext, event: Json, eventId: string): Json {
  return {
    token: ctx.token,
    team_id: ctx.ws.team.id,
    context_team_id: ctx.ws.team.id,
    context_enterprise_id: null,
    api_app_id: ctx.apiAppId,
    event: { event_ts: actionTs(ctx), ...event },
    type: 'event_callback',
    event_id: eventId,
    event_time: Math.floor(ctx.now / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: ctx.ws.team.id,
        user_id: ctx.ws.bot.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    authed_users: [ctx.ws.bot.userId],
    is_ext_shared_channel: false,
  };
}

/** A `message` event for a message a user posted (the user's own text as one rich_text block). */
export function userMessageEvent(ctx: PayloadContext, message: StoredMessage, channel: Conversation): Json {
  const event: Json = {
    type: 'message',
    channel: channel.id,
    user: message.user,
    text: message.text,
    ts: message.ts,
    event_ts: message.ts,
    channel_type:
      channel.kind === 'im'
        ? 'im'
        : channel.kind === 'mpim'
          ? 'mpim'
          : channel.isPrivate
            ? 'group'
            : 'channel',
    team: ctx.ws.team.id,
    client_msg_id: crypto.randomUUID(),
    blocks: message.blocks ?? [],
  };
  if (message.thread_ts !== undefined && message.thread_ts !== message.ts) {
    event.thread_ts = message.thread_ts;
    const parent = ctx.ws.message(channel.id, message.thread_ts);
    if (parent !== undefined) event.parent_user_id = parent.user;
  }
  return event;
}

export function homeOpenedEvent(
  ctx: PayloadContext,
  input: { user: string; channel: string; tab: string; view?: StoredView },
): Json {
  const event: Json = {
    type: 'app_home_opened',
    user: input.user,
    channel: input.channel,
    tab: input.tab,
    event_ts: actionTs(ctx),
  };
  if (input.view !== undefined) event.view = input.view;
  return event;
}

function actionTs(ctx: PayloadContext): string {
  return formatTs(ctx.now * 1000);
}

function userRef(ctx: PayloadContext, user: SlackUser): Json {
  return { id: user.id, username: user.name, name: user.name, team_id: teamOf(ctx, user).id };
}

/**
 * The team an interaction comes from: the acting user's. In a Slack Connect channel a guest's clicks and
 * commands carry their own workspace (`team.id`, `user.team_id`, a command's `team_id`), not the host's.
 */
function teamRef(ctx: PayloadContext, user: SlackUser): Json {
  const team = teamOf(ctx, user);
  return { id: team.id, domain: team.domain };
}

function teamOf(ctx: PayloadContext, user: SlackUser): ExternalTeam {
  return ctx.actingTeam ?? ctx.ws.teamOf(user);
}

/** Slack names DMs 'directmessage' and group DMs 'privategroup' in payloads. */
function channelName(channel: Conversation): string {
  return channel.kind === 'im' ? 'directmessage' : channel.kind === 'mpim' ? 'privategroup' : channel.name;
}
