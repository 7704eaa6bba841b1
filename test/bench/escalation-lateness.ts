/**
 * Issue #5: do escalations fire on time when many timers are pending? For each size N: N open decisions
 * (SQLite) whose reminders and escalation (3 delayed jobs each) lie days ahead, scheduled through the real
 * `BullTimerScheduler`; then probe decisions whose escalation falls due a few seconds ahead, fired by the
 * real timer worker (`startBot` with workers: `startWorkers` → `fireTimer`). Lateness = the instant
 * fireTimer ran (the `escalated` event's time, from the bot's clock) − the instant the escalation was due.
 * Next to it, in the same run: a bare BullMQ Queue + Worker (no work) with as many plain delayed jobs.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { AppDeps } from '../../src/app/deps.js';
import { openDecision } from '../../src/app/open-decision.js';
import { reconcile } from '../../src/app/reconcile.js';
import { startBot } from '../../src/compose.js';
import type { Decision } from '../../src/domain/decision.js';
import type { BusinessClock } from '../../src/domain/ladder.js';
import type { Project } from '../../src/domain/project.js';
import { openDecision as openTransition } from '../../src/domain/transitions/index.js';
import { JOB, QUEUE, type TimerJob, timerJobId } from '../../src/jobs/names.js';
import { startFakeSlack } from '../../src/sandbox/index.js';
import { type Database, openDatabase } from '../../src/storage/index.js';
import { decisionToRow, eventToRow } from '../../src/storage/repositories/decision-rows.js';
import { decisionEvents, decisions } from '../../src/storage/schema.js';
import { benchConfig, benchProject, benchRequest, CountingLogger, flatSla, seedRoster } from './fixture.js';
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
  /** Pending decisions per run, e.g. [10_000, 100_000]. */
  readonly sizes: readonly number[];
  readonly probes: number;
  /** The probes fall due evenly over this window (ms). */
  readonly spreadMs: number;
  /** Time one reconciler pass for sizes up to this. */
  readonly reconcileMax: number;
  readonly redisUrl: string;
}

/** Timer syncs in flight while scheduling the pending decisions (the reconciler runs them one by one). */
const SCHEDULE_CONCURRENCY = 50;
/** Rows per INSERT when writing the pending decisions. */
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

