/** The URL with its password (in the user info or a `password` parameter) replaced by ***, fit for logs. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever lies between the user's `:` and the last `@`, as that may be a password.
    const at = url.lastIndexOf('@');
    const colon = url.indexOf(':', url.includes('//') ? url.indexOf('//') + 2 : 0);
    return colon < 0 || colon > at ? url : `${url.slice(0, colon + 1)}***${url.slice(at)}`;
  }
}

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
