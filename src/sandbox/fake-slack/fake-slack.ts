import type { Server } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { resolveReferenceDir } from '../reference.js';
import type { ApiDeps } from './api.js';
import { type ButtonInfo, findButtons } from './blocks.js';
import { Faults } from './faults.js';
import { FileStore } from './file-store.js';
import { IdFactory } from './ids.js';
import { type RecordedCall, Recorder } from './recorder.js';
import { listen, ROUTES, requestHandler } from './server.js';
import { Tickets } from './tickets.js';
import { BlockKitValidator } from './validation/block-kit.js';
import type { StoredView } from './view-store.js';
import { ViewStore } from './view-store.js';
import { type Violation, ViolationLog } from './violations.js';
import type { EphemeralMessage, StoredMessage } from './workspace.js';
import { Workspace } from './workspace.js';

export interface FakeSlackOptions {
  /** The only token the fake accepts. Default 'xoxb-sandbox'. */
  botToken?: string;
  /** Default 0: any free port. */
  port?: number;
  host?: string;
  /** Default: the project's copy, `src/sandbox/reference/`. */
  referenceDir?: string;
  /** Clock in ms for ts, trigger and response_url expiry. Default `Date.now`. */
  now?: () => number;
  teamName?: string;
  teamDomain?: string;
  botName?: string;
  /** Seed of the ID generator: same seed and same calls give the same IDs. */
  seed?: number;
}

/**
 * A local stand-in for Slack: the Web API the bot calls (validated against Slack's reference data in src/sandbox/reference/), the
 * workspace state it acts on, and the recorder and violation log that tests assert on.
 */
export class FakeSlack {
  readonly faults = new Faults();
  readonly recorder = new Recorder(() => this.changed());
  readonly botToken: string;
  /** 'http://127.0.0.1:PORT/api/': give it to Bolt as `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly baseUrl: string;
  readonly workspace: Workspace;
  readonly views: ViewStore;
  readonly tickets: Tickets;
  /** Files uploaded with files.getUploadURLExternal → upload → files.completeUploadExternal. */
  readonly files: FileStore;
  readonly blockKit: BlockKitValidator;
  readonly now: () => number;
  /** The fake's seeded ID generator (for ids the driver creates on Slack's behalf). */
  readonly ids: IdFactory;
  private readonly violationLog = new ViolationLog(() => this.changed());
  private readonly changeListeners = new Set<() => void>();
  private readonly deps: ApiDeps;

  private constructor(
    private readonly server: Server,
    baseUrl: string,
    options: Required<Omit<FakeSlackOptions, 'port' | 'host'>>,
  ) {
    this.baseUrl = baseUrl;
    this.apiUrl = `${baseUrl}${ROUTES.api}`;
    this.botToken = options.botToken;
    this.now = options.now;
    const ids = new IdFactory(options.seed);
    this.ids = ids;
    this.workspace = new Workspace(ids, this.now, options);
    const app = {
      teamId: this.workspace.team.id,
      appId: this.workspace.bot.appId,
      botId: this.workspace.bot.botId,
    };
    this.views = new ViewStore(ids, this.now, app);
    this.tickets = new Tickets(ids, this.now, `${baseUrl}${ROUTES.hooks}`);
    this.blockKit = new BlockKitValidator(options.referenceDir);
    this.files = new FileStore(ids);
    this.deps = {
      ids,
      ws: this.workspace,
      views: this.views,
      files: this.files,
      tickets: this.tickets,
      blockKit: this.blockKit,
      now: this.now,
      baseUrl,
      botToken: this.botToken,
      referenceDir: options.referenceDir,
      faults: this.faults,
      recorder: this.recorder,
      violations: this.violationLog,
    };
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const referenceDir = resolveReferenceDir(options.referenceDir);
    let fake: FakeSlack | undefined;
    const { server, baseUrl } = await listen(
      options.host ?? '127.0.0.1',
      options.port ?? 0,
      requestHandler(() => {
        if (fake === undefined) throw new Error('fake Slack is still starting');
        return fake.deps;
      }),
    );
    fake = new FakeSlack(server, baseUrl, {
      botToken: options.botToken ?? 'xoxb-sandbox',
      referenceDir,
      now: options.now ?? Date.now,
      teamName: options.teamName ?? 'Sandbox',
      teamDomain: options.teamDomain ?? 'sandbox',
      botName: options.botName ?? 'decide-bot',
      seed: options.seed ?? 0x5eed,
    });
    return fake;
  }

  /** Recorded Web API calls (and `upload` / `response_url` requests), oldest first. */
  calls(method?: string): RecordedCall[] {
    return this.recorder.calls(method);
  }

  /** Live messages of a conversation: a channel ID, `#name`, or a user ID for the app's DM with that user. */
  messagesIn(channelOrUserId: string): StoredMessage[] {
    const conversation = /^[UW]/.test(channelOrUserId)
      ? this.workspace.dmWith(channelOrUserId)
      : this.workspace.findConversation(channelOrUserId);
    return conversation === undefined ? [] : this.workspace.messagesIn(conversation.id);
  }

  /** Messages the bot sent to a user's DM. */
  dmsTo(userId: string): StoredMessage[] {
    return this.messagesIn(userId).filter((m) => m.bot_id === this.workspace.bot.botId);
  }

  ephemeralsFor(userId: string): EphemeralMessage[] {
    return this.workspace.ephemeralsFor(userId);
  }

  /** The view the user sees now: the top of their modal stack. */
  openView(userId: string): StoredView | undefined {
    return this.views.top(userId);
  }

  homeView(userId: string): StoredView | undefined {
    return this.views.home(userId);
  }

  findButtons(surface: { blocks?: unknown } | undefined): ButtonInfo[] {
    return findButtons(surface);
  }

  /**
   * Resolves with the first truthy result of `probe`. Bolt runs listeners after it acks, so what a handler
   * sends lands shortly after the driver's request returns.
   */
  async waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 2000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined && value !== null && value !== false) return value;
      if (performance.now() > deadline) throw new Error(`waitFor: condition not met within ${timeoutMs} ms`);
      await sleep(5);
    }
  }

  /**
   * Calls `listener` after anything may have changed what a person would see: each Web API call, upload and
   * response_url use (all recorded), each violation, and each effect the driver applies. Returns the unsubscribe.
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Tells the change listeners; a throwing listener cannot break the call that changed the state. */
  changed(): void {
    for (const listener of this.changeListeners) {
      try {
        listener();
      } catch {
        // A listener's own failure is its own business.
      }
    }
  }

  get violations(): Violation[] {
    return this.violationLog.list();
  }

  /** Used by the driver for the bot's answers (slow or failed acks, bad `response_action`). */
  recordViolation(violation: Omit<Violation, 'at'>): void {
    this.violationLog.record({ ...violation, at: this.now() });
  }

  clearViolations(): void {
    this.violationLog.clear();
  }

  /** Throws a readable list of every violation so far. */
  assertNoViolations(): void {
    this.violationLog.assertNone();
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve, reject) =>
      this.server.close((e) => (e ? reject(e) : resolve())),
    );
    this.server.closeAllConnections();
    await closed;
  }
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
