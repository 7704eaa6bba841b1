import type { BusinessClock } from '../ladder.js';
import type { Level } from '../project.js';
import { HOUR, type Instant } from '../time.js';
import type { DecisionFigures, DecisionWithFigures } from './decision-figures.js';
import { answeredIn, medianOf } from './window.js';

export const WEEK_MS = 7 * 24 * HOUR;

/** One bar of the chart: where the decisions answered that week spent their business time. */
export interface WeekBar {
  readonly weekStart: Instant;
  readonly spocMs: number;
  readonly sponsorMs: number;
  readonly committeeMs: number;
  readonly count: number;
}

export interface WeeklyInput {
  readonly decisions: readonly DecisionWithFigures[];
  readonly weeks: number;
  /** End (exclusive) of the last week. */
  readonly endingAt: Instant;
  /** Not needed by the series itself (the latencies are already in business time); kept for its callers. */
  readonly clock: BusinessClock;
}

/**
 * The last `weeks` 7-day windows [start, start + 7d) ending at `endingAt`, oldest first, over the decisions
 * answered (decided or defaulted) in each. Each segment of a bar is the median business time at that level,
 * a decision that never reached the level counting 0 there, so all segments describe the same `count`
 * decisions. The stack is of per-level medians, not the median total: its height need not be any decision's
 * time to outcome. A week with no decisions gives zeros and count 0.
 */
export function weeklySeries(input: WeeklyInput): WeekBar[] {
  return Array.from({ length: Math.max(0, input.weeks) }, (_, i) => {
    const weekStart = input.endingAt - (input.weeks - i) * WEEK_MS;
    const answered = input.decisions
      .map((d) => d.figures)
      .filter((f) => answeredIn(f, weekStart, weekStart + WEEK_MS));
    const medianAt = (level: Level) => medianOf(answered.map((f) => businessMsAt(f, level))) ?? 0;
    return {
      weekStart,
      spocMs: medianAt('spoc'),
      sponsorMs: medianAt('sponsor'),
      committeeMs: medianAt('committee'),
      count: answered.length,
    };
  });
}

function businessMsAt(figures: DecisionFigures, level: Level): number {
  return figures.latency.levels.filter((l) => l.level === level).reduce((sum, l) => sum + l.businessMs, 0);
}
