import { type BusinessClock, lateAt } from '../ladder.js';
import { LEVELS, type Level } from '../project.js';
import type { Instant } from '../time.js';
import { type AgeBand, ageBand, emptyAgeBands } from './age.js';
import { type AuthorityInsight, authorityInsight } from './authority.js';
import type { CostRate } from './cost.js';
import { type CostInsight, costInsight } from './cost-insight.js';
import type { DecisionWithFigures } from './decision-figures.js';
import { answeredIn, type ClosedAs, closedIn, medianOf, openAt, p90Of, waitedAt, within } from './window.js';

/**
 * The sponsor's figures of one project over [from, to). A decision counts in the period of each of its events:
 * opened in one period and closed in the next, it is `opened` in the first and `decided` in the second.
 */
export interface PeriodFigures {
  readonly from: Instant;
  readonly to: Instant;
  /** Opened in the period. */
  readonly opened: number;
  /** Closed in the period, by how. */
  readonly decided: number;
  /** Expired on timeout with the declared default. */
  readonly defaulted: number;
  readonly withdrawn: number;
  /** Still open at `to`, whenever opened. */
  readonly open: number;
  /**
   * Answered (decided or defaulted) in the period on or after the start of their needed-by date. Absent from
   * digests recorded before this figure existed.
   */
  readonly closedLate?: number | undefined;
  /** Business ms from open to outcome over the decisions answered (decided or defaulted) in the period. */
  readonly timeToOutcome: {
    readonly count: number;
    readonly median: number | null;
    readonly p90: number | null;
  };
  /** Share (0..1) of the decisions answered in the period where some level missed its SLA; null with none. */
  readonly slaBreachRate: number | null;
  /** Escalations that happened in the period, by the level reached (`spoc` is always 0). */
  readonly escalationsByLevel: Readonly<Record<Level, number>>;
  /** Decisions open at `to` by business-time age at `to` (or now, if earlier). */
  readonly openByAge: Readonly<Record<AgeBand, number>>;
  /** Median business ms to first response, over decisions first answered in the period at the SPoC level. */
  readonly spocResponsiveness: number | null;
  readonly authority: AuthorityInsight;
  readonly cost: CostInsight;
}

export interface PeriodInput {
  readonly decisions: readonly DecisionWithFigures[];
  readonly from: Instant;
  readonly to: Instant;
  /** The instant the figures were computed at; bounds the age and the wait of a period ending later. */
  readonly now: Instant;
  readonly clock: BusinessClock;
  readonly rate?: CostRate | undefined;
}

export function periodFigures(input: PeriodInput): PeriodFigures {
  const { from, to, clock } = input;
  const all = input.decisions.map((d) => d.figures);
  const closedAs = (as: ClosedAs) => all.filter((f) => closedIn(f, from, to) === as).length;
  const answered = all.filter((f) => answeredIn(f, from, to));
  // A closed decision's wait is its time to outcome.
  const toOutcome = answered.map((f) => f.waitedBusinessMs);
  // Age and wait stop at `to`, and at `now` for a period not over yet: the figures cannot see further.
  const endOfWait = Math.min(to, input.now);
  const stillOpen = input.decisions.filter((d) => openAt(d.figures, to));
  const closedLate = input.decisions.filter((d) => {
    const late = lateAt(d.decision, clock);
    const closedAt = d.figures.latency.outcome?.at;
    return answeredIn(d.figures, from, to) && late !== null && closedAt !== undefined && closedAt >= late;
  }).length;

  const openByAge = emptyAgeBands();
  for (const d of stillOpen) openByAge[ageBand(waitedAt(d.figures, endOfWait, clock), clock.workingDayMs)]++;

  const escalationsByLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const f of all) {
    // Every level after the first was entered by an escalation, but for one whose deciders before were all
    // deactivated in Slack (nobody was left to answer: nothing ran out, nobody sent it up).
    for (const l of f.latency.levels.slice(1))
      if (within(l.enteredAt, from, to) && l.enteredBecause === undefined) escalationsByLevel[l.level]++;
  }

  // At the SPoC level the first response is the SPoC's or the deputy's: a delegation is itself their response.
  const spocResponses = all.flatMap((f) => {
    const response = f.latency.firstResponse;
    return response !== null && f.firstResponseLevel === 'spoc' && within(response.at, from, to)
      ? [response.businessMs]
      : [];
  });

  const waited = [
    ...stillOpen.map((d) => ({
      decisionId: d.decision.id,
      open: true,
      waitedBusinessMs: waitedAt(d.figures, endOfWait, clock),
    })),
    ...input.decisions
      .filter((d) => closedIn(d.figures, from, to) !== null)
      .map((d) => ({ decisionId: d.decision.id, open: false, waitedBusinessMs: d.figures.waitedBusinessMs })),
  ];

  return {
    from,
    to,
    opened: all.filter((f) => within(f.latency.openedAt, from, to)).length,
    decided: closedAs('decided'),
    defaulted: closedAs('defaulted'),
    withdrawn: closedAs('withdrawn'),
    open: stillOpen.length,
    closedLate,
    timeToOutcome: { count: toOutcome.length, median: medianOf(toOutcome), p90: p90Of(toOutcome) },
    slaBreachRate:
      answered.length === 0 ? null : answered.filter((f) => f.latency.breached).length / answered.length,
    escalationsByLevel,
    openByAge,
    spocResponsiveness: medianOf(spocResponses),
    authority: authorityInsight(answered, clock.workingDayMs),
    cost: costInsight(waited, clock.workingDayMs, input.rate),
  };
}
