import { durationToMs } from './duration.js';
import {
  type CostRate,
  compareWithPrevious,
  type DecisionWithFigures,
  type PeriodFigures,
  periodFigures,
  type SignOffFigures,
  signOffFigures,
  type Trends,
  WEEK_MS,
  type WeekBar,
  weeklySeries,
} from './insight/index.js';
import type { BusinessClock } from './ladder.js';
import type { Level, Project } from './project.js';
import type { Instant } from './time.js';

/** Weeks the digest's chart shows. */
export const DIGEST_WEEKS = 8;
/** How many of the period's slowest decisions the digest names. */
export const DIGEST_SLOWEST = 3;

export interface WaitingDecision {
  readonly id: string;
  readonly question: string;
  readonly level: Level;
  readonly deciders: readonly string[];
  readonly openedAt: Instant;
  /** Business time since it opened (pauses for information excluded). */
  readonly waitedBusinessMs: number;
  readonly overdue: boolean;
}

export interface SlowDecision {
  readonly id: string;
  readonly question: string;
  /** Business time from open to outcome. */
  readonly businessMs: number;
  readonly reachedLevel: Level;
}

/**
 * The weekly digest's figures for one project, computed when it is due and kept with the message in the outbox
 * (a retry sends the same digest): the period's figures with their trend, the last weeks for the chart, the
 * slowest decisions of the period and what is still open.
 */
export interface Digest {
  readonly projectId: string;
  readonly from: Instant;
  readonly to: Instant;
  readonly current: PeriodFigures;
  readonly previous: PeriodFigures;
  readonly trends: Trends;
  readonly weeks: readonly WeekBar[];
  /** The time the SPoC has for a normal-impact decision: the line the chart's bars are read against. */
  readonly slaMs: number;
  readonly slowest: readonly SlowDecision[];
  /** Still open, oldest first. */
  readonly waiting: readonly WaitingDecision[];
  /** Questions of the decisions the cost figures name, by id. */
  readonly questions: Readonly<Record<string, string>>;
  /** What the decisions the digest names block (as their requesters wrote it), by id. */
  readonly blocks: Readonly<Record<string, string>>;
  /** The week's sign-offs (absent in a digest recorded before sign-offs existed). */
  readonly signoffs?: SignOffFigures | undefined;
}

/** Builds the digest of the week ending at `to` (`now` for a digest sent when due). */
export function buildDigest(input: {
  readonly project: Project;
  readonly decisions: readonly DecisionWithFigures[];
  readonly to: Instant;
  readonly now: Instant;
  readonly clock: BusinessClock;
}): Digest {
  const { project, to, now, clock } = input;
  // Sign-offs have their own line: every decision figure leaves them out.
  const decisions = input.decisions.filter(({ decision }) => decision.kind !== 'signoff');
  const signoffs = input.decisions.filter(({ decision }) => decision.kind === 'signoff');
  const from = to - WEEK_MS;
  const rate: CostRate | undefined = project.costOfDelay;
  const current = periodFigures({ decisions, from, to, now, clock, rate });
  const previous = periodFigures({ decisions, from: from - WEEK_MS, to: from, now, clock, rate });
  const closedInPeriod = decisions.filter(
    ({ decision, figures }) =>
      decision.closedAt !== null &&
      decision.closedAt >= from &&
      decision.closedAt < to &&
      figures.latency.outcome !== null &&
      decision.status !== 'withdrawn',
  );
  const slowest = closedInPeriod
    .map(({ decision, figures }) => ({
      id: decision.id,
      question: decision.question,
      businessMs: figures.latency.outcome?.businessMs ?? 0,
      reachedLevel: figures.reachedLevel,
    }))
    .sort((a, b) => b.businessMs - a.businessMs || (a.id < b.id ? -1 : 1))
    .slice(0, DIGEST_SLOWEST);
  const waiting = decisions
    .filter(({ decision }) => decision.closedAt === null)
    .map(
      ({ decision, figures }): WaitingDecision => ({
        id: decision.id,
        question: decision.question,
        level: decision.level,
        deciders: decision.deciders,
        openedAt: decision.openedAt,
        waitedBusinessMs: figures.waitedBusinessMs,
        overdue: decision.overdue || figures.latency.breached,
      }),
    )
    .sort((a, b) => a.openedAt - b.openedAt || (a.id < b.id ? -1 : 1));
  const named = new Set([...current.cost.top.map((c) => c.decisionId)]);
  const questions = Object.fromEntries(
    decisions
      .filter(({ decision }) => named.has(decision.id))
      .map(({ decision }) => [decision.id, decision.question]),
  );
  const shown = new Set([...named, ...waiting.map((w) => w.id), ...slowest.map((s) => s.id)]);
  const blocks = Object.fromEntries(
    decisions.flatMap(({ decision }) =>
      shown.has(decision.id) && decision.blocks !== undefined ? [[decision.id, decision.blocks]] : [],
    ),
  );
  return {
    projectId: project.id,
    from,
    to,
    current,
    previous,
    trends: compareWithPrevious(current, previous),
    weeks: weeklySeries({ decisions, weeks: DIGEST_WEEKS, endingAt: to, clock }),
    slaMs: durationToMs(project.sla.normal.spoc, clock.workingDayMs),
    slowest,
    waiting,
    questions,
    blocks,
    signoffs: signOffFigures({ signoffs, from, to, clock }),
  };
}
