/**
 * Issues #5 and #10: do escalations fire on time when many timers are pending, what does each open decision
 * cost in Redis, and what does the periodic reconciler cost? For each size N: N open decisions (SQLite) whose
 * timers lie days ahead, each with its one timer job scheduled through the real `BullTimerScheduler`; then the
 * reconciler's passes (the full one of start-up, the incremental one of every period after some churn); then
 * probe decisions whose escalation falls due a few seconds ahead, fired by the real timer worker (`startBot`
 * with workers: `startWorkers` → `fireTimer`). Lateness = the instant fireTimer ran (the `escalated` event's
 * time, from the bot's clock) − the instant the escalation was due. Next to it, in the same run: a bare BullMQ
 * Queue + Worker (no work) with as many plain delayed jobs of the same payload.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import type { AppDeps } from '../../src/app/deps.js';
import { openDecision } from '../../src/app/open-decision.js';
import { reconcile, reconcileChanged } from '../../src/app/reconcile.js';
import { type RunningBot, startBot } from '../../src/compose.js';
import type { Decision } from '../../src/domain/decision.js';
import type { BusinessClock } from '../../src/domain/ladder.js';
import type { Project } from '../../src/domain/project.js';
import { openDecision as openTransition } from '../../src/domain/transitions/index.js';
import { QUEUE, type TimerJob } from '../../src/jobs/names.js';
import { startFakeSlack } from '../../src/sandbox/index.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { decisionToRow, eventToRow } from '../../src/storage/repositories/decision-rows.js';
import { decisionEvents, decisions } from '../../src/storage/schema.js';
import { benchConfig, benchProject, benchRequest, CountingLogger, flatSla, seedRoster } from './fixture.js';
import { type BenchSection, type GoalRow, ratio } from './goals.js';
import { bytes, count, type Figures, figures, ms, seconds } from './stats.js';
import {
  benchPrefix,
  cleanup,
  deleteKeys,
  type KeyGroup,
  keyMemory,
  pool,
  tempDir,
  usedMemory,
  waitUntil,
} from './support.js';
import { notes, table } from './table.js';

export interface TimerOptions {
  /** Open decisions per run, e.g. [10_000, 100_000] (`--quick`: fewer). */
  readonly sizes: readonly number[];
  readonly probes: number;
  /** The probes fall due evenly over this window (ms). */
  readonly spreadMs: number;
  /** Time the full reconcile pass for sizes up to this; above, its cost is scaled from the largest timed size. */
  readonly reconcileMax: number;
  readonly redisUrl: string;
  /** Decisions changed before each incremental pass: the churn of one reconciler period (default 300). */
  readonly churn?: number;
  /** Incremental passes timed per size, each after its own churn (default 3). */
  readonly passes?: number;
}

/** The reconciler's period in production (compose.ts): what one incremental pass's CPU time is spread over. */
const PERIOD_MS = 5 * 60_000;
const DEFAULT_CHURN = 300;
const DEFAULT_PASSES = 3;
/** Goals (issue #10). */
const MEMORY_GOAL = 1.2;
const LATENESS_GOAL_EXTRA_MS = 50;
const RECONCILE_GOAL_PERCENT = 1;
/** Timer syncs in flight while scheduling the open decisions. */
const SCHEDULE_CONCURRENCY = 50;
/** Rows per INSERT when writing the open decisions. */
const INSERT_BATCH = 500;
/** Probes of the real bot fall due this long after they are opened: room for their 3 messages each to go out. */
const BOT_LEAD_MS = 8000;
const BARE_LEAD_MS = 2000;
const DAY_MS = 24 * 3_600_000;

interface PendingMemory {
  readonly jobs: number;
  readonly usedMemoryDelta: number;
  /** MEMORY USAGE of the timer queue's keys, by kind. */
  readonly groups: Map<string, KeyGroup>;
}

/** CPU time of this process (user + system) and wall time of one piece of work, ms. */
interface Cost {
  readonly cpuMs: number;
  readonly wallMs: number;
  /** CPU time Redis spent meanwhile (INFO cpu; a shared server counts its other clients too). */
  readonly redisCpuMs: number;
}

