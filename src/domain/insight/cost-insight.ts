import { type CostOfDelay, type CostRate, costAtRate } from './cost.js';

/** How many decisions the cost insight names, costliest first. */
export const TOP_COSTS = 3;

export interface DecisionCost extends CostOfDelay {
  readonly decisionId: string;
  readonly open: boolean;
}

/** What waiting for decisions cost; every figure null (and `top` empty) without a configured rate. */
export interface CostInsight {
  readonly rate: CostRate | null;
  /** Sum over the decisions still open, waited up to the period's end. */
  readonly openCost: number | null;
  /** Sum over the decisions closed in the period (withdrawn ones too: their wait was paid all the same). */
  readonly closedCost: number | null;
  /**
   * Up to TOP_COSTS decisions, open and closed together, costliest first (ties by id, for a stable list);
   * decisions that cost nothing (rounded to 0) are not named.
   */
  readonly top: readonly DecisionCost[];
}

/** A decision and how long it waited in business ms. */
export interface Waited {
  readonly decisionId: string;
  readonly open: boolean;
  readonly waitedBusinessMs: number;
}

export function costInsight(
  waited: readonly Waited[],
  workingDayMs: number,
  rate: CostRate | undefined,
): CostInsight {
  if (rate === undefined) return { rate: null, openCost: null, closedCost: null, top: [] };
  const costs = waited.map(
    (w): DecisionCost => ({
      decisionId: w.decisionId,
      open: w.open,
      ...costAtRate(w.waitedBusinessMs, workingDayMs, rate),
    }),
  );
  const sum = (open: boolean) => costs.filter((c) => c.open === open).reduce((s, c) => s + c.amount, 0);
  const top = costs
    .filter((c) => c.amount > 0)
    .sort((a, b) => b.amount - a.amount || (a.decisionId < b.decisionId ? -1 : 1))
    .slice(0, TOP_COSTS);
  return { rate, openCost: sum(true), closedCost: sum(false), top };
}
