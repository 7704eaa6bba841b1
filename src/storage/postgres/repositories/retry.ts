/** How many times a statement or a transaction is tried before its error is the caller's. */
export const ATTEMPTS = 5;

/** Serialization failure and deadlock: PostgreSQL rolled the transaction back and asks for it to be run again. */
const CONFLICTS = new Set(['40001', '40P01']);
/** The server ended the backend: admin_shutdown (pg_terminate_backend, a restart), crash_shutdown, starting up. */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03']);
/**
 * The socket failed or never opened. Timeouts are not here: the time was spent already (up to the pool's
 * connect timeout), and trying again would make a click wait several times as long before it fails.
 */
const SOCKET_GONE = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
/** What node-postgres says, without a code, about a connection that ended under it. */
const CLIENT_GONE = [/^Connection terminated unexpectedly$/, /is not queryable$/];

/** A serialization failure or a deadlock, however wrapped (drizzle's errors carry the driver's as `cause`). */
export function isConflict(error: unknown): boolean {
  return causes(error).some((e) => CONFLICTS.has(codeOf(e)));
}

/** The connection to the server failed (class 08, the backend ended, the socket broke), however wrapped. */
export function isConnectionLost(error: unknown): boolean {
  return causes(error).some((e) => {
    const code = codeOf(e);
    if (code.startsWith('08') || SERVER_GONE.has(code) || SOCKET_GONE.has(code)) return true;
    return e instanceof Error && CLIENT_GONE.some((pattern) => pattern.test(e.message));
  });
}

/** The error, its causes and the parts of an AggregateError (a refused dual-stack connect). */
function causes(error: unknown, depth = 0): unknown[] {
  if (depth > 5 || !(error instanceof Error)) return [error];
  const parts = error instanceof AggregateError ? error.errors : [];
  return [error, ...[error.cause, ...parts].flatMap((e) => (e === undefined ? [] : causes(e, depth + 1)))];
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Waits before attempt `attempt + 1`: 10 ms doubling up to 160 ms, each between half and one and a half of it,
 * so writers that failed together (a deadlock's two sides, a pool whose connections all died) come back apart.
 */
export function backoff(attempt: number): Promise<void> {
  const base = 10 * 2 ** Math.min(attempt - 1, 4);
  return new Promise((resolve) => setTimeout(resolve, base / 2 + Math.random() * base));
}

/**
 * Runs a statement that may run twice (a read, an upsert, setting a value), again after a conflict or a lost
 * connection: whether or not the first try reached the server, the outcome is the same.
 */
export async function retrying<T>(statement: () => PromiseLike<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isConflict(error) || isConnectionLost(error))) throw error;
    }
    await backoff(attempt);
  }
}

/**
 * The connection failed while COMMIT was on its way: the transaction may or may not have committed, and running
 * it again could apply it twice. Thrown for a change that cannot tell a second run from the first (no request
 * key); whoever asked for the change sees it failed and may look at the decision before trying again.
 */
export class CommitOutcomeUnknown extends Error {
  override readonly name = 'CommitOutcomeUnknown';
  constructor(cause: unknown) {
    super(
      `the connection to PostgreSQL failed during COMMIT: the change may or may not have been saved (${
        cause instanceof Error ? cause.message : String(cause)
      })`,
      { cause },
    );
  }
}
