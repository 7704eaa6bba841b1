/**
 * Issue #4: how fast the bot acknowledges Slack under load. Three paths, each under `concurrency` requests
 * in flight, for the real bot (`startBot`: web + workers, Redis, and a SQLite file or a PostgreSQL database of
 * its own: issue #13 runs it once on each) and, in the same run, for a bare Bolt app that only `ack()`s the
 * same signed requests. The server runs in a child process
 * (`ack-server.ts`); this process is Slack: the stand-in's Web API and the driver that sends the requests.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type Ack,
  type FakeSlack,
  type SentRequest,
  SlackDriver,
  startFakeSlack,
} from '../../src/sandbox/index.js';
import { ACTION, CALLBACK } from '../../src/slack/ids.js';
import type { ServerCounts } from './ack-server.js';
import { type BenchDatabase, onDatabase, type RunDatabase, runDatabase } from './databases.js';
import {
  benchConfig,
  benchProject,
  benchRequest,
  flatSla,
  type Roster,
  SIGNING_SECRET,
  seedRoster,
} from './fixture.js';
import { type BenchSection, type GoalRow, ratio } from './goals.js';
import { ServerProcess } from './server-process.js';
import { count, figures, ms } from './stats.js';
import {
  benchPrefix,
  cleanup,
  deleteKeys,
  type LoopFigures,
  LoopMonitor,
  pool,
  tempDir,
  waitUntil,
} from './support.js';
import { notes, table } from './table.js';

export interface AckOptions {
  /** Requests per path at each load. */
  readonly requests: number;
  /** The loads: requests in flight, one round each (the goals name 50 and 200). */
  readonly concurrency: readonly number[];
  /** Requests per path of the unrecorded warm-up round (each app gets one). */
  readonly warmup: number;
  readonly redisUrl: string;
  /** Where the bot keeps its data: a SQLite file, or a throwaway PostgreSQL database on `postgresServer`. */
  readonly database: BenchDatabase;
  /** The PostgreSQL server the throwaway database is created on (a URL its user may create databases from). */
  readonly postgresServer: string;
  /** Write V8 CPU profiles of the server processes here. */
  readonly cpuProfileDir?: string | undefined;
}

type PathName = 'decide' | 'submission' | 'click';

const PATHS: readonly { name: PathName; label: string }[] = [
  { name: 'decide', label: '/decide (command)' },
  { name: 'submission', label: 'view_submission' },
  { name: 'click', label: 'option button' },
];

interface PhaseResult {
  readonly acks: readonly Ack[];
  readonly wallMs: number;
  readonly server: LoopFigures;
  /** CPU the bot's worker child used during the phase (0 for the bare app). */
  readonly workerCpuMs: number;
  readonly client: LoopFigures;
}

interface BotRound {
  readonly phases: Record<PathName, PhaseResult>;
  readonly effects: Record<PathName, string>;
  /** From the last ack of each phase until its follow-up work was done. */
  readonly settledMs: Record<PathName, number>;
  /** Decisions whose messages were not exactly as expected (a request DM missing or posted twice). */
  readonly lostOrDoubled: number;
}

const OPTION_BUTTON = `${ACTION.optionPrefix}0`;
const SLOW_ACK_MS = 3000;

/** Runs one path's requests with `concurrency` in flight, timing the server's and this process's loops. */
async function phase(
  server: ServerProcess,
  n: number,
  concurrency: number,
  send: (i: number) => Promise<Ack>,
): Promise<PhaseResult> {
  const client = new LoopMonitor();
  await server.call({ type: 'phase-start' }, 'phase');
  client.start();
  const started = performance.now();
  const acks = await pool(n, concurrency, send);
  const wallMs = performance.now() - started;
  const clientLoop = client.stop();
  const { loop, workerCpuMs } = await server.call({ type: 'phase-end' }, 'phase');
  return { acks, wallMs, server: loop, workerCpuMs, client: clientLoop };
}

/** Resolves once the stand-in has received no Web API call for `quietMs`. */
async function quiet(fake: FakeSlack, quietMs: number, timeoutMs = 60_000): Promise<boolean> {
  let last = -1;
  let since = performance.now();
  return waitUntil(
    () => {
      const n = fake.recorder.calls().length;
      if (n !== last) {
        last = n;
        since = performance.now();
      }
      return performance.now() - since >= quietMs;
    },
    timeoutMs,
    100,
  );
}

