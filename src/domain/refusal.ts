import type { Decision, DecisionStatus, Outcome } from './decision.js';
import type { DecisionEvent } from './events.js';

/**
 * Why the domain refused a command. A code, never user-facing words: the Slack layer words it (and will
 * translate it), so the domain stays free of presentation.
 */
export type Refusal =
  | { readonly code: 'not_your_decision'; readonly deciders: readonly string[] }
  | { readonly code: 'already_decided'; readonly status: DecisionStatus; readonly outcome: Outcome | null }
  | { readonly code: 'invalid_transition'; readonly status: DecisionStatus; readonly attempted: string }
  | { readonly code: 'not_requester' }
  | { readonly code: 'not_committee_member' }
  /** The requester tried to edit a request the committee has started voting on. */
  | { readonly code: 'votes_cast' }
  /** The answer was given on a version of the request that its requester has edited since. */
  | { readonly code: 'edited_since' }
  | { readonly code: 'vote_required' }
  | { readonly code: 'unknown_option'; readonly optionId: string }
  | { readonly code: 'invalid_delegate'; readonly to: string }
  | { readonly code: 'unknown_domain'; readonly domain: string }
  | {
      readonly code: 'not_a_key_user';
      /** For a sign-off: the domain and the key users who are asked. */
      readonly signoff?: { readonly domain: string; readonly keyUsers: readonly string[] } | undefined;
    }
  | { readonly code: 'reminders_exhausted' }
  | { readonly code: 'not_due'; readonly dueAt: number | null }
  | { readonly code: 'invalid_request'; readonly field: string; readonly problem: string }
  // Sign-offs.
  /** The round the click was for is over (it came back to the requester, or a newer round runs). */
  | { readonly code: 'round_over'; readonly round: number; readonly status: DecisionStatus }
  | { readonly code: 'reason_required' }
  | { readonly code: 'already_answered'; readonly optionId: string }
  /** A decision's command (decide, vote, need info, delegate, consult) tried on a sign-off. */
  | { readonly code: 'is_signoff' };

export type RefusalCode = Refusal['code'];

export type Transition =
  | { readonly ok: true; readonly decision: Decision; readonly events: readonly DecisionEvent[] }
  | { readonly ok: false; readonly refusal: Refusal };

export function refuse(refusal: Refusal): Transition {
  return { ok: false, refusal };
}

/** Thrown by adapters when a domain refusal must cross a boundary as an error (Bolt-style coded error). */
export class DecisionRefusedError extends Error {
  readonly code: RefusalCode;
  constructor(readonly refusal: Refusal) {
    super(`decision refused: ${refusal.code}`);
    this.code = refusal.code;
    this.name = 'DecisionRefusedError';
  }
}
