import type { Json } from '../json.js';
import { refusal } from './errors.js';
import { type IdFactory, TsClock, unixSeconds } from './ids.js';

export interface UserInit {
  /** A fixed ID (`U…`/`W…`), e.g. one a project file names; default a generated one. */
  id?: string;
  name: string;
  /** The profile's title (what the sandbox page shows under the name, e.g. "SPoC, finance manager"). */
  title?: string;
  realName?: string;
  email?: string;
  /** IANA time zone, e.g. 'Asia/Jakarta'. Default 'UTC'. */
  tz?: string;
  /** e.g. 'en-US' (returned by users.info with include_locale). */
  locale?: string;
  isAdmin?: boolean;
  /**
   * Set: a member of another workspace, in this one's shared channels through Slack Connect. Their payloads
   * carry this team (`user.team_id`, `team.id`, a command's `team_id`) instead of the workspace's.
   */
  team?: ExternalTeam;
}

/** Another organisation's workspace, as Slack Connect shows it. */
export interface ExternalTeam {
  id: string;
  domain: string;
}

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  title: string;
  email?: string;
  tz: string;
  locale: string;
  isAdmin: boolean;
  isBot: boolean;
  botId?: string;
  deleted: boolean;
  updated: number;
  /** The custom status the person set (absent: none). */
  status?: UserStatus;
  /** Another workspace's member, here through Slack Connect (absent: a member of this workspace). */
  team?: ExternalTeam;
}

/** A custom status as Slack keeps it: `expiration` in epoch seconds, 0 for one that does not expire. */
export interface UserStatus {
  emoji: string;
  text: string;
  expiration: number;
}

export interface ChannelInit {
  /** A fixed ID (`C…`/`G…`); default a generated one. */
  id?: string;
  name: string;
  members?: string[];
  botIsMember?: boolean;
  isPrivate?: boolean;
}

export interface Conversation {
  id: string;
  kind: 'channel' | 'im' | 'mpim';
  name: string;
  isPrivate: boolean;
  members: Set<string>;
  created: number;
  creator: string;
  archived: boolean;
  deleted: boolean;
  /** The other party of a DM. */
  user?: string;
}

/** A message as Slack renders it, plus the conversation it lives in. */
export interface StoredMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  bot_id?: string;
  subtype?: string;
  blocks?: Json[];
  attachments?: Json[];
  files?: Json[];
  upload?: boolean;
  thread_ts?: string;
  reply_count?: number;
  reply_users?: string[];
  reply_users_count?: number;
  latest_reply?: string;
  edited?: { user: string; ts: string };
  team: string;
}

export interface EphemeralMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: Json[];
  thread_ts?: string;
}

export interface PostInput {
  channel: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  files?: Json[];
  threadTs?: string;
}

export interface WorkspaceOptions {
  teamName: string;
  teamDomain: string;
  botName: string;
}

/** A conversation as saved: `members` as an array, since JSON has no Set. */
export type SavedConversation = Omit<Conversation, 'members'> & { members: string[] };

/** Everything `restore` needs to bring the workspace back as it was. */
export interface WorkspaceState {
  team: Workspace['team'];
  bot: Workspace['bot'];
  /** The TsClock's last ts, in microseconds. */
  lastTs: number;
  /** The bot user included. */
  users: SlackUser[];
  conversations: SavedConversation[];
  /** Live messages by conversation ID, in `ts` order. */
  messages: Record<string, StoredMessage[]>;
  /** `channel/ts` of deleted messages (they answer a refusal, not a violation). */
  deletedMessages: string[];
  ephemerals: EphemeralMessage[];
}

/**
 * The workspace's state: team, bot, users, conversations and their messages and threads. Pure state and
 * Slack's bookkeeping rules (reply counts, increasing ts); call validation lives in the method handlers.
 */
export class Workspace {
  readonly team: { id: string; name: string; domain: string };
  readonly bot: { userId: string; botId: string; appId: string; name: string };
  readonly ts: TsClock;
  private readonly users = new Map<string, SlackUser>();
  private readonly conversations = new Map<string, Conversation>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly deletedMessages = new Set<string>();
  private readonly ephemerals: EphemeralMessage[] = [];