interface Settled {
  /** From the last ack of the phase until its follow-up work was done (outbox empty, `done` true). */
  readonly ms: number;
  /** Outbox rows pending with no delivery job when the deliveries stalled (before the first kick). */
  readonly stranded: number;
  /** enqueue() calls the benchmark made to get stalled rows sent (what the reconciler would do later). */
  readonly kicks: number;
}

/** With no progress (Web API calls, outbox rows sent) for this long, the deliveries count as stalled. */
const STALL_MS = 3000;

/**
 * Waits until the bot has finished the phase's follow-up work: every outbox row sent and `done` true. When
 * the deliveries stall with rows still pending, records how many of them have no delivery job and calls
 * enqueue() in the bot, as its reconciler would (every 5 minutes by default; here it is off).
 */
async function settle(
  server: ServerProcess,
  fake: FakeSlack,
  done: () => boolean | Promise<boolean> = () => true,
): Promise<Settled> {
  const started = performance.now();
  let stranded = 0;
  let kicks = 0;
  let finished = performance.now();
  for (;;) {
    let lastCalls = -1;
    let lastPending = -1;
    let progressAt = performance.now();
    let complete = false;
    await waitUntil(
      async () => {
        const { pending } = (await server.call({ type: 'outbox', detail: false }, 'outbox')).outbox;
        const calls = fake.recorder.calls().length;
        if (calls !== lastCalls || pending !== lastPending) {
          lastCalls = calls;
          lastPending = pending;
          progressAt = performance.now();
        }
        complete = pending === 0 && (await done());
        return complete || performance.now() - progressAt > STALL_MS;
      },
      180_000,
      200,
    );
    if (complete) {
      finished = performance.now();
      break;
    }
    const state = (await server.call({ type: 'outbox', detail: true }, 'outbox')).outbox;
    if (kicks === 0) stranded = state.withoutJob;
    if (state.pending === 0 || kicks >= 20) break;
    await server.call({ type: 'kick' }, 'outbox');
    kicks += 1;
  }
  await quiet(fake, 300);
  return { ms: finished - started, stranded, kicks };
}

function settledText(s: Settled, what = 'all follow-up messages sent'): string {
  const stalls =
    s.kicks === 0
      ? ''
      : `; deliveries stalled with ${s.stranded} outbox rows pending and no delivery job (sent after ${s.kicks} extra enqueue() call${s.kicks === 1 ? '' : 's'}, each after ${STALL_MS / 1000} s without progress)`;
  return `${what} ${(s.ms / 1000).toFixed(1)} s after the last ack${stalls}`;
}

/** Decision request DMs to the SPoC that still show option buttons, with the decision they are about. */
function unansweredRequests(fake: FakeSlack, roster: Roster, skip: ReadonlySet<string>) {
  return fake.dmsTo(roster.spoc).flatMap((message) => {
    const button = fake.findButtons(message).find((b) => b.actionId === OPTION_BUTTON);
    const decisionId = button?.value?.split('|')[0];
    return decisionId && !skip.has(decisionId) ? [{ message, decisionId }] : [];
  });
}

/**
 * One round against the real bot: `users` each type `/decide`, then submit their form; then the SPoC clicks
 * an option on each resulting request. Requests are sent `concurrency` at a time, phase by phase, and the bot
 * finishes its follow-up work between phases.
 */
