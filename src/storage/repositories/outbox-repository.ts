import { asc, eq } from 'drizzle-orm';
import type {
  Conversation,
  DeliveryClaim,
  DeliveryKind,
  NewDelivery,
  OutboxStore,
  SlackMessageRef,
  StoredDelivery,
} from '../../app/ports.js';
import type { Instant } from '../../domain/time.js';
import type { Db } from '../database.js';
import { deliveries } from '../schema.js';
import { messageRef, rowToDelivery, type SlackMessageRow } from './delivery-rows.js';
import { hotPath } from './hot-path.js';
import { prepared } from './prepared.js';

/** Now in ms by SQLite's clock (claims are compared with it: one clock for every process on the file). */
const NOW_MS = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

/** The outbox of Slack messages, the references of messages already posted, and request de-duplication. */
export class OutboxRepository implements OutboxStore {
  constructor(private readonly db: Db) {}

  /** The statements each message's delivery runs, prepared once (drizzle's builder prepares per call). */
  private sql<P extends unknown[] = unknown[], R = unknown>(text: string) {
    return prepared<P, R>(this.db.$client, text);
  }

  async pending(limit = 100): Promise<StoredDelivery[]> {
    return this.db
      .select()
      .from(deliveries)
      .where(eq(deliveries.status, 'pending'))
      .orderBy(asc(deliveries.id))
      .limit(limit)
      .all()
      .map(rowToDelivery);
  }

  async pendingIds(afterId: number, limit: number): Promise<{ id: number; kind: string }[]> {
    return this.sql<[number, number], { id: number; kind: string }>(
      "SELECT id, kind FROM deliveries WHERE status = 'pending' AND id > ? ORDER BY id LIMIT ?",
    ).all(afterId, limit);
  }

  async get(id: number): Promise<StoredDelivery | undefined> {
    const [row] = hotPath(this.db.$client).deliveries.select('id = ?')(id);
    return row ? rowToDelivery(row) : undefined;
  }

  /** Counted and claimed (committed) before Slack is called, so a process that dies during the call leaves a trace. */
  async claim(id: number, holder: string, leaseMs: number): Promise<DeliveryClaim> {
    const taken = this.sql<[string, number, number], { attempts: number }>(
      `UPDATE deliveries SET attempts = attempts + 1, claimed_by = ?, claimed_until = ${NOW_MS} + ?
       WHERE id = ? AND status = 'pending' AND (claimed_until IS NULL OR claimed_until <= ${NOW_MS})
       RETURNING attempts`,
    ).get(holder, leaseMs, id);
    if (taken !== undefined) return { kind: 'taken', attempts: taken.attempts };
    const row = this.sql<[number], { status: string; left: number | null }>(
      `SELECT status, claimed_until - ${NOW_MS} AS left FROM deliveries WHERE id = ?`,
    ).get(id);
    return row?.status === 'pending' ? { kind: 'held', forMs: Math.max(1, row.left ?? 1) } : { kind: 'done' };
  }

  async renewClaims(claims: readonly { id: number; holder: string }[], leaseMs: number): Promise<string[]> {
    const renew = this.sql<[number, number, string]>(
      `UPDATE deliveries SET claimed_until = ${NOW_MS} + ? WHERE id = ? AND claimed_by = ?`,
    );
    return this.db.$client.transaction(() =>
      claims.filter(({ id, holder }) => renew.run(leaseMs, id, holder).changes > 0).map((c) => c.holder),
    )();
  }

  async markSent(id: number, at: Instant): Promise<void> {
    this.sql(
      "UPDATE deliveries SET status = 'sent', sent_at = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
    ).run(at, id);
  }

  /** A retryable failure: stays pending. */
  async recordError(id: number, error: string, holder?: string): Promise<void> {
    this.sql(
      `UPDATE deliveries SET last_error = ?,
         claimed_until = CASE WHEN claimed_by = ? THEN NULL ELSE claimed_until END,
         claimed_by = CASE WHEN claimed_by = ? THEN NULL ELSE claimed_by END
       WHERE id = ?`,
    ).run(error, holder ?? null, holder ?? null, id);
  }

  /** A permanent failure (e.g. channel_not_found): never retried, shown to people instead. */
  async markFailed(id: number, error: string): Promise<void> {
    this.sql(
      "UPDATE deliveries SET status = 'failed', last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?",
    ).run(error, id);
  }