interface Reconciler {
  /** The full pass over every open decision and timer job (start-up, Redis lost, on demand). */
  readonly full?: Cost & { readonly active: number };
  /** Incremental passes, each after `churn` changed decisions. */
  readonly incremental: readonly (Cost & { readonly synced: number })[];
  /** An incremental pass with nothing changed: its floor. */
  readonly idle: Cost;
  readonly churn: number;
}

interface Run {
  readonly worker: string;
  readonly lateness: Figures;
  readonly probes: number;
  readonly fired: number;
  readonly scheduleLabel: string;
  readonly scheduleMs: number;
  readonly memory: PendingMemory;
  readonly sqliteMs?: number;
  readonly reconciler?: Reconciler;
  readonly probeNote?: string;
}

/** Groups the keys of one queue: job hashes, the delayed sorted set, the events stream, the rest. */
function classifier(prefix: string, queue: string) {
  const base = `${prefix}:${queue}:`;
  return (key: string): string => {
    if (!key.startsWith(base)) return 'other queues';
    const rest = key.slice(base.length);
    if (rest === 'delayed') return 'delayed zset';
    if (rest === 'events') return 'events stream';
    // The bot's ids are `timer-<decision>`; the bare queue's are BullMQ's counter.
    if (!rest.includes(':') && /^(timer-|probe-|\d+$)/.test(rest)) return 'job hashes';
    return 'queue bookkeeping';
  };
}

async function measureMemory(
  redis: Redis,
  prefix: string,
  queue: Queue,
  before: number,
): Promise<PendingMemory> {
  const usedMemoryDelta = (await usedMemory(redis)) - before;
  const jobs = await queue.getDelayedCount();
  const groups = await keyMemory(redis, prefix, classifier(prefix, queue.name));
  return { jobs, usedMemoryDelta, groups };
}

/** Redis's own CPU time so far (ms), from INFO cpu. */
async function redisCpu(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? 0);
  return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
}

async function cost<T>(redis: Redis, work: () => Promise<T>): Promise<{ cost: Cost; result: T }> {
  const redisBefore = await redisCpu(redis);
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const redisCpuMs = (await redisCpu(redis)) - redisBefore;
  return { cost: { cpuMs: (used.user + used.system) / 1000, wallMs, redisCpuMs }, result };
}

/**
 * N approve/reject decisions held by the SPoC, opened `now`, written in one transaction as the repository
 * writes them (its own row mappers: `decisionToRow`/`eventToRow`), in multi-row INSERTs: the decision and its
 * `opened` event. No outbox rows: their messages count as sent long ago.
 */
function insertPending(
  database: Database,
  project: Project,
  requester: string,
  n: number,
  calendar: BusinessClock,
): Decision[] {
  const out: Decision[] = [];
  const now = Date.now();
  database.sqlite
    .transaction(() => {
      for (let start = 0; start < n; start += INSERT_BATCH) {
        const rows: ReturnType<typeof decisionToRow>[] = [];
        const events: ReturnType<typeof eventToRow>[] = [];
        for (let i = start; i < Math.min(n, start + INSERT_BATCH); i++) {
          const request = benchRequest(project.id, requester, `Pending decision ${i}?`);
          const t = openTransition(request, randomUUID(), project, false, { now, clock: calendar });
          if (!t.ok) throw new Error(`cannot open a pending decision: ${JSON.stringify(t.refusal)}`);
          rows.push(decisionToRow(t.decision));
          events.push(...t.events.map((e, k) => eventToRow(t.decision.id, k + 1, e)));
          out.push(t.decision);
        }
        database.db.insert(decisions).values(rows).run();
        database.db.insert(decisionEvents).values(events).run();
      }
    })
    .immediate();
  return out;
}

/** Due instants of `n` probes: evenly over `spreadMs`, the first `leadMs` from now. */
function dueTimes(n: number, leadMs: number, spreadMs: number): number[] {
  const first = Date.now() + leadMs;
  return Array.from({ length: n }, (_, i) => first + (n === 1 ? 0 : Math.round((i * spreadMs) / (n - 1))));
}

