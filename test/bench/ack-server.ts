/**
 * Child process of the ack-latency benchmark: serves Slack requests on its own event loop, as the bot does in
 * production, while the parent plays Slack (load generator and the stand-in's Web API).
 *
 * - `bot`: the real bot in its default production layout (`startSplitBot` from `src/layout.ts`: this process
 *   serves Slack, a child process runs the workers), with Redis and a SQLite file, or the PostgreSQL database
 *   the config's `databaseUrl` names.
 * - `bare`: a bare Bolt app whose listeners only `ack()`, matching the same commands, views and actions.
 *
 * It answers the parent's messages (`ServerRequest`) over the IPC channel and exits when the parent goes.
 */
import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import BetterSqlite3 from 'better-sqlite3';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { openDecision } from '../../src/app/open-decision.js';
import type { RunningBot } from '../../src/compose.js';
import type { Config } from '../../src/config.js';
import type { DecisionRequest } from '../../src/domain/decision.js';
import { type DeliverJob, deliveryJobId, QUEUE } from '../../src/jobs/names.js';
import { type RunningLayout, startSplitBot } from '../../src/layout.js';
import { ACTION_PATTERN, CALLBACK, COMMAND } from '../../src/slack/ids.js';
import { CountingLogger } from './fixture.js';
import { processCpuMs } from './proc.js';
import { type LoopFigures, LoopMonitor } from './support.js';

export type ServerMode = 'bot' | 'bare';

export type ServerRequest =
  | { readonly type: 'start'; readonly mode: ServerMode; readonly config: Config }
  | { readonly type: 'phase-start' }
  | { readonly type: 'phase-end' }
  | { readonly type: 'open'; readonly requests: readonly DecisionRequest[] }
  | { readonly type: 'counts' }
  | { readonly type: 'outbox'; readonly detail: boolean }
  | { readonly type: 'kick' }
  | { readonly type: 'stop' };

export interface ServerCounts {
  /** Open or paused decisions (bot only). */
  readonly active: number;
  /** Decided, withdrawn or expired decisions (bot only). */
  readonly closed: number;
  readonly warnings: number;
  readonly errors: number;
  /** The most frequent log lines, counted. */
  readonly logSummary: readonly string[];
}

export interface OutboxState {
  /** Outbox rows not sent yet. */
  readonly pending: number;
  /**
   * Of those, rows with no delivery job in BullMQ: nothing sends them until enqueue() runs again (the next
   * state change, or the reconciler). Only counted when asked (`detail`), else 0.
   */
  readonly withoutJob: number;
}

export type ServerReply =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'phase'; readonly loop: LoopFigures; readonly workerCpuMs: number }
  | { readonly type: 'opened'; readonly ids: readonly string[]; readonly refused: number }
  | { readonly type: 'counts'; readonly counts: ServerCounts }
  | { readonly type: 'outbox'; readonly outbox: OutboxState }
  | { readonly type: 'stopped' }
  | { readonly type: 'error'; readonly message: string };

/** The bot's database looked at from outside: the same SQLite file, or a connection of its own to PostgreSQL. */
interface BotTables {
  /** Ids of the outbox rows not sent yet. */
  pendingIds(): Promise<number[]>;
  /** Decisions by status. */
  statusCounts(): Promise<Map<string, number>>;
  close(): Promise<void>;
}

const PENDING = "SELECT id FROM deliveries WHERE status = 'pending'";
const BY_STATUS = 'SELECT status, count(*) AS n FROM decisions GROUP BY status';

function sqliteTables(path: string): BotTables {
  const sqlite = new BetterSqlite3(path, { readonly: true });
  return {
    pendingIds: async () => sqlite.prepare(PENDING).pluck().all() as number[],
    statusCounts: async () =>
      new Map(
        (sqlite.prepare(BY_STATUS).all() as { status: string; n: number }[]).map((r) => [r.status, r.n]),
      ),
    close: async () => void sqlite.close(),
  };
}

function postgresTables(url: string): BotTables {
  const pool = new Pool({ connectionString: url, max: 1, application_name: 'decide-bench-ack' });
  pool.on('error', () => {});
  return {
    // bigint and count(*) come as text from pg.
    pendingIds: async () => (await pool.query<{ id: string }>(PENDING)).rows.map((r) => Number(r.id)),
    statusCounts: async () =>
      new Map(
        (await pool.query<{ status: string; n: string }>(BY_STATUS)).rows.map((r) => [r.status, Number(r.n)]),
      ),
    close: () => pool.end(),
  };
}

interface Served {
  readonly port: number;
  readonly bot?: RunningBot;
  readonly layout?: RunningLayout;
  /** The bot's delivery queue and database, looked at from outside (same prefix, same database). */
  readonly deliveries?: Queue<DeliverJob>;
  readonly tables?: BotTables;
  stop(): Promise<void>;
}

