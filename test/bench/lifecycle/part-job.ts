/**
 * What the parent hands a reference part's child process (a JSON file named by env CHILD_ENV) and what the
 * child answers over IPC; the measurement and counting every part shares.
 */

/** The child process reads its job from the file this variable names. */
export const CHILD_ENV = 'DECIDE_BENCH_LIFECYCLE_PART';

export type Row = Record<string, unknown>;

/** One lifecycle's rows as the bot's database holds them (snake_case columns), what part (b) writes again. */
export interface RowTemplate {
  readonly project: Row;
  /** The decision's final row (inserted as opened, then written whole by the decision's update). */
  readonly decision: Row;
  readonly openEvents: readonly Row[];
  readonly closeEvents: readonly Row[];
  readonly openDeliveries: readonly Row[];
  readonly closeDeliveries: readonly Row[];
  /** Message references, each with the index (in openDeliveries) of the delivery whose send records it. */
  readonly messages: readonly { readonly row: Row; readonly delivery: number }[];
  readonly requestKey: Row;
}

export interface ReplayCall {
  readonly method: string;
  readonly args: Record<string, unknown>;
  /** The ts the stand-in gave the bot's post: later calls naming it get the resent post's ts. */
  readonly postedTs?: string;
}

export type PartJob =
  | {
      readonly part: 'sqlite';
      readonly dbPath: string;
      readonly warmup: number;
      readonly lifecycles: number;
      readonly template: RowTemplate;
    }
  | {
      readonly part: 'postgres';
      /** A fresh database with no migrations applied yet. */
      readonly url: string;
      /** Connections, as many as one bot process may open (DATABASE_POOL's default). */
      readonly poolSize: number;
      /** Lifecycles in flight, the load's. */
      readonly concurrency: number;
      readonly warmup: number;
      readonly lifecycles: number;
      readonly template: RowTemplate;
    }
  | {
      readonly part: 'bullmq';
      readonly redisUrl: string;
      readonly prefix: string;
      readonly warmup: number;
      readonly lifecycles: number;
      readonly concurrency: number;
      readonly openDeliveries: number;
      readonly closeDeliveries: number;
      /** The bot's timer jobs of one open decision, as read from Redis (its id replaced per lifecycle). */
      readonly timers: TimerTemplate;
    }
  | {
      readonly part: 'webapi';
      readonly apiUrl: string;
      readonly token: string;
      readonly concurrency: number;
      readonly warmup: readonly (readonly ReplayCall[])[];
      readonly lifecycles: readonly (readonly ReplayCall[])[];
    };

export interface PartResult {
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly lifecycles: number;
  /** What the part did per lifecycle, counted, for the report. */
  readonly perLifecycle: string;
  /** PostgreSQL: CPU of the server processes serving the part's connections during the measured run, ms. */
  readonly serverCpuMs?: number;
  /** PostgreSQL: transactions the part committed per lifecycle (each statement outside one counts as one). */
  readonly commitsPerLifecycle?: number;
  readonly errors: Record<string, number>;
}

/** The bot's timer jobs of one open decision: name, data and options as BullMQ holds them. */
export interface TimerTemplate {
  readonly decisionId: string;
  readonly jobs: readonly {
    readonly id: string;
    readonly name: string;
    readonly data: unknown;
    readonly opts: Record<string, unknown>;
  }[];
}

/** The child's one message to the parent. */
export interface PartMessage {
  readonly result?: PartResult;
  readonly error?: string;
}

export async function measured(work: () => Promise<void> | void): Promise<{ cpuMs: number; wallMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await work();
  const used = process.cpuUsage(cpu);
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - started };
}

/** Counts one more error under `key`. */
export function tally(errors: Record<string, number>, key: string): void {
  errors[key] = (errors[key] ?? 0) + 1;
}

/** A count per lifecycle for the report: two decimals, none when whole. */
export function perLifecycleCount(value: number): string {
  return value.toFixed(2).replace(/\.00$/, '');
}
