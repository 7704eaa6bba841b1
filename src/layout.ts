import { type ChildProcess, fork } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './app/ports.js';
import { type RunningBot, startBot } from './compose.js';
import type { Config } from './config.js';
import type { FollowUp, FollowUps } from './slack/follow-ups.js';
import type { FromWorker, ToWorker } from './worker-process.js';

/**
 * The default production layout: this process serves Slack (Bolt, validation, the ack, views.open) and a child
 * process does everything that follows an ack: each request's follow-up (the decision's SQLite transaction and
 * its Redis work, sent over IPC) and the workers (Slack messages, timers, the reconciler, digests). The web
 * process's event loop then carries little more than a bare Bolt app's, so a burst of clicks is acked as fast
 * as Bolt can; the child runs 10 nice levels below this process, so on a busy machine the acks get the CPU
 * first and the rest catches up after the burst. A follow-up stays with this process until the child has finished it
 * and goes to the next child if one dies first; the child is restarted with backoff; SQLite is the truth.
 */
export interface SplitOptions {
  readonly logger: Logger;
  readonly signal?: AbortSignal;
  readonly host?: string;
  /** Where the workers serve /metrics and /healthz (default PORT + 1; 0 when PORT is 0). */
  readonly workerPort?: number;
  /** The child's script and Node options (default: worker-process next to this file, tsx under tsx). */
  readonly workerEntry?: { readonly script: string; readonly execArgv: readonly string[] };
}

export interface RunningLayout {
  readonly web: RunningBot;
  /** The worker child's pid while it runs (it is restarted after a crash). */
  workerPid(): number | undefined;
  /** Resolves once the worker child has started its workers (after each restart too). */
  workersReady(): Promise<void>;
  stop(): Promise<void>;
}

/** How much lower the workers' CPU priority is than the web process's (Unix nice). */
const WORKER_NICE = 10;
const RESTART_MIN_MS = 1000;
const RESTART_MAX_MS = 30_000;
/** How long a stop waits for the workers to finish their jobs in flight (they bound themselves at 10 s). */
const WORKER_STOP_MS = 15_000;

export async function startSplitBot(config: Config, options: SplitOptions): Promise<RunningLayout> {
  const { logger } = options;
  const workers = new WorkerChild(
    { ...config, port: options.workerPort ?? (config.port === 0 ? 0 : config.port + 1) },
    options.workerEntry ?? defaultEntry(),
    logger,
  );
  workers.start();
  let web: RunningBot;
  try {
    web = await startBot(config, {
      web: true,
      workers: false,
      logger,
      followUps: workers,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.host ? { host: options.host } : {}),
    });
  } catch (error) {
    await workers.stop();
    throw error;
  }
  return {
    web,
    workerPid: () => workers.pid,
    workersReady: () => workers.ready,
    stop: async () => {
      // Requests first: the web part waits for their follow-ups, which the child runs. A child that stays
      // down must not hold the stop forever: after a while it goes, and what it had not run is logged.
      const webStopped = web.stop();
      await Promise.race([webStopped, new Promise((resolve) => setTimeout(resolve, WORKER_STOP_MS).unref())]);
      await workers.stop();
      await webStopped;
    },
  };
}

function defaultEntry(): { script: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  const ext = extname(here);
  // Under tsx (tests, benchmarks) the child is TypeScript too; tsx resolved from here, whatever the cwd.
  return {
    script: join(dirname(here), `worker-process${ext}`),
    execArgv: ext === '.ts' ? ['--import', import.meta.resolve('tsx')] : [],
  };
}

/**
 * The supervised worker child: started, given the config, restarted with backoff, stopped on request; runs the
 * requests' follow-ups it is sent, each kept here until the child says it is done.
 */
class WorkerChild implements FollowUps {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { task: FollowUp; done: () => void }>();
  private stopping = false;
  private restartMs = RESTART_MIN_MS;
  private restartTimer: NodeJS.Timeout | undefined;
  private markReady: () => void = () => undefined;
  ready: Promise<void> = this.nextReady();

  constructor(
    private readonly config: Config,
    private readonly entry: { readonly script: string; readonly execArgv: readonly string[] },
    private readonly logger: Logger,
  ) {}

  run(task: FollowUp): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((done) => {
      this.pending.set(id, { task, done });
      this.send({ type: 'follow-up', id, task });
    });
  }

  get pid(): number | undefined {
    return this.child?.exitCode === null ? this.child.pid : undefined;
  }

  start(): void {
    const child = fork(this.entry.script, [], {
      execArgv: [...this.entry.execArgv],
      serialization: 'advanced',
      stdio: 'inherit',
    });
    this.child = child;
    if (child.pid !== undefined) {
      try {
        setPriority(child.pid, Math.min(19, getPriority() + WORKER_NICE));
      } catch (error) {
        this.logger.warn('could not lower the worker process priority', { error: String(error) });
      }
    }
    const startedAt = Date.now();
    child.on('message', (message: FromWorker) => {
      if (message.type === 'done') {
        this.pending.get(message.id)?.done();
        this.pending.delete(message.id);
      } else if (message.type === 'ready') {
        this.logger.info('workers started in their own process', {
          workerPid: child.pid,
          metricsPort: message.metricsPort,
        });
        this.markReady();
      } else {
        this.logger.error('the worker process could not start', { error: message.message });
      }
    });
    child.on('error', (error) => this.logger.error('worker process error', { error: String(error) }));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      // A child that ran a while restarts at once; one that keeps failing waits longer each time.
      if (Date.now() - startedAt > RESTART_MAX_MS) this.restartMs = RESTART_MIN_MS;
      this.logger.error('the worker process stopped; restarting it', {
        code,
        signal,
        inMs: this.restartMs,
      });
      this.ready = this.nextReady();
      this.restartTimer = setTimeout(() => this.start(), this.restartMs);
      this.restartMs = Math.min(RESTART_MAX_MS, this.restartMs * 2);
    });
    this.send({ type: 'start', config: this.config });
    // Follow-ups a dead child had not finished go to this one (a replayed submission opens nothing twice).
    for (const [id, { task }] of this.pending) this.send({ type: 'follow-up', id, task });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // The web part stopped first and waited for its requests' follow-ups: some are left only when the child
    // was down meanwhile, and this process ends now, so say so.
    if (this.pending.size > 0)
      this.logger.error('stopping with acknowledged requests not recorded: the worker process was down', {
        requests: this.pending.size,
      });
    for (const { done } of this.pending.values()) done();
    this.pending.clear();
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.send({ type: 'stop' });
    const kill = setTimeout(() => child.kill('SIGKILL'), WORKER_STOP_MS);
    await exited;
    clearTimeout(kill);
  }

  private send(message: ToWorker): void {
    if (this.child?.connected) this.child.send(message);
  }

  private nextReady(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
  }
}
