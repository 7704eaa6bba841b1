import { describe, expect, it } from 'vitest';
import {
  AUTHORITY_HIGH_SHARE,
  AUTHORITY_MIN_CLOSED,
  type AuthorityInsight,
  type AuthorityVerdict,
  authorityVerdict,
} from '../../../src/domain/insight/index.js';

const insight = (closedCount: number, aboveSpocCount: number): AuthorityInsight => ({
  closedCount,
  aboveSpocCount,
  aboveSpocShare: closedCount === 0 ? null : aboveSpocCount / closedCount,
  byReason: { over_authority: aboveSpocCount, escalated: 0, sent_up: 0, delegated_up: 0 },
  addedBusinessDays: null,
});

describe('authorityVerdict', () => {
  it('documents its thresholds', () => {
    expect([AUTHORITY_HIGH_SHARE, AUTHORITY_MIN_CLOSED]).toEqual([0.3, 3]);
  });

  it.each<[number, number, AuthorityVerdict]>([
    [0, 0, 'none'], // nothing closed
    [2, 2, 'none'], // all above the SPoC, but too few to judge
    [3, 1, 'high'], // 1/3 ≥ 0.3 with the minimum of 3
    [10, 3, 'high'], // exactly 0.3
    [10, 2, 'normal'], // 0.2
    [4, 0, 'normal'],
  ])('%i closed, %i above the SPoC → %s', (closed, above, verdict) => {
    expect(authorityVerdict(insight(closed, above))).toBe(verdict);
  });
});
