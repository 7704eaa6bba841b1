import { refusal, type SlackApiError, violation } from './errors.js';
import { type IdFactory, unixSeconds } from './ids.js';

export const TRIGGER_TTL_MS = 3_000;
export const RESPONSE_URL_TTL_MS = 30 * 60_000;
export const RESPONSE_URL_MAX_USES = 5;

/** What a response_url acts on: the conversation, the user, and the message the interaction came from. */
export interface ResponseUrlContext {
  channel: string;
  user: string;
  messageTs?: string;
  ephemeral?: boolean;
}

export type ResponseUrlUse =
  | { ok: true; context: ResponseUrlContext }
  | { ok: false; status: 404; body: string; error: SlackApiError };

export interface Trigger {
  user: string;
  issuedAt: number;
  used: boolean;
}

export interface ResponseUrl {
  context: ResponseUrlContext;
  issuedAt: number;
  uses: number;
}

/** Triggers by ID and response_urls by token (the part of the URL after the hooks route). */
export interface TicketsState {
  triggers: Record<string, Trigger>;
  responseUrls: Record<string, ResponseUrl>;
}

/**
 * The short-lived capabilities Slack hands out with interactions: `trigger_id` (3 s, single use) and
 * `response_url` (5 uses within 30 minutes). Expiry follows the injected clock, so tests need not sleep.
 *
 * Expired trigger or response_url: a refusal (a slow network or queue can cause it). A reused trigger, an
 * unknown one or a sixth response: a violation (the bot's logic is wrong).
 */
export class Tickets {
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseUrl>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => number,
    private readonly responseBaseUrl: string,
  ) {}

  /** Saved response_url tokens keep working under `responseBaseUrl`, the fake's current address. */
  static restore(ids: IdFactory, now: () => number, responseBaseUrl: string, state: TicketsState): Tickets {
    const tickets = new Tickets(ids, now, responseBaseUrl);
    for (const [id, trigger] of Object.entries(state.triggers)) tickets.triggers.set(id, trigger);
    for (const [token, entry] of Object.entries(state.responseUrls)) tickets.responseUrls.set(token, entry);
    return tickets;
  }

  /** The current state, sharing objects with the live one: serialize it at once. */
  snapshot(): TicketsState {
    return {
      triggers: Object.fromEntries(this.triggers),
      responseUrls: Object.fromEntries(this.responseUrls),
    };
  }

  /** Format as Slack documents it: "132456.7890123.abcdef…". */
  issueTrigger(user: string): string {
    const id = `${unixSeconds(this.now())}.${this.ids.digits(13)}.${this.ids.hex(32)}`;
    this.triggers.set(id, { user, issuedAt: this.now(), used: false });
    return id;
  }

  /** The user the trigger was issued for, or the error Slack answers. */
  exchangeTrigger(id: string): string {
    const trigger = this.triggers.get(id);
    if (trigger === undefined) throw violation('invalid_trigger_id', `trigger_id "${id}" was never issued`);
    if (trigger.used) throw violation('exchanged_trigger_id', 'a trigger_id can open or push one view only');
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) {
      throw refusal(
        'expired_trigger_id',
        `used ${this.now() - trigger.issuedAt} ms after issue (limit ${TRIGGER_TTL_MS})`,
      );
    }
    trigger.used = true;
    return trigger.user;
  }

  issueResponseUrl(context: ResponseUrlContext): string {
    const token = `${this.ids.digits(13)}/${this.ids.hex(24)}`;
    this.responseUrls.set(token, { context, issuedAt: this.now(), uses: 0 });
    return `${this.responseBaseUrl}${token}`;
  }

  /**
   * Slack answers a stale response_url with HTTP 404 and the text body "Expired url" (as apps observe it);
   * for a sixth use it documents only the limit, so the fake answers 404 "used_url".
   */
  useResponseUrl(token: string): ResponseUrlUse {
    const entry = this.responseUrls.get(token);
    if (entry === undefined) {
      return {
        ok: false,
        status: 404,
        body: 'no_service',
        error: violation('no_service', 'unknown response_url'),
      };
    }
    const age = this.now() - entry.issuedAt;
    if (age > RESPONSE_URL_TTL_MS) {
      return {
        ok: false,
        status: 404,
        body: 'Expired url',
        error: refusal('expired_url', `used ${Math.round(age / 1000)} s after issue`),
      };
    }
    entry.uses += 1;
    if (entry.uses > RESPONSE_URL_MAX_USES) {
      return {
        ok: false,
        status: 404,
        body: 'used_url',
        error: violation(
          'used_url',
          `response_url used ${entry.uses} times (limit ${RESPONSE_URL_MAX_USES})`,
        ),
      };
    }
    return { ok: true, context: entry.context };
  }
}
