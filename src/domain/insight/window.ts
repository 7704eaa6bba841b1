import type { BusinessClock } from '../ladder.js';
import { percentile } from '../stats.js';
import type { Instant } from '../time.js';
import type { DecisionFigures } from './decision-figures.js';

/** How a decision closed, in the sponsor's words: an expiry is the default applying on timeout. */
export type ClosedAs = 'decided' | 'defaulted' | 'withdrawn';

/** Is `at` inside the half-open period [from, to)? */
export function within(at: Instant, from: Instant, to: Instant): boolean {
  return from <= at && at < to;
}

/** How the decision closed if it closed inside [from, to), else null. */
export function closedIn(figures: DecisionFigures, from: Instant, to: Instant): ClosedAs | null {
  const outcome = figures.latency.outcome;
  if (outcome === null || !within(outcome.at, from, to)) return null;
  return outcome.how === 'expired' ? 'defaulted' : outcome.how;
}

/** Closed in [from, to) with an answer (decided or defaulted): a withdrawal says nothing about deciding. */
export function answeredIn(figures: DecisionFigures, from: Instant, to: Instant): boolean {
  const as = closedIn(figures, from, to);
  return as === 'decided' || as === 'defaulted';
}

/** Opened before `at` and not closed yet at `at`. */
export function openAt(figures: DecisionFigures, at: Instant): boolean {
  const outcome = figures.latency.outcome;
  return figures.latency.openedAt < at && (outcome === null || outcome.at >= at);
}

/** Business time waited from open up to `at` (or to the outcome, if earlier), pauses excluded. */
export function waitedAt(figures: DecisionFigures, at: Instant, clock: BusinessClock): number {
  const end = Math.min(at, figures.latency.outcome?.at ?? at);
  return clock.businessTimeBetween(figures.latency.openedAt, end, figures.paused);
}

/** Nearest-rank median (the lower middle value of an even count), as the digest's figures; null when empty. */
export function medianOf(values: readonly number[]): number | null {
  return percentile(sorted(values), 50);
}

export function p90Of(values: readonly number[]): number | null {
  return percentile(sorted(values), 90);
}

function sorted(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}
