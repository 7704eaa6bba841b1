import type { AboveSpocReason, DecisionFigures } from './decision-figures.js';

/** The reasons that tell of the SPoC's authority (a SPoC level left with nobody there tells nothing). */
export type AuthorityReason = Exclude<AboveSpocReason, 'spoc_deactivated'>;

import { medianOf } from './window.js';

/** Share of closed decisions taken above the SPoC from which the insight says "give the SPoC more authority". */
export const AUTHORITY_HIGH_SHARE = 0.3;
/** Fewer closed decisions than this say nothing about the SPoC's authority. */
export const AUTHORITY_MIN_CLOSED = 3;

/** How often the SPoC could not decide alone, over the decisions answered (decided or defaulted) in a period. */
export interface AuthorityInsight {
  readonly closedCount: number;
  readonly aboveSpocCount: number;
  /** 0..1; null when nothing closed. */
  readonly aboveSpocShare: number | null;
  readonly byReason: Readonly<Record<AuthorityReason, number>>;
  /**
   * Median business days to outcome of the decisions taken above the SPoC minus that of those the SPoC took
   * alone, rounded to 2 decimals; null when either group is empty.
   */
  readonly addedBusinessDays: number | null;
}

export type AuthorityVerdict = 'high' | 'normal' | 'none';

/**
 * `answered` are the figures of the decisions answered in the period, so each one's wait is its time to
 * outcome. Those that left the SPoC level because nobody was left there (deactivated in Slack) are left out:
 * neither taken by the SPoC alone nor a sign that the SPoC lacks authority.
 */
export function authorityInsight(
  answered: readonly DecisionFigures[],
  workingDayMs: number,
): AuthorityInsight {
  const closed = answered.filter((f) => f.aboveSpocBecause !== 'spoc_deactivated');
  const byReason: Record<AuthorityReason, number> = {
    over_authority: 0,
    escalated: 0,
    sent_up: 0,
    delegated_up: 0,
  };
  for (const f of closed)
    if (f.aboveSpocBecause !== null && f.aboveSpocBecause !== 'spoc_deactivated')
      byReason[f.aboveSpocBecause]++;
  const daysToOutcome = (group: readonly DecisionFigures[]) =>
    medianOf(group.map((f) => f.waitedBusinessMs / workingDayMs));
  const above = closed.filter((f) => !f.spocAlone);
  const aboveDays = daysToOutcome(above);
  const aloneDays = daysToOutcome(closed.filter((f) => f.spocAlone));
  return {
    closedCount: closed.length,
    aboveSpocCount: above.length,
    aboveSpocShare: closed.length === 0 ? null : above.length / closed.length,
    byReason,
    addedBusinessDays:
      aboveDays === null || aloneDays === null ? null : Math.round((aboveDays - aloneDays) * 100) / 100,
  };
}

/**
 * 'high': at least AUTHORITY_MIN_CLOSED decisions closed and at least AUTHORITY_HIGH_SHARE of them were taken
 * above the SPoC (say "give the SPoC more authority"); 'none': too few closed to judge (say nothing);
 * 'normal' otherwise.
 */
export function authorityVerdict(a: AuthorityInsight): AuthorityVerdict {
  if (a.closedCount < AUTHORITY_MIN_CLOSED || a.aboveSpocShare === null) return 'none';
  return a.aboveSpocShare >= AUTHORITY_HIGH_SHARE ? 'high' : 'normal';
}
