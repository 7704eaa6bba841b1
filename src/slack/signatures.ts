import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../app/ports.js';

/**
 * Slack's request signatures: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret,
 * the timestamp in `X-Slack-Request-Timestamp`. Bolt checks them too, but lets a timestamp from the far future
 * through (it refuses only the stale) and accepts the same signed request any number of times.
 */

/** How far a request's timestamp may be from the clock, either way (Slack's own rule: five minutes). */
export const SIGNATURE_WINDOW_MS = 5 * 60_000;

export type SignatureCheck =
  | { readonly ok: true; readonly signature: string; readonly timestampSec: number }
  | { readonly ok: false; readonly reason: string };

/** Whether a request is signed with the secret, within the window. */
export function checkSignature(
  signingSecret: string,
  headers: { readonly signature: unknown; readonly timestamp: unknown },
  rawBody: string,
  nowMs: number,
): SignatureCheck {
  const { signature, timestamp } = headers;
  if (typeof signature !== 'string' || typeof timestamp !== 'string') {
    return { ok: false, reason: 'the X-Slack-Signature or X-Slack-Request-Timestamp header is missing' };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'the request timestamp is not a number' };
  const timestampSec = Number(timestamp);
  const skewMs = timestampSec * 1000 - nowMs;
  if (skewMs < -SIGNATURE_WINDOW_MS - 1000) {
    return { ok: false, reason: 'the request timestamp is more than five minutes old' };
  }
  if (skewMs > SIGNATURE_WINDOW_MS) {
    return { ok: false, reason: 'the request timestamp is more than five minutes in the future' };
  }
  if (!/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: 'the signature is malformed' };
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature.slice(3), 'hex'))) {
    return { ok: false, reason: 'the signature does not match' };
  }
  return { ok: true, signature, timestampSec };
}

/**
 * Signatures every web process has seen (Redis): `first` the first time one is remembered, `seen` after, and
 * `unknown` when it cannot tell (Redis unreachable or slow).
 */
export interface SharedSignatures {
  remember(signature: string, untilMs: number): Promise<'first' | 'seen' | 'unknown'>;
}

/** Entries the process keeps at most (a burst beyond it forgets the oldest first). */
const LOCAL_LIMIT = 200_000;

/**
 * Refuses a signed request the second time it arrives: each accepted signature is remembered until its
 * timestamp leaves the window (after that the timestamp check refuses it anyway). A signature covers the
 * timestamp and the body, so a Slack retry, which is signed afresh with a new timestamp, is not a replay.
 *
 * Shared through Redis so a replay to another web process is refused too, and always remembered in this
 * process as well. With Redis unreachable the process's own memory still refuses replays to it; a replay to
 * another process during the outage gets through, which is the one gap, chosen over refusing every request
 * (the web part keeps answering Slack while Redis is away) and bounded: within five minutes, and every
 * listener is idempotent against a replayed request anyway (a decision changes once, a form opens once).
 */
export class SignatureMemory {
  private readonly local = new Map<string, number>();
  private sharedDown = false;

  constructor(
    private readonly log: Logger,
    private readonly shared?: SharedSignatures,
  ) {}

  /** True the first time a signature is presented, false for a replay. */
  async claim(signature: string, timestampSec: number, nowMs: number): Promise<boolean> {
    const untilMs = timestampSec * 1000 + SIGNATURE_WINDOW_MS + 1000;
    this.forgetExpired(nowMs);
    if (this.local.has(signature)) return false;
    this.local.set(signature, untilMs);
    if (this.local.size > LOCAL_LIMIT) this.local.delete(this.local.keys().next().value ?? '');
    if (this.shared === undefined) return true;
    const answer = await this.shared.remember(signature, untilMs).catch(() => 'unknown' as const);
    if (answer === 'unknown') {
      if (!this.sharedDown) {
        this.sharedDown = true;
        this.log.warn(
          'Redis does not answer: replayed Slack requests are refused by the process that saw them first ' +
            'only, until it is back.',
        );
      }
      return true;
    }
    if (this.sharedDown) {
      this.sharedDown = false;
      this.log.info('Redis answers again: replayed Slack requests are refused by every web process.');
    }
    return answer === 'first';
  }

  private forgetExpired(nowMs: number): void {
    // Oldest first, near enough: entries go in as requests arrive, each for the same window.
    for (const [signature, untilMs] of this.local) {
      if (untilMs > nowMs) break;
      this.local.delete(signature);
    }
  }
}
