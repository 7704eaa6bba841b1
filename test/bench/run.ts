/**
 * `npm run bench`: runs the benchmarks, prints each section and writes the whole report as Markdown to
 * `test/bench/results/latest.md` (`--out` elsewhere), also when a benchmark fails or with `--only`. It asserts
 * nothing: the machine is shared and figures vary from run to run; the report marks each goal met or missed.
 * Each benchmark uses its own BullMQ prefix and temp dir and removes them, also on error or Ctrl-C.
 *
 * A benchmark is one entry of BENCHMARKS: its `--only` name, a line of help and how it runs from the options.
 * One that depends on the database (`perDatabase`) runs once per database of `--database`, SQLite then
 * PostgreSQL (a throwaway database it creates and drops), each run a section of its own.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAckLatency } from './ack-latency.js';
import {
  type BenchDatabase,
  DATABASE_LABEL,
  DATABASES,
  DEFAULT_POSTGRES_URL,
  parseDatabases,
} from './databases.js';
import { runDigestScale } from './digest-scale.js';
import { runEscalationLateness } from './escalation-lateness.js';
import type { BenchSection } from './goals.js';
import { runLifecycle } from './lifecycle.js';
import { runOutboxEnqueue } from './outbox-enqueue.js';
import { asSection, markdownReport, type SectionOutcome, tally, textSection } from './report.js';
import { runStartup } from './startup.js';
import { cleanup, DEFAULT_REDIS_URL, machineInfo } from './support.js';

const DEFAULT_OUT = fileURLToPath(new URL('./results/latest.md', import.meta.url));

const OPTIONS = {
  only: { type: 'string' },
  quick: { type: 'boolean' },
  database: { type: 'string' },
  postgres: { type: 'string' },
  out: { type: 'string' },
  requests: { type: 'string' },
  concurrency: { type: 'string' },
  warmup: { type: 'string' },
  timers: { type: 'string' },
  probes: { type: 'string' },
  'spread-ms': { type: 'string' },
  'reconcile-max': { type: 'string' },
  churn: { type: 'string' },
  passes: { type: 'string' },
  outbox: { type: 'string' },
  decisions: { type: 'string' },
  projects: { type: 'string' },
  'lifecycle-ms': { type: 'string' },
  'lifecycle-concurrency': { type: 'string' },
  'startup-sizes': { type: 'string' },
  'startup-repeats': { type: 'string' },
  redis: { type: 'string' },
  'cpu-prof': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

/** What every benchmark gets: the parsed options, `--quick`, Redis and a progress line writer (stderr). */
interface Context {
  readonly values: Values;
  readonly quick: boolean;
  readonly redisUrl: string;
  /** The PostgreSQL server the PostgreSQL runs create their throwaway databases on. */
  readonly postgresServer: string;
  readonly progress: (line: string) => void;
  /** An option's whole number, else its default for this run (full or `--quick`). */
  number(name: keyof Values, full: number, quick: number, min?: number): number;
  /** An option's comma-separated whole numbers, else the default for this run. */
  list(name: keyof Values, full: readonly number[], quick: readonly number[]): number[];
}

interface Benchmark {
  /** Its `--only` name. */
  readonly name: string;
  /** The report's heading should it fail before returning its section. */
  readonly title: string;
  readonly help: string;
  /** Runs once per database of `--database` (SQLite, then PostgreSQL); `run` is told which. */
  readonly perDatabase?: true;
  /** A plain-text result (a benchmark not yet converted to sections) is kept as a section without goals. */
  run(context: Context, database: BenchDatabase): Promise<string | BenchSection>;
}

