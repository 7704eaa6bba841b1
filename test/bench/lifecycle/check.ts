/** After the run: every lifecycle's messages against those of one lifecycle alone. */
import type { FakeSlack } from '../../../src/sandbox/index.js';
import type { Expected, Lifecycle } from './model.js';

export interface MessageCheck {
  /** Closed lifecycles checked. */
  readonly checked: number;
  /** Lifecycles that did not close (a stage timed out, or a request failed), with their first reasons. */
  readonly failed: number;
  readonly failures: readonly string[];
  /** Messages fewer / more than one lifecycle sends alone, summed over the lifecycles (posts and updates). */
  readonly lostPosts: number;
  readonly doubledPosts: number;
  readonly lostUpdates: number;
  readonly doubledUpdates: number;
  /** chat.update calls of the closed lifecycles, summed. */
  readonly updates: number;
  /** Lifecycles with a lost or doubled message. */
  readonly lifecyclesWrong: number;
  /** Messages of closed lifecycles that still show buttons at the stand-in. */
  readonly buttonsLeft: number;
  readonly failedDeliveries: number;
  readonly formRetries: number;
  readonly refusedCalls: number;
}

export function checkMessages(
  fake: FakeSlack,
  lifecycles: readonly Lifecycle[],
  expected: Expected,
): MessageCheck {
  let checked = 0;
  let lostPosts = 0;
  let doubledPosts = 0;
  let lostUpdates = 0;
  let doubledUpdates = 0;
  let updates = 0;
  let wrong = 0;
  let buttonsLeft = 0;
  let failedDeliveries = 0;
  const failures = new Map<string, number>();
  for (const lc of lifecycles) {
    if (lc.endedAt === undefined) {
      const reason = (lc.failure ?? 'not finished').replace(/\d+/g, 'N');
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
      continue;
    }
    checked += 1;
    lostPosts += Math.max(0, expected.posts - lc.posts);
    doubledPosts += Math.max(0, lc.posts - expected.posts);
    lostUpdates += Math.max(0, expected.updates - lc.updates);
    doubledUpdates += Math.max(0, lc.updates - expected.updates);
    updates += lc.updates;
    if (lc.posts !== expected.posts || lc.updates !== expected.updates) wrong += 1;
    failedDeliveries += lc.db?.failed ?? 0;
    for (const [ts, channel] of lc.messages) {
      if (fake.findButtons(fake.workspace.message(channel, ts)).length > 0) buttonsLeft += 1;
    }
  }
  return {
    checked,
    failed: lifecycles.length - checked,
    failures: [...failures].map(([reason, n]) => `${n} x ${reason}`),
    lostPosts,
    doubledPosts,
    lostUpdates,
    doubledUpdates,
    updates,
    lifecyclesWrong: wrong,
    buttonsLeft,
    failedDeliveries,
    formRetries: lifecycles.reduce((sum, lc) => sum + lc.formRetries, 0),
    refusedCalls: lifecycles.reduce((sum, lc) => sum + lc.failedCalls, 0),
  };
}
