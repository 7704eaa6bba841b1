/**
 * How long the production bot takes to start, already built: from spawning `node dist/main.js` (what
 * `npm start` runs after its no-op `tsc -b`) until its HTTP port answers `GET /healthz`, with an empty database
 * and with many open decisions, next to a reference measured in the same run (`node -e` starting an empty HTTP
 * server, timed the same way). Also the resident memory (VmRSS) of the bot's process and of every child process
 * of it once start-up has finished its reconcile pass, and `npm start` itself once.
 *
 * The bot runs in production mode (Slack credentials set) against the project's Slack stand-in in this
 * process, with a project file, a SQLite file filled with the real migrations and the repository's own row
 * mappers, and a BullMQ prefix of its own per start (deleted after each start: every start finds Redis empty,
 * as after a flush, and rebuilds the timers from SQLite).
 */

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { type Config, loadConfig } from '../../src/config.js';
import { BusinessCalendar } from '../../src/domain/business-calendar.js';
import type { Project } from '../../src/domain/project.js';
import { openDecision as openTransition } from '../../src/domain/transitions/index.js';
import { QUEUE } from '../../src/jobs/names.js';
import { startFakeSlack } from '../../src/sandbox/index.js';
import { type Database, openDatabase, ProjectRepository } from '../../src/storage/index.js';
import { decisionToRow, eventToRow } from '../../src/storage/repositories/decision-rows.js';
import { decisionEvents, decisions } from '../../src/storage/schema.js';
import { answers, distIsStale, MAIN, ROOT } from './bot-dist.js';
import { insertOf } from './digest-scale.js';
import { type Roster, SIGNING_SECRET, seedRoster } from './fixture.js';
import { type BenchSection, type GoalRow, ratio } from './goals.js';
import { count, figures, ms, seconds } from './stats.js';
import { benchPrefix, cleanup, deleteKeys, tempDir, waitUntil } from './support.js';
import { notes, table } from './table.js';

export interface StartupOptions {
  /** Open decisions in the database per case, e.g. [0, 100_000]; 0 is the empty database. */
  readonly sizes: readonly number[];
  /** Starts per case (and of the reference); the figures are their median and max. */
  readonly repeats: number;
  readonly redisUrl: string;
  /**
   * How many of the starts per case (the last ones) wait for the start-up reconcile and read the memory; the
   * others stop as soon as the bot listens. Default: all of them (`--quick`: 1, to save their reconcile).
   */
  readonly memoryStarts?: number;
  /**
   * After the last start of the largest case reconciled, watch its memory this long (ms) for the lowest total
   * RSS (the reconcile's garbage collected and the heap shrunk). Default 60 s; 0: not at all.
   */
  readonly settleMs?: number;
  /** Only the largest case waits for the reconcile (its memory is the goal's); the others stop once listening. */
  readonly memoryOnLargestOnly?: boolean;
  /** Also time `npm start` once (its `tsc -b` and npm's own start-up included). Default true. */
  readonly npmStart?: boolean;
  /** Write V8 CPU profiles of the bot's processes here (it slows them down: figures are then not comparable). */
  readonly cpuProfileDir?: string | undefined;
  /** Give up on one start after this long (ms). Default 120 s. */
  readonly timeoutMs?: number;
}

/** Goals: listening within 2 s with an empty database, 3 s with 100,000 open decisions; RSS ≤ 200 MB each. */
const GOAL_EMPTY_MS = 2000;
const GOAL_OPEN_MS = 3000;
const GOAL_RSS_BYTES = 200 * 1024 * 1024;
/** The size the 3 s and the memory goals are stated for. */
const GOAL_SIZE = 100_000;
const RECONCILED = 'reconciled timers and outbox from the database';
/** Without the reconcile line: start-up counts as finished once the timers in Redis stop changing this long. */
const LINE_GRACE_MS = 5_000;
const SETTLE_MS = 60_000;
const SETTLE_POLL_MS = 2000;

const REFERENCE_SCRIPT =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(Number(process.env.PORT), '127.0.0.1')";

interface ProcessMemory {
  /** `main`, or the child's command line (shortened). */
  readonly label: string;
  readonly rssBytes: number;
  /** VmHWM: the highest RSS the process has had so far. */
  readonly peakBytes: number;
}

