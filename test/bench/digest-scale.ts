/**
 * What building one project's weekly digest costs over a large history: 1,000,000 stored decisions by default,
 * 50 projects, two years ending now. The digest is built exactly as the bot does (`digestDecisions` from
 * send-digest.ts through the real DecisionRepository, then `buildDigest`), next to a reference measured in the
 * same run on the same file: the aggregates SQL can compute itself over the same rows (see REFERENCE_TOTALS).
 * Filling the file takes a while; it is reported apart and is not part of the figure.
 */
import { join } from 'node:path';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { digestDecisions } from '../../src/app/send-digest.js';
import { BusinessCalendar } from '../../src/domain/business-calendar.js';
import { APPROVE_REJECT, type Decision } from '../../src/domain/decision.js';
import { buildDigest, DIGEST_WEEKS } from '../../src/domain/digest.js';
import type { DecisionEvent } from '../../src/domain/events.js';
import { WEEK_MS } from '../../src/domain/insight/index.js';
import type { Project } from '../../src/domain/project.js';
import type { Transition } from '../../src/domain/refusal.js';
import { percentile } from '../../src/domain/stats.js';
import { HOUR, type Instant } from '../../src/domain/time.js';
import { decide, escalate, openDecision, withdraw } from '../../src/domain/transitions/index.js';
import { DecisionRepository, openDatabase, ProjectRepository } from '../../src/storage/index.js';
import { decisionToRow, eventToRow } from '../../src/storage/repositories/decision-rows.js';
import { decisionEvents, decisions } from '../../src/storage/schema.js';
import { type BenchSection, ratio as ratioText } from './goals.js';
import { count, figures, ms, seconds } from './stats.js';
import { tempDir } from './support.js';
import { notes, table } from './table.js';

export interface DigestScaleOptions {
  readonly decisions: number;
  readonly projects: number;
  /** Measured runs of each side (after one unrecorded warm-up run); the figure is their median. */
  readonly runs?: number;
}

/** The section for the report, with the figures kept as numbers (the smoke test reads them). */
export interface DigestScaleResult extends BenchSection {
  readonly fillMs: number;
  readonly storedDecisions: number;
  readonly storedEvents: number;
  /** Median ms of building the digest as the bot does. */
  readonly digestMs: number;
  /** Median ms of the reference queries. */
  readonly referenceMs: number;
  readonly ratio: number;
  readonly decisionsRead: number;
  readonly eventsRead: number;
  /** Whether both sides agree on every figure the reference computes (else the ratio compares different work). */
  readonly agree: boolean;
}

const GOAL = 1.5;
/** The history the goal is stated for. */
const GOAL_SIZE = 1_000_000;
const DAY = 24 * HOUR;
const HISTORY_MS = 2 * 365 * DAY;
/** Decisions written per transaction while filling: big enough that commits do not dominate. */
const FILL_BATCH = 50_000;

/** A 24/7 calendar (as the other benchmarks): business time is wall time, so SQL can compute it too. */
const calendar = new BusinessCalendar({ timezone: 'UTC', businessHours: 'always', holidays: [] });
const day = (amount: number) => ({ amount, unit: 'd' }) as const;

function benchProject(index: number): Project {
  return {
    id: `bench-digest-${String(index).padStart(3, '0')}`,
    name: `Bench digest ${index}`,
    channel: `C0BENCH${index}`,
    spoc: 'U0SPOC0001',
    deputy: 'U0DEPUTY01',
    sponsors: ['U0SPONSOR1'],
    steeringCommittee: { members: ['U0SPONSOR1', 'U0CFO00001', 'U0PMDIR001'], quorum: 2 },
    keyUsers: { inventory: ['U0KEYINV01'] },
    authority: { spocMaxBudget: 5000 },
    sla: Object.fromEntries(
      (['low', 'normal', 'high', 'critical'] as const).map((i) => [
        i,
        { spoc: day(1), sponsor: day(2), committee: day(3) },
      ]),
    ) as Project['sla'],
    reminders: [],
    digest: { cron: '0 9 * * MON' },
    costOfDelay: { perDay: 1_000_000, currency: 'IDR' },
  };
}

/** A small deterministic generator (mulberry32), so every run stores the same history. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A UUID-shaped id like the bot's randomUUID(), but reproducible. */
function idOf(i: number): string {
  const scrambled = ((i * 2654435761) % 2 ** 48).toString(16).padStart(12, '0');
  return `${i.toString(16).padStart(8, '0')}-0000-4000-8000-${scrambled}`;
}

function ok(t: Transition): { decision: Decision; events: readonly DecisionEvent[] } {
  if (!t.ok) throw new Error(`bench fixture: transition refused (${t.refusal.code})`);
  return t;
}

