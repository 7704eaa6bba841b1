/** An instant as milliseconds since the Unix epoch (UTC). The domain never reads the clock: callers pass `now`. */
export type Instant = number;

/** A half-open span of time [from, to). */
export interface Span {
  readonly from: Instant;
  readonly to: Instant;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
