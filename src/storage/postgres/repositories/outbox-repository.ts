import { and, asc, eq, gt, inArray, isNull, lt, lte, not, or, type SQL, sql } from 'drizzle-orm';
import type { Pool } from 'pg';
import type {
  Conversation,
  DeliveryClaim,
  DeliveryKind,
  NewDelivery,
  OutboxStore,
  SlackMessageRef,
  StoredDelivery,
} from '../../../app/ports.js';
import type { Instant } from '../../../domain/time.js';
import { messageRef, rowToDelivery } from '../../repositories/delivery-rows.js';
import type { PostgresDatabase } from '../database.js';
import { deliveries, slackMessages } from '../schema.js';
import { retrying } from './retry.js';
import { type Queries, transaction } from './transaction.js';
import { firstTime, insertDeliveries } from './writes.js';

// Literals, not parameters: the partial indexes of pending rows (migration 0004) match only a literal predicate.
const pending = sql`${deliveries.status} = 'pending'`;
const threadReply = sql`${deliveries.kind} = 'thread_reply'`;
/** Now in ms by the server's clock (claims are compared with it: one clock for every process and host). */
const NOW_SQL = '(extract(epoch FROM clock_timestamp()) * 1000)::bigint';
const NOW_MS = sql.raw(NOW_SQL);
const ref = {
  role: slackMessages.role,
  recipient: slackMessages.recipient,
  channel: slackMessages.channel,
  ts: slackMessages.ts,
  deliveryId: slackMessages.deliveryId,
};

/**
 * The outbox of Slack messages, the messages already posted, and request de-duplication, in PostgreSQL; the
 * behaviour is the SQLite OutboxRepository's. Writes that give the same result when run twice are retried
 * after a lost connection as they are; so is claiming a row (a second try finds it claimed: see `claim`).
 */
export class PgOutboxRepository implements OutboxStore {
  private readonly db: Queries;
  private readonly pool: Pool;

  constructor(database: PostgresDatabase) {
    this.db = database.db;
    this.pool = database.pool;
  }

  async pending(limit = 100): Promise<StoredDelivery[]> {
    const rows = await retrying(() =>
      this.db.select().from(deliveries).where(pending).orderBy(asc(deliveries.id)).limit(limit),
    );
    return rows.map(rowToDelivery);
  }

  async pendingIds(afterId: number, limit: number): Promise<{ id: number; kind: string }[]> {
    return retrying(() =>
      this.db
        .select({ id: deliveries.id, kind: deliveries.kind })
        .from(deliveries)
        .where(and(pending, gt(deliveries.id, afterId)))
        .orderBy(asc(deliveries.id))
        .limit(limit),
    );
  }

  async get(id: number): Promise<StoredDelivery | undefined> {
    const [row] = await retrying(() => this.db.select().from(deliveries).where(eq(deliveries.id, id)));
    return row ? rowToDelivery(row) : undefined;
  }

  /** Counted and claimed (committed) before Slack is called, so a process that dies during the call leaves a trace. */
  async claim(id: number, holder: string, leaseMs: number): Promise<DeliveryClaim> {
    // One statement, retried after a lost connection: a first try that did commit left the row claimed, so the
    // retry is refused as by another run, and the row waits out the lease (no attempt counted twice, no second
    // post). A second claim of the row at the same moment waits for the first's row lock, then finds it claimed.
    const taken = await retrying(() =>
      this.db
        .update(deliveries)
        .set({
          attempts: sql`${deliveries.attempts} + 1`,
          claimedBy: holder,
          claimedUntil: sql`${NOW_MS} + ${leaseMs}`,
        })
        .where(
          and(
            eq(deliveries.id, id),
            pending,
            or(isNull(deliveries.claimedUntil), lte(deliveries.claimedUntil, NOW_MS)),
          ),
        )
        .returning({ attempts: deliveries.attempts }),
    );
    const [row] = taken;
    if (row !== undefined) return { kind: 'taken', attempts: row.attempts };
    const [now] = await retrying(() =>
      this.db
        .select({
          status: deliveries.status,
          left: sql<string | null>`${deliveries.claimedUntil} - ${NOW_MS}`,
        })
        .from(deliveries)
        .where(eq(deliveries.id, id)),
    );
    return now?.status === 'pending'
      ? { kind: 'held', forMs: Math.max(1, Number(now.left ?? 1)) }
      : { kind: 'done' };
  }

  async renewClaims(claims: readonly { id: number; holder: string }[], leaseMs: number): Promise<string[]> {
    if (claims.length === 0) return [];
    // Renewing twice is renewing once: retried as it is after a lost connection.
    const { rows } = await retrying(() =>
      this.pool.query<{ holder: string }>(
        `UPDATE deliveries AS d SET claimed_until = ${NOW_SQL} + $1
         FROM unnest($2::bigint[], $3::text[]) AS c(id, holder)
         WHERE d.id = c.id AND d.claimed_by = c.holder
         RETURNING d.claimed_by AS holder`,
        [leaseMs, claims.map((c) => c.id), claims.map((c) => c.holder)],
      ),
    );
    return rows.map((r) => r.holder);
  }