async function botRound(input: {
  fake: FakeSlack;
  driver: SlackDriver;
  server: ServerProcess;
  roster: Roster;
  channel: string;
  projectId: string;
  users: readonly string[];
  concurrency: number;
  clicked: Set<string>;
}): Promise<BotRound> {
  const { fake, driver, server, roster, channel, users, concurrency, clicked } = input;
  const n = users.length;
  const counts = async () => (await server.call({ type: 'counts' }, 'counts')).counts;

  // /decide: acked first, views.open after.
  const opensBefore = fake.calls('views.open').length;
  const decide = await phase(server, n, concurrency, (i) =>
    driver.slashCommand({ user: users[i] ?? '', channel, command: '/decide', text: `Bench question ${i}?` }),
  );
  const decideSettled = await settle(server, fake, () => fake.calls('views.open').length >= opensBefore + n);
  const opens = fake.calls('views.open').slice(opensBefore);
  const openErrors = new Map<string, number>();
  for (const call of opens) {
    const error = (call.response as { ok?: boolean; error?: string } | undefined)?.error;
    if (error) openErrors.set(error, (openErrors.get(error) ?? 0) + 1);
  }
  // A form that did not open (trigger expired under load) is opened again, one user at a time, untimed.
  let reopened = 0;
  for (const user of users) {
    if (fake.openView(user)?.callback_id === CALLBACK.decideModal) continue;
    await driver.slashCommand({ user, channel, command: '/decide', text: 'Bench question?' });
    await fake.waitFor(() => fake.openView(user)?.callback_id === CALLBACK.decideModal, 5000);
    reopened += 1;
  }

  // Submissions: validated, acked, then openDecision (SQLite transaction, Redis, outbox).
  const before = await counts();
  const submission = await phase(server, n, concurrency, (i) =>
    driver.submitView(users[i] ?? '', { values: { question: `Bench question ${i}?` } }),
  );
  const accepted = submission.acks.filter((a) => (a as { outcome?: string }).outcome === 'closed').length;
  const submitSettled = await settle(
    server,
    fake,
    async () => (await counts()).active >= before.active + accepted,
  );
  const afterSubmit = await counts();
  // Every new decision's request DM at the SPoC exactly once.
  const shown = unansweredRequests(fake, roster, clicked).map((r) => r.decisionId);
  const distinct = new Set(shown).size;
  const doubled = shown.length - distinct;
  const missing = Math.max(0, afterSubmit.active - before.active - distinct);
  // Each click needs its own open decision whose request DM has reached the SPoC.
  const topUp = Math.max(0, n - unansweredRequests(fake, roster, clicked).length);
  if (topUp > 0) {
    await server.call(
      {
        type: 'open',
        requests: Array.from({ length: topUp }, (_, i) =>
          benchRequest(input.projectId, users[i] ?? roster.keyUser, `Bench top-up ${i}?`),
        ),
      },
      'opened',
    );
    await settle(server, fake, () => unansweredRequests(fake, roster, clicked).length >= n);
  }

  // Clicks: acked, then actOnDecision (SQLite transaction), timers removed, messages updated.
  const targets = unansweredRequests(fake, roster, clicked).slice(0, n);
  for (const t of targets) clicked.add(t.decisionId);
  const closedBefore = (await counts()).closed;
  const click = await phase(server, targets.length, concurrency, (i) => {
    const target = targets[i];
    if (!target) throw new Error('no click target');
    return driver.clickButton(roster.spoc, {
      actionId: OPTION_BUTTON,
      in: { channel: target.message.channel, ts: target.message.ts },
    });
  });
  const clickSettled = await settle(
    server,
    fake,
    async () => (await counts()).closed >= closedBefore + targets.length,
  );
  const end = await counts();

  const errorList = [...openErrors].map(([e, k]) => `${k} ${e}`).join(', ');
  const openedOk = opens.length - [...openErrors.values()].reduce((a, b) => a + b, 0);
  const undecided = targets.length - (end.closed - closedBefore);
  return {
    phases: { decide, submission, click },
    settledMs: { decide: decideSettled.ms, submission: submitSettled.ms, click: clickSettled.ms },
    lostOrDoubled: doubled + missing + undecided,
    effects: {
      decide: `views.open: ${openedOk} ok${errorList ? `, ${errorList}` : ''}${reopened > 0 ? ` (${reopened} forms re-opened untimed for the next phase)` : ''}; ${settledText(decideSettled, 'all answered')}`,
      submission: `${accepted}/${n} forms accepted, ${afterSubmit.active - before.active} decisions opened, ${distinct} request DMs at the SPoC (${doubled} doubled, ${missing} missing); ${settledText(submitSettled)}${topUp > 0 ? `; ${topUp} more opened through openDecision for the clicks` : ''}`,
      click: `${end.closed - closedBefore}/${targets.length} decisions decided; ${settledText(clickSettled)}`,
    },
  };
}

/** The same signed requests again, against another app (the bare Bolt app). */
async function replayPhase(
  server: ServerProcess,
  driver: SlackDriver,
  requests: readonly SentRequest[],
  concurrency: number,
): Promise<PhaseResult> {
  return phase(server, requests.length, concurrency, async (i) => {
    const request = requests[i];
    if (!request) throw new Error('no request');
    const [ack] = await driver.replay(request);
    if (!ack) throw new Error('no ack');
    return ack;
  });
}

