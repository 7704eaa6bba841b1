import type { Decision } from '../domain/decision.js';
import type { DeliveryClaims } from './delivery-claims.js';
import type { AppDeps } from './deps.js';
import {
  type Conversation,
  DeliveryDeferred,
  type MessageSender,
  type NewDelivery,
  type OutboxStore,
  RateLimitHeld,
  RefreshIncomplete,
  type SendContext,
  SendError,
  type StoredDelivery,
} from './ports.js';

export interface DeliverDeps extends AppDeps {
  readonly outbox: OutboxStore;
  readonly sender: MessageSender;
  readonly claims: DeliveryClaims;
}

export type DeliverResult = 'sent' | 'skipped' | 'failed';

/**
 * How long a thread reply waits for its thread head before it looks again; the head wakes it once it is posted
 * (or failed for good), so this is only the fallback.
 */
export const THREAD_HEAD_WAIT_MS = 10_000;

/**
 * A thread reply waits until the thread head it belongs under has been posted. Put off, not failed: a failed
 * try would count against the job's attempts and stretch the backoff of the Slack failures that may follow
 * (after eight such tries, a 500 was retried only four minutes later).
 */
export class ThreadHeadMissing extends DeliveryDeferred {
  constructor() {
    super('thread head not posted yet', THREAD_HEAD_WAIT_MS, true);
  }
}

/**
 * Where a delivery lands, for keeping the outbox's order there; undefined for what is no message in a
 * conversation (an App Home, coalesced; a refresh, which edits the copies already posted from the decision as it
 * is then).
 */
export function conversationOf(delivery: Pick<StoredDelivery, 'kind' | 'recipient' | 'decisionId'>) {
  if (delivery.kind === 'home' || delivery.kind === 'refresh') return undefined;
  if (delivery.kind === 'thread_reply')
    return delivery.decisionId === null
      ? undefined
      : ({ thread: delivery.decisionId } satisfies Conversation);
  return { recipient: delivery.recipient } satisfies Conversation;
}

/**
 * An earlier row of the same conversation stops blocking once it has had this many attempts (as many as its
 * job's): a message Slack keeps refusing with a retryable error must not hold back its conversation for good.
 * A row that failed for good is no longer pending and blocks nothing.
 */
export const ORDER_BLOCKING_ATTEMPTS = 12;

/**
 * How long a delivery waits for each earlier message of its conversation before it looks again (up to
 * ORDER_WAIT_MAX_MS); the one sent before it wakes it at once, so this is only the fallback. A conversation
 * with a backlog of thousands (one SPoC's DM under a flood of requests) would otherwise have each of them look
 * every few seconds, crowding out the few that can go.
 */
export const ORDER_WAIT_MS = 250;
export const ORDER_WAIT_MAX_MS = 30_000;

/** The longest an App Home waits for the changes after it to settle. */
export const HOME_MAX_WAIT_MS = 10_000;

/**
 * Sends one outbox message. Already sent or failed: nothing to do (a job may run twice). Messages to the same
 * conversation reach Slack in outbox order: while an earlier one there is pending, this one is put off
 * (`DeliveryDeferred`, no attempt counted), and the one sent before it wakes it. Each call to Slack is
 * counted before it is made; a row with an earlier attempt may already be in Slack (the process died before
 * recording it, or Slack stored it and answered 5xx), so the sender looks for it before posting again. A
 * temporary Slack failure is recorded and rethrown for the job to retry later; a permanent one is recorded,
 * logged and told in the decision's thread, and never retried.
 */
export async function deliver(deps: DeliverDeps, deliveryId: number): Promise<DeliverResult> {
  const delivery = await deps.outbox.get(deliveryId);
  if (delivery?.status !== 'pending') return 'skipped';
  // A home is rendered as it is when sent: a newer row for the same person will show this change too. Under
  // changes that never pause, a row that has waited HOME_MAX_WAIT_MS is sent anyway.
  if (
    delivery.kind === 'home' &&
    deps.clock.now() - delivery.createdAt < HOME_MAX_WAIT_MS &&
    (await deps.outbox.hasNewerPending('home', delivery.recipient, delivery.id))
  ) {
    await deps.outbox.markSent(delivery.id, deps.clock.now());
    return 'skipped';
  }
  const conversation = conversationOf(delivery);
  if (conversation !== undefined) {
    const earlier = await deps.outbox.pendingBefore(
      conversation,
      delivery.id,
      ORDER_BLOCKING_ATTEMPTS,
      ORDER_WAIT_MAX_MS / ORDER_WAIT_MS,
    );
    if (earlier > 0)
      throw new DeliveryDeferred(
        'an earlier message to the conversation is pending',
        earlier * ORDER_WAIT_MS,
        true,
      );
  }
  const result = await attempt(deps, delivery);
  // The next message of the conversation may be waiting for this one: it goes now.
  if (conversation !== undefined && result !== 'skipped') await wakeNext(deps, conversation, delivery.id);
  // So may the thread's first reply, put off until its head was posted (or failed: then so does the reply).
  if (delivery.kind === 'thread_head' && delivery.decisionId !== null && result !== 'skipped')
    await wakeNext(deps, { thread: delivery.decisionId }, 0);
  return result;
}

