import { createHmac } from 'node:crypto';

/** Slack's request signature: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed by the signing secret. */
export function slackSignature(signingSecret: string, timestampSec: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest('hex')}`;
}

/**
 * How a request is signed: correctly, with the wrong secret, 6 minutes old or 6 minutes ahead (Slack allows 5
 * either way), or not at all.
 */
export type SignatureMode = 'valid' | 'invalid' | 'stale' | 'future' | 'missing';

export const STALE_AFTER_SEC = 5 * 60;

/** `timestampSec`: the timestamp to sign with (default the clock's second); stale and future shift it. */
export function signatureHeaders(
  signingSecret: string,
  rawBody: string,
  nowMs: number,
  mode: SignatureMode = 'valid',
  timestampSec: number = Math.floor(nowMs / 1000),
): Record<string, string> {
  if (mode === 'missing') return {};
  const shift = mode === 'stale' ? -(STALE_AFTER_SEC + 60) : mode === 'future' ? STALE_AFTER_SEC + 60 : 0;
  const timestamp = timestampSec + shift;
  const secret = mode === 'invalid' ? `${signingSecret}-not` : signingSecret;
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(secret, timestamp, rawBody),
  };
}