interface Start {
  /** Spawn → first HTTP answer (ms). */
  readonly listenMs: number;
  /** Spawn → the reconcile line (or the timers in Redis), ms; undefined when not waited for. */
  readonly readyMs?: number;
  readonly memory?: readonly ProcessMemory[];
  /** How start-up completion was seen: the log line or the timers in Redis. */
  readonly readyBy?: string;
  /** Delayed timer jobs in Redis once reconciled. */
  readonly timers?: number;
  /** The lowest total RSS seen while the bot idled after its reconcile, and after how long. */
  readonly settled?: { readonly memory: readonly ProcessMemory[]; readonly afterMs: number };
}

interface Case {
  readonly size: number;
  readonly fillMs: number;
  readonly starts: readonly Start[];
}

/**
 * Builds `dist/` when stale; returns what was done, for the report. A tree that does not compile (someone's
 * edit under way) is refused before the build, which would otherwise emit what it could over `dist/`.
 */
function ensureBuilt(progress: (line: string) => void): string {
  if (!distIsStale()) return 'dist/ was up to date';
  progress('startup: dist/ is stale, npm run build');
  const started = performance.now();
  const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
  const check = spawnSync(tsc, ['-p', 'tsconfig.build.json', '--noEmit'], { cwd: ROOT, encoding: 'utf8' });
  if (check.status !== 0) {
    const errors = `${check.stdout}${check.stderr}`.trim().split('\n');
    throw new Error(
      `src/ does not compile, so dist/ cannot be rebuilt (${errors.length} lines of errors; dist/ left as it was):\n${errors.slice(0, 10).join('\n')}`,
    );
  }
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`npm run build failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return `dist/ was stale: npm run build took ${seconds(performance.now() - started)} (not part of the figures)`;
}

/** Whether `port` can be listened on (all interfaces, as the bot listens). */
function canListen(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : undefined));
    });
  });
}

/**
 * A free TCP port whose next one is free too (the default layout's worker child serves /metrics on PORT+1);
 * closed again before the process under test takes it.
 */
async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await canListen(0);
    if (port !== undefined && port < 65535 && (await canListen(port + 1)) !== undefined) return port;
  }
  throw new Error('no two free TCP ports in a row');
}

/** VmRSS and VmHWM of `pid` in bytes (0 when it has gone). */
function rssOf(pid: number): { rssBytes: number; peakBytes: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) =>
      Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
    return { rssBytes: kb('VmRSS'), peakBytes: kb('VmHWM') };
  } catch {
    return { rssBytes: 0, peakBytes: 0 };
  }
}

/** The direct children of `pid`, from every thread's `children` list. */
function childrenOf(pid: number): number[] {
  const out = new Set<number>();
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      for (const child of text.split(/\s+/)) if (child !== '') out.add(Number(child));
    }
  } catch {
    // gone meanwhile
  }
  return [...out];
}

function commandOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return args.map((a) => (a.startsWith('/') ? a.replace(ROOT, '') : a)).join(' ');
  } catch {
    return `pid ${pid}`;
  }
}

/** The RSS of `pid` and of every descendant (children first found through /proc/<pid>/task/\*\/children). */
function memoryTree(pid: number): ProcessMemory[] {
  const out: ProcessMemory[] = [{ label: 'main', ...rssOf(pid) }];
  const walk = (parent: number) => {
    for (const child of childrenOf(parent)) {
      out.push({ label: `child ${out.length} (${commandOf(child).slice(0, 60)})`, ...rssOf(child) });
      walk(child);
    }
  };
  walk(pid);
  return out;
}

/**
 * The bot's memory while it idles after the reconcile: read every SETTLE_POLL_MS for up to `ms`, keeping the
 * reading with the lowest total; stops early once the total has fallen below half of `atReconcile`'s.
 */
async function settledMemory(
  pid: number,
  atReconcile: readonly ProcessMemory[],
  ms: number,
): Promise<{ memory: readonly ProcessMemory[]; afterMs: number }> {
  const total = (m: readonly ProcessMemory[]) => m.reduce((sum, p) => sum + p.rssBytes, 0);
  const started = performance.now();
  let best = { memory: atReconcile, afterMs: 0 };
  while (performance.now() - started < ms) {
    await sleep(SETTLE_POLL_MS);
    const memory = memoryTree(pid);
    if (total(memory) < total(best.memory)) best = { memory, afterMs: performance.now() - started };
    if (total(best.memory) < total(atReconcile) / 2) break;
  }
  return best;
}

/** A process spawned in its own group, stopped (SIGTERM to the group, SIGKILL after 15 s) by `stop` or the cleanup. */
class Spawned {
  readonly output: string[] = [];
  private readonly exited: Promise<void>;
  private readonly forget: () => Promise<void>;
  private watchers: ((line: string) => void)[] = [];

  constructor(
    readonly child: ChildProcess,
    readonly startedAt: number,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    let pending = '';
    const onData = (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (this.output.length < 200) this.output.push(line);
        for (const watch of this.watchers) watch(line);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    this.forget = cleanup.defer(() => this.kill());
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves with the ms since spawn when a line of stdout or stderr contains `text`. */
  lineContaining(text: string): Promise<number> {
    return new Promise((resolve) => {
      const watch = (line: string) => {
        if (!line.includes(text)) return;
        this.watchers = this.watchers.filter((w) => w !== watch);
        resolve(performance.now() - this.startedAt);
      };
      this.watchers.push(watch);
    });
  }

  stop(): Promise<void> {
    return this.forget();
  }

  private async kill(): Promise<void> {
    if (!this.running || this.child.pid === undefined) return;
    const pid = this.child.pid;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group has gone
      }
    };
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
    // Its children (the worker process) got the signal too; none may outlive the benchmark.
    const groupAlive = () => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!(await waitUntil(() => !groupAlive(), 15_000, 50))) signalGroup('SIGKILL');
  }
}

function spawnTimed(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Spawned {
  const startedAt = performance.now();
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Spawned(child, startedAt);
}

/** Polls `GET /healthz` every 5 ms until it answers; the ms since spawn. */
async function untilListening(spawned: Spawned, port: number, timeoutMs: number): Promise<number> {
  const ok = await waitUntil(
    async () => {
      if (!spawned.running) throw new Error(`exited (${spawned.child.exitCode}) before listening`);
      return answers(port);
    },
    timeoutMs,
    5,
  );
  if (!ok) throw new Error(`not listening after ${seconds(timeoutMs)}`);
  return performance.now() - spawned.startedAt;
}

/**
 * N approve/reject decisions held by the SPoC, opened now (5-day SLA per level, reminders at 50% and 80%),
 * written in one transaction as the repository writes them: its row mappers (`decisionToRow`, `eventToRow`)
 * through prepared INSERTs of every column, as the digest benchmark fills its history (which checks those
 * against the repository's own writes). One real `openDecision` transition is the template; each row is that
 * decision with its own id and question. No outbox rows: their messages count as sent long ago.
 */
function insertOpen(database: Database, project: Project, roster: Roster, n: number, config: Config): void {
  const calendar = new BusinessCalendar(config.calendar);
  const request = {
    projectId: project.id,
    requester: roster.keyUser,
    question: 'Open decision: approve the change request?',
    context: 'Generated by the start-up benchmark.',
    options: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
    impact: 'normal' as const,
  };
  const template = openTransition(request, randomUUID(), project, false, {
    now: Date.now(),
    clock: calendar,
  });
  if (!template.ok) throw new Error(`cannot open a decision: ${JSON.stringify(template.refusal)}`);
  const insertDecision = insertOf(decisions);
  const insertEvent = insertOf(decisionEvents, ['id']);
  const decisionStatement = database.sqlite.prepare(insertDecision.sql);
  const eventStatement = database.sqlite.prepare(insertEvent.sql);
  database.sqlite
    .transaction(() => {
      for (let i = 0; i < n; i++) {
        const decision = {
          ...template.decision,
          id: randomUUID(),
          question: `Open decision ${i}: approve the change request?`,
        };
        decisionStatement.run(insertDecision.values(decisionToRow(decision)));
        template.events.forEach((e, k) => {
          eventStatement.run(insertEvent.values(eventToRow(decision.id, k + 1, e)));
        });
      }
    })
    .immediate();
}

function projectFile(channel: string, roster: Roster): string {
  return `timezone: UTC
business_hours: always
projects:
  - id: bench-startup
    name: "Bench start-up"
    channel: ${channel}
    spoc: ${roster.spoc}
    deputy: ${roster.deputy}
    sponsors: [${roster.sponsor}]
    steering_committee: { members: [${roster.sponsor}, ${roster.cfo}, ${roster.director}], quorum: 2 }
    key_users: { inventory: [${roster.keyUser}] }
    authority: { spoc_max_budget: 5000 }
    sla:
      low: { spoc: 5d, sponsor: 5d, committee: 5d }
      normal: { spoc: 5d, sponsor: 5d, committee: 5d }
      high: { spoc: 5d, sponsor: 5d, committee: 5d }
      critical: { spoc: 5d, sponsor: 5d, committee: 5d }
    reminders: [0.5, 0.8]
`;
}

/** The child's environment: this one without what would change how Node or the bot starts. */
function baseEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ['NODE_OPTIONS', 'SLACK_APP_TOKEN', 'LOG_FORMAT', 'LOG_LEVEL', 'npm_config_loglevel'])
    delete env[name];
  return env;
}

export async function runStartup(
  options: StartupOptions,
  progress: (line: string) => void = () => {},
): Promise<BenchSection> {
  const repeats = Math.max(1, options.repeats);
  const memoryStarts = Math.min(repeats, Math.max(1, options.memoryStarts ?? repeats));
  const settleMs = options.settleMs ?? SETTLE_MS;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const { redisUrl } = options;
  const build = ensureBuilt(progress);
  const fake = await startFakeSlack();
  const closeFake = cleanup.defer(() => fake.close());
  const dir = tempDir('startup');
  try {
    const roster = seedRoster(fake);
    const channel = fake.workspace.addChannel({ name: 'startup', members: Object.values(roster) });
    const configPath = join(dir.path, 'decide.config.yml');
    writeFileSync(configPath, projectFile(channel, roster));
    const env = (port: number, databasePath: string, prefix: string): NodeJS.ProcessEnv => ({
      ...baseEnv(),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      PORT: String(port),
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      DATABASE_PATH: databasePath,
      DECIDE_CONFIG: configPath,
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
    });
    // The projects exactly as the bot will read them.
    const config = loadConfig(env(0, join(dir.path, 'unused.db'), 'unused'));
    const project = config.projects[0];
    if (project === undefined) throw new Error('the project file has no project');

    /** One start of the bot on a copy of `template`, its own prefix; waits for the reconcile pass when `ready`. */
    const startBot = async (
      template: string,
      size: number,
      ready: boolean,
      settle = false,
    ): Promise<Start> => {
      const databasePath = join(dir.path, `run-${randomUUID()}.db`);
      copyFileSync(template, databasePath);
      const prefix = benchPrefix('startup');
      const dropKeys = cleanup.defer(async () => void (await deleteKeys(redisUrl, prefix)));
      const port = await freePort();
      const profile = options.cpuProfileDir
        ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDir)}`]
        : [];
      const bot = spawnTimed(process.execPath, [...profile, MAIN], env(port, databasePath, prefix));
      try {
        let lineAt: number | undefined;
        void bot.lineContaining(RECONCILED).then((at) => {
          lineAt = at;
        });
        const listenMs = await untilListening(bot, port, timeoutMs);
        if (!ready) return { listenMs };
        const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
        const delayedKey = `${prefix}:${QUEUE.timers}:delayed`;
        let timers = 0;
        let stableSince: number | undefined;
        try {
          // The log line; should a layout log it elsewhere: the timers in Redis, unchanged for LINE_GRACE_MS.
          const done = await waitUntil(
            async () => {
              if (lineAt !== undefined) return true;
              if (!bot.running) throw new Error(`exited (${bot.child.exitCode}) before reconciling`);
              const now = performance.now() - bot.startedAt;
              const seen = await redis.zcard(delayedKey);
              if (seen !== timers || seen === 0) stableSince = seen === 0 ? undefined : now;
              timers = seen;
              return size > 0 && stableSince !== undefined && now - stableSince > LINE_GRACE_MS;
            },
            timeoutMs,
            20,
          );
          if (!done) throw new Error(`start-up not finished after ${seconds(timeoutMs)}`);
          timers = await redis.zcard(delayedKey);
        } finally {
          redis.disconnect();
        }
        const finished =
          lineAt !== undefined
            ? { at: lineAt, by: 'log line' }
            : { at: stableSince ?? 0, by: `timers in Redis, then ${seconds(LINE_GRACE_MS)} unchanged` };
        const pid = bot.child.pid;
        const memory = pid === undefined ? [] : memoryTree(pid);
        const settled = pid !== undefined && settle ? await settledMemory(pid, memory, settleMs) : undefined;
        return {
          listenMs,
          readyMs: finished.at,
          readyBy: finished.by,
          memory,
          timers,
          ...(settled === undefined ? {} : { settled }),
        };
      } catch (error) {
        const tail = bot.output.slice(-15).join('\n');
        throw new Error(`${error instanceof Error ? error.message : String(error)}; its output:\n${tail}`);
      } finally {
        const t0 = performance.now();
        await bot.stop();
        const t1 = performance.now();
        await dropKeys();
        if (process.env.BENCH_DEBUG)
          progress(`  stop ${ms(t1 - t0)} ms, keys ${ms(performance.now() - t1)} ms`);
      }
    };

    // The reference: an empty HTTP server from `node -e`, timed the same way.
    progress(`startup: reference, node -e with an empty HTTP server, ${repeats} times`);
    const reference: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const port = await freePort();
      const server = spawnTimed(process.execPath, ['-e', REFERENCE_SCRIPT], {
        ...baseEnv(),
        PORT: String(port),
      });
      try {
        reference.push(await untilListening(server, port, timeoutMs));
      } finally {
        await server.stop();
      }
    }

    const cases: Case[] = [];
    for (const size of options.sizes) {
      const template = join(dir.path, `template-${size}.db`);
      const fillStarted = performance.now();
      const database = openDatabase(template);
      try {
        await new ProjectRepository(database.db).sync(config.projects, Date.now());
        if (size > 0) {
          progress(`startup: writing ${count(size)} open decisions to SQLite`);
          insertOpen(database, project, roster, size, config);
        }
        database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      } finally {
        database.close();
      }
      const fillMs = performance.now() - fillStarted;
      const starts: Start[] = [];
      for (let i = 0; i < repeats; i++) {
        progress(`startup: node dist/main.js, ${count(size)} open decisions, start ${i + 1} of ${repeats}`);
        const largest = size === Math.max(...options.sizes);
        const waits = !options.memoryOnLargestOnly || largest;
        const last = i === repeats - 1;
        starts.push(
          await startBot(
            template,
            size,
            waits && i >= repeats - memoryStarts,
            largest && last && settleMs > 0,
          ),
        );
      }
      cases.push({ size, fillMs, starts });
    }

    let npmStart: number | undefined;
    if (options.npmStart ?? true) {
      progress('startup: npm start, once, empty database');
      const template = join(dir.path, 'template-npm.db');
      const database = openDatabase(template);
      await new ProjectRepository(database.db).sync(config.projects, Date.now());
      database.close();
      const databasePath = join(dir.path, 'npm.db');
      copyFileSync(template, databasePath);
      const prefix = benchPrefix('startup-npm');
      const dropKeys = cleanup.defer(async () => void (await deleteKeys(redisUrl, prefix)));
      const port = await freePort();
      const npm = spawnTimed('npm', ['start', '--silent'], env(port, databasePath, prefix));
      try {
        npmStart = await untilListening(npm, port, timeoutMs);
      } finally {
        await npm.stop();
        await dropKeys();
      }
    }
    return section({ options: { ...options, repeats, memoryStarts }, build, reference, cases, npmStart });
  } finally {
    await closeFake();
    await dir.remove();
  }
}