export async function runAckLatency(options: AckOptions): Promise<BenchSection> {
  const { requests, concurrency: loads, warmup, redisUrl } = options;
  const fake = await startFakeSlack();
  const closeFake = cleanup.defer(() => fake.close());
  const dir = tempDir('ack');
  const prefix = benchPrefix('ack');
  const dropKeys = cleanup.defer(async () => void (await deleteKeys(redisUrl, prefix)));
  const servers: ServerProcess[] = [];
  let database: RunDatabase | undefined;
  try {
    database = await runDatabase(options.database, {
      dir: dir.path,
      file: 'decide.db',
      server: options.postgresServer,
    });
    const roster = seedRoster(fake);
    const users = Array.from({ length: warmup + requests * loads.length }, (_, i) =>
      fake.workspace.addUser({ name: `requester.${i}` }),
    );
    const channel = fake.workspace.addChannel({
      name: 'erp-rollout',
      members: [...Object.values(roster), ...users],
    });
    const project = benchProject({
      id: 'bench-ack',
      channel,
      roster,
      // Far-away timers: nothing fires during the benchmark.
      sla: flatSla({
        spoc: { amount: 5, unit: 'd' },
        sponsor: { amount: 5, unit: 'd' },
        committee: { amount: 5, unit: 'd' },
      }),
      reminders: [0.5, 0.8],
    });
    const config = benchConfig({
      fake,
      dir: dir.path,
      redisUrl,
      queuePrefix: prefix,
      projects: [project],
      databaseUrl: database.databaseUrl,
    });

    // The real bot, in its default production layout.
    const bot = ServerProcess.spawn(options.cpuProfileDir);
    servers.push(bot);
    const { port } = await bot.call({ type: 'start', mode: 'bot', config }, 'ready');
    const botDriver = new SlackDriver({
      fake,
      url: `http://127.0.0.1:${port}/slack/events`,
      signingSecret: SIGNING_SECRET,
    });
    const clicked = new Set<string>();
    const round = (list: readonly string[], c: number) =>
      botRound({
        fake,
        driver: botDriver,
        server: bot,
        roster,
        channel,
        projectId: project.id,
        users: list,
        concurrency: c,
        clicked,
      });
    const warmLoad = Math.min(10, ...loads);
    const warm = await round(users.slice(0, warmup), warmLoad);
    const real: BotRound[] = [];
    for (const [k, load] of loads.entries()) {
      const start = warmup + k * requests;
      real.push(await round(users.slice(start, start + requests), load));
    }
    const botCounts = (await bot.call({ type: 'counts' }, 'counts')).counts;
    await bot.stop();

    // The bare Bolt app, fresh process, same requests (warm-up first).
    const bare = ServerProcess.spawn(options.cpuProfileDir);
    servers.push(bare);
    const barePort = (await bare.call({ type: 'start', mode: 'bare', config }, 'ready')).port;
    const bareDriver = new SlackDriver({
      fake,
      url: `http://127.0.0.1:${barePort}/slack/events`,
      signingSecret: SIGNING_SECRET,
    });
    const requestsOf = (r: BotRound, path: PathName) => r.phases[path].acks.map((a) => a.request);
    for (const { name } of PATHS) await replayPhase(bare, bareDriver, requestsOf(warm, name), warmLoad);
    const bareRounds: Record<PathName, PhaseResult>[] = [];
    for (const [k, load] of loads.entries()) {
      const results = {} as Record<PathName, PhaseResult>;
      for (const { name } of PATHS) {
        await sleep(200);
        results[name] = await replayPhase(bare, bareDriver, requestsOf(real[k] as BotRound, name), load);
      }
      bareRounds.push(results);
    }
    await bare.stop();

    return report({ options, database: database.label, real, bare: bareRounds, botCounts });
  } finally {
    // Servers first: a bot still running would write Redis keys after they are deleted.
    for (const server of servers) await server.end();
    await database?.drop();
    await closeFake();
    await dropKeys();
    await dir.remove();
  }
}

function p99(r: PhaseResult): number {
  return figures(r.acks.map((a) => a.latencyMs)).p99 ?? 0;
}

