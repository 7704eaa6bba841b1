/**
 * Why a call was refused. A `violation` is the bot's bug (a call real Slack rejects for its shape or use: bad
 * blocks, missing arguments, reused trigger); a `refusal` is a runtime condition a correct bot can meet and
 * must handle (deleted channel, expired trigger, hash conflict). Only violations fail `assertNoViolations()`.
 */
export type RefusalKind = 'violation' | 'refusal';

/** Codes for which Slack explains itself in `response_metadata.messages` ("[ERROR] ..."). */
const EXPLAINED = new Set([
  'invalid_arguments',
  'invalid_blocks',
  'invalid_blocks_format',
  'invalid_attachments',
]);

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly kind: RefusalKind,
    readonly details: string[] = [],
  ) {
    super(details.length > 0 ? `${code}: ${details.join('; ')}` : code);
    this.name = 'SlackApiError';
  }

  /** The body Slack answers with (always HTTP 200). */
  toBody(): Record<string, unknown> {
    return EXPLAINED.has(this.code) && this.details.length > 0
      ? { ok: false, error: this.code, response_metadata: { messages: this.details } }
      : { ok: false, error: this.code };
  }
}

export function violation(code: string, ...details: string[]): SlackApiError {
  return new SlackApiError(code, 'violation', details);
}

export function refusal(code: string, ...details: string[]): SlackApiError {
  return new SlackApiError(code, 'refusal', details);
}
