import type { Decision, DecisionOption, Vote } from './decision.js';
import type { DecisionEvent } from './events.js';
import type { BusinessClock } from './ladder.js';
import type { UserId } from './project.js';
import type { Instant } from './time.js';

/**
 * A sign-off: the key users of a domain validate a deliverable. It is a decision of kind `signoff` whose
 * options are approve/reject, so it travels the same ladder, outbox and timers.
 */
export interface SignOff {
  readonly deliverable: {
    readonly title: string;
    readonly link?: string | undefined;
    readonly notes?: string | undefined;
  };
  /** When it is signed off: every key user of the domain approved, or at least `count` of them. */
  readonly rule: SignOffRule;
  /** The domain's key users when it was requested: who is asked at every round (a config edit changes nothing). */
  readonly keyUsers: readonly UserId[];
  /** 1 for the first round; a new round starts after a rejection. */
  readonly round: number;
  readonly roundOpenedAt: Instant;
  /** What the requester changed for this round (rounds after the first). */
  readonly roundNote?: string | undefined;
}

export type SignOffRule = { readonly kind: 'all' } | { readonly kind: 'at_least'; readonly count: number };

/** The two answers of a sign-off (their labels are the Slack layer's; these are placeholders). */
export const SIGNOFF_OPTIONS: readonly DecisionOption[] = [
  { id: 'approve', label: 'Sign off' },
  { id: 'reject', label: 'Reject' },
];

export const APPROVE = 'approve';
export const REJECT = 'reject';

export function isSignOff(decision: Pick<Decision, 'kind'>): boolean {
  return decision.kind === 'signoff';
}

/** How many approvals sign it off. */
export function approvalsNeeded(signoff: SignOff): number {
  return signoff.rule.kind === 'all' ? signoff.keyUsers.length : signoff.rule.count;
}

/** The approvals given so far in the current round. */
export function approvalsOf(votes: readonly Vote[]): Vote[] {
  return votes.filter((v) => v.optionId === APPROVE);
}

/** One round of a sign-off, from its start to its return or sign-off (or still running). */
export interface SignOffRound {
  readonly round: number;
  readonly openedAt: Instant;
  readonly endedAt: Instant | null;
  readonly ended: 'returned' | 'signed_off' | 'withdrawn' | null;
  /** Business time from the round's start to its end (or `now`). */
  readonly businessMs: number;
  readonly wallMs: number;
  /** Why it came back: each rejection of the round with its reason. */
  readonly rejections: readonly {
    readonly by: UserId | null;
    readonly reason: string;
    readonly onBehalf: boolean;
  }[];
  readonly note?: string | undefined;
}

/** The rounds of a sign-off from its event log (ordered by time): the latency of each round. */
export function signOffRounds(
  events: readonly DecisionEvent[],
  clock: BusinessClock,
  now: Instant,
): SignOffRound[] {
  const rounds: SignOffRound[] = [];
  let current:
    | {
        round: number;
        openedAt: Instant;
        note?: string | undefined;
        rejections: SignOffRound['rejections'][number][];
      }
    | undefined;
  const end = (at: Instant | null, ended: SignOffRound['ended']) => {
    if (current === undefined) return;
    const to = at ?? now;
    rounds.push({
      round: current.round,
      openedAt: current.openedAt,
      endedAt: at,
      ended,
      businessMs: clock.businessTimeBetween(current.openedAt, to),
      wallMs: Math.max(0, to - current.openedAt),
      rejections: current.rejections,
      ...(current.note === undefined ? {} : { note: current.note }),
    });
    current = undefined;
  };
  for (const e of events) {
    if (e.type === 'opened') current = { round: 1, openedAt: e.at, rejections: [] };
    else if (e.type === 'round_started')
      current = { round: e.data.round, openedAt: e.at, note: e.data.note, rejections: [] };
    else if (e.type === 'signoff_rejected')
      current?.rejections.push({ by: e.actor, reason: e.data.reason, onBehalf: e.data.onBehalf });
    else if (e.type === 'round_returned') end(e.at, 'returned');
    else if (e.type === 'decided') end(e.at, 'signed_off');
    else if (e.type === 'withdrawn' || e.type === 'expired') end(e.at, 'withdrawn');
  }
  end(null, null);
  return rounds;
}