/**
 * One decision's life from the real domain transitions, stopping at `now`: 85% decided by the SPoC within
 * hours, 10% escalated to the sponsor after the SPoC's day and then decided, 3% withdrawn, 2% opened in the
 * last days and still open (escalated if their level's time ran out).
 */
function lifeOf(i: number, total: number, project: Project, now: Instant, rand: () => number) {
  const kind = rand();
  // Spread evenly over the two years; the ones still open were opened in the last days.
  const openedAt = Math.round(
    kind < 0.98 ? now - HISTORY_MS + ((i + rand()) * HISTORY_MS) / total : now - rand() * 5 * DAY,
  );
  const ctx = (at: Instant) => ({ now: at, clock: calendar });
  const request = {
    projectId: project.id,
    requester: 'U0MEMBER01',
    question: `Bench decision ${i}: approve the change request?`,
    context: 'Generated by the digest benchmark.',
    options: APPROVE_REJECT,
    impact: 'normal' as const,
  };
  let current = ok(openDecision(request, idOf(i), project, false, ctx(openedAt)));
  const events: DecisionEvent[] = [...current.events];
  const apply = (at: Instant, step: (d: Decision) => Transition) => {
    if (at > now) return false;
    current = ok(step(current.decision));
    events.push(...current.events);
    return true;
  };
  const escalateAtDue = () => {
    const due = current.decision.dueAt;
    return (
      due !== null && apply(due, (d) => escalate(d, project, { level: d.level, spocAway: false }, ctx(due)))
    );
  };
  const optionId = rand() < 0.8 ? 'approve' : 'reject';
  if (kind < 0.85) {
    const at = openedAt + Math.round((0.25 + rand() * 7.75) * HOUR);
    apply(at, (d) => decide(d, { actor: project.spoc, optionId }, ctx(at)));
  } else if (kind < 0.95) {
    if (escalateAtDue()) {
      const at = current.decision.levelEnteredAt + Math.round((1 + rand() * 23) * HOUR);
      apply(at, (d) => decide(d, { actor: 'U0SPONSOR1', optionId }, ctx(at)));
    }
  } else if (kind < 0.98) {
    const at = openedAt + Math.round((1 + rand() * 11) * HOUR);
    apply(at, (d) => withdraw(d, { actor: request.requester, reason: 'no longer needed' }, ctx(at)));
  } else {
    while (current.decision.level !== 'committee' && escalateAtDue()) {}
  }
  return { decision: current.decision, events };
}

