import { webApi } from '@slack/bolt';
import { SendError } from '../app/ports.js';

/**
 * Slack errors that retrying cannot fix: the recipient or message is gone, or the bot lacks access. Anything
 * else (rate limits, 5xx, network, internal_error) is retried by the outbox with backoff.
 */
const PERMANENT = new Set([
  'channel_not_found',
  'user_not_found',
  'users_not_found',
  'not_in_channel',
  'is_archived',
  'account_inactive',
  'user_disabled',
  'cannot_dm_bot',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_blocks',
  'invalid_arguments',
  'msg_too_long',
  'no_text',
  'missing_scope',
  'not_authed',
  'invalid_auth',
  'token_revoked',
  'restricted_action',
]);

/** Maps a Web API failure to the outbox's SendError (permanent or retryable, with Retry-After). */
export function toSendError(error: unknown): SendError {
  if (error instanceof SendError) return error;
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return new SendError('ratelimited', false, Math.max(1, error.retryAfter) * 1000);
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    return new SendError(code, PERMANENT.has(code));
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    const retryAfter = Number(error.headers['retry-after']);
    return new SendError(`http_${error.statusCode}`, false, retryAfter > 0 ? retryAfter * 1000 : undefined);
  }
  if (error instanceof webApi.WebAPIRequestError)
    return new SendError(`request_error: ${error.original.message}`, false);
  return new SendError(error instanceof Error ? error.message : String(error), false);
}

export function isPermanent(error: unknown): boolean {
  return toSendError(error).permanent;
}