const BENCHMARKS: readonly Benchmark[] = [
  {
    name: 'ack',
    title: 'Acks under bursts',
    help: 'Ack latency of /decide, the form submission and an option button, real bot vs bare Bolt',
    perDatabase: true,
    run: (c, database) => {
      c.progress(`ack on ${DATABASE_LABEL[database]}: real bot, then bare Bolt`);
      return runAckLatency({
        requests: c.number('requests', 500, 100),
        concurrency: c.list('concurrency', [50, 200], [50]).map((n) => Math.max(1, n)),
        warmup: c.number('warmup', 50, 10),
        redisUrl: c.redisUrl,
        database,
        postgresServer: c.postgresServer,
        cpuProfileDir: c.values['cpu-prof'],
      });
    },
  },
  {
    name: 'outbox',
    title: 'Outbox enqueue against a backlog',
    help: 'Cost of deliveries.enqueue() (after every state change) against pending outbox rows',
    run: (c) => {
      c.progress('outbox: enqueue() against pending rows');
      return runOutboxEnqueue({
        backlogs: c.list('outbox', [0, 100, 300, 1000, 2000], [0, 300, 2000]),
        redisUrl: c.redisUrl,
      });
    },
  },
  {
    name: 'timers',
    title: 'Escalation lateness',
    help: 'Escalation lateness with many pending timers, real timer worker vs bare BullMQ; Redis memory',
    run: (c) =>
      runEscalationLateness(
        {
          sizes: c.list('timers', [10_000, 100_000], [2000]),
          probes: c.number('probes', 200, 30, 1),
          spreadMs: c.number('spread-ms', 5000, 1000),
          reconcileMax: c.number('reconcile-max', 100_000, 10_000),
          churn: c.number('churn', 300, 100),
          passes: c.number('passes', 3, 1, 1),
          redisUrl: c.redisUrl,
        },
        c.progress,
      ),
  },
  {
    name: 'digest',
    title: 'Weekly digest over a large history',
    help: "One project's digest over many stored decisions, as the bot builds it vs the same aggregates in SQL",
    run: (c) =>
      runDigestScale(
        {
          decisions: c.number('decisions', 1_000_000, 20_000, 1),
          projects: c.number('projects', 50, 10, 1),
        },
        c.progress,
      ),
  },
  {
    name: 'lifecycle',
    title: 'Full decision lifecycles',
    help: 'Full lifecycles (open, DM, click, closed) sustained under load: bot CPU vs the sum of its parts',
    perDatabase: true,
    run: (c, database) =>
      runLifecycle(
        {
          durationMs: c.number('lifecycle-ms', 60_000, 3000, 1000),
          concurrency: c.number('lifecycle-concurrency', 50, 10, 1),
          ...(c.quick ? { warmupMs: 1000, soloRuns: 1 } : {}),
          redisUrl: c.redisUrl,
          database,
          postgresServer: c.postgresServer,
          ...(c.values['cpu-prof'] ? { cpuProfileDir: c.values['cpu-prof'] } : {}),
        },
        c.progress,
      ),
  },
  {
    name: 'startup',
    title: 'Start-up',
    help: 'Time from spawning node dist/main.js until it listens (empty, many open decisions); RSS per process',
    run: (c) =>
      runStartup(
        {
          sizes: c.list('startup-sizes', [0, 100_000], [0, 10_000]),
          repeats: c.number('startup-repeats', 3, 2, 1),
          // Quick: only the last start of the largest case waits for the reconcile (memory); no npm start and
          // no watching the memory settle.
          ...(c.quick ? { memoryStarts: 1, memoryOnLargestOnly: true, npmStart: false, settleMs: 0 } : {}),
          cpuProfileDir: c.values['cpu-prof'],
          redisUrl: c.redisUrl,
        },
        c.progress,
      ),
  },
];

const NAMES = BENCHMARKS.map((b) => b.name);
const PER_DATABASE = BENCHMARKS.filter((b) => b.perDatabase).map((b) => b.name);

