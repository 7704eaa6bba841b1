/** The report's section: the goal rows, the method, the per-process and per-part tables and the notes. */
import { type BenchDatabase, DATABASE_LABEL, onDatabase } from '../databases.js';
import { type BenchSection, type GoalRow, ratio } from '../goals.js';
import { count, figures, ms, seconds } from '../stats.js';
import { notes, table } from '../table.js';
import type { LogSummary } from './bot-log.js';
import type { MessageCheck } from './check.js';
import type { LoadResult } from './load.js';
import type { Expected, Lifecycle } from './model.js';
import type { PartResult, RowTemplate } from './part-job.js';
import { sumCpu } from './proc-cpu.js';
import type { ReferenceParts } from './references.js';

/** A figure reported without a goal. */
function reported(figure: string, value: string): GoalRow {
  return { figure, value, reference: '', ratio: '', goal: 'report', met: undefined };
}

export function section(input: {
  options: { durationMs: number; concurrency: number; warmupMs: number };
  database: BenchDatabase;
  /** PostgreSQL: the transactions the server counted in the bot's database over the whole run, and its decisions. */
  transactions: { readonly commits: number; readonly decisions: number } | undefined;
  load: LoadResult;
  inWindow: readonly Lifecycle[];
  expected: Expected;
  messages: MessageCheck;
  rows: Record<string, number>;
  template: RowTemplate;
  parts: ReferenceParts;
  solo: { cpuMs: number; runs: number; wall: readonly number[] };
  startMs: number;
  build: string;
  log: LogSummary;
  timersWhileOpen: number;
  violations: readonly string[];
  unattributed: ReadonlyMap<string, number>;
  unclaimedOpens: number;
}): BenchSection {
  const { options, load, inWindow, expected, messages, rows, template, parts } = input;
  const postgres = input.database === 'postgres';
  const label = DATABASE_LABEL[input.database];
  const n = inWindow.length;
  const windowMs = load.windowEnd - load.windowStart;
  const perSecond = (n / windowMs) * 1000;
  const botCpuMs = sumCpu(load.bot);
  const botPer = botCpuMs / n;
  const per = (p: PartResult) => p.cpuMs / Math.max(1, p.lifecycles);
  const reference = per(parts.acks) + per(parts.writes) + per(parts.bullmq) + per(parts.webapi);
  // Each part with its names: in the bot's reference cell, as a goal row, in the parts table.
  const writesPart = postgres
    ? ([
        parts.writes,
        'raw PostgreSQL',
        '(b) the same PostgreSQL writes, raw node-postgres',
        '(b) raw PostgreSQL writes',
      ] as const)
    : ([
        parts.writes,
        'raw SQLite',
        '(b) the same SQLite writes, raw better-sqlite3',
        '(b) raw SQLite writes',
      ] as const);
  const partList = [
    [parts.acks, 'bare Bolt acks', '(a) bare Bolt app acking the same requests', '(a) bare Bolt acks'],
    writesPart,
    [parts.bullmq, 'bare BullMQ', '(c) the same BullMQ jobs, bare Queue + Worker', '(c) bare BullMQ'],
    [parts.webapi, 'bare WebClient', '(d) the same Web API calls, bare WebClient', '(d) bare WebClient'],
  ] as const;
  const share = (cpuMs: number) => `${Math.round((100 * cpuMs) / windowMs)}%`;
  const clientPer = load.client.cpuMs / n;
  const latency = figures(inWindow.map((lc) => (lc.endedAt ?? lc.startedAt) - lc.startedAt));
  const under = `${options.concurrency} in flight, ${seconds(windowMs)}`;
  const serverCpu = load.databaseCpuMs;
  const partServerCpu = parts.writes.serverCpuMs;
  const goals: GoalRow[] = [
    {
      figure: `bot CPU per full lifecycle (open → DM → click → closed), ${under}`,
      value: `${ms(botPer)} ms`,
      reference: `sum of its parts alone: ${ms(reference)} ms (${partList
        .map(([p, name]) => `${name} ${ms(per(p))}`)
        .join(' + ')})`,
      ratio: ratio(botPer, reference),
      goal: '≤ 2×',
      met: botPer <= 2 * reference,
    },
    reported(`full lifecycles per second, ${under}`, `${perSecond.toFixed(1)}/s`),
    // Posts are what people see once each; updates are refreshes of copies already posted, as many as the
    // changes that found the copy recorded (under load some coalesce, some come after a late copy): their count
    // is no fault, a copy left showing buttons is.
    {
      figure:
        'posts lost / doubled (per decision vs one lifecycle alone); closed copies still showing buttons',
      value: `${messages.lostPosts} / ${messages.doubledPosts} of ${count(messages.checked * expected.posts)}; ${messages.buttonsLeft}`,
      reference: `one lifecycle alone: ${expected.posts} posts`,
      ratio: '',
      goal: '0 / 0; 0',
      met: messages.lostPosts === 0 && messages.doubledPosts === 0 && messages.buttonsLeft === 0,
    },
    {
      ...reported(
        'chat.update calls per lifecycle (refreshes of posted copies)',
        (messages.updates / Math.max(1, messages.checked)).toFixed(2),
      ),
      reference: `one lifecycle alone: ${expected.updates}`,
    },
    ...partList.map(([p, , figure]) =>
      reported(`reference part ${figure}, CPU per lifecycle`, `${ms(per(p))} ms`),
    ),
    ...(serverCpu === undefined
      ? []
      : [
          {
            figure:
              'PostgreSQL server processes serving the bot (its backends), CPU per lifecycle in the window',
            value: `${ms(serverCpu / n)} ms`,
            reference:
              partServerCpu === undefined
                ? ''
                : `part (b)'s backends: ${ms(partServerCpu / Math.max(1, parts.writes.lifecycles))} ms`,
            ratio:
              partServerCpu === undefined
                ? ''
                : ratio(serverCpu / n, partServerCpu / Math.max(1, parts.writes.lifecycles)),
            goal: 'report',
            met: undefined,
          },
        ]),
    reported(
      'load generator (driver + stand-in) during the window: CPU per lifecycle, loop delay p99',
      `${ms(clientPer)} ms, ${share(load.client.cpuMs)} of a core, p99 ${ms(Math.max(0, load.client.p99Ms - 5))} ms`,
    ),
  ];

  const cpuRow = (name: string, pid: string, cpuMs: number) => [
    name,
    pid,
    count(Math.round(cpuMs)),
    ms(cpuMs / n),
    share(cpuMs),
  ];
  const processRows = [
    ...load.bot.map((p) => cpuRow(p.label, String(p.pid), p.cpuMs)),
    cpuRow('all bot processes', '', botCpuMs),
    cpuRow('load generator (this process: driver, stand-in)', String(process.pid), load.client.cpuMs),
  ];
  const redisCpu = load.redisCpuMs;
  if (redisCpu !== undefined)
    processRows.push(cpuRow('Redis server (INFO cpu, all its clients)', '', redisCpu));
  if (serverCpu !== undefined)
    processRows.push(cpuRow('PostgreSQL backends of the bot’s connections (/proc)', '', serverCpu));
  const others = load.machine.busyMs - botCpuMs - load.client.cpuMs - (redisCpu ?? 0) - (serverCpu ?? 0);
  if (Number.isFinite(others))
    processRows.push(cpuRow('everything else on the machine', '', Math.max(0, others)));
  if (Number.isFinite(load.machine.busyMs))
    processRows.push(cpuRow(`whole machine (${load.machine.cpus} CPUs)`, '', load.machine.busyMs));
  const partRows = partList.map(([p, , , name]) => [
    name,
    count(p.lifecycles),
    count(Math.round(p.cpuMs)),
    ms(per(p)),
    seconds(p.wallMs),
    p.perLifecycle,
    Object.keys(p.errors).length === 0
      ? ''
      : Object.entries(p.errors)
          .map(([e, k]) => `${k} ${e}`)
          .join('; '),
  ]);
  partRows.push(['sum (reference)', count(n), '', ms(reference), '', '', '']);
  partRows.push([
    'decide-bot',
    count(n),
    count(Math.round(botCpuMs)),
    ms(botPer),
    seconds(windowMs),
    ratio(botPer, reference),
    '',
  ]);

  const violations = new Map<string, number>();
  for (const v of input.violations) violations.set(v, (violations.get(v) ?? 0) + 1);
  const levels = [...input.log.byLevel].map(([l, k]) => `${k} ${l}`).join(', ');
  const unattributed = [...input.unattributed].map(([m, k]) => `${k} ${m}`).join(', ');
  const failedInRun = load.lifecycles.filter((lc) => lc.failure !== undefined).length;
  const detail = [
    table(
      `Full lifecycles: ${count(n)} closed in ${seconds(windowMs)} with ${options.concurrency} in flight = ${perSecond.toFixed(1)}/s; lifecycle wall time p50 ${ms(latency.p50)} / p90 ${ms(latency.p90)} / p99 ${ms(latency.p99)} / max ${ms(latency.max)} ms`,
      ['process', 'pid', 'CPU ms in window', 'CPU ms per lifecycle', 'of a core'],
      processRows,
    ),
    '',
    table(
      'Reference: the lifecycle’s parts, each alone for the same lifecycles (CPU of its own process only)',
      ['part', 'lifecycles', 'CPU ms', 'CPU ms per lifecycle', 'wall', 'per lifecycle', 'errors'],
      partRows,
    ),
    '',
    notes([
      `One lifecycle alone (the first, after start-up) made ${expected.requests} requests to the bot and ${expected.opens} views.open, ${expected.posts} chat.postMessage, ${expected.updates} chat.update${expected.other.size > 0 ? `, and ${[...expected.other].map(([m, k]) => `${k} ${m}`).join(', ')}` : ' and no other Web API call'}; ${input.timersWhileOpen} timer job${input.timersWhileOpen === 1 ? ' was' : 's were'} in Redis while its decision was open. ${input.solo.runs} more, one at a time: ${ms(input.solo.cpuMs / input.solo.runs)} ms bot CPU each, wall p50 ${ms(figures(input.solo.wall).p50)} ms.`,
      `Messages under load: ${count(messages.checked)} closed lifecycles checked (all of the run); ${messages.lostPosts} posts and ${messages.lostUpdates} updates fewer than alone, ${messages.doubledPosts} posts and ${messages.doubledUpdates} updates more (${messages.lifecyclesWrong} lifecycles off); ${messages.buttonsLeft} messages of closed decisions still show buttons; ${messages.failedDeliveries} outbox rows failed; ${messages.refusedCalls} Web API calls refused by the stand-in (${messages.formRetries} forms re-asked with /decide after a refused views.open).`,
      `Lifecycles that did not close: ${failedInRun} of ${count(load.lifecycles.length)} started under load${messages.failures.length > 0 ? ` (${messages.failures.slice(0, 3).join('; ')})` : ''}. Web API calls in the window not about a lifecycle: ${unattributed === '' ? 'none' : unattributed}${input.unclaimedOpens > 0 ? `; ${input.unclaimedOpens} views.open for no trigger a lifecycle sent` : ''}. Stand-in violations over the run: ${violations.size === 0 ? 'none' : [...violations].map(([v, k]) => `${k} ${v}`).join(', ')}.`,
      `The bot’s rows per lifecycle (the window’s decisions): ${rows.events?.toFixed(2)} events, ${rows.deliveries?.toFixed(2)} outbox rows (${rows.attempts?.toFixed(2)} attempts counted, ${rows.sent?.toFixed(2)} sent), ${rows.messages?.toFixed(2)} message references, ${rows.votes?.toFixed(2)} votes, ${rows.requestKeys?.toFixed(2)} request keys; part (b) writes exactly one lifecycle’s rows (${template.openEvents.length + template.closeEvents.length} events, ${template.openDeliveries.length}+${template.closeDeliveries.length} outbox rows, ${template.messages.length} message references, 1 request key) per lifecycle.`,
      ...(input.transactions === undefined
        ? []
        : [
            `Transactions on PostgreSQL (pg_stat_database.xact_commit of the bot’s database over the whole run, read once every connection had ended; a statement outside a transaction counts as one, reads included; the load generator’s polling left out): ${count(input.transactions.commits)} for ${count(input.transactions.decisions)} decisions, ${(input.transactions.commits / Math.max(1, input.transactions.decisions)).toFixed(1)} per lifecycle (the bot’s start-up included, which weighs only in a short run); part (b) commits ${(parts.writes.commitsPerLifecycle ?? 0).toFixed(0)} per lifecycle: the rest are the bot’s reads outside its write transactions, each a transaction of its own (before each message it reads the outbox row, the decision, its events and messages; the outbox rows to queue after each change).`,
          ]),
      `Bot log (whole run, JSON lines by level): ${levels === '' ? 'empty' : levels}${input.log.top.length > 0 ? `; ${input.log.top.join('; ')}` : ''}. Start-up until /healthz answered: ${seconds(input.startMs)}; ${input.build}.`,
      `Load generator during the window: ${ms(load.client.cpuMs)} ms CPU (${share(load.client.cpuMs)} of a core: the driver, the tracker and the stand-in validating every call), event-loop delay p50 ${ms(Math.max(0, load.client.p50Ms - 5))} / p99 ${ms(Math.max(0, load.client.p99Ms - 5))} / max ${ms(load.client.maxMs)} ms; near 100% it is the client, not the bot, that limits the rate. The whole machine was ${Number.isFinite(load.machine.busyMs) ? `${Math.round((100 * load.machine.busyMs) / windowMs / load.machine.cpus)}% busy (of ${load.machine.cpus} CPUs)` : 'not measured'}, load average ${load.machine.load}: with the CPUs saturated, a bot process with a higher nice value (see the table) yields to everything else and the rate drops. Drain after the window: ${seconds(load.drainMs)}.`,
    ]),
  ].join('\n');
  const store = postgres
    ? 'its own PostgreSQL database (DATABASE_URL: created for this run on the local server with the real migrations, dropped after it; the default pool of up to 10 connections per process)'
    : 'its own SQLite file';
  const partB = postgres
    ? `(b) the bot’s rows of one lifecycle (read from its database) as raw node-postgres statements (each prepared once per connection; multi-row inserts one statement, as the stores send them) in the bot’s commits, shaped as its PostgreSQL stores shape them (the open: BEGIN, request key, decision, votes replaced, the id-order advisory lock, events, outbox rows RETURNING their ids, COMMIT; per message: attempt counted, reference kept, marked sent, each committing on its own; the decision: BEGIN, its row locked FOR NO KEY UPDATE as the stores lock it instead of SQLite’s IMMEDIATE, the compare-and-set update, votes replaced, the id-order lock, events, outbox rows, COMMIT; not the reads the bot makes besides), ${options.concurrency} lifecycles in flight on a pool of 10 connections, on a fresh database of the same server with the real migrations`
    : '(b) the bot’s rows of one lifecycle (read from its database) as raw better-sqlite3 prepared statements in the bot’s commits (the open and the decision as IMMEDIATE transactions; per message: attempt counted, reference kept, marked sent) on a fresh file with the real migrations';
  return {
    title: `Full decision lifecycles on ${label}`,
    goals: onDatabase(goals, label),
    method: [
      `The bot: node dist/main.js in production mode (Slack credentials set, default layout, LOG_FORMAT=json at the default level) against the Slack stand-in in the benchmark process, ${store} and its own BullMQ prefix, far-away SLAs (no timer fires).`,
      `Lifecycle: /decide (the form opens with views.open), the form submitted, the request DM reaches the SPoC, the SPoC clicks an option, the decision is decided in the database with no outbox row pending; each on its own requester, ${options.concurrency} in flight, ${seconds(options.warmupMs)} of unmeasured load first, then ${seconds(options.durationMs)} measured; lifecycles/s counts those closed within the window.`,
      'Bot CPU: utime + stime of the bot process and all its descendants (/proc/<pid>/stat, children via /proc/<pid>/task/<tid>/children), sampled at the window’s start and end, divided by the lifecycles closed in it.',
      `Reference, after the bot stopped, each part in a process of its own for the ${count(n)} lifecycles of the window (its CPU only: process.cpuUsage around the measured run, after a warm-up of the same kind): (a) ack-server.ts bare mode (Bolt, listeners only ack) receiving the bot’s very requests, freshly signed; ${partB}; (c) a bare BullMQ Queue + no-op Worker per queue, the same delivery jobs added and processed and the same timer jobs added days ahead then removed (not the bot’s reads of existing timer jobs); (d) a bare WebClient configured like the bot’s resending the bot’s recorded calls of those lifecycles to the stand-in (views.open with fresh trigger ids, the stand-in’s clock stopped meanwhile).`,
      postgres
        ? 'The same goal (≤ 2×) as on SQLite: part (b) is this database’s own raw writes, so the reference moves with the database and the ratio is the bot’s own overhead either way. The PostgreSQL server’s CPU (its backends, read from /proc) is in neither the bot’s figure nor part (b)’s, as Redis’s is in neither: it is shown beside them.'
        : 'The same goal (≤ 2×) on both databases: part (b) is the database’s own raw writes, so the ratio is the bot’s own overhead either way.',
      'Figures only: the machine is shared; Redis’s own CPU and the stand-in’s are in neither figure.',
    ],
    detail,
  };
}
