/** The load: lifecycles, each on its requester, `concurrency` at a time; CPU sampled around the window. */
import { cpus, loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { cpuOf, cpuSince } from '../databases.js';
import { type LoopFigures, LoopMonitor } from '../support.js';
import { type LoadContext, runLifecycleSafely } from './driver.js';
import type { Lifecycle, Phase } from './model.js';
import { cpuBetween, machineBusyMs, type ProcessCpu, treeCpu } from './proc-cpu.js';

export interface LoadResult {
  readonly lifecycles: readonly Lifecycle[];
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly bot: readonly ProcessCpu[];
  readonly client: LoopFigures;
  readonly drainMs: number;
  /** The whole machine during the window: busy CPU (all processes), ms; its CPUs; load averages around. */
  readonly machine: { readonly busyMs: number; readonly cpus: number; readonly load: string };
  /** Redis's own CPU during the window (INFO cpu; the whole server, other clients included), ms. */
  readonly redisCpuMs: number | undefined;
  /** PostgreSQL: CPU of the server processes serving the bot's connections during the window, ms. */
  readonly databaseCpuMs: number | undefined;
}

/** Redis's used_cpu_sys + used_cpu_user (ms), or undefined when it does not say. */
async function redisCpuMs(redis: Redis): Promise<number | undefined> {
  try {
    const info = await redis.info('cpu');
    const sys = /^used_cpu_sys:([\d.]+)/m.exec(info)?.[1];
    const user = /^used_cpu_user:([\d.]+)/m.exec(info)?.[1];
    return sys === undefined || user === undefined ? undefined : (Number(sys) + Number(user)) * 1000;
  } catch {
    return undefined;
  }
}

interface LoadInput {
  readonly users: readonly string[];
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly botPid: number;
  readonly redisUrl: string;
  readonly progress: (line: string) => void;
  /** PostgreSQL: the pids of the server processes serving the bot's connections now. */
  readonly databaseBackends?: () => Promise<number[]>;
}

export async function runLoad(ctx: LoadContext, input: LoadInput): Promise<LoadResult> {
  const redis = new Redis(input.redisUrl, { maxRetriesPerRequest: null });
  try {
    return await load(ctx, input, redis);
  } finally {
    redis.disconnect();
  }
}

async function load(ctx: LoadContext, input: LoadInput, redis: Redis): Promise<LoadResult> {
  const lifecycles: Lifecycle[] = [];
  let phase: Phase = 'warmup';
  const slot = async (user: string) => {
    while (phase !== 'drain') {
      const lc = ctx.tracker.begin(user, phase);
      lifecycles.push(lc);
      await runLifecycleSafely(ctx, lc);
      // A failed lifecycle leaves its requester's form or DM in some state: the next one starts afresh.
    }
  };
  const slots = Promise.all(input.users.map(slot));
  await sleep(input.warmupMs);
  const client = new LoopMonitor();
  const loadBefore = loadavg()[0] ?? 0;
  const redisBefore = await redisCpuMs(redis);
  const backends = (await input.databaseBackends?.()) ?? [];
  const machineBefore = machineBusyMs();
  const before = treeCpu(input.botPid);
  const databaseBefore = cpuOf(backends);
  client.start();
  ctx.tracker.counting = true;
  phase = 'window';
  const windowStart = performance.now();
  const ticker = setInterval(() => {
    const done = lifecycles.filter((lc) => (lc.endedAt ?? 0) >= windowStart).length;
    const elapsed = (performance.now() - windowStart) / 1000;
    input.progress(
      `lifecycle: ${elapsed.toFixed(0)} s: ${done} closed (${(done / elapsed).toFixed(1)}/s), ${lifecycles.filter((l) => l.failure).length} failed`,
    );
  }, 10_000);
  await sleep(input.durationMs);
  const after = treeCpu(input.botPid);
  const databaseAfter = cpuOf(backends);
  const machineAfter = machineBusyMs();
  const windowEnd = performance.now();
  const clientFigures = client.stop();
  const redisAfter = await redisCpuMs(redis);
  // A backend that started within the window (the pool grew) counts whole.
  const started = ((await input.databaseBackends?.()) ?? []).filter((pid) => !databaseBefore.has(pid));
  for (const [pid, cpuMs] of cpuOf(started)) databaseAfter.set(pid, cpuMs);
  ctx.tracker.counting = false;
  clearInterval(ticker);
  phase = 'drain';
  await slots;
  return {
    lifecycles,
    windowStart,
    windowEnd,
    bot: cpuBetween(before, after),
    client: clientFigures,
    drainMs: performance.now() - windowEnd,
    machine: {
      busyMs: machineAfter - machineBefore,
      cpus: cpus().length,
      load: `${loadBefore.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end`,
    },
    redisCpuMs: redisBefore === undefined || redisAfter === undefined ? undefined : redisAfter - redisBefore,
    databaseCpuMs: input.databaseBackends ? cpuSince(databaseBefore, databaseAfter) : undefined,
  };
}
