import { createHash } from 'node:crypto';
import type { Json } from '../json.js';
import { type SignatureMode, STALE_AFTER_SEC, signatureHeaders } from './signing.js';

export type { SignatureMode } from './signing.js';

/** A request as the driver sent it to the bot, kept so tests can replay it. */
export interface SentRequest {
  /** `slash_command`, `block_actions`, `view_submission`, `view_closed`, `shortcut`, `message_action`, `event_callback`, `url_verification`. */
  kind: string;
  contentType: 'application/x-www-form-urlencoded' | 'application/json';
  rawBody: string;
  /** The payload as an object (the form fields for slash commands). */
  payload: Json;
}

/** The bot's answer to one request. */
export interface Ack {
  status: number;
  /** Parsed JSON when the bot answered JSON, else the text ('' for an empty ack). */
  body: unknown;
  /** Wall-clock time until the full answer, in ms (Slack gives up after 3 s). */
  latencyMs: number;
  request: SentRequest;
  /** Over HTTP: the request URL it went to (one of several, in turn, behind a load balancer). */
  url?: string;
  /** Over Socket Mode: the envelope it went in, how often it was delivered, how long it waited for a connection. */
  envelope?: { id: string; deliveries: number; waitedMs: number };
}

export interface SendOptions {
  signature?: SignatureMode;
  retryNum?: number;
  retryReason?: string;
}

/** How the driver reaches the bot: signed HTTP requests, or envelopes over a Socket Mode connection. */
export interface Transport {
  send(request: SentRequest, options?: SendOptions): Promise<Ack>;
}

/**
 * Posts signed requests to the bot's request URL, exactly as Slack sends them. Given several URLs (web replicas
 * behind a load balancer, no sticky sessions), each request goes to the next one in turn. Each delivery is signed
 * afresh, as Slack signs each of its deliveries (a retry carries a new timestamp): the same body sent again within
 * the same second is signed with an earlier second not used for it yet, so no two sends carry the same signature
 * (the bot refuses a signature it has seen: a replay).
 */
export class HttpTransport implements Transport {
  private readonly urls: readonly string[];
  private turn = 0;
  /** The seconds each body (by hash) was signed with, within the last five minutes. */
  private readonly signedAt = new Map<string, number[]>();
  private sweepAbove = 10_000;

  constructor(
    url: string | readonly string[],
    private readonly signingSecret: string,
    private readonly signingNow: () => number,
  ) {
    this.urls = typeof url === 'string' ? [url] : url;
    if (this.urls.length === 0) throw new Error('HttpTransport needs at least one request URL');
  }

  async send(request: SentRequest, options: SendOptions = {}): Promise<Ack> {
    const nowMs = this.signingNow();
    const timestamp = this.freshSecond(request.rawBody, nowMs);
    const headers: Record<string, string> = {
      'content-type': request.contentType,
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...signatureHeaders(this.signingSecret, request.rawBody, nowMs, options.signature, timestamp),
    };
    if (options.retryNum !== undefined) {
      headers['x-slack-retry-num'] = String(options.retryNum);
      headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
    }
    const url = this.urls[this.turn++ % this.urls.length] as string;
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: request.rawBody,
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const latencyMs = performance.now() - started;
    const isJson = (response.headers.get('content-type') ?? '').includes('application/json');
    return {
      status: response.status,
      body: isJson && text !== '' ? JSON.parse(text) : text,
      latencyMs,
      request,
      url,
    };
  }

  private freshSecond(rawBody: string, nowMs: number): number {
    const now = Math.floor(nowMs / 1000);
    const oldest = now - STALE_AFTER_SEC;
    const key = createHash('sha256').update(rawBody).digest('base64');
    const used = (this.signedAt.get(key) ?? []).filter((second) => second > oldest);
    let second = now;
    while (used.includes(second)) second -= 1;
    used.push(second);
    this.signedAt.set(key, used);
    if (this.signedAt.size > this.sweepAbove) {
      for (const [body, seconds] of this.signedAt) {
        if (seconds.every((s) => s <= oldest)) this.signedAt.delete(body);
      }
      this.sweepAbove = Math.max(10_000, 2 * this.signedAt.size);
    }
    return second;
  }
}

export function formRequest(kind: string, fields: Record<string, string>): SentRequest {
  return {
    kind,
    contentType: 'application/x-www-form-urlencoded',
    rawBody: new URLSearchParams(fields).toString(),
    payload: fields,
  };
}

/** Interactions: form-encoded with the JSON payload in a `payload` field. */
export function interactionRequest(payload: Json): SentRequest {
  return { ...formRequest(String(payload.type), { payload: JSON.stringify(payload) }), payload };
}

export function jsonRequest(kind: string, payload: Json): SentRequest {
  return { kind, contentType: 'application/json', rawBody: JSON.stringify(payload), payload };
}
