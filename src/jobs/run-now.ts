import type { Job, Queue } from 'bullmq';
import type { ProjectDirectory } from '../app/ports.js';
import { type DigestJob, JOB, type TimerJob } from './names.js';

/** A clock that can be moved forward (the sandbox's). */
export interface AdvancingClock {
  now(): number;
  advanceTo(instant: number): void;
}

const POLL_MS = 20;
const JOB_TIMEOUT_MS = 15_000;

/**
 * Development control: fires every reminder and escalation due within `withinMs`, earliest first, through the
 * bot's real timer path: the clock moves to the timer's instant, the delayed job is promoted and the timers
 * worker runs it. Timers that firing schedules (the next level's) fire too while they fall inside the window.
 * Returns the timers fired, in order.
 */
export async function fireDueTimers(
  queue: Queue<TimerJob>,
  clock: AdvancingClock,
  withinMs: number,
): Promise<TimerJob[]> {
  const horizon = clock.now() + withinMs;
  const fired: TimerJob[] = [];
  for (let round = 0; round < 500; round++) {
    const next = await earliestTimer(queue);
    if (next === undefined || next.data.at > horizon) break;
    clock.advanceTo(next.data.at);
    if ((await next.getState()) === 'delayed') await next.promote().catch(() => undefined);
    await finished(queue, next);
    fired.push(next.data);
  }
  return fired;
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

/** Until the job has run: removed on completion, or replaced under its id by a timer for another instant. */
async function finished(queue: Queue<TimerJob>, job: Job<TimerJob>): Promise<void> {
  const deadline = Date.now() + JOB_TIMEOUT_MS;
  for (;;) {
    const current = job.id === undefined ? undefined : await queue.getJob(job.id);
    if (current === undefined || current.data.at !== job.data.at) return;
    const state = await current.getState();
    if (state === 'completed' || state === 'failed') return;
    if (Date.now() > deadline)
      throw new Error(`timer ${job.id} did not run within ${JOB_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

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
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
  return all.length;
}