  /** A new workspace from `options`, or (from `restore`) the saved one with its team and bot identity. */
  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => number,
    init: WorkspaceOptions | WorkspaceState,
  ) {
    if ('lastTs' in init) {
      this.ts = TsClock.restore(now, init.lastTs);
      this.team = { ...init.team };
      this.bot = { ...init.bot };
      this.load(init);
      return;
    }
    this.ts = new TsClock(now);
    this.team = { id: ids.next('T'), name: init.teamName, domain: init.teamDomain };
    this.bot = { userId: ids.next('U'), botId: ids.next('B'), appId: ids.next('A'), name: init.botName };
    this.users.set(this.bot.userId, {
      ...this.newUser(this.bot.userId, { name: init.botName }),
      isBot: true,
      botId: this.bot.botId,
    });
  }

  /** `ids` must be the generator restored from the same save, so new IDs never collide with saved ones. */
  static restore(ids: IdFactory, now: () => number, state: WorkspaceState): Workspace {
    return new Workspace(ids, now, state);
  }

  /** The current state, sharing objects with the live one: serialize it at once. */
  snapshot(): WorkspaceState {
    return {
      team: this.team,
      bot: this.bot,
      lastTs: this.ts.snapshot(),
      users: [...this.users.values()],
      conversations: [...this.conversations.values()].map((c) => ({ ...c, members: [...c.members] })),
      messages: Object.fromEntries(this.messages),
      deletedMessages: [...this.deletedMessages],
      ephemerals: [...this.ephemerals],
    };
  }

  get botUserId(): string {
    return this.bot.userId;
  }

  /** The app's identity as views carry it. */
  get app(): { teamId: string; appId: string; botId: string } {
    return { teamId: this.team.id, appId: this.bot.appId, botId: this.bot.botId };
  }

  addUser(init: UserInit): string {
    const id = init.id ?? this.ids.next('U');
    if (this.users.has(id)) throw new Error(`User ${id} already exists`);
    this.ids.reserve(id);
    this.users.set(id, this.newUser(id, init));
    return id;
  }

  user(id: string): SlackUser | undefined {
    return this.users.get(id);
  }

  /** The team a user belongs to: their own for a Slack Connect guest, else this workspace's. */
  teamOf(user: SlackUser): ExternalTeam {
    return user.team ?? { id: this.team.id, domain: this.team.domain };
  }

  userByEmail(email: string): SlackUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.email?.toLowerCase() === wanted && !u.deleted);
  }

  listUsers(): SlackUser[] {
    return [...this.users.values()];
  }

  /**
   * Sets (or, with an empty emoji and text, clears) the person's custom status, as they would in Slack. Slack
   * clears it by itself once `expiration` (epoch seconds; 0: never) has passed.
   */
  setStatus(id: string, status: UserStatus): void {
    const user = this.requireUser(id);
    if (status.emoji === '' && status.text === '') delete user.status;
    else user.status = { ...status };
    user.updated = unixSeconds(this.now());
  }

  /** The person's custom status at `atMs` (none once it has expired). */
  statusOf(id: string, atMs: number = this.now()): UserStatus | undefined {
    const status = this.users.get(id)?.status;
    if (status === undefined || (status.expiration > 0 && status.expiration * 1000 <= atMs)) return undefined;
    return status;
  }

  /** Marks a user deactivated (users.info still answers, with `deleted: true`). */
  deactivateUser(id: string): void {
    const user = this.requireUser(id);
    user.deleted = true;
  }

  addChannel(init: ChannelInit): string {
    const id = init.id ?? this.ids.next('C');
    if (this.conversations.has(id)) throw new Error(`Conversation ${id} already exists`);
    this.ids.reserve(id);
    const members = new Set(init.members ?? []);
    for (const member of members) this.requireUser(member);
    if (init.botIsMember ?? true) members.add(this.bot.userId);
    this.conversations.set(id, {
      id,
      kind: 'channel',
      name: init.name,
      isPrivate: init.isPrivate ?? false,
      members,
      created: unixSeconds(this.now()),
      creator: [...members][0] ?? this.bot.userId,
      archived: false,
      deleted: false,
    });
    return id;
  }

  conversation(id: string): Conversation | undefined {
    return this.conversations.get(id);
  }

  listConversations(): Conversation[] {
    return [...this.conversations.values()];
  }

  /** By ID, or by name ('general' / '#general'), as chat.postMessage accepts both. */
  findConversation(ref: string): Conversation | undefined {
    const byId = this.conversations.get(ref);
    if (byId !== undefined) return byId;
    const name = ref.replace(/^#/, '');
    return [...this.conversations.values()].find(
      (c) => c.kind === 'channel' && c.name === name && !c.deleted,
    );
  }

  /** A deleted channel answers `channel_not_found`, like one that never existed, but as a runtime refusal. */
  deleteChannel(id: string): void {
    this.requireConversation(id).deleted = true;
  }

  archiveChannel(id: string): void {
    this.requireConversation(id).archived = true;
  }

  setMember(channel: string, user: string, isMember: boolean): void {
    const conversation = this.requireConversation(channel);
    if (isMember) conversation.members.add(user);
    else conversation.members.delete(user);
  }

  /** The app's DM with a user (`D…`), created on first use. */
  openDm(userId: string): Conversation {
    const existing = this.dmWith(userId);
    if (existing !== undefined) return existing;
    const id = this.ids.next('D');
    const dm: Conversation = {
      id,
      kind: 'im',
      name: userId,
      isPrivate: true,
      members: new Set([userId, this.bot.userId]),
      created: unixSeconds(this.now()),
      creator: this.bot.userId,
      archived: false,
      deleted: false,
      user: userId,
    };
    this.conversations.set(id, dm);
    return dm;
  }

  dmWith(userId: string): Conversation | undefined {
    return [...this.conversations.values()].find((c) => c.kind === 'im' && c.user === userId);
  }

  openGroupDm(userIds: string[]): Conversation {
    const members = new Set([...userIds, this.bot.userId]);
    const existing = [...this.conversations.values()].find(
      (c) =>
        c.kind === 'mpim' && c.members.size === members.size && [...members].every((m) => c.members.has(m)),
    );
    if (existing !== undefined) return existing;
    const id = this.ids.next('G');
    const names = [...members].map((m) => this.users.get(m)?.name ?? m);
    const group: Conversation = {
      id,
      kind: 'mpim',
      name: `mpdm-${names.join('--')}-1`,
      isPrivate: true,
      members,
      created: unixSeconds(this.now()),
      creator: this.bot.userId,
      archived: false,
      deleted: false,
    };
    this.conversations.set(id, group);
    return group;
  }

  postMessage(input: PostInput): StoredMessage {
    const message: StoredMessage = {
      type: 'message',
      channel: input.channel,
      ts: this.ts.next(),
      text: input.text,
      user: input.user,
      team: this.team.id,
    };
    if (input.botId !== undefined) message.bot_id = input.botId;
    if (input.blocks !== undefined) message.blocks = input.blocks;
    if (input.attachments !== undefined) message.attachments = input.attachments;
    if (input.files !== undefined) {
      message.files = input.files;
      message.upload = true;
    }
    if (input.threadTs !== undefined) {
      message.thread_ts = input.threadTs;
      this.countReply(input.channel, input.threadTs, message);
    }
    const list = this.messages.get(input.channel) ?? [];
    list.push(message);
    this.messages.set(input.channel, list);
    return message;
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  /** Every live message of a conversation, thread replies included, in `ts` order. */
  messagesIn(channel: string): StoredMessage[] {
    return [...(this.messages.get(channel) ?? [])];
  }

  threadReplies(channel: string, threadTs: string): StoredMessage[] {
    return this.messagesIn(channel).filter((m) => m.thread_ts === threadTs && m.ts !== threadTs);
  }

  updateMessage(
    channel: string,
    ts: string,
    patch: Partial<Pick<StoredMessage, 'text' | 'blocks' | 'attachments'>>,
  ): StoredMessage {
    const message = this.message(channel, ts);
    if (message === undefined) throw refusal('message_not_found');
    Object.assign(message, patch);
    message.edited = { user: message.user, ts: this.ts.next() };
    return message;
  }

  deleteMessage(channel: string, ts: string): void {
    const list = this.messages.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    const [removed] = index >= 0 ? list.splice(index, 1) : [];
    if (removed === undefined) return;
    this.deletedMessages.add(`${channel}/${ts}`);
    if (removed.thread_ts !== undefined && removed.thread_ts !== ts)
      this.recountReplies(channel, removed.thread_ts);
  }

  wasDeleted(channel: string, ts: string): boolean {
    return this.deletedMessages.has(`${channel}/${ts}`);
  }

  postEphemeral(input: Omit<EphemeralMessage, 'ts'>): EphemeralMessage {
    const ephemeral = { ...input, ts: this.ts.next() };
    this.ephemerals.push(ephemeral);
    return ephemeral;
  }

  ephemeralsFor(user: string): EphemeralMessage[] {
    return this.ephemerals.filter((e) => e.user === user);
  }

  ephemeral(channel: string, ts: string): EphemeralMessage | undefined {
    return this.ephemerals.find((e) => e.channel === channel && e.ts === ts);
  }

  deleteEphemeral(channel: string, ts: string): void {
    const index = this.ephemerals.findIndex((e) => e.channel === channel && e.ts === ts);
    if (index >= 0) this.ephemerals.splice(index, 1);
  }

  private load(state: WorkspaceState): void {
    for (const user of state.users) this.users.set(user.id, user);
    for (const c of state.conversations) this.conversations.set(c.id, { ...c, members: new Set(c.members) });
    for (const [channel, list] of Object.entries(state.messages)) this.messages.set(channel, list);
    for (const key of state.deletedMessages) this.deletedMessages.add(key);
    this.ephemerals.push(...state.ephemerals);
  }

  private countReply(channel: string, threadTs: string, reply: StoredMessage): void {
    const parent = this.message(channel, threadTs);
    if (parent === undefined) return;
    parent.thread_ts = threadTs;
    reply.thread_ts = threadTs;
    this.recountReplies(channel, threadTs, reply);
  }

  private recountReplies(channel: string, threadTs: string, pending?: StoredMessage): void {
    const parent = this.message(channel, threadTs);
    if (parent === undefined) return;
    const replies = [...this.threadReplies(channel, threadTs), ...(pending ? [pending] : [])];
    const users = [...new Set(replies.map((r) => r.user))];
    parent.reply_count = replies.length;
    parent.reply_users = users;
    parent.reply_users_count = users.length;
    const latest = replies.at(-1)?.ts;
    if (latest !== undefined) parent.latest_reply = latest;
    else delete parent.latest_reply;
  }

  private newUser(id: string, init: UserInit): SlackUser {
    const tz = init.tz ?? 'UTC';
    new Intl.DateTimeFormat('en-US', { timeZone: tz }); // throws RangeError on an unknown zone
    const user: SlackUser = {
      id,
      name: init.name,
      realName: init.realName ?? init.name,
      title: init.title ?? '',
      tz,
      locale: init.locale ?? 'en-US',
      isAdmin: init.isAdmin ?? false,
      isBot: false,
      deleted: false,
      updated: unixSeconds(this.now()),
    };
    if (init.email !== undefined) user.email = init.email;
    if (init.team !== undefined) user.team = { ...init.team };
    return user;
  }

  private requireUser(id: string): SlackUser {
    const user = this.users.get(id);
    if (user === undefined) throw new Error(`Unknown user ${id}: add it with workspace.addUser() first`);
    return user;
  }

  private requireConversation(id: string): Conversation {
    const conversation = this.conversations.get(id);
    if (conversation === undefined) throw new Error(`Unknown conversation ${id}`);
    return conversation;
  }
}