function perSecond(r: PhaseResult): number {
  return (r.acks.length / r.wallMs) * 1000;
}

function slow(r: PhaseResult): number {
  return r.acks.filter((a) => a.latencyMs > SLOW_ACK_MS).length;
}

function row(label: string, app: string, r: PhaseResult): string[] {
  const latencies = r.acks.map((a) => a.latencyMs);
  const f = figures(latencies);
  const n = r.acks.length;
  return [
    label,
    app,
    count(n),
    ms(f.p50),
    ms(f.p90),
    ms(f.p99),
    ms(f.max),
    count(slow(r)),
    count(r.acks.filter((a) => a.status < 200 || a.status >= 300).length),
    Math.round(perSecond(r)).toString(),
    ms(Math.max(0, r.server.p99Ms - 5)),
    ms(r.server.cpuMs / Math.max(1, n)),
    `${Math.round((100 * r.server.cpuMs) / r.wallMs)}%`,
    r.workerCpuMs > 0 ? `${Math.round((100 * r.workerCpuMs) / r.wallMs)}%` : '',
    ms(Math.max(0, r.client.p99Ms - 5)),
  ];
}

const LATENCY_GOAL = 1.5;
const THROUGHPUT_GOAL = 0.5;

function goalRows(
  loads: readonly number[],
  real: readonly BotRound[],
  bare: readonly Record<PathName, PhaseResult>[],
): GoalRow[] {
  const rows: GoalRow[] = [];
  for (const [k, load] of loads.entries()) {
    for (const { name, label } of PATHS) {
      const mine = real[k]?.phases[name];
      const ref = bare[k]?.[name];
      if (!mine || !ref) continue;
      rows.push({
        figure: `ack p99, ${label}, ${load} in flight`,
        value: ms(p99(mine)),
        reference: `bare Bolt: ${ms(p99(ref))}`,
        ratio: ratio(p99(mine), p99(ref)),
        goal: `≤ ${LATENCY_GOAL}×`,
        met: p99(mine) <= LATENCY_GOAL * p99(ref),
      });
    }
  }
  const all = real.flatMap((r) => PATHS.map(({ name }) => r.phases[name]));
  const over = all.reduce((n, r) => n + slow(r), 0);
  rows.push({
    figure: "acks over Slack's 3 s, every path and load",
    value: `${count(over)} of ${count(all.reduce((n, r) => n + r.acks.length, 0))}`,
    reference: '',
    ratio: '',
    goal: '0',
    met: over === 0,
  });
  // Saturated: the highest load, where the server is busiest.
  const top = loads.length - 1;
  for (const { name, label } of PATHS) {
    const mine = real[top]?.phases[name];
    const ref = bare[top]?.[name];
    if (!mine || !ref) continue;
    rows.push({
      figure: `saturated ack throughput, ${label} (${loads[top]} in flight)`,
      value: `${Math.round(perSecond(mine))}/s`,
      reference: `bare Bolt: ${Math.round(perSecond(ref))}/s`,
      ratio: ratio(perSecond(mine), perSecond(ref)),
      goal: `≥ ${THROUGHPUT_GOAL}×`,
      met: perSecond(mine) >= THROUGHPUT_GOAL * perSecond(ref),
    });
  }
  for (const [k, load] of loads.entries()) {
    const r = real[k];
    if (!r) continue;
    const lost = r.lostOrDoubled;
    rows.push({
      figure: `last ack → every follow-up message at the stand-in, ${load} in flight`,
      value: PATHS.map(({ name }) => `${name} ${(r.settledMs[name] / 1000).toFixed(1)} s`).join(', '),
      reference: '',
      ratio: '',
      goal: 'report; none lost or doubled',
      met: lost === 0,
    });
  }
  return rows;
}