async function wakeNext(deps: DeliverDeps, conversation: Conversation, id: number): Promise<void> {
  if (deps.deliveries.wake === undefined) return;
  try {
    const next = await deps.outbox.nextPendingAfter(conversation, id);
    if (next !== undefined) await deps.deliveries.wake(next);
  } catch (error) {
    // It looks again on its own shortly.
    deps.log.debug('the next message of a conversation was not woken', { error: String(error) });
  }
}

async function attempt(deps: DeliverDeps, delivery: StoredDelivery): Promise<DeliverResult> {
  const id = delivery.decisionId;
  // Three reads side by side: on PostgreSQL each is a round trip (over its own pooled connection), and the
  // messages of a busy conversation go one after another, each after the one before it.
  const [decision, events, posted] = id
    ? await Promise.all([deps.decisions.get(id), deps.decisions.events(id), deps.outbox.messagesOf(id)])
    : [undefined, [], []];
  const context: SendContext = {
    delivery,
    decision,
    project: decision ? deps.projects.byId(decision.projectId) : undefined,
    events: decision ? events : [],
    posted: decision ? posted : [],
    now: deps.clock.now(),
    maybeSentBefore: delivery.attempts > 0,
  };
  if (delivery.kind === 'thread_reply' && decision && !context.posted.some((m) => m.role === 'thread_head')) {
    if ((await deps.outbox.statusOf(decision.id, 'thread_head')) !== 'failed') {
      await deps.outbox.recordError(delivery.id, 'thread head not posted yet');
      throw new ThreadHeadMissing();
    }
    await deps.outbox.markFailed(delivery.id, 'thread_head_failed');
    return 'failed';
  }
  // A method it needs is held after a 429 (by any process): no call, no attempt; it goes when the hold ends.
  const held = await deps.sender.heldFor?.(context);
  if (held !== undefined) throw heldOff(held);
  // Counted and claimed, committed before the call: if the process dies while Slack processes it, the next run
  // knows the message may be there already and looks before posting again; a second run of this job meanwhile
  // finds the row claimed and waits for this one to end.
  const { claim, holder } = await deps.claims.take(delivery.id);
  try {
    if (claim.kind === 'done') return 'skipped';
    if (claim.kind === 'held') {
      // BullMQ runs this job twice at once (see OutboxStore.claim), or the run holding it died and its claim has
      // not run out yet: rare, and worth a line when it happens.
      deps.log.info('a delivery is being sent by another run; this one waits for it', {
        deliveryId: delivery.id,
        waitMs: claim.forMs,
      });
      throw new DeliveryDeferred('another run is sending it', claim.forMs);
    }
    // Posted and recorded by an earlier attempt that failed after (marking it sent, say): a refresh may have
    // edited the copy since, and its blocks no longer carry the marker a look-up would find it by.
    if (claim.attempts > 1 && decision && context.posted.some((m) => m.deliveryId === delivery.id))
      return await sentBefore(deps, decision, delivery.id);
    const claimed: SendContext = {
      ...context,
      maybeSentBefore: claim.attempts > 1,
      stillClaimed: () => deps.claims.stillHolds(holder),
    };
    return await send(deps, claimed, holder);
  } finally {
    deps.claims.end(holder);
  }
}

