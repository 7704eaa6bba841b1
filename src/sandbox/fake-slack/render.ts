import type { Json } from '../json.js';
import type { StoredFile } from './file-store.js';
import type { Conversation, SlackUser, StoredMessage, Workspace } from './workspace.js';

/** Renderers from the fake's state to the JSON objects Slack returns (shapes per Slack's OpenAPI spec). */

export function messageJson(message: StoredMessage): Json {
  const { channel: _channel, ...json } = message;
  return structuredClone(json);
}

export function permalink(baseUrl: string, message: StoredMessage): string {
  const link = `${baseUrl}archives/${message.channel}/p${message.ts.replace('.', '')}`;
  return message.thread_ts !== undefined && message.thread_ts !== message.ts
    ? `${link}?thread_ts=${message.thread_ts}&cid=${message.channel}`
    : link;
}

export function userJson(ws: Workspace, user: SlackUser, atMs: number, includeLocale: boolean): Json {
  const json: Json = {
    id: user.id,
    team_id: ws.teamOf(user).id,
    name: user.name,
    deleted: user.deleted,
    color: '9f69e7',
    real_name: user.realName,
    tz: user.tz,
    tz_label: tzLabel(user.tz, atMs),
    tz_offset: tzOffsetSeconds(user.tz, atMs),
    profile: profileJson(ws, user, atMs),
    is_admin: user.isAdmin,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: user.isBot,
    is_app_user: false,
    updated: user.updated,
  };
  if (includeLocale) json.locale = user.locale;
  return json;
}

/** A user's profile as users.profile.get (and users.info) return it, with the custom status set at `atMs`. */
export function profileJson(ws: Workspace, user: SlackUser, atMs: number): Json {
  const status = ws.statusOf(user.id, atMs);
  const profile: Json = {
    title: user.title,
    phone: '',
    skype: '',
    real_name: user.realName,
    real_name_normalized: user.realName,
    display_name: user.name,
    display_name_normalized: user.name,
    fields: {},
    status_text: status?.text ?? '',
    status_emoji: status?.emoji ?? '',
    status_expiration: status?.expiration ?? 0,
    avatar_hash: 'g0000000000a',
    team: ws.team.id,
  };
  if (user.email !== undefined) profile.email = user.email;
  if (user.botId !== undefined) {
    profile.bot_id = user.botId;
    profile.api_app_id = ws.bot.appId;
  }
  return profile;
}

export function conversationJson(
  ws: Workspace,
  conversation: Conversation,
  includeNumMembers: boolean,
): Json {
  if (conversation.kind === 'im') {
    return {
      id: conversation.id,
      created: conversation.created,
      is_im: true,
      is_org_shared: false,
      user: conversation.user,
      is_user_deleted: ws.user(conversation.user ?? '')?.deleted ?? false,
      priority: 0,
    };
  }
  const json: Json = {
    id: conversation.id,
    name: conversation.name,
    name_normalized: conversation.name,
    created: conversation.created,
    creator: conversation.creator,
    is_channel: conversation.kind === 'channel',
    is_group: false,
    is_im: false,
    is_mpim: conversation.kind === 'mpim',
    is_private: conversation.isPrivate,
    is_archived: conversation.archived,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_pending_ext_shared: false,
    is_member: conversation.members.has(ws.bot.userId),
    topic: { value: '', creator: '', last_set: 0 },
    purpose: { value: '', creator: '', last_set: 0 },
    previous_names: [],
  };
  if (includeNumMembers) json.num_members = conversation.members.size;
  return json;
}

export function fileJson(ws: Workspace, baseUrl: string, file: StoredFile, channels: string[]): Json {
  const filetype = file.name.includes('.') ? (file.name.split('.').pop() ?? '').toLowerCase() : 'binary';
  const url = `${baseUrl}files/${file.id}/${encodeURIComponent(file.name)}`;
  const json: Json = {
    id: file.id,
    created: file.created,
    timestamp: file.created,
    name: file.name,
    title: file.title,
    mimetype: MIME_TYPES[filetype] ?? 'application/octet-stream',
    filetype,
    user: ws.bot.userId,
    size: file.bytes?.length ?? file.length,
    mode: 'hosted',
    is_external: false,
    is_public: channels.some((c) => ws.conversation(c)?.isPrivate === false),
    url_private: url,
    permalink: url,
    channels,
  };
  if (file.altText !== undefined) json.alt_txt = file.altText;
  return json;
}

const MIME_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  csv: 'text/csv',
  txt: 'text/plain',
  json: 'application/json',
};

/** Seconds east of UTC at the given instant (Slack's `tz_offset`). */
export function tzOffsetSeconds(tz: string, atMs: number): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' })
    .formatToParts(new Date(atMs))
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (match === null) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 3600 + Number(match[3]) * 60);
}

function tzLabel(tz: string, atMs: number): string {
  return (
    new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
      .formatToParts(new Date(atMs))
      .find((p) => p.type === 'timeZoneName')?.value ?? tz
  );
}