const HELP = `Usage: npm run bench -- [options]

Benchmarks of decide-bot. Prints each section and writes the whole report, one table of goals then each
benchmark's method and detail, to test/bench/results/latest.md (also with --only, and when one fails).
${PER_DATABASE.join(' and ')} run once per database: SQLite, then PostgreSQL on a throwaway database they create
and drop (also on error or Ctrl-C); the other benchmarks use SQLite.

${BENCHMARKS.map((b) => `  ${b.name.padEnd(8)} ${b.help}`).join('\n')}

Options (defaults: full run / --quick):
  --only NAME[,NAME]        run these benchmarks only (${NAMES.join(', ')}; default: all)
  --quick                   smaller counts, the whole suite in about two minutes; the report says so
  --database sqlite|postgres|both
                            ${PER_DATABASE.join(', ')}: the databases to run on, one run each (default both)
  --postgres URL            the PostgreSQL server the throwaway databases are created on, as a URL its user
                            may create databases from (default $TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres)
  --out FILE                write the Markdown report to FILE (default test/bench/results/latest.md)
  --requests N              ack: requests per path and load (500 / 100)
  --concurrency N,N         ack: requests in flight, one round per load (50,200 / 50)
  --warmup N                ack: requests per path in the unrecorded warm-up round (50 / 10)
  --timers N,N,...          timers: open decisions per run (10000,100000 / 2000)
  --probes N                timers: probe escalations per run (200 / 30)
  --spread-ms N             timers: the probes fall due over this window (5000 / 1000)
  --reconcile-max N         timers: time the full reconcile pass when open decisions <= N (100000 / 10000)
  --churn N                 timers: decisions changed before each incremental reconcile pass (300 / 100)
  --passes N                timers: incremental passes timed per size (3 / 1)
  --outbox N,N,...          outbox: pending rows to measure at (0,100,300,1000,2000 / 0,300,2000)
  --decisions N             digest: stored decisions (1000000 / 20000)
  --projects N              digest: projects they are spread over (50 / 10)
  --lifecycle-ms N          lifecycle: the measured window (60000 / 3000)
  --lifecycle-concurrency N lifecycle: lifecycles in flight (50 / 10)
  --startup-sizes N,N       startup: open decisions per case, 0 = empty database (0,100000 / 0,10000)
  --startup-repeats N       startup: starts per case (3 / 2; --quick: memory read once, no npm start)
  --cpu-prof DIR            ack, startup: write V8 CPU profiles of the server processes (bot) to DIR
  --redis URL               Redis (default $REDIS_URL or ${DEFAULT_REDIS_URL})
  -h, --help                this text
`;

function wholeNumber(name: string, text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < 0)
    throw new Error(`--${name}: expected a whole number, got "${text}"`);
  return value;
}

function context(values: Values, progress: (line: string) => void): Context {
  const quick = values.quick === true;
  const text = (name: keyof Values): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    values,
    quick,
    redisUrl: values.redis ?? process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
    postgresServer: values.postgres ?? DEFAULT_POSTGRES_URL,
    progress,
    number(name, full, quickValue, min = 0) {
      const given = text(name);
      return Math.max(min, given === undefined ? (quick ? quickValue : full) : wholeNumber(name, given));
    },
    list(name, full, quickValue) {
      const given = text(name);
      if (given === undefined) return [...(quick ? quickValue : full)];
      return given.split(',').map((s) => wholeNumber(name, s));
    },
  };
}

/** The run so far: what the report is written from, also after Ctrl-C. */
const state = {
  startedAt: new Date(),
  started: performance.now(),
  argv: process.argv.slice(2),
  machine: [] as string[],
  quick: false,
  selected: [] as string[],
  /** The databases the per-database benchmarks run on, by name. */
  databases: [] as string[],
  outcomes: [] as SectionOutcome[],
  out: DEFAULT_OUT,
  ready: false,
  /** The benchmark under way. */
  running: undefined as string | undefined,
  /** Set by Ctrl-C: every later report (the one after the benchmark under way fails, as its cleanup stops it) says so. */
  interrupted: undefined as string | undefined,
};

