import { type Job, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import type { DeliverDeps } from '../../../src/app/deliver.js';
import { DeliveryClaims } from '../../../src/app/delivery-claims.js';
import { openDecision } from '../../../src/app/open-decision.js';
import type {
  Logger,
  MessageSender,
  SendContext,
  SlackMessageRef,
  StoredDelivery,
} from '../../../src/app/ports.js';
import { ConfiguredProjects } from '../../../src/app/project-directory.js';
import type { Decision, DecisionRequest } from '../../../src/domain/decision.js';
import type { DecisionEvent } from '../../../src/domain/events.js';
import type { CalendarSpec, Project, SlaPolicy } from '../../../src/domain/project.js';
import { redisConnection } from '../../../src/jobs/connection.js';
import { BullDeliveryQueue } from '../../../src/jobs/delivery-queue.js';
import { JOB, type TimerJob, type TimerRun, timerJobId } from '../../../src/jobs/names.js';
import { BullTimerScheduler } from '../../../src/jobs/timer-scheduler.js';
import {
  createQueues,
  type JobQueues,
  startWorkers,
  type WorkerOptions,
  type Workers,
} from '../../../src/jobs/workers.js';
import { DecisionRepository, OutboxRepository, ProjectRepository } from '../../../src/storage/index.js';
import { deleteKeys } from '../../e2e/harness.js';
import { sampleProject, sampleRequest } from '../../support/sample-project.js';
import { tempDatabase } from '../../support/temp-db.js';

/** A clock the test sets by hand, or the real one. */
export interface TestClock {
  now(): number;
  set(at: number): void;
  advance(ms: number): void;
}

export function manualClock(start: number): TestClock {
  let at = start;
  return {
    now: () => at,
    set: (t) => {
      at = t;
    },
    advance: (ms) => {
      at += ms;
    },
  };
}

export function realClock(): TestClock {
  return {
    now: () => Date.now(),
    set: () => {
      throw new Error('the real clock cannot be set');
    },
    advance: () => {
      throw new Error('the real clock cannot be moved');
    },
  };
}

/** The same SLA (in ms) at each level for every impact. */
export function slaMs(spoc: number, sponsor: number, committee: number): SlaPolicy {
  const s = (ms: number) => ({ amount: ms / 1000, unit: 's' as const });
  const ladder = { spoc: s(spoc), sponsor: s(sponsor), committee: s(committee) };
  return { low: ladder, normal: ladder, high: ladder, critical: ladder };
}

export const ALWAYS: CalendarSpec = { timezone: 'UTC', businessHours: 'always', holidays: [] };

export interface RigOptions {
  readonly clock: TestClock;
  readonly project?: Partial<Project>;
  readonly calendar?: CalendarSpec;
  /** Replaces the recording sender (e.g. one that fails); what it is asked to send is still recorded. */
  readonly send?: MessageSender['send'];
  /** A Redis Cluster hash tag as the prefix (`{…}`), as QUEUE_PREFIX takes it. */
  readonly hashTag?: boolean;
}

/**
 * The job layer for real: the app's use cases over a real SQLite file (real migrations) and the real Redis with a
 * prefix of its own, the real BullMQ timer scheduler, queues and workers. Only Slack is replaced, by a sender that
 * records what it was asked to send.
 */
export interface Rig {
  readonly deps: DeliverDeps;
  readonly clock: TestClock;
  readonly project: Project;
  readonly queues: JobQueues;
  readonly prefix: string;
  /** Everything the workers asked Slack to send, in order. */
  readonly sent: SendContext[];
  /** Log lines (warn and error) the use cases wrote. */
  readonly logs: string[];
  open(request?: Partial<DecisionRequest>): Promise<Decision>;
  decision(id: string): Promise<Decision>;
  /** The decision's outbox rows, any status, in order. */
  deliveries(decisionId: string): Promise<StoredDelivery[]>;
  events(id: string): Promise<DecisionEvent[]>;
  /** Timer jobs waiting in Redis (delayed or waiting), by id. */
  timerJobs(): Promise<Map<string, Job<TimerJob>>>;
  /**
   * Starts the real workers (timers, deliveries, reconciler); `deps` replaces some of what they use (the rest is
   * the rig's), `timerLateness` receives the lateness metric, `deliveryConcurrency` is the deliveries run at once.
   */
  startWorkers(options?: {
    deps?: Partial<DeliverDeps>;
    timerLateness?: WorkerOptions['timerLateness'];
    deliveryConcurrency?: number;
  }): Promise<Workers>;
  /**
   * Adds the decision's timer job by hand, due at once, as a late, replayed or early job would arrive (`at`: the
   * instant it says it was scheduled for), and resolves with what the worker's handler returned, once the
   * decision's next timer job is in place. Workers must be running.
   */
  fireByHand(decisionId: string, at?: number): Promise<TimerRun>;
  close(): Promise<void>;
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const { clock } = options;
  const db = tempDatabase();
  const project = sampleProject(options.project);
  const projects = new ConfiguredProjects([project], options.calendar ?? ALWAYS);
  const projectRepo = new ProjectRepository(db.database.db);
  await projectRepo.sync([project], clock.now());
  const outbox = new OutboxRepository(db.database.db);
  const name = `jt${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
  const prefix = options.hashTag ? `{${name}}` : name;
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis: Redis = redisConnection(url, 'decide-bot-test');
  const queues = createQueues(redis, prefix);
  const sent: SendContext[] = [];
  const logs: string[] = [];
  let ts = 0;
  const sender: MessageSender = {
    send: async (ctx): Promise<SlackMessageRef | undefined> => {
      sent.push(ctx);
      if (options.send) return options.send(ctx);
      const { kind, recipient } = ctx.delivery;
      if (kind === 'thread_reply' || kind === 'direct_message' || kind === 'refresh') return undefined;
      const role = kind === 'decision_request' ? `request-${ctx.decision?.level}` : kind;
      return { role, recipient, channel: recipient, ts: `${1_700_000_000 + ++ts}.000100` };
    },
  };
  let n = 0;
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m, d) => logs.push(`warn ${m} ${JSON.stringify(d ?? {})}`),
    error: (m, d) => logs.push(`error ${m} ${JSON.stringify(d ?? {})}`),
  };
  const deps: DeliverDeps = {
    decisions: new DecisionRepository(db.database),
    projects,
    absences: projectRepo,
    clock,
    deliveries: new BullDeliveryQueue(queues.deliveries, outbox),
    timers: new BullTimerScheduler(queues.timers, projects.calendar, clock),
    log,
    newId: () => `d${++n}x${prefix}`,
    outbox,
    sender,
    claims: new DeliveryClaims(outbox, `rig-${prefix}`, log),
  };
  const workers: Workers[] = [];
  let events: QueueEvents | undefined;

  const rig: Rig = {
    deps,
    clock,
    project,
    queues,
    prefix,
    sent,
    logs,
    open: async (request = {}) => {
      const result = await openDecision(deps, sampleRequest({ requester: 'U0MEMBER01', ...request }));
      if (result.ok !== true) throw new Error(`not opened: ${JSON.stringify(result)}`);
      return result.decision;
    },
    decision: async (id) => {
      const d = await deps.decisions.get(id);
      if (!d) throw new Error(`no decision ${id}`);
      return d;
    },
    events: async (id) => await deps.decisions.events(id),
    deliveries: async (decisionId) => {
      const ids = db.database.sqlite
        .prepare('SELECT id FROM deliveries WHERE decision_id = ? ORDER BY id')
        .all(decisionId) as { id: number }[];
      const rows = await Promise.all(ids.map((r) => outbox.get(r.id)));
      return rows.flatMap((r) => r ?? []);
    },
    timerJobs: async () => {
      const jobs = await queues.timers.getJobs(['delayed', 'waiting', 'prioritized']);
      return new Map(jobs.filter((j) => j?.id !== undefined).map((j) => [j.id as string, j]));
    },
    startWorkers: async (options = {}) => {
      const w = await startWorkers({ ...deps, ...options.deps }, queues, {
        connection: redis,
        prefix,
        reconcileEveryMs: 60_000,
        timerLateness: options.timerLateness,
        deliveryConcurrency: options.deliveryConcurrency,
      });
      workers.push(w);
      return w;
    },
    fireByHand: async (decisionId, at = clock.now()) => {
      events ??= new QueueEvents(queues.timers.name, { connection: redis.duplicate(), prefix });
      await events.waitUntilReady();
      // A scheduled job under the same id would swallow the add: this one replaces it, due now.
      await queues.timers.remove(timerJobId(decisionId));
      const data: TimerJob = { decisionId, at };
      const job = await queues.timers.add(JOB.timer, data, {
        jobId: timerJobId(decisionId),
        removeOnComplete: true,
        removeOnFail: true,
      });
      const run = (await job.waitUntilFinished(events, 10_000)) as TimerRun;
      // Once it has completed the worker schedules the decision's next timer: until then a new job under the
      // same id would be swallowed.
      if (run.next !== null) await eventually(() => queues.timers.getJob(timerJobId(decisionId)));
      return run;
    },
    close: async () => {
      for (const w of workers) await w.close();
      if (events) {
        await events.close();
      }
      await queues.close();
      redis.disconnect();
      await deleteKeys(url, prefix);
      db.cleanup();
    },
  };
  return rig;
}

/** Polls until `probe` returns something truthy. */
export async function eventually<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
