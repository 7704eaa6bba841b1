import { maskUrl } from '../../config/mask-url.js';

export { maskUrl };

/**
 * DATABASE_URL cannot be a PostgreSQL connection string: a configuration mistake, not an outage. `setting` is
 * what the messages call the URL (another name where it came from elsewhere, e.g. a command's `--to`).
 */
export class DatabaseUrlInvalid extends Error {
  override readonly name = 'DatabaseUrlInvalid';
  constructor(url: string, reason: string, setting = 'DATABASE_URL') {
    super(`${setting} is not a PostgreSQL URL (${reason}): ${maskUrl(url)}`);
  }
}

/** PostgreSQL did not accept a connection (down, unreachable, wrong credentials or database). */
export class DatabaseUnavailable extends Error {
  override readonly name = 'DatabaseUnavailable';
  constructor(url: string, cause: unknown, setting = 'DATABASE_URL') {
    super(`PostgreSQL at ${maskUrl(url)} (${setting}) does not accept a connection: ${describe(cause)}`, {
      cause,
    });
  }
}

/** Node reports a refused dual-stack connect as an AggregateError with an empty message: name its parts. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return [...new Set(error.errors.map(describe))].join('; ');
  }
  if (!(error instanceof Error)) return String(error);
  if (error.message !== '') return error.message;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : error.name;
}