function report(input: {
  options: AckOptions;
  /** The database's name, as the figures say it. */
  database: string;
  real: readonly BotRound[];
  bare: readonly Record<PathName, PhaseResult>[];
  botCounts: ServerCounts;
}): BenchSection {
  const { options, real, bare, botCounts } = input;
  const postgres = options.database === 'postgres';
  const store = postgres
    ? 'a PostgreSQL database of its own (created for this run on the local server, dropped after it; a pool of up to 10 connections per process)'
    : 'a SQLite file';
  const openTx = postgres
    ? 'one PostgreSQL transaction (READ COMMITTED, the id-order lock taken before its inserts)'
    : 'one IMMEDIATE SQLite transaction';
  const clickTx = postgres ? 'PostgreSQL transaction with the decision row locked' : 'SQLite transaction';
  const tables: string[] = [];
  for (const [k, load] of options.concurrency.entries()) {
    const rows: string[][] = [];
    for (const { name, label } of PATHS) {
      const mine = real[k]?.phases[name];
      const ref = bare[k]?.[name];
      if (mine) rows.push(row(label, 'decide-bot', mine));
      if (ref) rows.push(row('', 'bare Bolt', ref));
    }
    tables.push(
      table(
        `Ack latency: ${options.requests} requests per path, ${load} in flight (ms: request sent -> answer read)`,
        [
          'path',
          'app',
          'n',
          'p50',
          'p90',
          'p99',
          'max',
          '>3 s',
          'non-2xx',
          'req/s',
          'srv loop p99',
          'srv CPU/req',
          'srv CPU',
          'wrk CPU',
          'cli loop p99',
        ],
        rows,
      ),
      '',
      `Work after the ack (real bot, ${load} in flight):`,
      notes(PATHS.map(({ name, label }) => `${label}: ${real[k]?.effects[name] ?? ''}`)),
      '',
    );
  }
  const detail = [
    ...tables,
    notes([
      '/decide: Bolt checks the signature and parses the form, the listener finds the project by channel and acks; views.open (an HTTP call to the stand-in, with the trigger_id that expires 3 s after Slack sent it) runs after the ack.',
      `view_submission: Bolt parses the payload, the listener parses and validates the form (an invalid one is answered with errors in the ack), then acks; openDecision runs after the ack in the worker process, which the web process hands it to (routing, ${openTx} with the decision, its event, 3 outbox rows and the request key, then Redis: delivery jobs for the new outbox rows and the timer sync); the worker process posts the 3 messages too.`,
      `option button: the web process reads the decision (the clicker's language: ${postgres ? 'a query to PostgreSQL on its pool' : 'a synchronous read of the SQLite file'}), the listener acks; actOnDecision (${clickTx}, timer removed in Redis, outbox) follows in the worker process, and so do the message updates.`,
      `decide-bot: the default production layout (startSplitBot, what \`npm start\` runs with Slack credentials): the web part in a child process of the benchmark, its worker child at nice 10, ${store} and its own BullMQ prefix on the local Redis; bare Bolt: a fresh child process whose listeners only ack(). Both get an unrecorded warm-up round first; the bare app receives exactly the requests the bot received, freshly signed.`,
      'srv loop p99 / cli loop p99: event-loop delay (p99, beyond the 5 ms sampling) in the web process and in this process (the driver plus the stand-in validating every Web API call); srv CPU/req: the web process’s CPU time during the phase divided by its requests; srv CPU / wrk CPU: the web and worker processes’ CPU time over the phase wall time (100% = one core).',
      `>3 s: acks slower than Slack's 3 s limit (Slack would show the user an error). Bot log during the run (warm-up included): ${botCounts.warnings} warnings, ${botCounts.errors} errors${botCounts.logSummary.length > 0 ? `: ${botCounts.logSummary.join('; ')}` : ''}.`,
    ]),
  ].join('\n');
  return {
    title: `Acks under bursts on ${input.database}`,
    goals: onDatabase(goalRows(options.concurrency, real, bare), input.database),
    method: [
      `${options.requests} requests per path (/decide, the form submission, an option button) at ${options.concurrency.join(' and ')} in flight, after an unrecorded warm-up of ${options.warmup} per path at ${Math.min(10, ...options.concurrency)} in flight; one repetition.`,
      `The bot runs in its default production layout (web process + worker child process) on ${store}; the reference is a bare Bolt app that only acks, sent exactly the same requests (freshly signed) in the same run, right after the bot.`,
      "The same goals on SQLite and PostgreSQL: Slack's 3 s and the bare app do not depend on the database. Before its ack only the option button reads it (its decision, for the clicker's language); the writes come after the ack and show in the follow-up times and the server CPU.",
      'The load generator and the Slack stand-in share the machine: their own event-loop delay and the server CPU are in the detail table.',
    ],
    detail,
  };
}
