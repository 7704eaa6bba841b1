import type { AppDeps } from './deps.js';
import {
  type MessageSender,
  type NewDelivery,
  type OutboxStore,
  type SendContext,
  SendError,
} from './ports.js';

export interface DeliverDeps extends AppDeps {
  readonly outbox: OutboxStore;
  readonly sender: MessageSender;
}

export type DeliverResult = 'sent' | 'skipped' | 'failed';

/** A thread reply waits until the thread head it belongs under has been posted. */
export class ThreadHeadMissing extends SendError {
  constructor() {
    super('thread_head_not_posted_yet', false, 1000);
  }
}

/**
 * Sends one outbox message. Already sent or failed: nothing to do (a job may run twice). A temporary Slack
 * failure is counted and rethrown for the job to retry later; a permanent one is recorded, logged and told in
 * the decision's thread, and never retried.
 */
export async function deliver(deps: DeliverDeps, deliveryId: number): Promise<DeliverResult> {
  const delivery = deps.outbox.get(deliveryId);
  if (delivery?.status !== 'pending') return 'skipped';
  const decision = delivery.decisionId ? deps.decisions.get(delivery.decisionId) : undefined;
  const context: SendContext = {
    delivery,
    decision,
    project: decision ? deps.projects.byId(decision.projectId) : undefined,
    events: decision ? deps.decisions.events(decision.id) : [],
    posted: decision ? deps.outbox.messagesOf(decision.id) : [],
    now: deps.clock.now(),
  };
  if (delivery.kind === 'thread_reply' && decision && !context.posted.some((m) => m.role === 'thread_head')) {
    if (deps.outbox.statusOf(decision.id, 'thread_head') !== 'failed') {
      deps.outbox.recordAttempt(delivery.id, 'thread head not posted yet');
      throw new ThreadHeadMissing();
    }
    deps.outbox.markFailed(delivery.id, 'thread_head_failed');
    return 'failed';
  }
  try {
    const posted = await deps.sender.send(context);
    const now = deps.clock.now();
    if (posted && decision) deps.outbox.rememberMessage(decision.id, posted, now);
    deps.outbox.markSent(delivery.id, now);
    return 'sent';
  } catch (error) {
    if (!(error instanceof SendError) || !error.permanent) {
      deps.outbox.recordAttempt(delivery.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    deps.outbox.markFailed(delivery.id, error.code);
    deps.log.error('a Slack message could not be delivered and will not be retried', {
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
      deps.outbox.enqueue([notice], deps.clock.now());
      await deps.deliveries.enqueue();
    }
    return 'failed';
  }
}
