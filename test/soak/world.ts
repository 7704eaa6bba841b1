import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import type { BotOptions } from '../../src/compose.js';
import type { Config } from '../../src/config.js';
import { SlackDriver } from '../../src/sandbox/index.js';
import { answers, freePort } from '../../src/sandbox-mode/redis.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { SIGNING_SECRET, startWorld, type World } from '../e2e/harness.js';
import { type BotProcess, startBotProcess } from '../e2e/support/bot-process-control.js';
import { secondsLadder } from '../e2e/support/inspect.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';

export type DatabaseKind = 'sqlite' | 'postgres';
export type SlackMode = 'http' | 'socket';

/** How often each worker's reconciler runs, and how soon a dead worker's jobs are taken over (ms). */
export const RECONCILE_EVERY_MS = 2000;
export const JOB_LOCK_MS = 1000;
/** A bot process's start-up deadline: two shared cores under the soak's load, and Slack failing calls. */
const READY_MS = 90_000;

/**
 * A Redis server of the soak's own that keeps its data across a restart (append-only file, fsync always), so a
 * restart is an outage and the one flush is the data loss: the shared Redis is never flushed.
 */
export class SoakRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly url: string,
    private readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(dir: string): Promise<SoakRedis> {
    mkdirSync(dir, { recursive: true });
    const port = await freePort();
    const redis = new SoakRedis(`redis://127.0.0.1:${port}`, port, dir);
    await redis.spawn();
    return redis;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }

  async restart(downMs: number): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.spawn();
  }

  async flush(): Promise<void> {
    const client = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      await client.flushall();
    } finally {
      client.disconnect();
    }
  }

  private async spawn(): Promise<void> {
    this.child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--dir',
        this.dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (!(await answers(this.url))) {
      if (Date.now() > deadline) throw new Error(`redis-server did not start on ${this.url}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Reads the bot's database behind its back: plain SQL (`?` placeholders) and the bot's own repositories. */
export interface SoakDb {
  readonly storage: Storage;
  rows<T>(sql: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

async function openSoakDb(config: Config): Promise<SoakDb> {
  const storage = await openStorage(config, {
    clock: { now: () => Date.now() },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  if (config.databaseUrl === undefined) {
    const db = new BetterSqlite3(config.databasePath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return {
      storage,
      rows: async <T>(sql: string, values: unknown[] = []) => db.prepare(sql).all(...values) as T[],
      close: async () => {
        db.close();
        await storage.close();
      },
    };
  }
  const url = config.databaseUrl;
  let client: Client | undefined;
  const connected = async () => {
    if (client !== undefined) return client;
    const c = new Client({ connectionString: url });
    c.on('error', () => {
      if (client === c) client = undefined;
    });
    await c.connect();
    client = c;
    return c;
  };
  return {
    storage,
    rows: async <T>(sql: string, values: unknown[] = []) => {
      let i = 0;
      const text = sql.replace(/\?/g, () => `$${++i}`);
      try {
        return (await (await connected()).query(text, values)).rows as T[];
      } catch (error) {
        // A connection the chaos ended: once more on a new one.
        client = undefined;
        if (!/terminat|Connection|ECONNRESET/i.test(String(error))) throw error;
        return (await (await connected()).query(text, values)).rows as T[];
      }
    },
    close: async () => {
      await client?.end().catch(() => {});
      await storage.close();
    },
  };
}

export interface SoakWorld {
  readonly world: World;
  readonly config: Config;
  readonly redis: SoakRedis;
  readonly database: DatabaseKind;
  readonly slack: SlackMode;
  readonly webs: BotProcess[];
  readonly workers: BotProcess[];
  readonly db: SoakDb;
  /** A driver over the web processes running now (HTTP: their ports in turn; Socket Mode: the stand-in's links). */
  driver(): SlackDriver;
  killAndRestart(which: 'web' | 'worker', index: number): Promise<void>;
  /** Ends every PostgreSQL connection of the bot's database (none for SQLite: nothing to restart). */
  restartDatabaseConnections(): Promise<number>;
  stop(): Promise<void>;
}

/** Short SLAs (seconds) so requests escalate during the run; reminders at half time. */
export const SOAK_SLA = { spoc: 2, sponsor: 2, committee: 3 } as const;

export async function startSoakWorld(
  database: DatabaseKind,
  slack: SlackMode,
  /** Web and worker processes each (default: two on PostgreSQL, one on SQLite). */
  processes?: number,
): Promise<SoakWorld> {
  const pg: EmptyPostgres | undefined = database === 'postgres' ? await emptyPostgres() : undefined;
  const world = await startWorld({
    socketMode: slack === 'socket',
    project: (p) => ({
      sla: secondsLadder(SOAK_SLA.spoc, SOAK_SLA.sponsor, SOAK_SLA.committee),
      keyUsers: { inventory: [p.keyUser, p.outsider] },
      reminders: [0.5],
    }),
  });
  const redis = await SoakRedis.start(join(world.dir, 'redis'));
  const config: Config = {
    ...world.config,
    redisUrl: redis.url,
    logLevel: 'error',
    ...(pg ? { databaseUrl: pg.url, databasePool: 4 } : {}),
  };
  // SQLite is one host's database: one web and one worker process (the default split layout). PostgreSQL:
  // two of each, as the scale-out layout runs.
  const count = processes ?? (database === 'postgres' ? 2 : 1);
  // App Homes with the production debounce: at the soak's pace, one publish per change would be most of the
  // outbox's work (thousands left after the drain on two cores).
  const webOptions: Omit<BotOptions, 'logger' | 'clock'> = { web: true, workers: false };
  const workerOptions: Omit<BotOptions, 'logger' | 'clock'> = {
    web: false,
    workers: true,
    reconcileEveryMs: RECONCILE_EVERY_MS,
    jobLockMs: JOB_LOCK_MS,
  };
  const settings = (kind: string, i: number) => join(world.dir, `${kind}-${i}.json`);
  const webs: BotProcess[] = [];
  const workers: BotProcess[] = [];
  // One at a time: the first migrates alone (SQLite's file, PostgreSQL's schema), and on two shared cores
  // processes started together can miss their start-up deadline.
  try {
    for (let i = 0; i < count; i += 1)
      webs.push(await startBotProcess(config, webOptions, settings('web', i), READY_MS));
    for (let i = 0; i < count; i += 1)
      workers.push(await startBotProcess(config, workerOptions, settings('worker', i), READY_MS));
  } catch (error) {
    await Promise.all([...webs, ...workers].map((p) => p.kill('SIGKILL')));
    await world.fake.close();
    await redis.stop();
    rmSync(world.dir, { recursive: true, force: true });
    await pg?.drop();
    throw error;
  }
  const db = await openSoakDb(config);

  let current: SlackDriver | undefined;
  const driver = () => {
    if (current !== undefined) return current;
    current =
      slack === 'socket'
        ? new SlackDriver({ fake: world.fake, socketMode: true, slowAckMs: 10_000 })
        : new SlackDriver({
            fake: world.fake,
            url: webs.map((w) => `http://127.0.0.1:${w.port}/slack/events`),
            signingSecret: SIGNING_SECRET,
            slowAckMs: 10_000,
          });
    return current;
  };

  return {
    world,
    config,
    redis,
    database,
    slack,
    webs,
    workers,
    db,
    driver,
    killAndRestart: async (which, index) => {
      const list = which === 'web' ? webs : workers;
      const victim = list[index];
      if (victim === undefined) return;
      await victim.kill('SIGKILL');
      list[index] = await startBotProcess(
        config,
        which === 'web' ? webOptions : workerOptions,
        settings(which, index),
        READY_MS,
      );
      current = undefined;
    },
    restartDatabaseConnections: async () => {
      if (pg === undefined) return 0;
      const rows = await db.rows<{ n: string }>(
        'SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()',
        [pg.name],
      );
      return Number(rows[0]?.n ?? 0);
    },
    stop: async () => {
      // A clean stop, or a SIGKILL when it takes too long (the soak is over either way).
      await Promise.all(
        [...webs, ...workers].map(async (p) => {
          const late = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
          await p.kill('SIGTERM').catch(() => {});
          clearTimeout(late);
        }),
      );
      await db.close().catch(() => {});
      await world.fake.close();
      await redis.stop();
      rmSync(world.dir, { recursive: true, force: true });
      await pg?.drop();
    },
  };
}
