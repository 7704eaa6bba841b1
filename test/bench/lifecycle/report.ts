/** The report's section: the goal rows, the method, the per-process and per-part tables and the notes. */
import { type BenchSection, type GoalRow, ratio } from '../goals.js';
import { count, figures, ms, seconds } from '../stats.js';
import { notes, table } from '../table.js';
import type { LogSummary } from './bot-log.js';
import type { MessageCheck } from './check.js';
import type { LoadResult } from './load.js';
import type { Expected, Lifecycle } from './model.js';
import type { PartResult, SqliteTemplate } from './part-job.js';
import { sumCpu } from './proc-cpu.js';
import type { ReferenceParts } from './references.js';

/** A figure reported without a goal. */
function reported(figure: string, value: string): GoalRow {
  return { figure, value, reference: '', ratio: '', goal: 'report', met: undefined };
}

export function section(input: {
  options: { durationMs: number; concurrency: number; warmupMs: number };
  load: LoadResult;
  inWindow: readonly Lifecycle[];
  expected: Expected;
  messages: MessageCheck;
  rows: Record<string, number>;
  template: SqliteTemplate;
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
  const n = inWindow.length;
  const windowMs = load.windowEnd - load.windowStart;
  const perSecond = (n / windowMs) * 1000;
  const botCpuMs = sumCpu(load.bot);
  const botPer = botCpuMs / n;
  const per = (p: PartResult) => p.cpuMs / Math.max(1, p.lifecycles);
  const reference = per(parts.acks) + per(parts.sqlite) + per(parts.bullmq) + per(parts.webapi);
  // Each part with its names: in the bot's reference cell, as a goal row, in the parts table.
  const partList = [
    [parts.acks, 'bare Bolt acks', '(a) bare Bolt app acking the same requests', '(a) bare Bolt acks'],
    [parts.sqlite, 'raw SQLite', '(b) the same SQLite writes, raw better-sqlite3', '(b) raw SQLite writes'],
    [parts.bullmq, 'bare BullMQ', '(c) the same BullMQ jobs, bare Queue + Worker', '(c) bare BullMQ'],
    [parts.webapi, 'bare WebClient', '(d) the same Web API calls, bare WebClient', '(d) bare WebClient'],
  ] as const;
  const share = (cpuMs: number) => `${Math.round((100 * cpuMs) / windowMs)}%`;
  const clientPer = load.client.cpuMs / n;
  const latency = figures(inWindow.map((lc) => (lc.endedAt ?? lc.startedAt) - lc.startedAt));
  const lost = messages.lostPosts + messages.lostUpdates;
  const doubled = messages.doubledPosts + messages.doubledUpdates;
  const label = `${options.concurrency} in flight, ${seconds(windowMs)}`;
  const goals: GoalRow[] = [
    {
      figure: `bot CPU per full lifecycle (open → DM → click → closed), ${label}`,
      value: `${ms(botPer)} ms`,
      reference: `sum of its parts alone: ${ms(reference)} ms (${partList
        .map(([p, name]) => `${name} ${ms(per(p))}`)
        .join(' + ')})`,
      ratio: ratio(botPer, reference),
      goal: '≤ 2×',
      met: botPer <= 2 * reference,
    },
    reported(`full lifecycles per second, ${label}`, `${perSecond.toFixed(1)}/s`),
    {
      figure: 'messages lost / doubled (posts and updates per decision vs one lifecycle alone)',
      value: `${lost} / ${doubled} of ${count(messages.checked * (expected.posts + expected.updates))}`,
      reference: `one lifecycle alone: ${expected.posts} posts, ${expected.updates} updates`,
      ratio: '',
      goal: '0 / 0',
      met: lost === 0 && doubled === 0 && messages.buttonsLeft === 0,
    },
    ...partList.map(([p, , figure]) =>
      reported(`reference part ${figure}, CPU per lifecycle`, `${ms(per(p))} ms`),
    ),
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
  const others = load.machine.busyMs - botCpuMs - load.client.cpuMs - (redisCpu ?? 0);
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
      `Bot log (whole run, JSON lines by level): ${levels === '' ? 'empty' : levels}${input.log.top.length > 0 ? `; ${input.log.top.join('; ')}` : ''}. Start-up until /healthz answered: ${seconds(input.startMs)}; ${input.build}.`,
      `Load generator during the window: ${ms(load.client.cpuMs)} ms CPU (${share(load.client.cpuMs)} of a core: the driver, the tracker and the stand-in validating every call), event-loop delay p50 ${ms(Math.max(0, load.client.p50Ms - 5))} / p99 ${ms(Math.max(0, load.client.p99Ms - 5))} / max ${ms(load.client.maxMs)} ms; near 100% it is the client, not the bot, that limits the rate. The whole machine was ${Number.isFinite(load.machine.busyMs) ? `${Math.round((100 * load.machine.busyMs) / windowMs / load.machine.cpus)}% busy (of ${load.machine.cpus} CPUs)` : 'not measured'}, load average ${load.machine.load}: with the CPUs saturated, a bot process with a higher nice value (see the table) yields to everything else and the rate drops. Drain after the window: ${seconds(load.drainMs)}.`,
    ]),
  ].join('\n');
  return {
    title: 'Full decision lifecycles',
    goals,
    method: [
      `The bot: node dist/main.js in production mode (Slack credentials set, default layout, LOG_FORMAT=json at the default level) against the Slack stand-in in the benchmark process, its own SQLite file and BullMQ prefix, far-away SLAs (no timer fires).`,
      `Lifecycle: /decide (the form opens with views.open), the form submitted, the request DM reaches the SPoC, the SPoC clicks an option, the decision is decided in SQLite with no outbox row pending; each on its own requester, ${options.concurrency} in flight, ${seconds(options.warmupMs)} of unmeasured load first, then ${seconds(options.durationMs)} measured; lifecycles/s counts those closed within the window.`,
      'Bot CPU: utime + stime of the bot process and all its descendants (/proc/<pid>/stat, children via /proc/<pid>/task/<tid>/children), sampled at the window’s start and end, divided by the lifecycles closed in it.',
      `Reference, after the bot stopped, each part in a process of its own for the ${count(n)} lifecycles of the window (its CPU only: process.cpuUsage around the measured run, after a warm-up of the same kind): (a) ack-server.ts bare mode (Bolt, listeners only ack) receiving the bot’s very requests, freshly signed; (b) the bot’s rows of one lifecycle (read from its database) as raw better-sqlite3 prepared statements in the bot’s commits (the open and the decision as IMMEDIATE transactions; per message: attempt counted, reference kept, marked sent) on a fresh file with the real migrations; (c) a bare BullMQ Queue + no-op Worker per queue, the same delivery jobs added and processed and the same timer jobs added days ahead then removed (not the bot’s reads of existing timer jobs); (d) a bare WebClient configured like the bot’s resending the bot’s recorded calls of those lifecycles to the stand-in (views.open with fresh trigger ids, the stand-in’s clock stopped meanwhile).`,
      'Figures only: the machine is shared; Redis’s own CPU and the stand-in’s are in neither figure.',
    ],
    detail,
  };
}
