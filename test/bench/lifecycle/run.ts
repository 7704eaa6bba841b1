/** The benchmark: the bot started, one lifecycle alone, the load, the checks, the reference parts, the report. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Project } from '../../../src/domain/project.js';
import { SlackDriver, startFakeSlack } from '../../../src/sandbox/index.js';
import { type BenchDatabase, type RunDatabase, runDatabase } from '../databases.js';
import { benchProject, flatSla, SIGNING_SECRET, seedRoster } from '../fixture.js';
import type { BenchSection } from '../goals.js';
import { seconds } from '../stats.js';
import { benchPrefix, cleanup, deleteKeys, tempDir } from '../support.js';
import { type BotDb, openBotDb } from './bot-db.js';
import { botEnv, projectFile } from './bot-env.js';
import { logSummary } from './bot-log.js';
import { BotProcess, freePortPair } from './bot-process.js';
import { ensureBuilt } from './build.js';
import { checkMessages } from './check.js';
import { type LoadContext, pollDatabase, runOne } from './driver.js';
import { runLoad } from './load.js';
import type { Expected, Lifecycle } from './model.js';
import { timersOfOneOpenDecision } from './open-timers.js';
import { cpuBetween, sumCpu, treeCpu } from './proc-cpu.js';
import { runReferences } from './references.js';
import { section } from './report.js';
import { Tracker } from './tracker.js';

export interface LifecycleOptions {
  /** The measured window (ms): 60 s for the goal, 10 s for a quick run. */
  readonly durationMs: number;
  /** Lifecycles in flight (each on its own requester): 50 for the goal, 20 for a quick run. */
  readonly concurrency: number;
  readonly redisUrl: string;
  /** The bot's database: a SQLite file, or a throwaway PostgreSQL database on `postgresServer`. */
  readonly database: BenchDatabase;
  /** The PostgreSQL server the throwaway databases (the bot's, part (b)'s) are created on. */
  readonly postgresServer: string;
  /** Unmeasured load before the window (ms). Default a sixth of the window, 2 to 10 s. */
  readonly warmupMs?: number;
  /** Lifecycles run one at a time before the load (the first one teaches the expected calls). Default 10. */
  readonly soloRuns?: number;
  /**
   * Write V8 CPU profiles of the bot's processes here, one per process, written when it exits (a preload started
   * through NODE_OPTIONS, which every child inherits: Node refuses --cpu-prof there). The profiler's own cost is
   * then in the bot's figures.
   */
  readonly cpuProfileDir?: string | undefined;
}

/** Lifecycles each reference part runs unmeasured first (at least). */
const REFERENCE_WARMUP = 200;
const DAYS_5 = { amount: 5, unit: 'd' } as const;

