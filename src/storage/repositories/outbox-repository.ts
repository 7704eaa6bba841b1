import { asc, eq, sql } from 'drizzle-orm';
import type { Instant } from '../../domain/time.js';
import type { Db } from '../database.js';
import { deliveries, processedRequests, slackMessages } from '../schema.js';

export interface PendingDelivery {
  readonly id: number;
  readonly dedupeKey: string;
  readonly kind: string;
  readonly recipient: string;
  readonly decisionId: string | null;
  readonly payload: unknown;
  readonly attempts: number;
}

export interface SlackMessageRef {
  readonly role: string;
  readonly recipient: string;
  readonly channel: string;
  readonly ts: string;
}

/** The outbox of Slack messages, the references of messages already posted, and request de-duplication. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  pending(limit = 100): PendingDelivery[] {
    return this.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.status, 'pending'))
      .orderBy(asc(deliveries.id))
      .limit(limit)
      .all()
      .map(toPending);
  }

  get(id: number): PendingDelivery | undefined {
    const row = this.db.select().from(deliveries).where(eq(deliveries.id, id)).get();
    return row ? toPending(row) : undefined;
  }

  markSent(id: number, at: Instant): void {
    this.db
      .update(deliveries)
      .set({ status: 'sent', sentAt: at, attempts: sql`${deliveries.attempts} + 1` })
      .where(eq(deliveries.id, id))
      .run();
  }

  /** A retryable failure: stays pending. */
  recordAttempt(id: number, error: string): void {
    this.db
      .update(deliveries)
      .set({ attempts: sql`${deliveries.attempts} + 1`, lastError: error })
      .where(eq(deliveries.id, id))
      .run();
  }

  /** A permanent failure (e.g. channel_not_found): never retried, shown to people instead. */
  markFailed(id: number, error: string): void {
    this.db
      .update(deliveries)
      .set({ status: 'failed', attempts: sql`${deliveries.attempts} + 1`, lastError: error })
      .where(eq(deliveries.id, id))
      .run();
  }

  rememberMessage(decisionId: string, ref: SlackMessageRef, at: Instant): void {
    const row = { decisionId, ...ref, postedAt: at };
    this.db
      .insert(slackMessages)
      .values(row)
      .onConflictDoUpdate({
        target: [slackMessages.decisionId, slackMessages.role, slackMessages.recipient],
        set: { channel: ref.channel, ts: ref.ts, postedAt: at },
      })
      .run();
  }

  messagesOf(decisionId: string): SlackMessageRef[] {
    return this.db
      .select({
        role: slackMessages.role,
        recipient: slackMessages.recipient,
        channel: slackMessages.channel,
        ts: slackMessages.ts,
      })
      .from(slackMessages)
      .where(eq(slackMessages.decisionId, decisionId))
      .orderBy(asc(slackMessages.postedAt))
      .all();
  }

  message(decisionId: string, role: string, recipient: string): SlackMessageRef | undefined {
    return this.messagesOf(decisionId).find((m) => m.role === role && m.recipient === recipient);
  }

  /** True the first time a key is seen; false for a replay (Slack retry, double click). */
  firstTime(key: string, at: Instant): boolean {
    const inserted = this.db.insert(processedRequests).values({ key, at }).onConflictDoNothing().run();
    return inserted.changes === 1;
  }
}

function toPending(r: typeof deliveries.$inferSelect): PendingDelivery {
  return {
    id: r.id,
    dedupeKey: r.dedupeKey,
    kind: r.kind,
    recipient: r.recipient,
    decisionId: r.decisionId,
    payload: JSON.parse(r.payloadJson),
    attempts: r.attempts,
  };
}
