import type { Level, UserId } from './project.js';
import type { Instant } from './time.js';

/**
 * The append-only audit log of a decision. Latency and digests are computed from these events only, so every
 * transition records what happened, who did it, at which level and when.
 */
export type DecisionEvent =
  | EventOf<'opened', { deciders: readonly UserId[]; routedBecause: RoutingReason }>
  | EventOf<'reminded', { deciders: readonly UserId[]; index: number; dueAt: Instant }>
  | EventOf<'escalated', { from: Level; deciders: readonly UserId[]; because: 'timeout' }>
  | EventOf<
      'handed_over',
      { from: readonly UserId[]; deciders: readonly UserId[]; because: 'spoc_away' | 'spoc_back' }
    >
  | EventOf<'info_requested', { question: string; remainingMs: number }>
  | EventOf<'info_provided', { answer: string; pausedMs: number }>
  | EventOf<'delegated', { to: UserId; note: string; accountable: UserId }>
  | EventOf<'consulted', { domain: string; keyUsers: readonly UserId[]; question: string }>
  | EventOf<'opinion_given', { text: string }>
  | EventOf<
      'voted',
      {
        optionId: string;
        previous: string | null;
        /** Votes per option id right after this vote, so the tally can be shown as it was then. */
        tally?: Readonly<Record<string, number>> | undefined;
      }
    >
  | EventOf<'decided', { optionId: string; how: 'decided' | 'vote'; rationale?: string | undefined }>
  | EventOf<'withdrawn', { reason?: string | undefined }>
  | EventOf<'expired', { optionId: string }>
  | EventOf<'marked_overdue', Record<string, never>>
  | EventOf<'marked_late', { neededBy: string }>;

export type DecisionEventType = DecisionEvent['type'];

interface EventOf<T extends string, D> {
  readonly type: T;
  readonly at: Instant;
  /** The person who acted; null for the bot's own timers. */
  readonly actor: UserId | null;
  /** The level the decision was at when the event happened (after the change, for `opened`/`escalated`). */
  readonly level: Level;
  readonly data: D;
}

export type RoutingReason = 'spoc' | 'spoc_away' | 'over_authority' | 'no_deputy_spoc_away';
