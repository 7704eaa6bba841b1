import type { Decision } from '../domain/decision.js';
import type { AppDeps } from './deps.js';

/** How long a request waits for Redis before answering the user anyway. */
export const FOLLOW_UP_TIMEOUT_MS = 2000;

/**
 * Work that follows a committed change: wake the outbox worker and align the timers. Both are derived from
 * the database, so when Redis is slow or down this only logs, after a bounded wait, and the request goes on:
 * the change is saved, the queueing itself carries on in the background, and the reconciler redoes whatever
 * did not make it.
 */
export async function afterCommit(deps: AppDeps, decision: Decision): Promise<void> {
  const work = Promise.allSettled([deps.deliveries.enqueue(), deps.timers.sync(decision)]);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), FOLLOW_UP_TIMEOUT_MS);
  });
  const results = await Promise.race([work, timeout]);
  clearTimeout(timer);
  const problems =
    results === 'timeout'
      ? [
          `queueing took longer than ${FOLLOW_UP_TIMEOUT_MS} ms (Redis slow or down, or this process overloaded)`,
        ]
      : results.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []));
  for (const error of problems) {
    deps.log.warn(
      'decision saved; its messages or timers may be late (the reconciler repairs what is lost)',
      {
        decisionId: decision.id,
        error,
      },
    );
  }
}
