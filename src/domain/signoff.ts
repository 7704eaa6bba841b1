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
  readonly rule: { readonly kind: 'all' } | { readonly kind: 'at_least'; readonly count: number };
  /** 1 for the first round; a new round starts after a rejection. */
  readonly round: number;
  readonly roundOpenedAt: Instant;
}
