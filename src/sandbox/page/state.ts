import type { FakeSlack } from '../fake-slack/fake-slack.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type {
  Conversation,
  EphemeralMessage,
  SlackUser,
  StoredMessage,
  UserStatus,
} from '../fake-slack/workspace.js';
import { asObjects, isObject, type Json } from '../json.js';
import { HttpError } from './http.js';
import type { ManifestFacts, MessageShortcut } from './manifest.js';
import { contentTypeOf } from './static.js';

export interface Persona {
  id: string;
  name: string;
  realName: string;
  title: string;
  initials: string;
  tz: string;
  /** The custom Slack status the person set (emoji code and text), if any and not expired. */
  status: { emoji: string; text: string } | null;
}

export interface PageFile {
  id: string;
  name: string;
  title: string;
  mimetype: string;
  url: string;
}

export type PageMessage = Json & { ts: string; replies?: Json[] };

export interface PageConversation {
  id: string;
  kind: Conversation['kind'];
  /** What the sidebar shows: the channel name, the app's name for its DM, the other people for a group DM. */
  name: string;
  isPrivate: boolean;
  archived: boolean;
  /** Top-level messages, oldest first, each with its thread replies (oldest first). */
  messages: PageMessage[];
}

export interface PageState {
  version: number;
  team: { id: string; name: string; domain: string };
  bot: { id: string; name: string };
  persona: Persona;
  personas: Persona[];
  users: Record<string, { name: string; realName: string; isBot: boolean }>;
  channels: Record<string, { name: string }>;
  files: Record<string, PageFile>;
  conversations: PageConversation[];
  /** The persona's own ephemeral messages, oldest first. */
  ephemerals: EphemeralMessage[];
  modal: { view: StoredView; depth: number; errors: Record<string, string> | null } | null;
  home: StoredView | null;
  violations: Array<{ source: string; method: string; error: string; details: string[]; at: number }>;
  controlsPath: string | null;
  command: string;
  commandHint: string;
  story: string[];
  shortcuts: MessageShortcut[];
}

export interface StateInputs {
  version: number;
  command: string;
  controlsPath: string | undefined;
  story: string[];
  manifest: ManifestFacts;
  /** Errors the bot returned on the persona's last submission, if that view is still the same. */
  errorsFor(persona: string, view: StoredView): Record<string, string> | null;
}

/** URL under which the page serves a file's bytes (the fake's own file URLs are not served). */
export function fileUrl(id: string): string {
  return `/sandbox/api/files/${encodeURIComponent(id)}`;
}

export function personas(fake: FakeSlack): Persona[] {
  return fake.workspace
    .listUsers()
    .filter((u) => !u.isBot && !u.deleted)
    .map((u) => personaOf(u, fake.workspace.statusOf(u.id)));
}

/** The person the page acts as; an unknown one is refused with the list to pick from. */
export function requirePersona(fake: FakeSlack, id: string | undefined): SlackUser {
  const all = personas(fake);
  const user = id === undefined ? undefined : fake.workspace.user(id);
  if (user !== undefined && !user.isBot && !user.deleted) return user;
  const listing = all.map((p) => `${p.id} (${p.realName})`).join(', ') || 'nobody yet';
  const what = id === undefined ? 'No person given' : `No person ${id} in this sandbox`;
  throw new HttpError(404, `${what}; pick one of ${listing}.`, { personas: all });
}