const logger = new CountingLogger();
const loop = new LoopMonitor();
let served: Served | undefined;
let workerCpuAtStart = 0;

async function startBare(cfg: Config): Promise<Served> {
  const app = new App({
    signingSecret: cfg.slack.signingSecret ?? '',
    token: cfg.slack.botToken ?? '',
    clientOptions: { slackApiUrl: cfg.slack.apiUrl },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  await app.init();
  app.command(COMMAND, async ({ ack }) => ack());
  app.view(CALLBACK.decideModal, async ({ ack }) => ack());
  app.action(ACTION_PATTERN.option, async ({ ack }) => ack());
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { port, stop: async () => void (await app.stop()) };
}

async function startReal(cfg: Config): Promise<Served> {
  const layout = await startSplitBot(cfg, { logger, host: '127.0.0.1' });
  await layout.workersReady();
  const bot = layout.web;
  if (bot.port === undefined) throw new Error('the bot did not start its HTTP server');
  const redis = new Redis(cfg.redisUrl, { maxRetriesPerRequest: null });
  const deliveries = new Queue<DeliverJob>(QUEUE.deliveries, { connection: redis, prefix: cfg.queuePrefix });
  const tables =
    cfg.databaseUrl === undefined ? sqliteTables(cfg.databasePath) : postgresTables(cfg.databaseUrl);
  return {
    port: bot.port,
    bot,
    layout,
    deliveries,
    tables,
    stop: async () => {
      await tables.close();
      await layout.stop();
      await deliveries.close();
      redis.disconnect();
    },
  };
}

async function outboxState(detail: boolean): Promise<OutboxState> {
  const { deliveries, tables } = served ?? {};
  if (!deliveries || !tables) return { pending: 0, withoutJob: 0 };
  const ids = await tables.pendingIds();
  if (!detail) return { pending: ids.length, withoutJob: 0 };
  const jobs = await Promise.all(ids.map((id) => deliveries.getJob(deliveryJobId(id))));
  return { pending: ids.length, withoutJob: jobs.filter((j) => j === undefined).length };
}

async function handle(request: ServerRequest): Promise<ServerReply> {
  switch (request.type) {
    case 'start': {
      served = request.mode === 'bot' ? await startReal(request.config) : await startBare(request.config);
      return { type: 'ready', port: served.port };
    }
    case 'phase-start':
      loop.start();
      workerCpuAtStart = processCpuMs(served?.layout?.workerPid());
      return { type: 'phase', loop: { p50Ms: 0, p99Ms: 0, maxMs: 0, cpuMs: 0 }, workerCpuMs: 0 };
    case 'phase-end':
      return {
        type: 'phase',
        loop: loop.stop(),
        workerCpuMs: served?.layout ? processCpuMs(served.layout.workerPid()) - workerCpuAtStart : 0,
      };
    case 'open': {
      const bot = served?.bot;
      if (!bot) throw new Error('open needs the real bot');
      const ids: string[] = [];
      let refused = 0;
      for (const r of request.requests) {
        const result = await openDecision(bot.deps, r);
        if (result.ok === true) ids.push(result.decision.id);
        else refused += 1;
      }
      return { type: 'opened', ids, refused };
    }
    case 'counts': {
      const byStatus = (await served?.tables?.statusCounts()) ?? new Map<string, number>();
      const sum = (statuses: readonly string[]) => statuses.reduce((n, s) => n + (byStatus.get(s) ?? 0), 0);
      return {
        type: 'counts',
        counts: {
          active: sum(['open', 'needs_info']),
          closed: sum(['decided', 'withdrawn', 'expired']),
          warnings: logger.counts.warn,
          errors: logger.counts.error,
          logSummary: logger.summary(),
        },
      };
    }
    case 'outbox':
      return { type: 'outbox', outbox: await outboxState(request.detail) };
    case 'kick':
      // What the reconciler does for the outbox: queue the pending rows again.
      await served?.bot?.deps.deliveries.enqueue();
      return { type: 'outbox', outbox: await outboxState(false) };
    case 'stop':
      await served?.stop();
      served = undefined;
      return { type: 'stopped' };
  }
}

process.on('message', (message: { id: number; request: ServerRequest }) => {
  handle(message.request)
    .catch(
      (e: unknown): ServerReply => ({
        type: 'error',
        message: e instanceof Error ? (e.stack ?? e.message) : String(e),
      }),
    )
    .then((reply) => {
      process.send?.({ id: message.id, reply });
      if (reply.type === 'stopped') process.disconnect();
    });
});

// The parent went away (error, Ctrl-C): stop serving and end, within 10 s even if stopping hangs.
process.on('disconnect', () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  if (!served) process.exit(0);
  void served.stop().finally(() => process.exit(0));
});