async function send(deps: DeliverDeps, context: SendContext, holder: string): Promise<DeliverResult> {
  const { delivery, decision } = context;
  try {
    const posted = await deps.sender.send(context);
    const now = deps.clock.now();
    if (posted && decision)
      await deps.outbox.rememberMessage(decision.id, { ...posted, deliveryId: delivery.id }, now);
    if (decision && (posted || delivery.kind === 'refresh'))
      await refreshIfMovedOn(deps, decision, delivery.id, now);
    await deps.outbox.markSent(delivery.id, now);
    return 'sent';
  } catch (error) {
    if (error instanceof RefreshIncomplete) return refreshTheRest(deps, context, error);
    // Held between the check above and one of its calls: put off like a hold seen before it started.
    if (error instanceof RateLimitHeld) {
      await deps.outbox.recordError(delivery.id, `${error.method} is rate-limited`, holder);
      throw heldOff({ method: error.method, ms: error.retryAfterMs ?? 1000 });
    }
    if (!(error instanceof SendError) || !error.permanent) {
      await deps.outbox.recordError(
        delivery.id,
        error instanceof Error ? error.message : String(error),
        holder,
      );
      throw error;
    }
    await deps.outbox.markFailed(delivery.id, error.code);
    deps.log.error('a Slack message could not be delivered and will not be retried', {
      decisionId: delivery.decisionId ?? undefined,
      deliveryId: delivery.id,
      kind: delivery.kind,
      recipient: delivery.recipient,
      error: error.code,
    });
    if (decision && delivery.kind !== 'thread_reply' && delivery.kind !== 'thread_head') {
      const notice: NewDelivery = {
        dedupeKey: `failure-${delivery.id}`,
        kind: 'thread_reply',
        recipient: delivery.recipient,
        decisionId: decision.id,
        payload: { template: 'delivery_failed', detail: { error: error.code, kind: delivery.kind } },
      };
      await deps.outbox.enqueue([notice], deps.clock.now());
      await deps.deliveries.enqueue();
    }
    return 'failed';
  }
}

/**
 * A refresh that edited some copies: it is done, and the copies it left go in a refresh of their own (recorded
 * first: a process that dies between the two writes refreshes every copy again, which is harmless), which starts
 * with a fresh count of tries.
 */
async function refreshTheRest(
  deps: DeliverDeps,
  context: SendContext,
  incomplete: RefreshIncomplete,
): Promise<DeliverResult> {
  const { delivery, decision } = context;
  const now = deps.clock.now();
  const rest: NewDelivery = {
    dedupeKey: `refresh-rest-${delivery.id}`,
    kind: 'refresh',
    recipient: delivery.recipient,
    decisionId: delivery.decisionId ?? undefined,
    payload: { ...delivery.payload, copies: incomplete.left },
  };
  await deps.outbox.enqueue([rest], now);
  if (decision) await refreshIfMovedOn(deps, decision, delivery.id, now);
  await deps.outbox.markSent(delivery.id, now);
  deps.log.info('a refresh edited some copies; the others are retried on their own', {
    deliveryId: delivery.id,
    left: incomplete.left.length,
    error: incomplete.failure.code,
  });
  await deps.deliveries.enqueue();
  return 'sent';
}

function heldOff(held: { readonly method: string; readonly ms: number }): DeliveryDeferred {
  return new DeliveryDeferred(`${held.method} is rate-limited`, Math.max(1, held.ms));
}

/**
 * A copy is rendered from the decision as it was read before the call. A change committed since then (it
 * closed, it moved up) may have been refreshed already: before this post was recorded (that refresh did not
 * include it), or by a refresh that finished before this older one's updates landed (they overwrote it). So a
 * decision found at another version after the post is recorded, or after a refresh, gets one more refresh:
 * without it, a DM could keep the buttons of a closed decision for good. A change after this read sees the
 * copy itself, and renders the newest version.
 */
async function refreshIfMovedOn(
  deps: DeliverDeps,
  rendered: Decision,
  deliveryId: number,
  now: number,
): Promise<void> {
  const current = await deps.decisions.get(rendered.id);
  if (current === undefined || current.version === rendered.version) return;
  await refreshAfter(deps, current, deliveryId, now);
}

/** One refresh of the decision's copies after the delivery (once per delivery and version of the decision). */
async function refreshAfter(deps: DeliverDeps, decision: Decision, deliveryId: number, now: number) {
  await deps.outbox.enqueue(
    [
      {
        dedupeKey: `refresh-after-${deliveryId}-${decision.version}`,
        kind: 'refresh',
        recipient: decision.id,
        decisionId: decision.id,
        payload: {},
      },
    ],
    now,
  );
  await deps.deliveries.enqueue();
}

/**
 * A delivery whose message an earlier attempt posted and recorded: it is sent. That copy was rendered from the
 * decision as it was then, so it is refreshed once more (its refreshes since may have run before it was recorded).
 */
async function sentBefore(deps: DeliverDeps, decision: Decision, deliveryId: number): Promise<DeliverResult> {
  const now = deps.clock.now();
  await refreshAfter(deps, decision, deliveryId, now);
  await deps.outbox.markSent(deliveryId, now);
  return 'sent';
}
