import { BusinessCalendar } from '../../src/domain/business-calendar.js';
import { isClosed } from '../../src/domain/decision.js';
import { nextTimerAt } from '../../src/jobs/timer-scheduler.js';
import { mulberry32 } from '../../src/sandbox/index.js';
import { markdownTable } from '../bench/report.js';
import { Dice, People } from './actors.js';
import {
  escalationsOnTime,
  type InvariantResult,
  messagesOnce,
  noButtonsOnClosed,
  outcomesAndReplay,
  snapshot,
  standInViolations,
  timersMatch,
} from './invariants.js';
import {
  type DatabaseKind,
  JOB_LOCK_MS,
  RECONCILE_EVERY_MS,
  type SlackMode,
  startSoakWorld,
} from './world.js';

export interface SoakOptions {
  readonly decisions: number;
  readonly database: DatabaseKind;
  readonly slack: SlackMode;
  readonly seed: number;
  /** Web and worker processes each (default: two on PostgreSQL, one on SQLite). */
  readonly processes?: number;
  /** People acting at once. */
  readonly lanes?: number;
  readonly log?: (line: string) => void;
}

export interface SoakResult {
  readonly database: DatabaseKind;
  readonly slack: SlackMode;
  readonly seed: number;
  readonly decisions: number;
  readonly signoffs: number;
  readonly closed: number;
  readonly messages: number;
  readonly apiCalls: number;
  readonly faults: Record<string, number>;
  readonly actions: Record<string, number>;
  readonly invariants: readonly InvariantResult[];
  readonly boundMs: number;
  readonly measuredLatenessMs: number;
  readonly escalations: number;
  readonly seconds: number;
  /** From the end of the chaos until the outbox was empty and no timer was due soon; undefined: it timed out. */
  readonly drainSeconds: number | undefined;
  readonly ok: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The Slack faults: 5 % of calls fail with 500 or 429 (half each), 1 % are stored and then answered 500. */
const FAULT_RATES = [
  { fault: { kind: 'server_error' as const }, rate: 0.025 },
  { fault: { kind: 'rate_limited' as const, retryAfterSec: 1 }, rate: 0.025 },
  { fault: { kind: 'server_error_after_processing' as const }, rate: 0.01 },
];

type ChaosKind = 'redis_restart' | 'redis_flush' | 'web_kill' | 'worker_kill' | 'database_restart';

/**
 * One soak: a fresh world (stand-in, private Redis, the database, web and worker child processes), people
 * opening `decisions` requests and acting on them at random while the chaos runs on a seeded schedule, then a
 * drain (no new acts, Slack healthy again) until every message is out and every timer has fired what it can,
 * then the invariants.
 */
export async function runSoak(options: SoakOptions): Promise<SoakResult> {
  const t00 = Date.now();
  const log = (line: string) => options.log?.(`+${((Date.now() - t00) / 1000).toFixed(1)}s ${line}`);
  const started = Date.now();
  const dice = new Dice(mulberry32(options.seed));
  const soak = await startSoakWorld(options.database, options.slack, options.processes);
  const tag = `[${options.database}/${options.slack}]`;
  log(`${tag} started: ${soak.webs.length} web and ${soak.workers.length} worker processes`);
  const chaos = new Map<string, number>();
  const count = (kind: string, n = 1) => chaos.set(kind, (chaos.get(kind) ?? 0) + n);
  let longestOutageMs = 0;
  try {
    const people = new People(soak, dice);
    soak.world.fake.faults.randomly({
      seed: options.seed ^ 0x5eed,
      rates: FAULT_RATES,
      // The Socket Mode handshake: a failure only delays the link (the SDK retries), and start-ups must pass.
      except: ['apps.connections.open', 'auth.test'],
    });
    // About 5 requests a second opened, people acting in between.
    const activeMs = Math.max(8000, options.decisions * 200);
    const activeEnd = Date.now() + activeMs;
    const schedule: { at: number; kind: ChaosKind }[] = (
      ['redis_restart', 'redis_flush', 'web_kill', 'worker_kill', 'database_restart'] as const
    ).map((kind) => ({ at: Date.now() + activeMs * (0.15 + 0.65 * dice.next()), kind }));
    const runChaos = async () => {
      for (const step of schedule.sort((a, b) => a.at - b.at)) {
        await sleep(Math.max(0, step.at - Date.now()));
        const t0 = Date.now();
        switch (step.kind) {
          case 'redis_restart':
            await soak.redis.restart(1000);
            longestOutageMs = Math.max(longestOutageMs, Date.now() - t0);
            break;
          case 'redis_flush':
            await soak.redis.flush();
            break;
          case 'web_kill':
            await soak.killAndRestart('web', dice.int(soak.webs.length));
            break;
          case 'worker_kill':
            await soak.killAndRestart('worker', dice.int(soak.workers.length));
            // A single worker (SQLite): no timer fires until it is back.
            if (soak.workers.length === 1) longestOutageMs = Math.max(longestOutageMs, Date.now() - t0);
            break;
          case 'database_restart':
            count('database_connections_ended', await soak.restartDatabaseConnections());
            break;
        }
        count(step.kind);
        log(`${tag} chaos: ${step.kind} (${Date.now() - t0} ms)`);
      }
    };
    const lane = async () => {
      while (Date.now() < activeEnd) {
        const opening = people.openedCount < options.decisions && dice.chance(0.35);
        const acted = await people.act(opening);
        await sleep(acted ? 50 + dice.int(250) : 100);
      }
    };
    await Promise.all([runChaos(), ...Array.from({ length: options.lanes ?? 4 }, lane)]);
    // The ones not opened yet (a slow machine): opened now, still under the faults.
    while (people.openedCount < options.decisions) await people.act(true);
    log(`${tag} active phase over: ${people.openedCount} opened; draining`);

    // Drain: Slack healthy, nobody acting; wait until the outbox is empty and no ladder timer is still to come.
    soak.world.fake.faults.randomly(undefined);
    const clock = new BusinessCalendar(soak.config.calendar);
    const drainStart = Date.now();
    const drainEnd = drainStart + Math.max(90_000, options.decisions * 600);
    let drainSeconds: number | undefined;
    let lastProgress = Date.now();
    for (;;) {
      const pending = await soak.db.rows<{ n: number | string }>(
        "SELECT count(*) AS n FROM deliveries WHERE status = 'pending'",
      );
      const open = await soak.db.storage.decisions.listActive();
      const soon = open.filter((d) => {
        const next = nextTimerAt(d, clock);
        return next !== null && next < Date.now() + 60_000;
      });
      if (Number(pending[0]?.n ?? 0) === 0 && soon.length === 0) {
        drainSeconds = Math.round((Date.now() - drainStart) / 1000);
        break;
      }
      // Every 30 s, what is still pending, for a drain that is slow or stuck.
      if (Date.now() - lastProgress > 30_000) {
        lastProgress = Date.now();
        const kinds = await soak.db.rows<{ kind: string; n: number | string; attempts: number | string }>(
          "SELECT kind, count(*) AS n, max(attempts) AS attempts FROM deliveries WHERE status = 'pending' GROUP BY kind",
        );
        const sent = await soak.db.rows<{ n: number | string }>(
          "SELECT count(*) AS n FROM deliveries WHERE status = 'sent'",
        );
        // The rows tried most, with their last error: what keeps a slow drain from ending.
        const stuck = await soak.db.rows<{
          id: number;
          kind: string;
          attempts: number;
          last_error: string | null;
        }>(
          "SELECT id, kind, attempts, last_error FROM deliveries WHERE status = 'pending' AND attempts >= 5 ORDER BY attempts DESC LIMIT 3",
        );
        log(
          `${tag} draining: ${sent[0]?.n} sent; pending ${kinds.map((k) => `${k.kind} ${k.n} (attempts ≤ ${k.attempts})`).join(', ') || 'none'}${stuck.map((r) => `; row ${r.id} (${r.kind}, ${r.attempts} attempts): ${r.last_error ?? 'no error recorded'}`).join('')}`,
        );
      }
      if (Date.now() > drainEnd) {
        log(`${tag} drain timed out: ${pending[0]?.n} pending deliveries, ${soon.length} timers still due`);
        break;
      }
      await sleep(500);
    }
    log(`${tag} drained`);
    // One more reconciler pass on every worker, then the settled state.
    await sleep(RECONCILE_EVERY_MS + 500);

    const s = await snapshot(soak);
    log(`${tag} snapshot taken`);
    const boundMs = longestOutageMs + 2 * RECONCILE_EVERY_MS + JOB_LOCK_MS + 10_000;
    const messages = await messagesOnce(soak, s);
    const escalations = escalationsOnTime(s, clock, boundMs, Date.now());
    const invariants: InvariantResult[] = [
      outcomesAndReplay(s, clock),
      messages,
      await noButtonsOnClosed(soak, s),
      await timersMatch(soak, s, clock),
      escalations,
      standInViolations(soak),
    ];
    const faults: Record<string, number> = Object.fromEntries(soak.world.fake.faults.applied);
    for (const [kind, n] of chaos) faults[kind] = n;
    return {
      database: options.database,
      slack: options.slack,
      seed: options.seed,
      decisions: s.decisions.length,
      signoffs: s.decisions.filter((d) => d.kind === 'signoff').length,
      closed: s.decisions.filter((d) => isClosed(d.status)).length,
      messages: messages.messages,
      apiCalls: soak.world.fake.calls().length,
      faults,
      actions: Object.fromEntries([...people.actions.done].sort(([a], [b]) => a.localeCompare(b))),
      invariants,
      boundMs,
      measuredLatenessMs: escalations.measuredMs,
      escalations: escalations.fired,
      seconds: Math.round((Date.now() - started) / 1000),
      drainSeconds,
      ok: invariants.every((i) => i.violations.length === 0),
    };
  } finally {
    await soak.stop();
  }
}

/** The runs' figures as a Markdown report (also what the CLI prints). */
export function report(results: readonly SoakResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `### ${r.database} / ${r.slack} (seed ${r.seed}, ${r.seconds} s): ${r.ok ? 'PASS' : 'FAIL'}`,
      '',
    );
    lines.push(
      `Decisions: ${r.decisions} (${r.signoffs} sign-offs), ${r.closed} closed, ${r.decisions - r.closed} still open; ` +
        `messages posted: ${r.messages}; Web API calls: ${r.apiCalls}; timeouts fired: ${r.escalations}; ` +
        `lateness measured max ${r.measuredLatenessMs} ms, bound ${r.boundMs} ms; ` +
        `${r.drainSeconds === undefined ? 'still draining when the drain window closed' : `outbox drained ${r.drainSeconds} s after the chaos`}.`,
      '',
    );
    // Padded as the formatter writes tables: the report is committed, and lint checks it.
    lines.push(
      markdownTable(
        ['invariant', 'result', 'checked', 'violations'],
        r.invariants.map((i) => [
          i.name,
          i.violations.length === 0 ? 'ok' : 'FAIL',
          String(i.checked),
          String(i.violations.length),
        ]),
      ),
    );
    lines.push(
      '',
      `Faults injected: ${Object.entries(r.faults)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      '',
    );
    lines.push(
      `Actions: ${Object.entries(r.actions)
        .map(([k, n]) => `${k} ${n}`)
        .join(', ')}`,
      '',
    );
    for (const i of r.invariants)
      for (const v of i.violations.slice(0, 20)) lines.push(`- VIOLATION (${i.name}): ${v}`);
    if (r.invariants.some((i) => i.violations.length > 0)) lines.push('');
  }
  const total = (f: (r: SoakResult) => number) => results.reduce((n, r) => n + f(r), 0);
  const faults = new Map<string, number>();
  for (const r of results)
    for (const [k, n] of Object.entries(r.faults)) faults.set(k, (faults.get(k) ?? 0) + n);
  lines.push(
    `### Total: ${results.every((r) => r.ok) ? 'PASS' : 'FAIL'}`,
    '',
    `Decisions ${total((r) => r.decisions)} (sign-offs ${total((r) => r.signoffs)}), messages ${total((r) => r.messages)}, ` +
      `invariants checked ${total((r) => r.invariants.reduce((n, i) => n + i.checked, 0))}, ` +
      `violations ${total((r) => r.invariants.reduce((n, i) => n + i.violations.length, 0))}.`,
    '',
    `Faults by kind: ${[...faults].map(([k, n]) => `${k} ${n}`).join(', ')}`,
  );
  return lines.join('\n');
}
