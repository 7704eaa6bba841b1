import type { Impact, Level, UserId } from './project.js';
import type { SignOff } from './signoff.js';
import type { Instant } from './time.js';

export const DECISION_STATUSES = [
  'open',
  'needs_info',
  'decided',
  'withdrawn',
  'expired',
  'returned',
] as const;
/**
 * `returned`: a sign-off whose round was rejected, back with its requester (clock stopped) until a new round
 * or a withdrawal; not closed.
 */
export type DecisionStatus = (typeof DECISION_STATUSES)[number];

/** Statuses of a request still in progress (what the active lists hold). */
export const ACTIVE_STATUSES: readonly DecisionStatus[] = ['open', 'needs_info', 'returned'];

/** Statuses after which nothing can change any more. */
export const CLOSED_STATUSES: readonly DecisionStatus[] = ['decided', 'withdrawn', 'expired'];

export function isClosed(status: DecisionStatus): boolean {
  return CLOSED_STATUSES.includes(status);
}

export interface DecisionOption {
  /** Stable id used in buttons and votes (`approve`, `reject`, `opt1`…). */
  readonly id: string;
  readonly label: string;
}

export const APPROVE_REJECT: readonly DecisionOption[] = [
  { id: 'approve', label: 'Approve' },
  { id: 'reject', label: 'Reject' },
];

/** One rung of the ladder: a level and the business time it is allowed before the request escalates. */
export interface LadderStep {
  readonly level: Level;
  readonly slaMs: number;
}

/**
 * The project's policy for this decision, copied when it opens so that editing the project's config never
 * changes decisions in flight.
 */
export interface Ladder {
  /** From the first level the decision was routed to, up to the committee. */
  readonly steps: readonly LadderStep[];
  /** Fractions of a level's time at which the current deciders are reminded. */
  readonly reminders: readonly number[];
  readonly quorum: number;
}

export interface Outcome {
  readonly optionId: string;
  /** The decider, or null when the default-on-timeout applied. */
  readonly by: UserId | null;
  readonly how: 'decided' | 'vote' | 'default';
  readonly rationale?: string | undefined;
  readonly at: Instant;
}

export interface Vote {
  readonly member: UserId;
  readonly optionId: string;
  readonly at: Instant;
  /** Why, in the member's words (optional for a committee vote; required for a key user's rejection). */
  readonly note?: string | undefined;
}

/** What a requester asks; validated by the Slack layer before it reaches the domain. */
export interface DecisionRequest {
  readonly projectId: string;
  readonly requester: UserId;
  readonly question: string;
  readonly context: string;
  readonly options: readonly DecisionOption[];
  readonly impact: Impact;
  readonly domain?: string | undefined;
  readonly budgetImpact?: number | undefined;
  /** Local date "YYYY-MM-DD" the requester needs an answer by (informational). */
  readonly neededBy?: string | undefined;
  /** What waits for this decision (free text, e.g. "the go-live of the Surabaya warehouse"): the cost of delay. */
  readonly blocks?: string | undefined;
  readonly defaultOptionId?: string | undefined;
  /** The Slack message this request was raised from (message shortcut). */
  readonly source?: { readonly channel: string; readonly ts: string } | undefined;
  /** Absent: a decision. `signoff`: key users validating a deliverable (see `signoff`). */
  readonly kind?: DecisionKind | undefined;
  /** The deliverable, the rule and the round of a sign-off; absent for a decision. */
  readonly signoff?: SignOff | undefined;
}

export type DecisionKind = 'decision' | 'signoff';

export interface Decision extends DecisionRequest {
  readonly id: string;
  readonly status: DecisionStatus;
  readonly level: Level;
  /** Who may decide right now (the SPoC, the deputy, a delegate, the sponsors, or the committee members). */
  readonly deciders: readonly UserId[];
  readonly ladder: Ladder;
  readonly openedAt: Instant;
  readonly levelEnteredAt: Instant;
  /** Business time already used at this level before `clockStartedAt` (grows at each pause). */
  readonly levelUsedMs: number;
  /** When the level's clock last (re)started; null while paused for information. */
  readonly clockStartedAt: Instant | null;
  /** When the decision was paused for information; null while its clock runs. */
  readonly pausedAt: Instant | null;
  /** When the current level runs out; null while paused or once closed or overdue. Derived, kept for queries. */
  readonly dueAt: Instant | null;
  /** Reminders already sent at the current level. */
  readonly remindersSent: number;
  /** The committee's time ran out with no default: still open, flagged. */
  readonly overdue: boolean;
  readonly votes: readonly Vote[];
  readonly outcome: Outcome | null;
  readonly closedAt: Instant | null;
  /** Its needed-by date came while it was open: every message about it says it is late. */
  readonly late: boolean;
  /** Increases by one at every transition; storage compares it to refuse a stale write. */
  readonly version: number;
}
