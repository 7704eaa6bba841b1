/** Age bands of open decisions, in working days. */
export const AGE_BANDS = ['lt1d', '1to3d', '3to5d', 'gt5d'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * The band of a business-time age, so that the labels are literally true: `< 1 day` is [0, 1), `1–3 days`
 * is [1, 3], `3–5 days` is (3, 5], `> 5 days` is (5, ∞).
 */
export function ageBand(ageBusinessMs: number, workingDayMs: number): AgeBand {
  const days = ageBusinessMs / workingDayMs;
  if (days < 1) return 'lt1d';
  if (days <= 3) return '1to3d';
  if (days <= 5) return '3to5d';
  return 'gt5d';
}

export function emptyAgeBands(): Record<AgeBand, number> {
  return { lt1d: 0, '1to3d': 0, '3to5d': 0, gt5d: 0 };
}
