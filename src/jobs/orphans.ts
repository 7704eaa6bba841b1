import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from '../app/ports.js';

/**
 * Frees the jobs of a worker process that died (SIGKILL, a crash, the host gone) for the live ones at once,
 * instead of after BullMQ's lock expiry and two stalled-job checks (up to a minute with the default 30 s lock).
 *
 * Every worker has a name of its own (BullMQ stores it on each job it takes, as `processedBy`, and names its
 * blocking Redis connection after it). A running job whose owner has no connection to Redis any more, seen so on
 * two passes at least `confirmMs` apart (a reconnecting process is not taken for a dead one), has its lock
 * removed (only if it is still the dead owner's) and is handed to BullMQ's own stalled-job check, run at once:
 * the job goes back to wait as after a lock expiry, counted as stalled once. A process whose event loop is merely
 * blocked keeps its connections, so its jobs stay its own until their lock expires, as before.
 */
export class OrphanReclaimer {
  /** Jobs of owners seen gone on the last pass: `queue/jobId` → owner and lock token then. */
  private suspects = new Map<
    string,
    { readonly owner: string; readonly token: string; readonly at: number }
  >();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private unsupported = false;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly workers: readonly Worker[],
    /** This process's workers' name (its own jobs are never orphans). */
    private readonly self: string,
    private readonly log: Logger,
    private readonly everyMs = 1000,
    private readonly confirmMs = 900,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.pass(), this.everyMs).unref();
    void this.pass();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One look at every queue's running jobs (a pass under way is joined). */
  pass(): Promise<void> {
    this.running ??= this.look()
      .catch((error: unknown) => this.log.debug('orphaned jobs not checked', { error: String(error) }))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async look(): Promise<void> {
    if (this.unsupported) return;
    const now = Date.now();
    const running = await this.runningJobs();
    const others = running.filter((j) => j.owner !== this.self);
    if (others.length === 0) {
      this.suspects.clear();
      return;
    }
    const live = await this.liveOwners();
    if (live === undefined) return;
    const suspects = new Map<string, { owner: string; token: string; at: number }>();
    for (const job of others) {
      if (live.has(job.owner)) continue;
      const key = `${job.queue}/${job.id}`;
      const before = this.suspects.get(key);
      if (before === undefined || before.owner !== job.owner || before.token !== job.token) {
        suspects.set(key, { owner: job.owner, token: job.token, at: now });
        continue;
      }
      if (now - before.at < this.confirmMs) {
        suspects.set(key, before);
        continue;
      }
      await this.reclaim(job);
    }
    this.suspects = suspects;
  }

  /** The running jobs of every queue with their owner (jobs of unnamed workers are left to BullMQ). */
  private async runningJobs(): Promise<{ queue: string; id: string; owner: string; token: string }[]> {
    const lists = this.redis.pipeline();
    for (const w of this.workers) lists.lrange(`${this.prefix}:${w.name}:active`, 0, -1);
    const ids = ((await lists.exec()) ?? []).map(([, r]) => (Array.isArray(r) ? (r as string[]) : []));
    const jobs = this.workers.flatMap((w, i) => (ids[i] ?? []).map((id) => ({ queue: w.name, id })));
    if (jobs.length === 0) return [];
    const details = this.redis.pipeline();
    for (const { queue, id } of jobs) {
      details.hget(`${this.prefix}:${queue}:${id}`, 'pb');
      details.get(`${this.prefix}:${queue}:${id}:lock`);
    }
    const answers = ((await details.exec()) ?? []).map(([, r]) => (typeof r === 'string' ? r : ''));
    return jobs.flatMap((job, i) => {
      const owner = answers[2 * i] ?? '';
      return owner === '' ? [] : [{ ...job, owner, token: answers[2 * i + 1] ?? '' }];
    });
  }

  /**
   * The names of the workers connected to Redis now, from the names BullMQ gives their blocking connections
   * (`<prefix>:<queue in base64>:w:<name>`). Undefined when that cannot be told (CLIENT LIST refused, or names
   * not kept, as on some hosted Redis): nobody's jobs are taken then.
   */
  private async liveOwners(): Promise<Set<string> | undefined> {
    let list: string;
    try {
      list = String(await this.redis.client('LIST'));
    } catch (error) {
      this.disable(error);
      return undefined;
    }
    const live = new Set<string>();
    for (const match of list.matchAll(/\bname=(\S+)/g)) {
      const name = match[1] ?? '';
      if (!name.startsWith(`${this.prefix}:`)) continue;
      const at = name.indexOf(':w:', this.prefix.length);
      if (at >= 0) live.add(name.slice(at + 3));
    }
    if (!live.has(this.self)) return undefined; // our own workers not listed: names are not reliable here
    return live;
  }

  private async reclaim(job: { queue: string; id: string; owner: string; token: string }): Promise<void> {
    const base = `${this.prefix}:${job.queue}`;
    const freed = await this.redis.eval(
      FREE,
      4,
      `${base}:${job.id}:lock`,
      `${base}:stalled`,
      `${base}:stalled-check`,
      `${base}:${job.id}`,
      job.token,
      job.id,
      job.owner,
    );
    if (freed !== 1) return;
    this.log.info('taking over a job of a worker process that is gone', {
      queue: job.queue,
      id: job.id,
      owner: job.owner,
    });
    // BullMQ's own check moves it back to wait now (not at its next interval).
    await this.workers.find((w) => w.name === job.queue)?.startStalledCheckTimer();
  }

  private disable(error: unknown): void {
    if (this.unsupported) return;
    this.unsupported = true;
    this.log.warn(
      'Redis does not list its clients (CLIENT LIST): jobs of a crashed worker process are taken over only ' +
        'once their lock expires',
      { error: String(error) },
    );
  }
}

/**
 * The job's lock, if it still is the dead owner's (or already gone) and the job still its, is removed; the job is
 * marked for BullMQ's stalled-job check, and that check's throttle key is cleared so that it runs now.
 */
const FREE = `
local lock = redis.call('GET', KEYS[1])
if redis.call('HGET', KEYS[4], 'pb') ~= ARGV[3] then return 0 end
if lock and lock ~= ARGV[1] then return 0 end
if not lock and ARGV[1] ~= '' then return 0 end
redis.call('DEL', KEYS[1])
redis.call('SADD', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[3])
return 1
`;
