import type { DecisionLatency } from './latency.js';

export interface Summary {
  readonly count: number;
  readonly median: number | null;
  readonly p90: number | null;
  readonly max: number | null;
}

/** Nearest-rank percentile (p in 0..100) of values sorted ascending: always one of the observed values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  // p * n / 100, not p / 100 * n: the latter rounds 55/100*100 up to 55.000…01 and picks the next rank.
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    max: sorted.at(-1) ?? null,
  };
}

export interface LatencySummary {
  readonly decisions: number;
  /** Open to outcome, business time, over decisions decided or expired (a withdrawal is not an answer). */
  readonly toOutcome: Summary;
  readonly toOutcomeWall: Summary;
  /** Open to first response, business time. */
  readonly toFirstResponse: Summary;
  /** Share (0..1) of decisions where some level ran out of time; null with no decisions. */
  readonly breachRate: number | null;
}

export function summarizeLatencies(latencies: readonly DecisionLatency[]): LatencySummary {
  const outcomes = latencies.flatMap((l) => (l.outcome && l.outcome.how !== 'withdrawn' ? [l.outcome] : []));
  const responses = latencies.flatMap((l) => (l.firstResponse ? [l.firstResponse.businessMs] : []));
  return {
    decisions: latencies.length,
    toOutcome: summarize(outcomes.map((o) => o.businessMs)),
    toOutcomeWall: summarize(outcomes.map((o) => o.wallMs)),
    toFirstResponse: summarize(responses),
    breachRate: latencies.length === 0 ? null : latencies.filter((l) => l.breached).length / latencies.length,
  };
}
