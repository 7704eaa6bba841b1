import { describe, expect, it } from 'vitest';
import type { Vote } from '../../src/domain/decision.js';
import { tally } from '../../src/domain/vote.js';
import { T0, U } from './fixtures.js';

const v = (member: string, optionId: string, minutes = 0): Vote => ({
  member,
  optionId,
  at: T0 + minutes * 60_000,
});

describe('tally', () => {
  it.each<[string, Vote[], number, Record<string, number>, string | undefined]>([
    ['no votes', [], 3, {}, undefined],
    ['below the quorum', [v(U.c1, 'approve'), v(U.c2, 'approve')], 3, { approve: 2 }, undefined],
    [
      'quorum reached',
      [v(U.c1, 'approve'), v(U.c2, 'reject'), v(U.c3, 'approve'), v(U.c4, 'approve')],
      3,
      { approve: 3, reject: 1 },
      'approve',
    ],
    [
      '2–2 tie with quorum 3',
      [v(U.c1, 'approve'), v(U.c2, 'approve'), v(U.c3, 'reject'), v(U.c4, 'reject')],
      3,
      { approve: 2, reject: 2 },
      undefined,
    ],
    ['quorum 1: the first vote wins', [v(U.c3, 'reject')], 1, { reject: 1 }, 'reject'],
    [
      'a changed vote counts once, the latest',
      [v(U.c1, 'approve'), v(U.c2, 'approve'), v(U.c1, 'reject', 5)],
      2,
      { approve: 1, reject: 1 },
      undefined,
    ],
    [
      'one member voting three times is one vote',
      [v(U.c1, 'approve'), v(U.c1, 'approve', 1), v(U.c1, 'approve', 2)],
      2,
      { approve: 1 },
      undefined,
    ],
    [
      'a change of vote can reach the quorum',
      [
        v(U.c1, 'approve'),
        v(U.c2, 'reject'),
        v(U.c3, 'reject'),
        v(U.c2, 'approve', 5),
        v(U.c3, 'approve', 6),
      ],
      3,
      { approve: 3 },
      'approve',
    ],
  ])('%s', (_name, votes, quorum, counts, winner) => {
    const result = tally(votes, quorum);
    expect(Object.fromEntries(result.counts)).toEqual(counts);
    expect(result.winner).toBe(winner);
  });

  it('does not change the votes it is given', () => {
    const votes = [v(U.c1, 'approve'), v(U.c1, 'reject', 1)];
    const copy = structuredClone(votes);
    tally(votes, 1);
    expect(votes).toEqual(copy);
  });
});
