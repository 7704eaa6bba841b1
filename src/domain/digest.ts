import type { Decision } from './decision.js';
import type { DecisionLatency } from './latency.js';
import { LEVELS, type Level } from './project.js';
import { type Summary, summarizeLatencies } from './stats.js';
import type { Instant } from './time.js';

/** One decision with its latency, as the digest sees it. */
export interface DigestEntry {
  readonly decision: Decision;
  readonly latency: DecisionLatency;
}

export interface WaitingDecision {
  readonly id: string;
  readonly question: string;
  readonly level: Level;
  readonly deciders: readonly string[];
  /** Business time since it opened (pauses for information excluded). */
  readonly waitedBusinessMs: number;
  readonly budgetImpact: number | undefined;
  readonly overdue: boolean;
}

/** The weekly digest's figures for one project: where decisions wait and what the waiting costs. */
export interface Digest {
  readonly projectId: string;
  readonly from: Instant;
  readonly to: Instant;
  readonly closed: {
    readonly decided: number;
    readonly expiredWithDefault: number;
    readonly withdrawn: number;
    /** Open to outcome in business time, over decided and expired decisions. */
    readonly toOutcome: Summary;
    /** Share (0..1) of the closed decisions where some level ran out of time; null with none. */
    readonly breachRate: number | null;
  };
  /** Business time these decisions have spent at each level (all of it, also before the period). */
  readonly businessMsByLevel: Readonly<Record<Level, number>>;
  /** Open decisions, longest waiting first. */
  readonly waiting: readonly WaitingDecision[];
  /** Business time the open decisions have waited, added up. */
  readonly waitingBusinessMs: number;
  /** Budget impact of the open decisions, added up: what is held up until someone decides. */
  readonly budgetWaiting: number;
}

/**
 * Builds the digest of a period from decisions that were open at some point in it: those still open at its
 * end and those closed during it. Pure: latencies come computed from the event log.
 */
export function buildDigest(
  projectId: string,
  entries: readonly DigestEntry[],
  from: Instant,
  to: Instant,
): Digest {
  const closed = entries.filter((e) => e.decision.closedAt !== null && e.decision.closedAt >= from);
  const open = entries.filter((e) => e.decision.closedAt === null);
  const answered = closed.filter((e) => e.decision.status === 'decided' || e.decision.status === 'expired');
  const answeredStats = summarizeLatencies(answered.map((e) => e.latency));
  const businessMsByLevel = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const { latency } of entries) {
    for (const level of latency.levels) businessMsByLevel[level.level] += level.businessMs;
  }
  const waiting = open
    .map(
      ({ decision, latency }): WaitingDecision => ({
        id: decision.id,
        question: decision.question,
        level: decision.level,
        deciders: decision.deciders,
        waitedBusinessMs: latency.levels.reduce((sum, l) => sum + l.businessMs, 0),
        budgetImpact: decision.budgetImpact,
        overdue: decision.overdue || latency.breached,
      }),
    )
    .sort((a, b) => b.waitedBusinessMs - a.waitedBusinessMs);
  return {
    projectId,
    from,
    to,
    closed: {
      decided: closed.filter((e) => e.decision.status === 'decided').length,
      expiredWithDefault: closed.filter((e) => e.decision.status === 'expired').length,
      withdrawn: closed.filter((e) => e.decision.status === 'withdrawn').length,
      toOutcome: answeredStats.toOutcome,
      breachRate: answeredStats.breachRate,
    },
    businessMsByLevel,
    waiting,
    waitingBusinessMs: waiting.reduce((sum, w) => sum + w.waitedBusinessMs, 0),
    budgetWaiting: open.reduce((sum, e) => sum + (e.decision.budgetImpact ?? 0), 0),
  };
}
