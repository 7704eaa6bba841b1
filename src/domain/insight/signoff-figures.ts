import type { BusinessClock } from '../ladder.js';
import type { Instant } from '../time.js';
import type { DecisionWithFigures } from './decision-figures.js';
import { medianOf, within } from './window.js';

/** The digest's sign-off line over [from, to): what was signed off, what came back, and how long it took. */
export interface SignOffFigures {
  /** Signed off in the period. */
  readonly signedOff: number;
  /** Rounds returned to their requester (a rejection) in the period. */
  readonly rejectedRounds: number;
  /** Median business time from the first round's start to the sign-off, over those signed off in the period. */
  readonly medianToSignOffMs: number | null;
  /** Still waiting at `to` (with the key users or above, or back with the requester). */
  readonly open: number;
}

export function signOffFigures(input: {
  readonly signoffs: readonly DecisionWithFigures[];
  readonly from: Instant;
  readonly to: Instant;
  readonly clock: BusinessClock;
}): SignOffFigures {
  const { from, to, clock } = input;
  const signed = input.signoffs.filter(
    ({ decision }) =>
      decision.status === 'decided' && decision.closedAt !== null && within(decision.closedAt, from, to),
  );
  const rejectedRounds = input.signoffs
    .flatMap(({ figures }) => figures.rounds ?? [])
    .filter((r) => r.ended === 'returned' && r.endedAt !== null && within(r.endedAt, from, to)).length;
  const open = input.signoffs.filter(
    ({ decision }) => decision.openedAt < to && (decision.closedAt === null || decision.closedAt >= to),
  ).length;
  return {
    signedOff: signed.length,
    rejectedRounds,
    medianToSignOffMs: medianOf(
      signed.map(({ decision }) => clock.businessTimeBetween(decision.openedAt, decision.closedAt ?? to)),
    ),
    open,
  };
}
