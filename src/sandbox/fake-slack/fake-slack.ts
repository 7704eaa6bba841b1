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
import { SocketModeServer } from './socket-mode.js';
import {
  type FakeSlackState,
  readStateFile,
  restoreState,
  StateFileWriter,
  type StateParts,
  snapshotState,
} from './state-file.js';
import { Tickets } from './tickets.js';
import { BlockKitValidator } from './validation/block-kit.js';
import type { StoredView } from './view-store.js';
import { ViewStore } from './view-store.js';
import { type Violation, ViolationLog } from './violations.js';
import type { EphemeralMessage, StoredMessage } from './workspace.js';
import { Workspace } from './workspace.js';

export interface FakeSlackOptions {
  /** The bot token the Web API accepts. Default 'xoxb-sandbox'. */
  botToken?: string;
  /** The app-level token (`xapp-…`) `apps.connections.open` accepts, for Socket Mode. Default 'xapp-1-sandbox'. */
  appToken?: string;
  /** How often Slack pings each Socket Mode connection, ms. Default 10 s. */
  socketPingEveryMs?: number;
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
  /**
   * A JSON file keeping the workspace across restarts (e.g. `data/sandbox/slack.json`). When it exists the
   * fake starts with exactly its state (team, seed and names in these options are then ignored); while
   * running, every change is saved there within 200 ms, and close() saves the last one. Default: memory only.
   */
  statePath?: string;
  /** Keep only the newest N recorded calls, so a long-running sandbox does not grow. Default: all. */
  recorderLimit?: number;
}

type ResolvedOptions = Required<
  Omit<FakeSlackOptions, 'port' | 'host' | 'statePath' | 'recorderLimit' | 'socketPingEveryMs'>
> &
  Pick<FakeSlackOptions, 'statePath' | 'recorderLimit' | 'socketPingEveryMs'>;

/**
 * A local stand-in for Slack: the Web API the bot calls (validated against Slack's reference data in src/sandbox/reference/), the
 * workspace state it acts on, and the recorder and violation log that tests assert on.
 */
export class FakeSlack {
  readonly faults = new Faults();
  readonly recorder: Recorder;
  readonly botToken: string;
  /** The app-level token: give it to Bolt as `appToken` (SLACK_APP_TOKEN) for Socket Mode. */
  readonly appToken: string;
  /**
   * Socket Mode as Slack runs it: the WebSocket links `apps.connections.open` hands out, the envelopes the
   * driver sends over them, and the faults (`disconnect`, `drop`).
   */
  readonly socket: SocketModeServer;
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
  /** True when the state came from `statePath` (so the workspace is already seeded). */
  readonly restored: boolean;
  private readonly violationLog = new ViolationLog(() => this.changed());
  private readonly changeListeners = new Set<() => void>();
  private readonly deps: ApiDeps;
  private readonly stateWriter: StateFileWriter | undefined;

  private constructor(
    private readonly server: Server,
    baseUrl: string,
    options: ResolvedOptions,
    saved: { path: string; state: FakeSlackState } | undefined,
  ) {
    this.baseUrl = baseUrl;
    this.apiUrl = `${baseUrl}${ROUTES.api}`;
    this.botToken = options.botToken;
    this.appToken = options.appToken;
    this.now = options.now;
    this.recorder = new Recorder(() => this.changed(), options.recorderLimit);
    const env = { now: this.now, responseBaseUrl: `${baseUrl}${ROUTES.hooks}` };
    const parts = saved === undefined ? newParts(options, env) : restoreState(saved.path, saved.state, env);
    this.restored = saved !== undefined;
    this.ids = parts.ids;
    this.workspace = parts.workspace;
    this.views = parts.views;
    this.tickets = parts.tickets;
    this.files = parts.files;
    this.blockKit = new BlockKitValidator(options.referenceDir);
    this.socket = new SocketModeServer(server, {
      appId: this.workspace.bot.appId,
      now: this.now,
      baseUrl: baseUrl.replace(/^http/, 'ws'),
      violation: (v) => this.recordViolation(v),
      ...(options.socketPingEveryMs === undefined ? {} : { pingEveryMs: options.socketPingEveryMs }),
    });
    this.stateWriter = options.statePath === undefined ? undefined : this.saveTo(options.statePath, parts);
    this.deps = {
      ids: this.ids,
      ws: this.workspace,
      views: this.views,
      files: this.files,
      tickets: this.tickets,
      blockKit: this.blockKit,
      now: this.now,
      baseUrl,
      botToken: this.botToken,
      appToken: this.appToken,
      socket: this.socket,
      referenceDir: options.referenceDir,
      faults: this.faults,
      recorder: this.recorder,
      violations: this.violationLog,
    };
  }

  static async start(options: FakeSlackOptions = {}): Promise<FakeSlack> {
    const referenceDir = resolveReferenceDir(options.referenceDir);
    // Read before listening: a broken file fails the start without leaving a port open.
    const saved = await readSaved(options.statePath);
    let fake: FakeSlack | undefined;
    const { server, baseUrl } = await listen(
      options.host ?? '127.0.0.1',
      options.port ?? 0,
      requestHandler(() => {
        if (fake === undefined) throw new Error('fake Slack is still starting');
        return fake.deps;
      }),
    );
    const resolved: ResolvedOptions = {
      botToken: options.botToken ?? 'xoxb-sandbox',
      appToken: options.appToken ?? 'xapp-1-sandbox',
      socketPingEveryMs: options.socketPingEveryMs,
      referenceDir,
      now: options.now ?? Date.now,
      teamName: options.teamName ?? 'Sandbox',
      teamDomain: options.teamDomain ?? 'sandbox',
      botName: options.botName ?? 'decide-bot',
      seed: options.seed ?? 0x5eed,
      statePath: options.statePath,
      recorderLimit: options.recorderLimit,
    };
    try {
      fake = new FakeSlack(server, baseUrl, resolved, saved);
    } catch (error) {
      server.close();
      throw error;
    }
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
  async waitFor<T>(
    probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
    timeoutMs = 2000,
  ): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = await probe();
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

  /** Stops the server (Socket Mode links are cut), then saves the final state to `statePath` (if given). */
  async close(): Promise<void> {
    this.socket.close();
    const closed = new Promise<void>((resolve, reject) =>
      this.server.close((e) => (e ? reject(e) : resolve())),
    );
    this.server.closeAllConnections();
    try {
      await closed;
    } finally {
      await this.stateWriter?.close();
    }
  }

  private saveTo(path: string, parts: StateParts): StateFileWriter {
    const writer = new StateFileWriter(
      path,
      () => snapshotState(parts),
      (error) => process.emitWarning(`fake Slack: could not save ${path}: ${String(error)}`),
    );
    this.onChange(() => writer.schedule());
    return writer;
  }
}

async function readSaved(
  path: string | undefined,
): Promise<{ path: string; state: FakeSlackState } | undefined> {
  if (path === undefined) return undefined;
  const state = await readStateFile(path);
  return state === undefined ? undefined : { path, state };
}

function newParts(options: ResolvedOptions, env: { now: () => number; responseBaseUrl: string }): StateParts {
  const ids = new IdFactory(options.seed);
  const workspace = new Workspace(ids, env.now, options);
  return {
    ids,
    workspace,
    views: new ViewStore(ids, env.now, workspace.app),
    files: new FileStore(ids),
    tickets: new Tickets(ids, env.now, env.responseBaseUrl),
  };
}

export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return FakeSlack.start(options);
}
