import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type {
  DeliveryKind,
  DeliveryPayload,
  NewDelivery,
  OutboxStore,
  SlackMessageRef,
  StoredDelivery,
} from '../../app/ports.js';
import type { Instant } from '../../domain/time.js';
import type { Db } from '../database.js';
import { deliveries, processedRequests, slackMessages } from '../schema.js';

/** The outbox of Slack messages, the references of messages already posted, and request de-duplication. */
export class OutboxRepository implements OutboxStore {
  constructor(private readonly db: Db) {}

  pending(limit = 100): StoredDelivery[] {
    return this.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.status, 'pending'))
      .orderBy(asc(deliveries.id))
      .limit(limit)
      .all()
      .map(toStored);
  }

  pendingIds(afterId: number, limit: number): number[] {
    return this.db
      .select({ id: deliveries.id })
      .from(deliveries)
      .where(and(eq(deliveries.status, 'pending'), gt(deliveries.id, afterId)))
      .orderBy(asc(deliveries.id))
      .limit(limit)
      .all()
      .map((r) => r.id);
  }

  get(id: number): StoredDelivery | undefined {
    const row = this.db.select().from(deliveries).where(eq(deliveries.id, id)).get();
    return row ? toStored(row) : undefined;
  }

  /** Counted (and committed) before Slack is called, so a process that dies during the call leaves a trace. */
  beginAttempt(id: number): void {
    this.db
      .update(deliveries)
      .set({ attempts: sql`${deliveries.attempts} + 1` })
      .where(eq(deliveries.id, id))
      .run();
  }

  markSent(id: number, at: Instant): void {
    this.db.update(deliveries).set({ status: 'sent', sentAt: at }).where(eq(deliveries.id, id)).run();
  }

  /** A retryable failure: stays pending. */
  recordError(id: number, error: string): void {
    this.db.update(deliveries).set({ lastError: error }).where(eq(deliveries.id, id)).run();
  }

  /** A permanent failure (e.g. channel_not_found): never retried, shown to people instead. */
  markFailed(id: number, error: string): void {
    this.db.update(deliveries).set({ status: 'failed', lastError: error }).where(eq(deliveries.id, id)).run();
  }

  statusOf(decisionId: string, kind: DeliveryKind): StoredDelivery['status'] | undefined {
    return this.db
      .select({ status: deliveries.status })
      .from(deliveries)
      .where(and(eq(deliveries.decisionId, decisionId), eq(deliveries.kind, kind)))
      .orderBy(asc(deliveries.id))
      .get()?.status;
  }

  enqueue(outbox: readonly NewDelivery[], now: Instant): void {
    insertDeliveries(this.db, outbox, now);
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
    return firstTime(this.db, key, at);
  }
}

function toStored(r: typeof deliveries.$inferSelect): StoredDelivery {
  return {
    id: r.id,
    dedupeKey: r.dedupeKey,
    kind: r.kind,
    recipient: r.recipient,
    decisionId: r.decisionId,
    payload: JSON.parse(r.payloadJson) as DeliveryPayload,
    attempts: r.attempts,
    status: r.status,
    createdAt: r.createdAt,
  };
}

/** Records outbox rows; a row whose dedupe key is already there is skipped. */
export function insertDeliveries(db: Db, outbox: readonly NewDelivery[], now: Instant): void {
  if (outbox.length === 0) return;
  db.insert(deliveries)
    .values(
      outbox.map((m) => ({
        dedupeKey: m.dedupeKey,
        kind: m.kind,
        recipient: m.recipient,
        decisionId: m.decisionId ?? null,
        payloadJson: JSON.stringify(m.payload),
        createdAt: now,
      })),
    )
    .onConflictDoNothing({ target: deliveries.dedupeKey })
    .run();
}

/** Remembers a request key; true the first time, false for a replay. */
export function firstTime(db: Db, key: string, at: Instant): boolean {
  return db.insert(processedRequests).values({ key, at }).onConflictDoNothing().run().changes === 1;
}
