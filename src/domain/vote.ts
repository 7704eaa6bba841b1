import type { Vote } from './decision.js';

export interface Tally {
  /** Votes per option id. */
  readonly counts: ReadonlyMap<string, number>;
  /** The option that reached the quorum, if any. */
  readonly winner: string | undefined;
}

/**
 * Counts one vote per member (the latest counts). Votes arrive one at a time and a decision closes at the first
 * option to reach the quorum, so two options can never both have reached it: no tie-break is needed here.
 */
export function tally(votes: readonly Vote[], quorum: number): Tally {
  const latest = new Map<string, string>();
  for (const v of votes) latest.set(v.member, v.optionId);
  const counts = new Map<string, number>();
  for (const optionId of latest.values()) counts.set(optionId, (counts.get(optionId) ?? 0) + 1);
  let winner: string | undefined;
  for (const [optionId, count] of counts) if (count >= quorum && winner === undefined) winner = optionId;
  return { counts, winner };
}