async function realRun(n: number, options: TimerOptions, progress: (line: string) => void): Promise<Run> {
  const { redisUrl } = options;
  const churn = options.churn ?? DEFAULT_CHURN;
  const passes = options.passes ?? DEFAULT_PASSES;
  const fake = await startFakeSlack();
  const closeFake = cleanup.defer(() => fake.close());
  const dir = tempDir('timers');
  const prefix = benchPrefix('timers');
  const dropKeys = cleanup.defer(async () => {
    progress(`  deleting the bot's Redis keys (${prefix})`);
    await deleteKeys(redisUrl, prefix);
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<TimerJob>(QUEUE.timers, { connection: redis, prefix });
  const closeRedis = cleanup.defer(async () => {
    await queue.close();
    redis.disconnect();
  });
  let database: Database | undefined;
  try {
    const roster = seedRoster(fake);
    const members = Object.values(roster);
    const pendingProject = benchProject({
      id: 'bench-pending',
      channel: fake.workspace.addChannel({ name: 'pending', members }),
      roster,
      sla: flatSla({
        spoc: { amount: 5, unit: 'd' },
        sponsor: { amount: 5, unit: 'd' },
        committee: { amount: 5, unit: 'd' },
      }),
      reminders: [0.5, 0.8],
    });
    // Probes: opened an hour "ago" (see below), no reminders, so their only timer is the escalation.
    const probeProject = benchProject({
      id: 'bench-probes',
      channel: fake.workspace.addChannel({ name: 'probes', members }),
      roster,
      sla: flatSla({
        spoc: { amount: 1, unit: 'h' },
        sponsor: { amount: 5, unit: 'd' },
        committee: { amount: 5, unit: 'd' },
      }),
      reminders: [],
    });
    const config = benchConfig({
      fake,
      dir: dir.path,
      redisUrl,
      queuePrefix: prefix,
      projects: [pendingProject, probeProject],
    });
    const logger = new CountingLogger();
    // Started on an empty database: its start-up reconcile has nothing to do (see the reconcile figures). The
    // periodic pass is left to the benchmark (a day apart, it does not run by itself).
    const bot = await startBot(config, { web: false, workers: true, logger, reconcileEveryMs: DAY_MS });
    const stopBot = cleanup.defer(() => bot.stop());
    try {
      const calendar = bot.deps.projects.calendar;
      database = openDatabase(config.databasePath);
      progress(`  ${count(n)} open decisions: writing them to SQLite`);
      let started = performance.now();
      const pending = insertPending(database, pendingProject, roster.keyUser, n, calendar);
      const sqliteMs = performance.now() - started;

      progress(
        `  scheduling their timers through BullTimerScheduler.sync (${SCHEDULE_CONCURRENCY} in flight)`,
      );
      const memoryBefore = await usedMemory(redis);
      started = performance.now();
      await pool(pending.length, SCHEDULE_CONCURRENCY, (i) => bot.deps.timers.sync(pending[i] as Decision));
      const scheduleMs = performance.now() - started;
      const memory = await measureMemory(redis, prefix, queue as Queue, memoryBefore);
      pending.length = 0;

      const reconciler = await reconcilerPasses(bot.deps, redis, {
        project: pendingProject.id,
        requester: roster.keyUser,
        spoc: roster.spoc,
        timeFull: n <= options.reconcileMax,
        churn,
        passes,
        progress,
      });

      progress(`  ${options.probes} probe escalations due over ${options.spreadMs} ms`);
      // The use case itself, with a clock set one SLA (1 h) before each probe's due instant: the decision,
      // its event and messages are written as for any request, and the real scheduler adds its timer job
      // with the delay (due - now). Everything after that (worker, fireTimer) uses the real clock.
      const due = dueTimes(options.probes, BOT_LEAD_MS, options.spreadMs);
      const probeIds: string[] = [];
      for (const [i, at] of due.entries()) {
        const deps: AppDeps = { ...bot.deps, clock: { now: () => at - 3_600_000 } };
        const result = await openDecision(deps, benchRequest(probeProject.id, roster.keyUser, `Probe ${i}?`));
        if (result.ok !== true) throw new Error(`cannot open probe ${i}: ${JSON.stringify(result)}`);
        probeIds.push(result.decision.id);
      }
      const opened = Date.now();
      await waitUntil(async () => (await bot.deps.outbox.pending(1)).length === 0, BOT_LEAD_MS, 100);
      const drained = Date.now();
      const firstDue = due[0] ?? opened;
      const lastDue = due.at(-1) ?? opened;
      const probeNote =
        drained <= firstDue
          ? `the probes' opening messages were all sent ${((firstDue - drained) / 1000).toFixed(1)} s before the first probe fell due`
          : `WARNING: the probes' opening messages were still being sent when the first probe fell due`;

      // Collect: the `escalated` event's time is the bot clock's `now` when fireTimer ran.
      const firedAt = new Map<string, number>();
      await sleep(Math.max(0, lastDue - Date.now() + 500));
      await waitUntil(
        async () => {
          for (const [i, id] of probeIds.entries()) {
            if (firedAt.has(id)) continue;
            const escalated = (await bot.deps.decisions.events(id)).find((e) => e.type === 'escalated');
            if (escalated) firedAt.set(id, escalated.at - (due[i] ?? 0));
          }
          return firedAt.size === probeIds.length;
        },
        60_000,
        250,
      );
      const warnings = logger.counts.warn + logger.counts.error;
      return {
        worker: 'decide-bot timer worker (fireTimer)',
        lateness: figures([...firedAt.values()]),
        probes: probeIds.length,
        fired: firedAt.size,
        scheduleLabel: 'BullTimerScheduler.sync',
        scheduleMs,
        memory,
        sqliteMs,
        reconciler,
        probeNote: `${probeNote}; bot log: ${warnings} warnings/errors${warnings > 0 ? `: ${logger.summary().join('; ')}` : ''}`,
      };
    } finally {
      database?.close();
      await stopBot();
    }
  } finally {
    await closeRedis();
    await closeFake();
    await dropKeys();
    await dir.remove();
  }
}

/**
 * The reconciler at N open decisions: the full pass once (as at start-up, Redis intact: everything matches),
 * then incremental passes, each after `churn` changes made through the use case (half the decisions asked for
 * information, half decided), their messages sent first so that only the pass runs while it is timed. The
 * changed decisions are opened through the use case beforehand (their messages too: a change replies in the
 * request's thread), on top of the N.
 */
async function reconcilerPasses(
  deps: RunningBot['deps'],
  redis: Redis,
  plan: {
    project: string;
    requester: string;
    spoc: string;
    timeFull: boolean;
    churn: number;
    passes: number;
    progress: (line: string) => void;
  },
): Promise<Reconciler> {
  const drained = () => waitUntil(async () => (await deps.outbox.pending(1)).length === 0, 120_000, 50);
  plan.progress(`  opening ${count(plan.churn * plan.passes)} more decisions to change between passes`);
  const ids: string[] = [];
  for (let i = 0; i < plan.churn * plan.passes; i++) {
    const result = await openDecision(deps, benchRequest(plan.project, plan.requester, `Changing ${i}?`));
    if (result.ok !== true) throw new Error(`cannot open decision ${i}: ${JSON.stringify(result)}`);
    ids.push(result.decision.id);
  }
  await drained();
  let full: (Cost & { active: number }) | undefined;
  let through = (await deps.decisions.changesSince()).through;
  if (plan.timeFull) {
    plan.progress('  the full reconcile pass (start-up, Redis lost, on demand)');
    const timed = await cost(redis, () => reconcile(deps));
    full = { ...timed.cost, active: timed.result.activeDecisions };
    through = timed.result.changesThrough;
  }
  const idle = (await cost(redis, () => reconcileChanged(deps, through))).cost;
  const incremental: (Cost & { synced: number })[] = [];
  for (let pass = 0; pass < plan.passes; pass++) {
    plan.progress(
      `  incremental pass ${pass + 1}/${plan.passes} after ${count(plan.churn)} changed decisions`,
    );
    for (const [i, id] of ids.slice(pass * plan.churn, (pass + 1) * plan.churn).entries()) {
      const action =
        i % 2 === 0
          ? ({ kind: 'request_info', question: 'Which warehouse?' } as const)
          : ({ kind: 'decide', optionId: 'approve' } as const);
      const result = await actOnDecision(deps, id, plan.spoc, action);
      if (!(result.found && result.ok)) throw new Error(`cannot change ${id}: ${JSON.stringify(result)}`);
    }
    await drained();
    const timed = await cost(redis, () => reconcileChanged(deps, through));
    through = timed.result.changesThrough;
    incremental.push({ ...timed.cost, synced: timed.result.syncedDecisions });
  }
  return { ...(full === undefined ? {} : { full }), incremental, idle, churn: plan.churn };
}

async function bareRun(n: number, options: TimerOptions, progress: (line: string) => void): Promise<Run> {
  const { redisUrl } = options;
  const prefix = benchPrefix('bare');
  const name = 'bare-timers';
  const dropKeys = cleanup.defer(async () => {
    progress(`  deleting the bare queue's Redis keys (${prefix})`);
    await deleteKeys(redisUrl, prefix);
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<TimerJob | { probe: true; at: number }>(name, { connection: redis, prefix });
  const firedAt = new Map<string, number>();
  const worker = new Worker(
    name,
    async (job: Job<TimerJob | { probe: true; at: number }>) => {
      if ('probe' in job.data && job.id !== undefined) firedAt.set(job.id, Date.now() - job.data.at);
    },
    { connection: redis, prefix, concurrency: 4 },
  );
  const close = cleanup.defer(async () => {
    await worker.close();
    await queue.close();
    redis.disconnect();
  });
  try {
    // One plain delayed job per decision with the same payload as the bot's, BullMQ's own ids and options.
    progress(`  bare BullMQ: ${count(n)} plain delayed jobs with queue.addBulk`);
    const memoryBefore = await usedMemory(redis);
    const started = performance.now();
    const now = Date.now();
    for (let start = 0; start < n; start += 1000) {
      const jobs = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const data: TimerJob = { decisionId: randomUUID(), at: now + 2.5 * DAY_MS };
        jobs.push({ name: 'timer', data, opts: { delay: data.at - now } });
      }
      await queue.addBulk(jobs);
    }
    const scheduleMs = performance.now() - started;
    const memory = await measureMemory(redis, prefix, queue as Queue, memoryBefore);
    progress(`  ${options.probes} probe jobs due over ${options.spreadMs} ms`);
    const due = dueTimes(options.probes, BARE_LEAD_MS, options.spreadMs);
    const addedAt = Date.now();
    await queue.addBulk(
      due.map((at, i) => ({
        name: 'probe',
        data: { probe: true as const, at },
        opts: { jobId: `probe-${i}`, delay: at - addedAt, removeOnComplete: true, removeOnFail: true },
      })),
    );
    await sleep(Math.max(0, (due.at(-1) ?? 0) - Date.now() + 500));
    await waitUntil(() => firedAt.size === due.length, 60_000, 100);
    return {
      worker: 'bare BullMQ Worker (no work)',
      lateness: figures([...firedAt.values()]),
      probes: due.length,
      fired: firedAt.size,
      scheduleLabel: 'queue.addBulk',
      scheduleMs,
      memory,
    };
  } finally {
    await close();
    await dropKeys();
  }
}

export async function runEscalationLateness(
  options: TimerOptions,
  progress: (line: string) => void,
): Promise<BenchSection> {
  const runs: Measured[] = [];
  for (const n of options.sizes) {
    progress(`timers: ${count(n)} open decisions`);
    const real = await realRun(n, options, progress);
    const bare = await bareRun(n, options, progress);
    runs.push({ n, real, bare });
  }
  return {
    title: 'Timers: lateness, Redis memory, reconciler',
    goals: goals(runs),
    method: method(options),
    detail: report(options, runs),
  };
}

interface Measured {
  readonly n: number;
  readonly real: Run;
  readonly bare: Run;
}

/** Bytes per open decision of the timer queue's job hashes and delayed sorted set. */
function perDecision(memory: PendingMemory, n: number): number {
  const total = ['job hashes', 'delayed zset'].reduce(
    (sum, g) => sum + (memory.groups.get(g)?.bytes ?? 0),
    0,
  );
  return n === 0 ? 0 : total / n;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The full pass's CPU time at N: measured, or scaled per decision from the largest size that was timed. */
function fullPassAt(
  runs: readonly Measured[],
  n: number,
): { cpuMs: number; wallMs: number; from: number } | undefined {
  const timed = runs.filter((r) => r.real.reconciler?.full !== undefined);
  const exact = timed.find((r) => r.n === n);
  const base = exact ?? timed.at(-1);
  const full = base?.real.reconciler?.full;
  if (base === undefined || full === undefined || base.n === 0) return undefined;
  const scale = n / base.n;
  return { cpuMs: full.cpuMs * scale, wallMs: full.wallMs * scale, from: base.n };
}

/** Share of one core over the reconciler's period, in %. */
const percentOfCore = (cpuMs: number) => (cpuMs / PERIOD_MS) * 100;

function goals(runs: readonly Measured[]): GoalRow[] {
  const largest = runs.at(-1);
  if (largest === undefined) return [];
  const { n, real, bare } = largest;
  const mine = perDecision(real.memory, n);
  const reference = perDecision(bare.memory, n);
  const extra = (real.lateness.p99 ?? 0) - (bare.lateness.p99 ?? 0);
  const reconciler = real.reconciler;
  const incremental = mean(reconciler?.incremental.map((p) => p.cpuMs) ?? []);
  const full = fullPassAt(runs, n);
  const rows: GoalRow[] = [
    {
      figure: `Redis memory per open decision, ${count(n)} open (its timer job and delayed-set entry)`,
      value: bytes(mine),
      reference: `one plain BullMQ delayed job, same payload: ${bytes(reference)}`,
      ratio: ratio(mine, reference),
      goal: `≤ ${MEMORY_GOAL}×`,
      met: reference > 0 && mine / reference <= MEMORY_GOAL,
    },
    {
      figure: `escalation lateness p99 with ${count(n)} open decisions, ${real.fired} probes`,
      value: `${ms(real.lateness.p99)} ms`,
      reference: `bare BullMQ delayed jobs: ${ms(bare.lateness.p99)} ms`,
      ratio: `${extra >= 0 ? '+' : '−'}${ms(Math.abs(extra))} ms`,
      goal: `≤ reference + ${LATENESS_GOAL_EXTRA_MS} ms`,
      met: real.lateness.p99 !== null && bare.lateness.p99 !== null && extra <= LATENESS_GOAL_EXTRA_MS,
    },
    {
      figure: `periodic reconciler at ${count(n)} open decisions, ${count(reconciler?.churn ?? 0)} changed per ${PERIOD_MS / 60_000} min: CPU as % of one core`,
      value: `${percentOfCore(incremental).toFixed(3)} %`,
      reference: `incremental pass: ${ms(incremental)} ms CPU every ${PERIOD_MS / 60_000} min`,
      ratio: '',
      goal: `≤ ${RECONCILE_GOAL_PERCENT} %`,
      met: reconciler !== undefined && percentOfCore(incremental) <= RECONCILE_GOAL_PERCENT,
    },
  ];
  if (full !== undefined)
    rows.push({
      figure: `full reconcile pass at ${count(n)} open decisions (start-up, Redis lost, on demand only)`,
      value: `${seconds(full.cpuMs)} CPU${full.from === n ? '' : ` (scaled from ${count(full.from)})`}`,
      reference: `once a day: ${((full.cpuMs / DAY_MS) * 100).toFixed(3)} % of a core`,
      ratio: '',
      goal: 'report',
      met: undefined,
    });
  return rows;
}

function method(options: TimerOptions): string[] {
  const churn = options.churn ?? DEFAULT_CHURN;
  const passes = options.passes ?? DEFAULT_PASSES;
  return [
    `Sizes ${options.sizes.map(count).join(', ')} open decisions (approve/reject, 5-day SLA per level, reminders at 50 % and 80 %), written to the bot's SQLite file; each one's timer job added by BullTimerScheduler.sync, ${SCHEDULE_CONCURRENCY} in flight, into the bot's own Redis prefix.`,
    "Memory: MEMORY USAGE (SAMPLES 0) of the timer queue's job hashes and delayed sorted set over N, against as many plain delayed jobs (queue.addBulk, BullMQ ids and default options, the same { decisionId, at } payload) in another prefix of the same Redis.",
    `Reconciler: ${count(churn * passes)} more decisions opened through openDecision (their messages sent); the full pass once for sizes up to ${count(options.reconcileMax)} (reconcile(), as at start-up with Redis intact); then ${passes} incremental passes (reconcileChanged(), what the maintenance job runs every ${PERIOD_MS / 60_000} min), each after ${count(churn)} of those decisions changed through actOnDecision (half asked for information, half decided) and their messages sent; CPU time of this process (process.cpuUsage) during each pass, spread over ${PERIOD_MS / 60_000} min.`,
    `Lateness: ${options.probes} probe decisions opened through openDecision with a clock 1 h before their due instant, due over ${options.spreadMs / 1000} s, fired by the running bot's timer worker (concurrency 4); against as many probe jobs with the same delays on a bare Queue + Worker (concurrency 4, empty processor) beside the N plain jobs.`,
  ];
}

function report(options: TimerOptions, runs: readonly Measured[]): string {
  const latenessRows = runs.flatMap(({ n, real, bare }) =>
    [real, bare].map((r, i) => [
      i === 0 ? count(n) : '',
      r.worker,
      `${r.fired}/${r.probes}`,
      ms(r.lateness.p50),
      ms(r.lateness.p90),
      ms(r.lateness.p99),
      ms(r.lateness.max),
    ]),
  );
  const memoryRows = runs.flatMap(({ n, real, bare }) =>
    [real, bare].map((r, i) => [
      i === 0 ? count(n) : '',
      i === 0 ? 'decide-bot' : 'bare BullMQ',
      count(r.memory.jobs),
      `${seconds(r.scheduleMs)} (${r.scheduleLabel})`,
      n === 0 ? '-' : `${ms(r.scheduleMs / n)} ms`,
      n === 0 ? '-' : bytes(r.memory.usedMemoryDelta / n),
      n === 0 ? '-' : bytes(perDecision(r.memory, n)),
      bytes(r.memory.groups.get('job hashes')?.bytes ?? 0),
      bytes(r.memory.groups.get('delayed zset')?.bytes ?? 0),
      bytes(r.memory.groups.get('events stream')?.bytes ?? 0),
    ]),
  );
  const reconcileRows = runs.flatMap(({ n, real }) => {
    const r = real.reconciler;
    if (r === undefined) return [];
    const row = (what: string, c: Cost, synced: string) => [
      count(n),
      what,
      synced,
      `${ms(c.wallMs)} ms`,
      `${ms(c.cpuMs)} ms`,
      `${ms(c.redisCpuMs)} ms`,
      `${percentOfCore(c.cpuMs).toFixed(3)} %`,
    ];
    const full = fullPassAt(runs, n);
    return [
      r.full !== undefined
        ? row('full pass (start-up)', r.full, count(r.full.active))
        : [
            count(n),
            `full pass: not timed (> --reconcile-max ${count(options.reconcileMax)})`,
            count(n),
            full === undefined ? '-' : `~${ms(full.wallMs)} ms`,
            full === undefined ? '-' : `~${ms(full.cpuMs)} ms`,
            '-',
            '-',
          ],
      row('incremental, nothing changed', r.idle, '0'),
      ...r.incremental.map((p, i) =>
        row(`incremental ${i + 1}, ${count(r.churn)} changed`, p, count(p.synced)),
      ),
    ];
  });
  const setupRows = runs.map(({ n, real }) => [
    count(n),
    real.sqliteMs === undefined ? '-' : seconds(real.sqliteMs),
  ]);
  return [
    table(
      `Escalation lateness: fired - due (ms), ${options.probes} probes due over ${options.spreadMs / 1000} s, with N open decisions (one timer job each)`,
      ['open', 'worker', 'fired', 'p50', 'p90', 'p99', 'max'],
      latenessRows,
    ),
    '',
    table(
      "Open decisions' timers: time to schedule and Redis memory",
      [
        'open',
        'queue',
        'delayed jobs',
        'time to schedule',
        'per decision',
        'used_memory delta/decision',
        'keys/decision',
        'job hashes',
        'delayed zset',
        'events stream',
      ],
      memoryRows,
    ),
    '',
    table(
      `The reconciler: wall and CPU time of one pass; % of one core if it runs every ${PERIOD_MS / 60_000} min`,
      ['open', 'pass', 'decisions synced', 'wall', 'CPU (bot)', 'CPU (Redis)', '% of a core'],
      reconcileRows,
    ),
    '',
    table('Set-up of the real bot runs', ['open', 'SQLite: N decisions, one transaction'], setupRows),
    '',
    notes([
      "Open decisions: approve/reject requests held by the SPoC with a 5-day SLA per level and reminders at 50% and 80%; each has one timer job, `timer-<id>`, due at its first reminder days ahead (the job fires whatever is due then and the next timer is scheduled once it has completed); none fires during the run. They are written to the bot's SQLite file in one transaction with the repository's own row mappers (decision + opened event; multi-row INSERTs), and their timers are added by the bot's BullTimerScheduler.sync, the same code the use cases and the reconciler run.",
      `Probes (real bot): decisions opened through the use case openDecision with bot.deps and a clock set 1 h (their SPoC SLA) before their due instant, so their timer job gets the delay (due - now); due over ${options.spreadMs / 1000} s starting ${BOT_LEAD_MS / 1000} s after opening. The running bot (startBot, workers on) fires them: timer worker (concurrency 4) -> fireTimer -> SQLite transaction -> the next timer job and 3 outbox messages each, sent to the stand-in while later probes fire. Lateness = the escalated event's time (fireTimer's clock.now()) - due.`,
      "Probes (bare): jobs with the same delays on a bare Queue + Worker (concurrency 4, empty processor) after the N plain delayed jobs; lateness = the processor's Date.now() - due.",
      'A worker waiting for the next delayed job blocks in Redis (BZPOPMIN on the queue marker with a timeout); Redis ends that wait on its own timer tick, every 1000/hz ms (hz is in the machine info above), so at the default hz 10 a delayed job can start up to ~100 ms after it is due whatever the worker does: that floor shows in both rows.',
      "keys/decision: MEMORY USAGE (exact, SAMPLES 0) of the timer queue's job hashes and delayed sorted set divided by N. The bot's job costs more than the plain one for its id (`timer-<decision id>`, in the hash's key, the sorted set's member and the job's options), which is how a sync finds it; retries and removal of finished jobs are the worker's settings, not per-job options, so they cost nothing per job. The events stream is capped by BullMQ (10,000 entries): it does not grow with N. used_memory delta/decision: INFO memory before and after scheduling, over N (also counts the events stream, allocator slack and other clients of a shared Redis).",
      `The reconciler: the full pass (reconcile(): every active decision read from SQLite, every timer job read from Redis a page of 1000 per round trip, missing jobs added, differing ones re-aligned) runs only at start-up, when the watchdog finds Redis lost its data, and on demand (a maintenance job { full: true }). Every ${PERIOD_MS / 60_000} min the maintenance job runs the incremental pass (reconcileChanged()): the decisions with an event since the last pass (decision_events' id as the high-water mark), those whose sync failed in this process, the open ones more than a minute past their deadline, then the outbox re-queue (enqueueAll). CPU (Redis) is INFO cpu's delta over the pass: a shared server counts its other clients too.`,
      ...runs.map(({ n, real }) => `${count(n)}: ${real.probeNote ?? ''}`),
    ]),
  ].join('\n');
}
