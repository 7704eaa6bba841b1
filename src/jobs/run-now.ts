import { type Job, type Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import type { ProjectDirectory } from '../app/ports.js';
import { type DigestJob, type FiredTimer, JOB, type TimerJob, type TimerRun } from './names.js';

/** A clock that can be moved forward (the sandbox's). */
export interface AdvancingClock {
  now(): number;
  advanceTo(instant: number): void;
}

const POLL_MS = 20;
const JOB_TIMEOUT_MS = 15_000;
/** How long to wait for the worker to schedule a decision's next timer after its job completed. */
const FOLLOW_UP_TIMEOUT_MS = 3000;

/**
 * Development control: fires every reminder and escalation due within `withinMs`, earliest first, through the
 * bot's real timer path: the clock moves to the next timer job's instant, the delayed job is promoted, the
 * timers worker runs it and schedules the decision's next timer, which fires too while it falls inside the
 * window (the next level's, once one escalated). Returns the timers fired, in order.
 */
export async function fireDueTimers(
  queue: Queue<TimerJob>,
  clock: AdvancingClock,
  withinMs: number,
): Promise<FiredTimer[]> {
  const horizon = clock.now() + withinMs;
  const runs = await TimerRuns.listen(queue);
  try {
    const fired: FiredTimer[] = [];
    for (let round = 0; round < 500; round++) {
      const seen = runs.seen();
      const next = await earliestTimer(queue);
      if (next === undefined || next.data.at > horizon) break;
      clock.advanceTo(next.data.at);
      const run = await runs.finished(next, seen);
      if (run === undefined) continue; // it failed for good: the reconciler retries the decision
      fired.push(...run.fired);
      if (run.next !== null) await followedUp(queue, next);
    }
    return fired;
  } finally {
    await runs.close();
  }
}

/** The timer jobs waiting (delayed or due), earliest instant first. */
export async function pendingTimerJobs(queue: Queue<TimerJob>): Promise<Job<TimerJob>[]> {
  // getJobs can answer undefined for a job removed while it was listed.
  const jobs: (Job<TimerJob> | undefined)[] = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((j) => j !== undefined).sort((a, b) => a.data.at - b.data.at);
}

async function earliestTimer(queue: Queue<TimerJob>): Promise<Job<TimerJob> | undefined> {
  return (await pendingTimerJobs(queue))[0];
}

/** Until the worker has scheduled the decision's next timer job (under the same id), or gave up waiting. */
async function followedUp(queue: Queue<TimerJob>, job: Job<TimerJob>): Promise<void> {
  const deadline = Date.now() + FOLLOW_UP_TIMEOUT_MS;
  // A change racing with the worker may have closed the decision meanwhile: then no job comes, and that is fine.
  while (job.id !== undefined && (await queue.getJob(job.id)) === undefined && Date.now() < deadline)
    await sleep(POLL_MS);
}

/**
 * The timers queue's completed and failed events, from the moment it listens: a job's return value (what it
 * fired) is gone from Redis with the job, but stays in the event.
 */
class TimerRuns {
  private readonly events: { jobId: string; run?: TimerRun }[] = [];

  private constructor(
    private readonly queue: Queue<TimerJob>,
    private readonly listener: QueueEvents,
    private readonly connection: { disconnect(): void },
  ) {
    listener.on('completed', ({ jobId, returnvalue }) =>
      this.events.push({ jobId, run: returnvalue as unknown as TimerRun }),
    );
    listener.on('failed', ({ jobId }) => this.events.push({ jobId }));
  }

  static async listen(queue: Queue<TimerJob>): Promise<TimerRuns> {
    const shared = queue.opts.connection;
    if (!(shared instanceof Redis)) throw new Error('the timers queue has no ioredis connection');
    // From the stream's last entry as of now: '$' would start only once the first read is issued.
    const [last] = await shared.xrevrange(queue.keys.events ?? '', '+', '-', 'COUNT', 1);
    const connection = shared.duplicate(); // a blocking read needs a connection of its own
    const listener = new QueueEvents(queue.name, {
      connection,
      prefix: queue.opts.prefix,
      lastEventId: last?.[0] ?? '0-0',
    });
    await listener.waitUntilReady();
    return new TimerRuns(queue, listener, connection);
  }

  /** How many events so far: `finished` looks only at later ones. */
  seen(): number {
    return this.events.length;
  }

  /**
   * Promotes the job and waits until it has run: its run, or undefined if it failed for good. A failed attempt
   * waits in BullMQ for its retry; it is promoted again (the sandbox does not wait for the backoff).
   */
  async finished(job: Job<TimerJob>, from: number): Promise<TimerRun | undefined> {
    const deadline = Date.now() + JOB_TIMEOUT_MS;
    const id = job.id ?? '';
    // Promoted only while it is this run's: once it has run, the next timer's job waits under the same id.
    await promote(job);
    for (let checked = from; ; ) {
      for (; checked < this.events.length; checked++) {
        const event = this.events[checked];
        if (event?.jobId !== id) continue;
        if (event.run?.at === job.data.at) return event.run;
        if (event.run !== undefined) continue;
        const retry = await this.queue.getJob(id);
        if (retry?.data.at !== job.data.at) return undefined;
        await promote(retry);
      }
      if (Date.now() > deadline) throw new Error(`timer ${id} did not run within ${JOB_TIMEOUT_MS / 1000} s`);
      await sleep(POLL_MS);
    }
  }

  async close(): Promise<void> {
    await this.listener.close();
    this.connection.disconnect();
  }
}

async function promote(job: Job<TimerJob>): Promise<void> {
  if ((await job.getState()) === 'delayed') await job.promote().catch(() => undefined);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Development control: runs every project's weekly digest now, through the same maintenance job the scheduler
 * adds, and waits until each has run. Returns how many projects.
 */
export async function runDigestsNow(queue: Queue, projects: ProjectDirectory): Promise<number> {
  const all = projects.all();
  const jobs = await queue.addBulk(
    all.map((p) => ({
      name: JOB.digest,
      data: { projectId: p.id } satisfies DigestJob,
      opts: { removeOnComplete: true, removeOnFail: 100 },
    })),
  );
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (const job of jobs) {
    for (;;) {
      const state = job.id === undefined ? 'unknown' : await queue.getJobState(job.id);
      if (state === 'unknown' || state === 'completed') break;
      if (state === 'failed') throw new Error(`the digest job of ${job.data.projectId} failed`);
      if (Date.now() > deadline) throw new Error('the digest did not run within 15 s');
      await sleep(POLL_MS);
    }
  }
  return all.length;
}