/** Everything the page shows for one person, as one JSON document. */
export function buildState(fake: FakeSlack, user: SlackUser, inputs: StateInputs): PageState {
  const ws = fake.workspace;
  // The app's DM exists as soon as a person looks for it, as in Slack's sidebar.
  const dm = ws.dmWith(user.id) ?? ws.openDm(user.id);
  const conversations = ws
    .listConversations()
    .filter((c) => !c.deleted && c.members.has(user.id) && (c.kind !== 'im' || c.id === dm.id))
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((c) => pageConversation(fake, c, user.id));
  const ephemerals = ws.ephemeralsFor(user.id).map((e) => structuredClone(e));
  const top = fake.openView(user.id);
  const home = fake.homeView(user.id);
  const command = inputs.manifest.commands.find((c) => c.command === inputs.command);
  return {
    version: inputs.version,
    team: { ...ws.team },
    bot: { id: ws.bot.userId, name: ws.bot.name },
    persona: personaOf(user, fake.workspace.statusOf(user.id)),
    personas: personas(fake),
    users: Object.fromEntries(
      ws.listUsers().map((u) => [u.id, { name: u.name, realName: u.realName, isBot: u.isBot }]),
    ),
    channels: Object.fromEntries(
      ws
        .listConversations()
        .filter((c) => c.kind !== 'im' && !c.deleted)
        .map((c) => [c.id, { name: c.name }]),
    ),
    files: filesOf(fake, [conversations, ephemerals, top?.blocks, home?.blocks]),
    conversations,
    ephemerals,
    modal:
      top === undefined
        ? null
        : {
            view: structuredClone(top),
            depth: fake.views.stack(user.id).length,
            errors: inputs.errorsFor(user.id, top),
          },
    home: home === undefined ? null : structuredClone(home),
    violations: fake.violations.map(({ source, method, error, details, at }) => ({
      source,
      method,
      error,
      details: [...details],
      at,
    })),
    controlsPath: inputs.controlsPath ?? null,
    command: inputs.command,
    commandHint:
      command === undefined ? '' : [command.usageHint, command.description].filter(Boolean).join(' — '),
    story: inputs.story,
    shortcuts: inputs.manifest.shortcuts,
  };
}

function personaOf(user: SlackUser, status: UserStatus | undefined): Persona {
  return {
    id: user.id,
    name: user.name,
    realName: user.realName,
    title: user.title,
    initials: initials(user.realName || user.name),
    tz: user.tz,
    status: status === undefined ? null : { emoji: status.emoji, text: status.text },
  };
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0] ?? '?';
  const last = words.length > 1 ? (words.at(-1) ?? '') : '';
  return (last === '' ? first.slice(0, 2) : `${first[0]}${last[0]}`).toUpperCase();
}

/** Channels first (by name), then the app's DM, then group DMs. */
function sortKey(c: Conversation): string {
  return `${{ channel: 0, im: 1, mpim: 2 }[c.kind]}${c.name}`;
}

function pageConversation(fake: FakeSlack, c: Conversation, persona: string): PageConversation {
  const ws = fake.workspace;
  const all = ws.messagesIn(c.id).map(pageMessage);
  const isReply = (m: PageMessage) => typeof m.thread_ts === 'string' && m.thread_ts !== m.ts;
  const messages = all
    .filter((m) => !isReply(m))
    .map((m) => ({ ...m, replies: all.filter((r) => isReply(r) && r.thread_ts === m.ts) }));
  const others = [...c.members].filter((m) => m !== persona && m !== ws.bot.userId);
  const name =
    c.kind === 'channel'
      ? c.name
      : c.kind === 'im'
        ? ws.bot.name
        : others.map((m) => ws.user(m)?.realName ?? m).join(', ');
  return { id: c.id, kind: c.kind, name, isPrivate: c.isPrivate, archived: c.archived, messages };
}

/** A message as the page renders it: the stored one, with file links pointing at the page's own file route. */
function pageMessage(message: StoredMessage): PageMessage {
  const copy: PageMessage = { ...(structuredClone(message) as unknown as Json), ts: message.ts };
  if (Array.isArray(copy.files)) {
    copy.files = asObjects(copy.files).map((f) => {
      const url = fileUrl(String(f.id));
      return { ...f, url_private: url, url_private_download: url, permalink: url };
    });
  }
  return copy;
}

/** Every file a message's `files` or a block's `slack_file` names, known to the fake's file store. */
function filesOf(fake: FakeSlack, roots: unknown[]): Record<string, PageFile> {
  const ids = new Set<string>();
  const visit = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, key);
      return;
    }
    if (!isObject(value)) return;
    if ((key === 'files' || key === 'slack_file') && typeof value.id === 'string') ids.add(value.id);
    for (const [k, v] of Object.entries(value)) visit(v, k);
  };
  visit(roots);
  const files: Record<string, PageFile> = {};
  for (const id of ids) {
    const file = fake.files.get(id);
    if (file === undefined) continue;
    const mimetype = contentTypeOf(file.name).split(';')[0] ?? 'application/octet-stream';
    files[id] = { id, name: file.name, title: file.title, mimetype, url: fileUrl(id) };
  }
  return files;
}