export async function runLifecycle(
  options: LifecycleOptions,
  progress: (line: string) => void,
): Promise<BenchSection> {
  const { durationMs, redisUrl } = options;
  const concurrency = Math.max(1, options.concurrency);
  const warmupMs = options.warmupMs ?? Math.min(10_000, Math.max(2000, durationMs / 6));
  const soloRuns = Math.max(1, options.soloRuns ?? 10);
  const build = ensureBuilt(progress);
  // The stand-in's clock stands still while part (d) resends the bot's views.open calls with fresh triggers.
  let frozenAt: number | undefined;
  const fake = await startFakeSlack({ now: () => frozenAt ?? Date.now() });
  const closeFake = cleanup.defer(() => fake.close());
  const dir = tempDir('lifecycle');
  const prefix = benchPrefix('lifecycle');
  const referencePrefix = benchPrefix('lifecycle-ref');
  const dropKeys = cleanup.defer(async () => {
    await deleteKeys(redisUrl, prefix);
    await deleteKeys(redisUrl, referencePrefix);
  });
  let bot: BotProcess | undefined;
  let botDb: BotDb | undefined;
  let database: RunDatabase | undefined;
  try {
    database = await runDatabase(options.database, {
      dir: dir.path,
      file: 'decide.db',
      server: options.postgresServer,
    });
    const roster = seedRoster(fake);
    const users = Array.from({ length: concurrency }, (_, i) =>
      fake.workspace.addUser({ name: `requester.${i}` }),
    );
    const channel = fake.workspace.addChannel({
      name: 'erp-rollout',
      members: [...Object.values(roster), ...users],
    });
    const project: Project = {
      ...benchProject({
        id: 'bench-lifecycle',
        channel,
        roster,
        // Far-away timers: nothing fires during the benchmark.
        sla: flatSla({ spoc: DAYS_5, sponsor: DAYS_5, committee: DAYS_5 }),
        reminders: [0.5, 0.8],
      }),
      // No digest during the run (the default fires Mondays at 09:00).
      digest: { cron: '0 9 1 1 *' },
    };
    const configPath = join(dir.path, 'decide.config.yml');
    writeFileSync(configPath, projectFile(project));
    const port = await freePortPair();
    const env = botEnv({
      fake,
      port,
      redisUrl,
      prefix,
      databasePath: database.databasePath,
      databaseUrl: database.databaseUrl,
      configPath,
      cpuProfileDir: options.cpuProfileDir,
      tempDir: dir.path,
    });
    progress(
      `lifecycle on ${database.label}: starting the bot (node dist/main.js, port ${port}${database.name === undefined ? '' : `, database ${database.name}`}; ${build})`,
    );
    const startedAt = performance.now();
    bot = await BotProcess.start(env, port, join(dir.path, 'bot.log'));
    const startMs = performance.now() - startedAt;
    botDb = await openBotDb(database);
    const reader = botDb;
    const driver = new SlackDriver({
      fake,
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
    });
    const tracker = new Tracker(fake, roster.spoc);
    const ctx: LoadContext = {
      fake,
      driver,
      tracker,
      db: botDb,
      channel,
      spoc: roster.spoc,
      awaitingDb: new Set(),
    };
    const stopPolling = pollDatabase(ctx);
    try {
      // One lifecycle alone (also waits for the workers to be up), then a few more one at a time.
      const soloUser = users[0] ?? roster.keyUser;
      const first = tracker.begin(soloUser, 'solo');
      tracker.counting = true;
      await runOne(ctx, first);
      tracker.counting = false;
      const soloOther = new Map(tracker.unattributed);
      tracker.unattributed.clear();
      const timerTemplate = await timersOfOneOpenDecision(ctx, soloUser, redisUrl, prefix);
      const timersWhileOpen = timerTemplate.jobs.length;
      const expected: Expected = {
        opens: first.opens.size,
        posts: first.posts,
        updates: first.updates,
        other: soloOther,
        requests: first.requests.length,
      };
      progress(
        `lifecycle: bot up in ${seconds(startMs)}; one lifecycle alone: ${expected.requests} requests, ${expected.opens} views.open, ${expected.posts} chat.postMessage, ${expected.updates} chat.update${soloOther.size > 0 ? `, other: ${[...soloOther].map(([m, n]) => `${n} ${m}`).join(', ')}` : ''}; ${timersWhileOpen} timer job${timersWhileOpen === 1 ? '' : 's'} in Redis while open`,
      );
      const soloBefore = treeCpu(bot.pid);
      const solos: Lifecycle[] = [];
      for (let i = 0; i < soloRuns; i++) {
        const lc = tracker.begin(soloUser, 'solo');
        solos.push(lc);
        await runOne(ctx, lc);
      }
      const soloCpu = sumCpu(cpuBetween(soloBefore, treeCpu(bot.pid)));
      const soloWall = solos.map((lc) => (lc.endedAt ?? lc.startedAt) - lc.startedAt);

      progress(
        `lifecycle: load: ${concurrency} in flight, ${seconds(warmupMs)} warm-up, then ${seconds(durationMs)} measured`,
      );
      const load = await runLoad(ctx, {
        users,
        warmupMs,
        durationMs,
        botPid: bot.pid,
        redisUrl,
        progress,
        ...(database.kind === 'postgres' ? { databaseBackends: () => reader.botBackends() } : {}),
      });
      const inWindow = load.lifecycles.filter(
        (lc) => lc.endedAt !== undefined && lc.endedAt >= load.windowStart && lc.endedAt <= load.windowEnd,
      );
      // The references warm up on the load's warm-up lifecycles, at least REFERENCE_WARMUP of them (the
      // window's again when the warm-up had fewer): they are cheap, and a cold JIT would flatter the ratio.
      const warmedUp = load.lifecycles.filter((lc) => lc.phase === 'warmup' && lc.endedAt !== undefined);
      const warm = [...warmedUp, ...inWindow].slice(0, Math.max(REFERENCE_WARMUP, warmedUp.length));
      if (inWindow.length === 0) throw new Error(`no lifecycle closed in the window:\n${bot.logTail(10)}`);
      await sleep(500); // late calls (a doubled message) land before the check
      const messages = checkMessages(fake, [first, ...solos, ...load.lifecycles], expected);
      const decided = inWindow.map((lc) => lc.decisionId ?? '');
      const rows = await botDb.rowsPer(decided);
      const template = await botDb.template(first.decisionId ?? '', `view-${first.viewId ?? ''}`);
      progress(
        `lifecycle: ${inWindow.length} lifecycles closed in the window; stopping the bot, then the reference parts`,
      );
      tracker.detach();
      stopPolling();
      await botDb.close();
      botDb = undefined;
      await bot.stop();
      const log = logSummary(bot.logPath);
      // PostgreSQL: what the server counted, now that every connection to the bot's database has ended.
      const transactions = await reader.transactions();

      const parts = await runReferences({
        fake,
        dir: dir.path,
        redisUrl,
        prefix: referencePrefix,
        database: options.database,
        postgresServer: options.postgresServer,
        project,
        warm,
        inWindow,
        concurrency,
        template,
        timerTemplate,
        freezeClock: (at) => {
          frozenAt = at;
        },
        progress,
      });

      return section({
        options: { durationMs, concurrency, warmupMs },
        database: database.kind,
        transactions,
        load,
        inWindow,
        expected,
        messages,
        rows,
        template,
        parts,
        solo: { cpuMs: soloCpu, runs: soloRuns, wall: soloWall },
        startMs,
        build,
        log,
        timersWhileOpen,
        violations: fake.violations.map((v) => v.error),
        unattributed: tracker.unattributed,
        unclaimedOpens: tracker.unclaimedOpens(),
      });
    } finally {
      stopPolling();
      tracker.detach();
    }
  } finally {
    await botDb?.close();
    await bot?.stop();
    await database?.drop();
    await closeFake();
    await dropKeys();
    await dir.remove();
  }
}
