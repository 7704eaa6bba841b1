import type { Level, UserId } from './project.js';
import type { Instant } from './time.js';

/**
 * The append-only audit log of a decision. Latency and digests are computed from these events only, so every
 * transition records what happened, who did it, at which level and when.
 */
export type DecisionEvent =
  | EventOf<'opened', { deciders: readonly UserId[]; routedBecause: RoutingReason }>
  | EventOf<'reminded', { deciders: readonly UserId[]; index: number; dueAt: Instant }>
  | EventOf<
      'escalated',
      {
        from: Level;
        deciders: readonly UserId[];
        because: EscalationReason;
        /** Why, in the words of the decider who sent it up (absent for a timeout). */
        reason?: string | undefined;
        /** `decider_deactivated`: the deciders Slack reports deactivated, who left the level with nobody. */
        gone?: readonly UserId[] | undefined;
      }
    >
  | EventOf<
      'handed_over',
      {
        from: readonly UserId[];
        deciders: readonly UserId[];
        because: HandOverReason;
        /** `decider_deactivated`: the deciders Slack reports deactivated, whom the level goes on without. */
        gone?: readonly UserId[] | undefined;
        /**
         * `decider_deactivated`, when the people left changed it: how many votes for one option now decide at
         * the committee (its quorum lowered to the members left), or how many approvals sign it off.
         */
        needed?: number | undefined;
      }
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
        note?: string | undefined;
      }
    >
  | EventOf<'edited', { changes: readonly FieldChange[] }>
  | EventOf<'decided', { optionId: string; how: 'decided' | 'vote'; rationale?: string | undefined }>
  | EventOf<'withdrawn', { reason?: string | undefined }>
  | EventOf<'expired', { optionId: string }>
  | EventOf<'marked_overdue', Record<string, never>>
  // Sign-offs (kind `signoff`): each answer of a round, the round coming back to the requester, a new round.
  | EventOf<
      'signoff_approved',
      {
        round: number;
        /** Approvals in the round right after this one, and how many sign it off. */
        approvals: number;
        needed: number;
        /** Given above the key users' level (the SPoC, a sponsor, a committee member) on their behalf. */
        onBehalf: boolean;
        note?: string | undefined;
      }
    >
  | EventOf<'signoff_rejected', { round: number; reason: string; onBehalf: boolean }>
  | EventOf<'round_returned', { round: number; reasons: readonly { by: UserId; reason: string }[] }>
  | EventOf<'round_started', { round: number; deciders: readonly UserId[]; note?: string | undefined }>
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

export type RoutingReason = 'spoc' | 'spoc_away' | 'over_authority' | 'no_deputy_spoc_away' | 'key_users';

/**
 * Why a decision climbed the ladder: its time ran out; its decider sent it up at once (above their authority,
 * or a question for the committee); an edit raised its budget above the SPoC's authority; or everyone who held
 * its level is deactivated in Slack (not a time that ran out: nobody was left to answer).
 */
export type EscalationReason =
  | 'timeout'
  | 'above_authority'
  | 'needs_committee'
  | 'over_authority'
  | 'decider_deactivated';

/**
 * Why the same level changed hands: the SPoC went away (the deputy holds it) or came back; or some of its
 * deciders are deactivated in Slack (the others keep it, or it returns to who holds the SPoC level: the deputy
 * for a deactivated SPoC, the SPoC for a deactivated delegate).
 */
export type HandOverReason = 'spoc_away' | 'spoc_back' | 'decider_deactivated';

/** The fields of a request its requester can edit while it is open. */
export type EditedField = 'question' | 'context' | 'options' | 'budgetImpact' | 'neededBy' | 'defaultOption';

/** One edited field, before and after (options and the default as labels; null: not set). */
export interface FieldChange {
  readonly field: EditedField;
  readonly before: string | number | readonly string[] | null;
  readonly after: string | number | readonly string[] | null;
}
