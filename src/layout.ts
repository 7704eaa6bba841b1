import { type ChildProcess, fork } from 'node:child_process';
import { setPriority } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from './app/ports.js';
import { type RunningBot, startBot } from './compose.js';
import type { Config } from './config.js';
import type { FromWorker, ToWorker } from './worker-process.js';

/**
 * The default production layout: this process serves Slack (acks, validation, the decision's own SQLite
 * transaction and its Redis follow-up) and a child process runs the workers (Slack messages, timers, the
 * reconciler, digests). A burst of clicks then shares the event loop only with its own records, never with
 * rendering and sending the messages that follow, and the child runs at a lower CPU priority (nice 10), so on
 * a busy machine the acks get the CPU first and the follow-up catches up after the burst. The child is
 * restarted when it dies; SQLite is the truth, so a restart only delays work.
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
      // Requests first (their records are what the workers then deliver), then the workers.
      await web.stop();
      await workers.stop();
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

/** The supervised worker child: started, given the config, restarted with backoff, stopped on request. */
class WorkerChild {
  private child: ChildProcess | undefined;
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
        setPriority(child.pid, WORKER_NICE);
      } catch (error) {
        this.logger.warn('could not lower the worker process priority', { error: String(error) });
      }
    }
    const startedAt = Date.now();
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') {
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
  }

  async stop(): Promise<void> {
    this.stopping = true;
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
