import { slackSignature } from '../../../src/sandbox/driver/signing.js';
import { type Harness, SIGNING_SECRET } from '../harness.js';

/** What the bot answered to a raw request. */
export interface RawAnswer {
  readonly status: number;
  readonly text: string;
  /** The signature headers the request carried (to send the very same ones again). */
  readonly headers: Record<string, string>;
}

export interface RawOptions {
  readonly contentType?: 'application/x-www-form-urlencoded' | 'application/json';
  /** The request timestamp in seconds (default now). */
  readonly timestampSec?: number;
  /** Headers to send instead of signing afresh (a replay of an earlier request's exact headers). */
  readonly headers?: Record<string, string>;
}

/**
 * Posts a body to the bot's request URL as it is, correctly signed unless told otherwise: what anyone holding
 * (or replaying) a signature can send, field shapes Slack itself never sends included.
 */
export async function postSigned(h: Harness, rawBody: string, options: RawOptions = {}): Promise<RawAnswer> {
  const timestamp = options.timestampSec ?? Math.floor(Date.now() / 1000);
  const headers = options.headers ?? {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, rawBody),
  };
  const response = await fetch(`http://127.0.0.1:${h.bot.port}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: rawBody,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: response.status, text: await response.text(), headers };
}

/** An interaction (`payload=<json>`), form-encoded as Slack sends it. */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A slash command's form fields. */
export function commandBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** The bot still answers: its health check is 200. */
export async function stillUp(h: Harness): Promise<boolean> {
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/livez`, { signal: AbortSignal.timeout(5000) });
  return res.status === 200;
}