/** A positional INSERT of every column of `table`, in drizzle's column order (booleans as 0/1, as drizzle). */
export function insertOf(table: SQLiteTable, skip: readonly string[] = []) {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !skip.includes(key));
  const names = columns.map(([, c]) => `"${c.name}"`);
  const name = getTableName(table);
  const sql = `INSERT INTO "${name}" (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
  const values = (row: Record<string, unknown>) =>
    columns.map(([key]) => {
      const v = row[key];
      return typeof v === 'boolean' ? Number(v) : (v ?? null);
    });
  return { sql, values, columns: names, table: name };
}

/**
 * The reference, aggregates SQL computes itself over the rows the digest reads. One pass over every decision
 * the digest loads (the project's open ones and those closed since the chart's first week, `@since`) joined
 * with all their events: decisions and events read, still open, closed in the week [@from, @to) by outcome
 * (decided / expired with the default / withdrawn, from the closing event), and escalations in the week by the
 * level reached.
 */
const REFERENCE_TOTALS = `
  SELECT
    sum(e.seq = 1) AS decisions,
    count(*) AS events,
    sum(e.seq = 1 AND d.status IN ('open', 'needs_info')) AS open,
    sum(e.type = 'decided' AND e.at >= @from AND e.at < @to) AS decided,
    sum(e.type = 'expired' AND e.at >= @from AND e.at < @to) AS defaulted,
    sum(e.type = 'withdrawn' AND e.at >= @from AND e.at < @to) AS withdrawn,
    sum(e.type = 'escalated' AND e.level = 'sponsor' AND e.at >= @from AND e.at < @to) AS to_sponsor,
    sum(e.type = 'escalated' AND e.level = 'committee' AND e.at >= @from AND e.at < @to) AS to_committee
  FROM decisions d JOIN decision_events e ON e.decision_id = d.id
  WHERE d.project_id = @project AND (d.status IN ('open', 'needs_info') OR d.closed_at >= @since)`;

/**
 * The times to outcome of the decisions answered in the week (decided or expired), sorted so the median and
 * p90 are picked by rank. Outcome instant minus open instant: business time with the 24/7 calendar and no
 * pauses in this history.
 */
const REFERENCE_TO_OUTCOME = `
  SELECT e.at - d.opened_at AS ms
  FROM decisions d JOIN decision_events e ON e.decision_id = d.id
  WHERE d.project_id = @project AND d.closed_at >= @from AND d.closed_at < @to
    AND e.type IN ('decided', 'expired')
  ORDER BY ms`;

interface ReferenceTotals {
  decisions: number | null;
  events: number;
  open: number | null;
  decided: number | null;
  defaulted: number | null;
  withdrawn: number | null;
  to_sponsor: number | null;
  to_committee: number | null;
}

export async function runDigestScale(
  options: DigestScaleOptions,
  progress: (line: string) => void = () => {},
): Promise<DigestScaleResult> {
  const runs = Math.max(1, options.runs ?? 5);
  const projectCount = Math.max(1, options.projects);
  const total = Math.max(1, options.decisions);
  const dir = tempDir('digest');
  const database = openDatabase(join(dir.path, 'decide.db'));
  try {
    const { sqlite } = database;
    const now = Date.now();
    const projects = Array.from({ length: projectCount }, (_, i) => benchProject(i + 1));
    await new ProjectRepository(database.db).sync(projects, now);
    const repo = new DecisionRepository(database);
    const rand = random(20_251_102);

    // The first decision goes through the repository; the raw fill must write exactly the rows it wrote.
    const insertDecision = insertOf(decisions);
    const insertEvent = insertOf(decisionEvents, ['id']);
    const first = lifeOf(0, total, projects[0] as Project, now, rand);
    await repo.create(first.decision, first.events, [], now);
    const stored = (insert: ReturnType<typeof insertOf>, where: string, id: string) =>
      sqlite
        .prepare(
          `SELECT ${insert.columns.join(', ')} FROM "${insert.table}" WHERE ${where} = ? ORDER BY rowid`,
        )
        .raw()
        .all(id);
    const expected = {
      decisions: [insertDecision.values(decisionToRow(first.decision))],
      events: first.events.map((e, n) => insertEvent.values(eventToRow(first.decision.id, n + 1, e))),
    };
    const actual = {
      decisions: stored(insertDecision, 'id', first.decision.id),
      events: stored(insertEvent, 'decision_id', first.decision.id),
    };
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      throw new Error(`the raw fill would not write what the repository writes:
  repository ${JSON.stringify(actual)}
  raw fill   ${JSON.stringify(expected)}`);
    }

    const fillStarted = performance.now();
    const decisionStatement = sqlite.prepare(insertDecision.sql);
    const eventStatement = sqlite.prepare(insertEvent.sql);
    let storedEvents = first.events.length;
    const fill = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const life = lifeOf(i, total, projects[i % projectCount] as Project, now, rand);
        decisionStatement.run(insertDecision.values(decisionToRow(life.decision)));
        life.events.forEach((e, n) => {
          eventStatement.run(insertEvent.values(eventToRow(life.decision.id, n + 1, e)));
        });
        storedEvents += life.events.length;
      }
    });
    for (let i = 1; i < total; i += FILL_BATCH) {
      fill(i, Math.min(total, i + FILL_BATCH));
      progress(`digest: stored ${count(Math.min(total, i + FILL_BATCH))} of ${count(total)} decisions`);
    }
    // Fold the WAL into the file, as a checkpoint would long before a digest runs on a real database.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const fillMs = performance.now() - fillStarted;

    const project = projects[0] as Project;
    const buildOnce = async () => {
      const loaded = await digestDecisions(repo, calendar, project, now);
      return { loaded, digest: buildDigest({ project, decisions: loaded, to: now, now, clock: calendar }) };
    };
    const params = {
      project: project.id,
      since: now - (DIGEST_WEEKS + 1) * WEEK_MS,
      from: now - WEEK_MS,
      to: now,
    };
    const totalsStatement = sqlite.prepare(REFERENCE_TOTALS);
    const toOutcomeStatement = sqlite.prepare(REFERENCE_TO_OUTCOME).pluck();
    const referenceOnce = () => {
      const totals = totalsStatement.get(params) as ReferenceTotals;
      const toOutcome = toOutcomeStatement.all(params) as number[];
      return { totals, median: percentile(toOutcome, 50), p90: percentile(toOutcome, 90) };
    };

    progress(`digest: measuring ${runs} runs of each side for ${project.id}`);
    const built = await buildOnce();
    const reference = referenceOnce();
    const digestTimes: number[] = [];
    const referenceTimes: number[] = [];
    for (let run = 0; run < runs; run++) {
      let started = performance.now();
      await buildOnce();
      digestTimes.push(performance.now() - started);
      started = performance.now();
      referenceOnce();
      referenceTimes.push(performance.now() - started);
    }
    const digestMs = figures(digestTimes).p50 ?? 0;
    const referenceMs = figures(referenceTimes).p50 ?? 0;
    const ratio = referenceMs > 0 ? digestMs / referenceMs : Number.POSITIVE_INFINITY;

    // Both sides must have read and counted the same thing, or the ratio compares different work.
    const week = built.digest.current;
    const t = reference.totals;
    const agree =
      (t.decisions ?? 0) === built.loaded.length &&
      (t.open ?? 0) === week.open &&
      (t.decided ?? 0) === week.decided &&
      (t.defaulted ?? 0) === week.defaulted &&
      (t.withdrawn ?? 0) === week.withdrawn &&
      (t.to_sponsor ?? 0) === week.escalationsByLevel.sponsor &&
      (t.to_committee ?? 0) === week.escalationsByLevel.committee &&
      reference.median === week.timeToOutcome.median &&
      reference.p90 === week.timeToOutcome.p90;

    const storedDecisions = total;
    const detail = [
      table(
        `Digest: one project's weekly digest over ${count(storedDecisions)} stored decisions (${projectCount} projects, two years), median of ${runs} runs after one warm-up`,
        ['project', 'decisions read', 'events read', 'digest ms', 'reference ms', 'ratio', 'goal', 'met'],
        [
          [
            project.id,
            count(built.loaded.length),
            count(t.events),
            ms(digestMs),
            ms(referenceMs),
            `${ratio.toFixed(2)}x`,
            `<= ${GOAL}x`,
            ratio <= GOAL ? 'yes' : 'no',
          ],
        ],
      ),
      '',
      notes([
        `Filled ${count(storedDecisions)} decisions and ${count(storedEvents)} events in ${seconds(fillMs)} (raw prepared INSERTs, ${count(FILL_BATCH)} decisions per transaction; rows checked against the repository's own; not part of the figure). Mix: 85% decided by the SPoC within hours, 10% escalated to the sponsor then decided, 3% withdrawn, 2% opened in the last 5 days and still open.`,
        `digest: what the bot runs for one digest: await digestDecisions() (listActive ∪ closedSince(now − ${DIGEST_WEEKS + 1} weeks) through DecisionRepository, their events with await eventsOf(), decisionFigures) and buildDigest().`,
        'reference: the same decisions and events read directly in SQL, two statements: (1) one pass over those decisions joined with all their events counting decisions, events, still open, closed in the week by outcome (decided/defaulted/withdrawn) and escalations in the week by level; (2) the times to outcome of the decisions answered in the week, sorted, the median and p90 picked by rank. It computes no age bands, cost, authority or chart.',
        `Both sides agree on every figure the reference computes: ${agree ? 'yes' : `NO (reference ${JSON.stringify({ ...t, median: reference.median, p90: reference.p90 })})`}.`,
      ]),
    ].join('\n');
    const scale = `${count(storedDecisions)} stored decisions (${projectCount} projects, two years)`;
    return {
      title: 'Weekly digest over a large history',
      goals: [
        {
          figure: `one project's weekly digest over ${scale}: median of ${runs}`,
          value: `${ms(digestMs)} ms${agree ? '' : ' (the two sides disagree: see the detail)'}`,
          reference: `the same aggregates in SQL: ${ms(referenceMs)} ms`,
          ratio: ratioText(digestMs, referenceMs),
          // Stated for 1,000,000 decisions: on a small history the digest's fixed costs dominate the ratio.
          goal:
            storedDecisions >= GOAL_SIZE ? `≤ ${GOAL}×` : `≤ ${GOAL}× at ${count(GOAL_SIZE)}: report here`,
          met: storedDecisions >= GOAL_SIZE ? agree && ratio <= GOAL : agree ? undefined : false,
        },
      ],
      method: [
        `${count(storedDecisions)} decisions over ${projectCount} projects and two years, from the real domain transitions, written to a SQLite file made by the real migrations (${seconds(fillMs)}, not part of the figure).`,
        `digest: what the bot runs for one project's digest (${count(built.loaded.length)} decisions, ${count(t.events)} events read): await digestDecisions() through DecisionRepository, then buildDigest().`,
        'reference: two SQL statements computing over the same rows the aggregates SQL can (counts by outcome, escalations, median and p90 time to outcome).',
        `Median of ${runs} runs of each side, alternating, after one unrecorded warm-up run of each.`,
      ],
      detail,
      fillMs,
      storedDecisions,
      storedEvents,
      digestMs,
      referenceMs,
      ratio,
      decisionsRead: built.loaded.length,
      eventsRead: t.events,
      agree,
    };
  } finally {
    database.close();
    await dir.remove();
  }
}
