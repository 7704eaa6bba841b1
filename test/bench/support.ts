import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { maskUrl } from '../../src/storage/postgres/errors.js';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Undo steps of whatever a benchmark set up (servers, child processes, Redis keys, temp dirs), so that an
 * error or Ctrl-C still leaves the shared machine clean. `defer` returns a function that runs the step now
 * (once) and forgets it.
 */
export class Cleanup {
  private readonly steps = new Set<() => Promise<void>>();
  private running: Promise<void> | undefined;

  defer(step: () => Promise<void> | void): () => Promise<void> {
    let started: Promise<void> | undefined;
    const run = () => {
      // Run once; a second caller waits for the same run (Ctrl-C during a benchmark's own cleanup).
      started ??= (async () => {
        try {
          await step();
        } finally {
          this.steps.delete(run);
        }
      })();
      return started;
    };
    this.steps.add(run);
    return run;
  }

  /** Runs every pending step, newest first; a failing step does not stop the others. Safe to call twice. */
  runAll(): Promise<void> {
    this.running ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        await step().catch((e: unknown) => process.stderr.write(`cleanup failed: ${String(e)}\n`));
      }
    })();
    return this.running;
  }
}

export const cleanup = new Cleanup();

/** A unique BullMQ prefix (no `:`), so that the benchmark never touches another test's keys. */
export function benchPrefix(name: string): string {
  return `bench-${name}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/** A temp dir removed by the cleanup (or by calling the returned `remove`). */
export function tempDir(name: string): { path: string; remove: () => Promise<void> } {
  const path = mkdtempSync(join(tmpdir(), `decide-bench-${name}-`));
  const remove = cleanup.defer(() => rmSync(path, { recursive: true, force: true }));
  return { path, remove };
}

/** Deletes every key under `prefix:` (SCAN + UNLINK in batches). Returns how many were deleted. */
export async function deleteKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
      if (keys.length > 0) deleted += await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/** INFO memory `used_memory`: the whole server, so other clients of the shared Redis show up in deltas. */
export async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  const match = /^used_memory:(\d+)/m.exec(info);
  if (!match?.[1]) throw new Error('INFO memory has no used_memory');
  return Number(match[1]);
}

export interface KeyGroup {
  readonly keys: number;
  readonly bytes: number;
}

/**
 * MEMORY USAGE (SAMPLES 0: exact for large sorted sets and streams) of every key under `prefix:`, grouped
 * by `classify(key)`. Only this benchmark's keys count, unlike a used_memory delta on a shared server.
 */
export async function keyMemory(
  redis: Redis,
  prefix: string,
  classify: (key: string) => string,
): Promise<Map<string, KeyGroup>> {
  const groups = new Map<string, { keys: number; bytes: number }>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 2000);
    cursor = next;
    if (keys.length === 0) continue;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key, 'SAMPLES', 0);
    const results = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      const value = results[i]?.[1];
      const group = groups.get(classify(key)) ?? { keys: 0, bytes: 0 };
      group.keys += 1;
      group.bytes += typeof value === 'number' ? value : 0;
      groups.set(classify(key), group);
    });
  } while (cursor !== '0');
  return groups;
}

/** Runs `task(0..count-1)` with at most `concurrency` in flight; resolves with the results in index order. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Polls `probe` every `everyMs` until it returns true or `timeoutMs` passes; resolves with the outcome. */
export async function waitUntil(probe: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 50) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (performance.now() > deadline) return false;
    await sleep(everyMs);
  }
}

/** Event-loop delay of this process between `start` and `stop` (ms), and CPU time used meanwhile. */
export class LoopMonitor {
  private readonly histogram = monitorEventLoopDelay({ resolution: 5 });
  private cpu = process.cpuUsage();

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
    this.cpu = process.cpuUsage();
  }

  stop(): LoopFigures {
    this.histogram.disable();
    const cpu = process.cpuUsage(this.cpu);
    const h = this.histogram;
    const hasData = h.count > 0;
    return {
      p50Ms: hasData ? h.percentile(50) / 1e6 : 0,
      p99Ms: hasData ? h.percentile(99) / 1e6 : 0,
      maxMs: hasData ? h.max / 1e6 : 0,
      cpuMs: (cpu.user + cpu.system) / 1000,
    };
  }
}

/** Event-loop delay includes the sampling resolution (5 ms): a p50 near 5 ms means an idle loop. */
export interface LoopFigures {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly cpuMs: number;
}

/** A dependency's installed version, from its package.json under node_modules ('unknown' when unreadable). */
function installedVersion(name: string): string {
  try {
    const path = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
    return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The server's version and where it is, for the report's machine section; a sentence when it does not answer. */
export async function postgresVersion(server: string): Promise<string> {
  const client = new Client({ connectionString: server, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return `PostgreSQL ${rows[0]?.server_version ?? 'unknown'} at ${maskUrl(server)}`;
  } catch (error) {
    return `PostgreSQL at ${maskUrl(server)} unreachable (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * The machine and the versions the figures depend on, one fact per line (for the report's header). `postgres`:
 * the server the PostgreSQL runs use, undefined when none runs (`--database sqlite`).
 */
export async function machineInfo(redisUrl: string, postgres: string | undefined): Promise<string[]> {
  const cpuList = cpus();
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, lazyConnect: true });
  let redisVersion = 'unknown';
  let hz = 'unknown';
  try {
    await redis.connect();
    redisVersion = /^redis_version:(\S+)/m.exec(await redis.info('server'))?.[1] ?? 'unknown';
    hz = String(((await redis.config('GET', 'hz').catch(() => [])) as string[])[1] ?? 'unknown');
  } catch (e) {
    redisVersion = `unreachable (${e instanceof Error ? e.message : String(e)})`;
  } finally {
    redis.disconnect();
  }
  const sqlite = new BetterSqlite3(':memory:');
  let sqliteVersion: string;
  try {
    sqliteVersion = String(sqlite.prepare('select sqlite_version()').pluck().get());
  } finally {
    sqlite.close();
  }
  return [
    `CPUs: ${cpuList.length} x ${cpuList[0]?.model.trim() ?? 'unknown'}`,
    `memory: ${(totalmem() / 1024 ** 3).toFixed(1)} GiB, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the start (shared machine: other work skews figures)`,
    `Node.js ${process.version} (${process.platform}/${process.arch})`,
    `Redis ${redisVersion} at ${redisUrl}, hz ${hz} (it wakes blocked clients such as BullMQ workers waiting for a delayed job every 1000/hz ms)`,
    `SQLite ${sqliteVersion} (better-sqlite3 ${installedVersion('better-sqlite3')})`,
    `${postgres === undefined ? 'PostgreSQL not used in this run (--database sqlite)' : await postgresVersion(postgres)} (pg ${installedVersion('pg')})`,
    `BullMQ ${installedVersion('bullmq')}, Bolt ${installedVersion('@slack/bolt')}`,
  ];
}
