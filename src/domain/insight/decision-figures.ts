import type { Decision } from '../decision.js';
import type { DecisionEvent } from '../events.js';
import type { BusinessClock } from '../ladder.js';
import { type DecisionLatency, decisionLatency, pausedSpans } from '../latency.js';
import { LEVELS, type Level, type Project, type UserId } from '../project.js';
import { type SignOffRound, signOffRounds } from '../signoff.js';
import type { Instant, Span } from '../time.js';

/**
 * Why a decision left the SPoC's hands: routed (or, once edited, moved) over the SPoC's authority, escalated
 * on timeout, sent up at once by the SPoC (or the deputy or delegate) who held it, delegated up; or nobody was
 * left at the SPoC level (the SPoC deactivated in Slack with no deputy, or the deputy or delegate holding it),
 * which says nothing of the SPoC's authority (the authority insight leaves those decisions out).
 */
export type AboveSpocReason =
  | 'over_authority'
  | 'escalated'
  | 'sent_up'
  | 'delegated_up'
  | 'spoc_deactivated';

/** Who sits above the SPoC: a delegation to one of them means the SPoC could not take the decision alone. */
export type AuthorityRoster = Pick<Project, 'sponsors' | 'steeringCommittee'>;

/** The sponsor's figures of one decision, all derived from its event log. */
export interface DecisionFigures {
  readonly latency: DecisionLatency;
  readonly reminders: number;
  /** Escalations (a level left for one whose deciders were all deactivated in Slack is none). */
  readonly escalations: number;
  /** Escalations by the level they reached (never `spoc`). */
  readonly escalationsByLevel: Partial<Record<Level, number>>;
  /** Highest level that held the decision. */
  readonly reachedLevel: Level;
  /** The level holding the decision when a decider first acted; `spoc` means the SPoC or the deputy. */
  readonly firstResponseLevel: Level | null;
  /** `aboveSpocBecause === null`; for an open decision: so far. */
  readonly spocAlone: boolean;
  /** The first event that took the decision above the SPoC, in log order. */
  readonly aboveSpocBecause: AboveSpocReason | null;
  /** Business time from open to the outcome, or to `now` while open; pauses for information excluded. */
  readonly waitedBusinessMs: number;
  /** Pauses for information (the last one up to `now` if unanswered): lets the age at an earlier instant be known. */
  readonly paused: readonly Span[];
  /** A sign-off's rounds, each with its latency (round start → returned or signed off); absent for a decision. */
  readonly rounds?: readonly SignOffRound[] | undefined;
}

/** A decision with its figures: what the period, authority and chart functions work on. */
export interface DecisionWithFigures {
  readonly decision: Decision;
  readonly figures: DecisionFigures;
}

/**
 * Figures of one decision from its event log (ordered by time). `roster` tells a delegation upward (to a
 * sponsor or a committee member) from an ordinary one (to the deputy or a key user); pass the project.
 */
export function decisionFigures(
  decision: Decision,
  events: readonly DecisionEvent[],
  clock: BusinessClock,
  now: Instant,
  roster: AuthorityRoster,
): DecisionFigures {
  const latency = decisionLatency(events, decision.ladder, decision.requester, clock, now);
  const escalationsByLevel: Partial<Record<Level, number>> = {};
  let escalations = 0;
  let reminders = 0;
  for (const e of events) {
    if (e.type === 'reminded') reminders++;
    if (e.type === 'escalated' && e.data.because !== 'decider_deactivated') {
      escalations++;
      escalationsByLevel[e.level] = (escalationsByLevel[e.level] ?? 0) + 1;
    }
  }
  const aboveSpocBecause = aboveSpocReason(events, isAboveSpoc(roster));
  return {
    latency,
    reminders,
    escalations,
    escalationsByLevel,
    reachedLevel: highestLevel(latency.levels.map((l) => l.level)) ?? decision.level,
    firstResponseLevel: levelAt(latency, latency.firstResponse?.at ?? null),
    spocAlone: aboveSpocBecause === null,
    aboveSpocBecause,
    // The levels run back to back from open to outcome (or now), so their business times add up to the wait.
    waitedBusinessMs: latency.outcome?.businessMs ?? latency.levels.reduce((sum, l) => sum + l.businessMs, 0),
    paused: pausedSpans(events, latency.outcome?.at ?? now),
    ...(decision.kind === 'signoff' ? { rounds: signOffRounds(events, clock, now) } : {}),
  };
}

function isAboveSpoc(roster: AuthorityRoster): (user: UserId) => boolean {
  return (user) => roster.sponsors.includes(user) || roster.steeringCommittee.members.includes(user);
}

function aboveSpocReason(
  events: readonly DecisionEvent[],
  isAbove: (user: UserId) => boolean,
): AboveSpocReason | null {
  for (const e of events) {
    if (e.type === 'opened' && e.data.routedBecause === 'over_authority') return 'over_authority';
    if (e.type === 'escalated') {
      if (e.data.because === 'decider_deactivated') {
        // Up from the SPoC level because nobody was left there; from a sign-off's key users, to it.
        if (e.data.from === 'spoc') return 'spoc_deactivated';
        continue;
      }
      if (e.data.because === 'timeout') return 'escalated';
      return e.data.because === 'over_authority' ? 'over_authority' : 'sent_up';
    }
    if (e.type === 'delegated' && isAbove(e.data.to)) return 'delegated_up';
  }
  return null;
}

function highestLevel(levels: readonly Level[]): Level | undefined {
  return LEVELS.filter((l) => levels.includes(l)).at(-1);
}

/** The level held at `at`: the last one entered at or before it. */
function levelAt(latency: DecisionLatency, at: Instant | null): Level | null {
  if (at === null) return null;
  return latency.levels.filter((l) => l.enteredAt <= at).at(-1)?.level ?? null;
}