interface Run {
  readonly worker: string;
  readonly lateness: Figures;
  readonly probes: number;
  readonly fired: number;
  readonly scheduleLabel: string;
  readonly scheduleMs: number;
  readonly memory: PendingMemory;
  readonly sqliteMs?: number;
  readonly reconcileMs?: number;
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
    if (!rest.includes(':') && /^(remind|escalate|pending|probe)-/.test(rest)) return 'job hashes';
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
    // Started on an empty database: its start-up reconcile has nothing to do (see the reconcile figure).
    const bot = await startBot(config, { web: false, workers: true, logger, reconcileEveryMs: DAY_MS });
    const stopBot = cleanup.defer(() => bot.stop());
    try {
      const calendar = bot.deps.projects.calendar;
      database = openDatabase(config.databasePath);
      progress(`  ${count(n)} pending decisions: writing them to SQLite`);
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

      let reconcileMs: number | undefined;
      if (n <= options.reconcileMax) {
        progress('  one reconciler pass (as at start-up and every 5 minutes)');
        started = performance.now();
        await reconcile(bot.deps);
        reconcileMs = performance.now() - started;
      }

      progress(`  ${options.probes} probe escalations due over ${options.spreadMs} ms`);
      // The use case itself, with a clock set one SLA (1 h) before each probe's due instant: the decision,
      // its event and messages are written as for any request, and the real scheduler adds an escalation
      // job whose delay is (due - now). Everything after that (worker, fireTimer) uses the real clock.
      const due = dueTimes(options.probes, BOT_LEAD_MS, options.spreadMs);
      const probeIds: string[] = [];
      for (const [i, at] of due.entries()) {
        const deps: AppDeps = { ...bot.deps, clock: { now: () => at - 3_600_000 } };
        const result = await openDecision(deps, benchRequest(probeProject.id, roster.keyUser, `Probe ${i}?`));
        if (result.ok !== true) throw new Error(`cannot open probe ${i}: ${JSON.stringify(result)}`);
        probeIds.push(result.decision.id);
      }
      const opened = Date.now();
      await waitUntil(() => bot.deps.outbox.pending(1).length === 0, BOT_LEAD_MS, 100);
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
        () => {
          for (const [i, id] of probeIds.entries()) {
            if (firedAt.has(id)) continue;
            const escalated = bot.deps.decisions.events(id).find((e) => e.type === 'escalated');
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
        ...(reconcileMs === undefined ? {} : { reconcileMs }),
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
    // Same job shape as the bot's timers (3 per decision: two reminders and an escalation), added in bulk.
    progress(`  bare BullMQ: ${count(n * 3)} plain delayed jobs with queue.addBulk`);
    const memoryBefore = await usedMemory(redis);
    const started = performance.now();
    const now = Date.now();
    for (let start = 0; start < n; start += 1000) {
      const jobs = [];
      for (let i = start; i < Math.min(n, start + 1000); i++) {
        const decisionId = randomUUID();
        const timers: TimerJob[] = [
          { decisionId, kind: 'remind', level: 'spoc', index: 0, at: now + 2.5 * DAY_MS },
          { decisionId, kind: 'remind', level: 'spoc', index: 1, at: now + 4 * DAY_MS },
          { decisionId, kind: 'escalate', level: 'spoc', at: now + 5 * DAY_MS },
        ];
        for (const job of timers)
          jobs.push({
            name: job.kind === 'remind' ? JOB.remind : JOB.escalate,
            data: job,
            opts: {
              jobId: timerJobId(job),
              delay: job.at - now,
              removeOnComplete: true,
              removeOnFail: true,
              attempts: 5,
              backoff: { type: 'exponential', delay: 1000 },
            },
          });
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
): Promise<string> {
  const runs: { n: number; real: Run; bare: Run }[] = [];
  for (const n of options.sizes) {
    progress(`timers: ${count(n)} pending decisions`);
    const real = await realRun(n, options, progress);
    const bare = await bareRun(n, options, progress);
    runs.push({ n, real, bare });
  }
  return report(options, runs);
}

function perDecision(memory: PendingMemory, n: number, groups: readonly string[]): number {
  const total = groups.reduce((sum, g) => sum + (memory.groups.get(g)?.bytes ?? 0), 0);
  return n === 0 ? 0 : total / n;
}

function report(options: TimerOptions, runs: readonly { n: number; real: Run; bare: Run }[]): string {
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
      n === 0 ? '-' : bytes(perDecision(r.memory, n, ['job hashes', 'delayed zset'])),
      bytes(r.memory.groups.get('job hashes')?.bytes ?? 0),
      bytes(r.memory.groups.get('delayed zset')?.bytes ?? 0),
      bytes(r.memory.groups.get('events stream')?.bytes ?? 0),
    ]),
  );
  const setupRows = runs.map(({ n, real }) => [
    count(n),
    real.sqliteMs === undefined ? '-' : seconds(real.sqliteMs),
    real.reconcileMs === undefined
      ? `not timed (> --reconcile-max ${count(options.reconcileMax)})`
      : `${seconds(real.reconcileMs)} (${ms(real.reconcileMs / Math.max(1, n))} ms per decision)`,
  ]);
  return [
    table(
      `Escalation lateness: fired - due (ms), ${options.probes} probes due over ${options.spreadMs / 1000} s, with N pending decisions (3 delayed jobs each)`,
      ['pending', 'worker', 'fired', 'p50', 'p90', 'p99', 'max'],
      latenessRows,
    ),
    '',
    table(
      'Pending timers: time to schedule and Redis memory',
      [
        'pending',
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
      'Set-up of the real bot runs',
      ['pending', 'SQLite: N decisions, one transaction', 'one reconcile() pass over N active decisions'],
      setupRows,
    ),
    '',
    notes([
      "Pending decisions: approve/reject requests held by the SPoC with a 5-day SLA per level and reminders at 50% and 80%, so each has 3 delayed jobs (2 reminders, 1 escalation) days ahead; they never fire during the run. They are written to the bot's SQLite file in one transaction with the repository's own row mappers (decision + opened event; multi-row INSERTs, ~3x faster than 100k DecisionRepository.create calls), and their timers are added by the bot's BullTimerScheduler.sync, the same code the use cases and the reconciler run, 50 decisions in flight.",
      `Probes (real bot): decisions opened through the use case openDecision with bot.deps and a clock set 1 h (their SPoC SLA) before their due instant, so their escalation job gets the delay (due - now); due over ${options.spreadMs / 1000} s starting ${BOT_LEAD_MS / 1000} s after opening. The running bot (startBot, workers on) fires them: timer worker (concurrency 4) -> fireTimer -> SQLite transaction -> new timers and 3 outbox messages each, sent to the stand-in while later probes fire. Lateness = the escalated event's time (fireTimer's clock.now()) - due.`,
      "Probes (bare): jobs with the same delays on a bare Queue + Worker (concurrency 4, empty processor) after as many plain delayed jobs of the same shape; lateness = the processor's Date.now() - due.",
      'A worker waiting for the next delayed job blocks in Redis (BZPOPMIN on the queue marker with a timeout); Redis ends that wait on its own timer tick, every 1000/hz ms (hz is in the machine info above), so at the default hz 10 a delayed job can start up to ~100 ms after it is due whatever the worker does: that floor shows in both rows. Other traffic on the server wakes Redis sooner, which is why a busier process can be less late.',
      "keys/decision: MEMORY USAGE (exact, SAMPLES 0) of the timer queue's job hashes and delayed sorted set divided by N; the events stream is capped by BullMQ (10,000 entries) so it does not grow with N. used_memory delta/decision: INFO memory before and after scheduling, divided by N (also counts the events stream, allocator slack and anything other clients of this shared Redis did meanwhile).",
      `reconcile(): what startBot awaits before serving (with web on) and what the maintenance job runs every reconcileEveryMs (default 5 min): listActive() (votes loaded in batches), then BullTimerScheduler.syncAll: the timers every active decision needs are compared with the jobs Redis holds, read a page of 1000 per round trip; missing ones are added with addBulk, and only decisions whose jobs differ are re-read and aligned one by one.`,
      ...runs.map(({ n, real }) => `${count(n)}: ${real.probeNote ?? ''}`),
    ]),
  ].join('\n');
}