  async markSent(id: number, at: Instant): Promise<void> {
    await retrying(() =>
      this.db
        .update(deliveries)
        .set({ status: 'sent', sentAt: at, claimedBy: null, claimedUntil: null })
        .where(eq(deliveries.id, id)),
    );
  }

  /** A retryable failure: stays pending. */
  async recordError(id: number, error: string, holder?: string): Promise<void> {
    const mine = sql`${deliveries.claimedBy} = ${holder ?? null}`;
    await retrying(() =>
      this.db
        .update(deliveries)
        .set({
          lastError: error,
          claimedUntil: sql`CASE WHEN ${mine} THEN NULL ELSE ${deliveries.claimedUntil} END`,
          claimedBy: sql`CASE WHEN ${mine} THEN NULL ELSE ${deliveries.claimedBy} END`,
        })
        .where(eq(deliveries.id, id)),
    );
  }

  /** A permanent failure (e.g. channel_not_found): never retried, shown to people instead. */
  async markFailed(id: number, error: string): Promise<void> {
    await retrying(() =>
      this.db
        .update(deliveries)
        .set({ status: 'failed', lastError: error, claimedBy: null, claimedUntil: null })
        .where(eq(deliveries.id, id)),
    );
  }

  async statusOf(decisionId: string, kind: DeliveryKind): Promise<StoredDelivery['status'] | undefined> {
    const [row] = await retrying(() =>
      this.db
        .select({ status: deliveries.status })
        .from(deliveries)
        .where(and(eq(deliveries.decisionId, decisionId), eq(deliveries.kind, kind)))
        .orderBy(asc(deliveries.id))
        .limit(1),
    );
    return row?.status;
  }

  async hasNewerPending(kind: DeliveryKind, recipient: string, afterId: number): Promise<boolean> {
    const rows = await retrying(() =>
      this.db
        .select({ one: sql`1` })
        .from(deliveries)
        .where(
          and(
            pending,
            eq(deliveries.kind, kind),
            eq(deliveries.recipient, recipient),
            gt(deliveries.id, afterId),
          ),
        )
        .limit(1),
    );
    return rows.length > 0;
  }

  /** Dedupe keys make a second run record nothing more: safe to rerun after an unknown COMMIT. */
  async enqueue(outbox: readonly NewDelivery[], now: Instant): Promise<void> {
    if (outbox.length === 0) return;
    await transaction(this.pool, (tx) => insertDeliveries(tx, outbox, now), { idempotent: true });
  }

  async pendingBefore(
    conversation: Conversation,
    beforeId: number,
    maxAttempts: number,
    limit: number,
  ): Promise<number> {
    const rows = await retrying(() =>
      this.db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(
          and(
            pending,
            inConversation(conversation),
            lt(deliveries.id, beforeId),
            lt(deliveries.attempts, maxAttempts),
          ),
        )
        .limit(limit),
    );
    return rows.length;
  }

  async nextPendingAfter(conversation: Conversation, afterId: number): Promise<number | undefined> {
    const [row] = await retrying(() =>
      this.db
        .select({ id: deliveries.id })
        .from(deliveries)
        .where(and(pending, inConversation(conversation), gt(deliveries.id, afterId)))
        .orderBy(asc(deliveries.id))
        .limit(1),
    );
    return row?.id;
  }

  async rememberMessage(decisionId: string, message: SlackMessageRef, at: Instant): Promise<void> {
    const { channel, ts } = message;
    const deliveryId = message.deliveryId ?? null;
    await retrying(() =>
      this.db
        .insert(slackMessages)
        .values({
          decisionId,
          role: message.role,
          recipient: message.recipient,
          channel,
          ts,
          postedAt: at,
          deliveryId,
        })
        .onConflictDoUpdate({
          target: [slackMessages.decisionId, slackMessages.role, slackMessages.recipient],
          set: { channel, ts, postedAt: at, deliveryId },
        }),
    );
  }

  async messagesOf(decisionId: string): Promise<SlackMessageRef[]> {
    // Ties in time in the primary key's order, as SQLite's sort gives them.
    const rows = await retrying(() =>
      this.db
        .select(ref)
        .from(slackMessages)
        .where(eq(slackMessages.decisionId, decisionId))
        .orderBy(asc(slackMessages.postedAt), asc(slackMessages.role), asc(slackMessages.recipient)),
    );
    return rows.map(messageRef);
  }

  async message(decisionId: string, role: string, recipient: string): Promise<SlackMessageRef | undefined> {
    return (await this.messagesOf(decisionId)).find((m) => m.role === role && m.recipient === recipient);
  }

  /** True the first time a key is seen; false for a replay (Slack retry, double click). */
  async firstTime(key: string, at: Instant): Promise<boolean> {
    return transaction(this.pool, (tx) => firstTime(tx, key, at));
  }
}

/** The rows of a conversation, as the SQLite repository selects them. */
function inConversation(conversation: Conversation): SQL | undefined {
  return 'thread' in conversation
    ? and(threadReply, eq(deliveries.decisionId, conversation.thread))
    : and(
        not(inArray(deliveries.kind, ['thread_reply', 'home', 'refresh'])),
        eq(deliveries.recipient, conversation.recipient),
      );
}
