/** What one business day of waiting for a decision costs the project (configured per project, optional). */
export interface CostRate {
  readonly perDay: number;
  readonly currency: string;
}

export interface CostOfDelay {
  /** Business days waited, rounded to 2 decimals. */
  readonly businessDays: number;
  /** Whole currency units. */
  readonly amount: number;
  readonly currency: string;
}

/**
 * Business days waited × the daily cost; null without a rate. The amount is rounded from the exact days, not
 * from the rounded ones, so a high daily rate does not carry the 0.005-day rounding into the amount.
 * `workingDayMs` is the calendar's working day (positive), so a day means a working day.
 */
export function costOfDelay(
  waitedBusinessMs: number,
  workingDayMs: number,
  rate: CostRate | undefined,
): CostOfDelay | null {
  return rate === undefined ? null : costAtRate(waitedBusinessMs, workingDayMs, rate);
}

/** `costOfDelay` with a rate known to be set. */
export function costAtRate(waitedBusinessMs: number, workingDayMs: number, rate: CostRate): CostOfDelay {
  const days = waitedBusinessMs / workingDayMs;
  return {
    businessDays: Math.round(days * 100) / 100,
    amount: Math.round(days * rate.perDay),
    currency: rate.currency,
  };
}