function writeReport(): void {
  if (!state.ready) return;
  const { interrupted } = state;
  const markdown = markdownReport({
    startedAt: state.startedAt,
    machine: [
      ...state.machine,
      `load average when the report was written: ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    ],
    quick: state.quick,
    argv: state.argv,
    databases: state.databases,
    perDatabase: PER_DATABASE,
    available: NAMES,
    selected: state.selected,
    outcomes: state.outcomes,
    totalMs: performance.now() - state.started,
    ...(interrupted === undefined ? {} : { interrupted }),
  });
  mkdirSync(dirname(state.out), { recursive: true });
  writeFileSync(state.out, markdown);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ args: state.argv, options: OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const selected = values.only === undefined ? NAMES : values.only.split(',').map((s) => s.trim());
  const unknown = selected.filter((n) => !NAMES.includes(n));
  if (unknown.length > 0 || selected.length === 0) {
    throw new Error(`--only: expected some of ${NAMES.join(', ')}, got "${values.only}"`);
  }
  const progress = (line: string) =>
    process.stderr.write(
      `[${((performance.now() - state.started) / 1000).toFixed(0).padStart(4)} s] ${line}\n`,
    );
  const databases = parseDatabases(values.database);
  const ctx = context(values, progress);
  state.quick = ctx.quick;
  state.selected = NAMES.filter((n) => selected.includes(n));
  state.databases = databases.map((d) => DATABASE_LABEL[d]);
  state.out = values.out === undefined ? DEFAULT_OUT : resolve(values.out);
  state.machine = await machineInfo(
    ctx.redisUrl,
    databases.includes('postgres') ? ctx.postgresServer : undefined,
  );
  state.ready = true;

  const print = (text: string) => process.stdout.write(`${text}\n\n`);
  print(
    [
      `decide-bot benchmarks, ${state.startedAt.toISOString()}${ctx.quick ? ' (quick run)' : ''}`,
      ...state.machine.map((l) => `  ${l}`),
    ].join('\n'),
  );
  writeReport();
  // A per-database benchmark once per database, SQLite first; the others once (on SQLite).
  const runs = BENCHMARKS.filter((b) => state.selected.includes(b.name)).flatMap((bench) =>
    (bench.perDatabase ? databases : [DATABASES[0] as BenchDatabase]).map((database) => ({
      bench,
      database,
      title: bench.perDatabase ? `${bench.title} on ${DATABASE_LABEL[database]}` : bench.title,
      running: bench.perDatabase ? `${bench.name} on ${DATABASE_LABEL[database]}` : bench.name,
    })),
  );
  for (const { bench, database, title, running } of runs) {
    const started = performance.now();
    state.running = running;
    let outcome: SectionOutcome;
    try {
      const section = asSection(title, await bench.run(ctx, database));
      outcome = { name: bench.name, title, section, ms: performance.now() - started };
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      progress(`${running} failed: ${error}`);
      // Its own finally blocks have undone what it set up; the next benchmark runs all the same.
      outcome = { name: bench.name, title, error, ms: performance.now() - started };
    }
    state.running = undefined;
    state.outcomes.push(outcome);
    print(textSection(outcome));
    writeReport();
  }
  const t = tally(state.outcomes);
  process.stdout.write(
    `Total time: ${((performance.now() - state.started) / 1000).toFixed(0)} s; goals met ${t.met}, missed ${t.missed}, reported ${t.reported}${t.failed > 0 ? `; ${t.failed} failed` : ''}\n`,
  );
  process.stdout.write(`Report: ${state.out}\n`);
  return t.failed > 0 ? 1 : 0;
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: cleaning up (servers, Redis keys, temp dirs)...\n`);
    state.interrupted = `${signal}${state.running === undefined ? '' : ` during ${state.running}`}`;
    try {
      writeReport();
    } catch (e) {
      process.stderr.write(`could not write the report: ${String(e)}\n`);
    }
    void cleanup.runAll().finally(() => process.exit(130));
  });
}

main()
  .catch(async (e: unknown) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  })
  .then(async (code) => {
    await cleanup.runAll();
    process.exit(code);
  });