function stat(values: readonly number[]): { median: number; max: number } {
  const f = figures(values);
  return { median: f.p50 ?? 0, max: f.max ?? 0 };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function section(input: {
  options: StartupOptions & { repeats: number; memoryStarts: number };
  build: string;
  reference: readonly number[];
  cases: readonly Case[];
  npmStart: number | undefined;
}): BenchSection {
  const { options, reference, cases } = input;
  const ref = stat(reference);
  const refText = `node -e empty HTTP server: ${ms(ref.median)} ms`;
  const of = (n: number) => (n === 1 ? 'once' : `median (max) of ${n}`);
  const value = (v: { median: number; max: number }, n: number, unit: (x: number) => string) =>
    n === 1 ? unit(v.median) : `${unit(v.median)} (${unit(v.max)})`;
  const msUnit = (x: number) => `${ms(x)} ms`;
  const atGoalSize = (size: number, goal: string) =>
    size >= GOAL_SIZE ? goal : `${goal} at ${count(GOAL_SIZE)}`;
  const goals: GoalRow[] = [];
  for (const c of cases) {
    const listen = stat(c.starts.map((s) => s.listenMs));
    const empty = c.size === 0;
    const goalMs = empty ? GOAL_EMPTY_MS : GOAL_OPEN_MS;
    goals.push({
      figure: `start-up until listening, ${empty ? 'empty database' : `${count(c.size)} open decisions`}: ${of(c.starts.length)}`,
      value: value(listen, c.starts.length, msUnit),
      reference: refText,
      ratio: ratio(listen.median, ref.median),
      goal: empty ? `≤ ${goalMs / 1000} s` : atGoalSize(c.size, `≤ ${goalMs / 1000} s`),
      met: listen.median <= goalMs,
    });
  }
  // Memory and the reconcile: the largest case (the goals are stated for 100,000 open decisions).
  const largest = cases.at(-1);
  const measured = largest?.starts.filter((s) => s.memory !== undefined) ?? [];
  if (largest !== undefined && measured.length > 0) {
    const what = `${count(largest.size)} open decisions, after the start-up reconcile`;
    const perProcess = new Map<string, number[]>();
    for (const s of measured) {
      for (const p of s.memory ?? [])
        perProcess.set(p.label, [...(perProcess.get(p.label) ?? []), p.rssBytes]);
    }
    for (const [label, values] of perProcess) {
      goals.push({
        figure: `RSS of ${label === 'main' ? 'the main process (node dist/main.js)' : label}, ${what}: ${of(values.length)}`,
        value: value(stat(values), values.length, mb),
        reference: '',
        ratio: '',
        goal: atGoalSize(largest.size, '≤ 200 MB'),
        met: stat(values).median <= GOAL_RSS_BYTES,
      });
    }
    if (perProcess.size > 1) {
      const sums = measured.map((s) => (s.memory ?? []).reduce((sum, p) => sum + p.rssBytes, 0));
      goals.push({
        figure: `RSS of all ${perProcess.size} processes together, ${what}: ${of(sums.length)}`,
        value: value(stat(sums), sums.length, mb),
        reference: '',
        ratio: '',
        goal: 'report',
        met: undefined,
      });
    }
    const peaks = measured.map((s) => Math.max(0, ...(s.memory ?? []).map((p) => p.peakBytes)));
    const peakOf = measured[0]?.memory?.reduce((a, b) => (b.peakBytes > a.peakBytes ? b : a));
    goals.push({
      figure: `peak RSS of one process (VmHWM, ${peakOf?.label === 'main' ? 'the main process' : (peakOf?.label ?? '-')}), ${count(largest.size)} open decisions, during start-up: ${of(peaks.length)}`,
      value: value(stat(peaks), peaks.length, mb),
      reference: '',
      ratio: '',
      goal: 'report',
      met: undefined,
    });
    const settled = measured.find((s) => s.settled !== undefined)?.settled;
    if (settled !== undefined) {
      goals.push({
        figure: `RSS once idle after the reconcile, ${count(largest.size)} open decisions: lowest total within ${seconds(options.settleMs ?? SETTLE_MS)}, once`,
        value: `${settled.memory.map((p) => mb(p.rssBytes)).join(' + ')} = ${mb(settled.memory.reduce((sum, p) => sum + p.rssBytes, 0))} (after ${seconds(settled.afterMs)})`,
        reference: '',
        ratio: '',
        goal: 'report',
        met: undefined,
      });
    }
    const ready = measured.map((s) => s.readyMs ?? 0);
    goals.push({
      figure: `start-up until reconciled (every timer rebuilt in an empty Redis), ${count(largest.size)} open decisions: ${of(ready.length)}`,
      value: value(stat(ready), ready.length, msUnit),
      reference: '',
      ratio: '',
      goal: 'report',
      met: undefined,
    });
  }
  if (input.npmStart !== undefined) {
    goals.push({
      figure: 'npm start until listening (its no-op tsc -b included), empty database: once',
      value: msUnit(input.npmStart),
      reference: refText,
      ratio: ratio(input.npmStart, ref.median),
      goal: 'report',
      met: undefined,
    });
  }

  const rows = cases.flatMap((c) =>
    c.starts.map((s, i) => [
      i === 0 ? count(c.size) : '',
      String(i + 1),
      ms(s.listenMs),
      s.readyMs === undefined ? '-' : ms(s.readyMs),
      s.timers === undefined ? '-' : count(s.timers),
      (s.memory ?? []).map((p) => mb(p.rssBytes)).join(' + ') || '-',
      s.readyBy ?? 'not waited for',
    ]),
  );
  const fills = cases
    .filter((c) => c.size > 0)
    .map((c) => `${count(c.size)} in ${seconds(c.fillMs)}`)
    .join(', ');
  const processes = measured[0]?.memory?.map((p) => p.label).join(', ') ?? 'none measured';
  const which = options.memoryOnLargestOnly ? 'of the largest case' : 'of each case';
  const waited =
    options.memoryStarts === options.repeats && !options.memoryOnLargestOnly
      ? 'every start waits for it'
      : `only the last ${options.memoryStarts === 1 ? 'start' : `${options.memoryStarts} starts`} ${which} wait${options.memoryStarts === 1 ? 's' : ''} for it, the others stop once listening`;
  const detail = [
    table(
      `Start-up of node dist/main.js (production mode), ${options.repeats} starts per case`,
      [
        'open decisions',
        'start',
        'listening ms',
        'reconciled ms',
        'delayed timers',
        'RSS (main + children)',
        'reconciled seen by',
      ],
      rows,
    ),
    '',
    table(
      'Reference: node -e starting an empty HTTP server',
      ['start', 'listening ms'],
      reference.map((v, i) => [String(i + 1), ms(v)]),
    ),
    '',
    notes([
      `${input.build}.`,
      ...(options.cpuProfileDir
        ? [
            `CPU profiles written to ${options.cpuProfileDir}: profiling slows start-up, these figures are not comparable.`,
          ]
        : []),
      'listening = the first HTTP answer to GET /healthz (polled every 5 ms from spawn); the web part listens before the workers run the start-up reconcile, so "reconciled" (the log line "reconciled timers and outbox from the database", on the processes\' stdout or stderr) comes later.',
      `RSS: VmRSS from /proc/<pid>/status of the spawned process and of every descendant (/proc/<pid>/task/*/children), read once start-up has reconciled (${waited}); processes seen: ${processes}. Peak: VmHWM, the highest RSS each process had until then.`,
      "Once idle: after the last start of the largest case reconciled, its RSS is read every 2 s while it does nothing; the lowest total is kept (the reconcile's garbage is collected and the heap shrinks some seconds later).",
      `Each start finds Redis empty under its own prefix (as after a flush), so the reconcile adds every timer (delayed timers: the jobs in Redis once reconciled); the database is a fresh copy of one filled file${fills === '' ? '' : ` (filled: ${fills})`}.`,
      input.npmStart === undefined
        ? 'npm start: not timed in this run.'
        : `npm start (once): ${ms(input.npmStart)} ms until listening, npm's own start and the no-op tsc -b included.`,
    ]),
  ].join('\n');
  return {
    title: 'Start-up',
    goals,
    method: [
      `node dist/main.js (already built) in production mode against the Slack stand-in: one project, ${options.sizes.map((s) => (s === 0 ? 'an empty database' : `${count(s)} open decisions`)).join(' and ')}, ${options.repeats} starts each; median and max.`,
      `Reference in the same run: node -e starting an empty HTTP server, ${options.repeats} starts, timed the same way (spawn to the first HTTP answer).`,
      'Open decisions: approve/reject, 5-day SLA per level, reminders at 50% and 80%, written with the repository row mappers into a SQLite file made by the real migrations.',
      `Memory: VmRSS of the main process and of each child, after the start-up reconcile, on the largest case (${options.memoryStarts === options.repeats ? 'every start' : `the last ${options.memoryStarts} of ${options.repeats} starts`}).`,
    ],
    detail,
  };
}
