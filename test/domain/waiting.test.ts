import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import { waitingOn } from '../../src/domain/waiting.js';
import { COMMITTEE, opened, SPONSORS, T0, U } from './fixtures.js';

const vote = (member: string) => ({ member, optionId: 'approve', at: T0 });

describe('waitingOn', () => {
  const open = opened();

  it('an open decision, or one paused for information, waits on its deciders', () => {
    expect(waitingOn(open)).toEqual([U.spoc]);
    expect(waitingOn({ ...open, status: 'needs_info' })).toEqual([U.spoc]);
    expect(waitingOn({ ...open, level: 'sponsor', deciders: SPONSORS })).toEqual([...SPONSORS]);
  });

  it("at the committee and a sign-off's key users, only on those who have not answered", () => {
    const committee: Decision = { ...open, level: 'committee', deciders: COMMITTEE, votes: [vote(U.c2)] };
    expect(waitingOn(committee)).toEqual([U.c1, U.c3, U.c4]);
    const keyUsers: Decision = { ...open, level: 'key_users', deciders: [U.c1, U.c2], votes: [vote(U.c1)] };
    expect(waitingOn(keyUsers)).toEqual([U.c2]);
  });

  it('a sponsor who voted earlier at another level is still waited on at the sponsor level', () => {
    expect(waitingOn({ ...open, level: 'sponsor', deciders: SPONSORS, votes: [vote(U.sponsor1)] })).toEqual([
      ...SPONSORS,
    ]);
  });

  it('a returned sign-off and a closed decision wait on nobody; each person once', () => {
    for (const status of ['returned', 'decided', 'withdrawn', 'expired'] as const)
      expect(waitingOn({ ...open, status }), status).toEqual([]);
    expect(waitingOn({ ...open, deciders: [U.spoc, U.spoc] })).toEqual([U.spoc]);
  });
});