  async statusOf(decisionId: string, kind: DeliveryKind): Promise<StoredDelivery['status'] | undefined> {
    return this.sql<[string, string], StoredDelivery['status']>(
      'SELECT status FROM deliveries WHERE decision_id = ? AND kind = ? ORDER BY id LIMIT 1',
    )
      .pluck()
      .get(decisionId, kind);
  }

  async hasNewerPending(kind: DeliveryKind, recipient: string, afterId: number): Promise<boolean> {
    return (
      this.sql<[string, string, number], number>(
        "SELECT 1 FROM deliveries INDEXED BY deliveries_pending_recipient WHERE status = 'pending' AND kind = ? AND recipient = ? AND id > ? LIMIT 1",
      )
        .pluck()
        .get(kind, recipient, afterId) !== undefined
    );
  }

  async enqueue(outbox: readonly NewDelivery[], now: Instant): Promise<void> {
    insertDeliveries(this.db, outbox, now);
  }

  async pendingBefore(
    conversation: Conversation,
    beforeId: number,
    maxAttempts: number,
    limit: number,
  ): Promise<number> {
    const [rows, key] = inConversation(conversation);
    return this.sql<[string, number, number, number], number>(
      `SELECT count(*) FROM (SELECT 1 FROM ${rows} AND id < ? AND attempts < ? LIMIT ?)`,
    )
      .pluck()
      .get(key, beforeId, maxAttempts, limit) as number;
  }

  async nextPendingAfter(conversation: Conversation, afterId: number): Promise<number | undefined> {
    const [rows, key] = inConversation(conversation);
    return this.sql<[string, number], number>(`SELECT id FROM ${rows} AND id > ? ORDER BY id LIMIT 1`)
      .pluck()
      .get(key, afterId);
  }

  async rememberMessage(decisionId: string, ref: SlackMessageRef, at: Instant): Promise<void> {
    this.sql(
      `INSERT INTO slack_messages (decision_id, role, recipient, channel, ts, posted_at, delivery_id)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (decision_id, role, recipient) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
       posted_at = excluded.posted_at, delivery_id = excluded.delivery_id`,
    ).run(decisionId, ref.role, ref.recipient, ref.channel, ref.ts, at, ref.deliveryId ?? null);
  }

  async messagesOf(decisionId: string): Promise<SlackMessageRef[]> {
    return this.sql<[string], SlackMessageRow>(
      'SELECT role, recipient, channel, ts, delivery_id AS deliveryId FROM slack_messages WHERE decision_id = ? ORDER BY posted_at',
    )
      .all(decisionId)
      .map(messageRef);
  }

  async message(decisionId: string, role: string, recipient: string): Promise<SlackMessageRef | undefined> {
    return (await this.messagesOf(decisionId)).find((m) => m.role === role && m.recipient === recipient);
  }

  /** True the first time a key is seen; false for a replay (Slack retry, double click). */
  async firstTime(key: string, at: Instant): Promise<boolean> {
    return firstTime(this.db, key, at);
  }
}

/**
 * The pending rows of a conversation (see `conversationOf`): a decision's thread replies, or the other messages
 * posted to a recipient (App Homes and refreshes are no messages in a conversation). Through the partial index
 * made for them (migration 0008), named: SQLite without statistics would walk `deliveries_status` through every
 * pending row instead.
 */
function inConversation(conversation: Conversation): [string, string] {
  return 'thread' in conversation
    ? [
        "deliveries INDEXED BY deliveries_pending_thread WHERE status = 'pending' AND kind = 'thread_reply' AND decision_id = ?",
        conversation.thread,
      ]
    : [
        "deliveries INDEXED BY deliveries_pending_recipient WHERE status = 'pending' AND kind NOT IN ('thread_reply', 'home', 'refresh') AND recipient = ?",
        conversation.recipient,
      ];
}

/** Records outbox rows; a row whose dedupe key is already there is skipped. */
export function insertDeliveries(db: Db, outbox: readonly NewDelivery[], now: Instant): void {
  if (outbox.length === 0) return;
  hotPath(db.$client).deliveries.insert(
    outbox.map((m) => ({
      dedupeKey: m.dedupeKey,
      kind: m.kind,
      recipient: m.recipient,
      decisionId: m.decisionId ?? null,
      payloadJson: JSON.stringify(m.payload),
      createdAt: now,
    })),
    '("dedupe_key")',
  );
}

/** Remembers a request key; true the first time, false for a replay. */
export function firstTime(db: Db, key: string, at: Instant): boolean {
  return hotPath(db.$client).processed.insert([{ key, at }], '') === 1;
}
