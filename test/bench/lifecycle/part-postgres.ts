/**
 * Reference part (b) on PostgreSQL: the bot's writes of a lifecycle as raw node-postgres statements, the same
 * rows in the same commits as part-sqlite.ts writes them, shaped as the PostgreSQL stores shape those commits.
 *
 * - The open: one transaction (BEGIN … COMMIT): request key, decision, votes replaced, then the id-order
 *   advisory lock (which the stores take before inserting events or outbox rows, see ordered-ids.ts: SQLite's
 *   single writer gives that order for free), its events, its outbox rows (RETURNING their ids).
 * - Each delivery: its attempt counted, the message reference kept (posts), marked sent: each a statement that
 *   commits on its own.
 * - The decision: one transaction: the decision's row locked (FOR NO KEY UPDATE, the stores' counterpart of
 *   SQLite's IMMEDIATE), the compare-and-set update of the whole row, votes replaced, the id-order lock, its
 *   events, its outbox rows.
 *
 * As in part-sqlite.ts, the reads the bot makes besides (the decision read back under the lock, the last event
 * seq, the worker's reads of each delivery, the decision and its messages) are not made: the part is the writes a
 * lifecycle cannot do without. Every statement is prepared once per connection (named), multi-row inserts are
 * one statement each (as the stores send them), and `concurrency` lifecycles run at once on `poolSize`
 * connections, as the bot's load did, so the commits wait for one another as the bot's did.
 */
import type { Pool, PoolClient, QueryConfig } from 'pg';
import { openPostgres } from '../../../src/storage/postgres/index.js';
import { ID_ORDER_LOCK_KEY } from '../../../src/storage/postgres/repositories/ordered-ids.js';
import { cpuOf, cpuSince } from '../databases.js';
import { pool as inFlight } from '../support.js';
import { measured, type PartJob, type PartResult, type Row } from './part-job.js';

const EVENT_COLUMNS = ['decision_id', 'seq', 'type', 'at', 'actor', 'level', 'data_json'];
const DELIVERY_COLUMNS = ['dedupe_key', 'decision_id', 'kind', 'recipient', 'payload_json', 'created_at'];

/** `($1, $2), ($3, $4)`: `rows` rows of `columns` parameters. */
function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, r) => `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`,
  ).join(', ');
}

/** The server processes serving connections to this database now (the asking one included: it is the pool's). */
async function backends(pool: Pool): Promise<number[]> {
  const { rows } = await pool.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE datname = current_database()',
  );
  return rows.map((r) => r.pid);
}

export async function postgresPart(job: Extract<PartJob, { part: 'postgres' }>): Promise<PartResult> {
  const { template: t } = job;
  // The real migrations on the fresh database, then its pool used raw (no drizzle).
  const database = await openPostgres(job.url, {
    poolSize: job.poolSize,
    applicationName: 'decide-bench-part-postgres',
  });
  const db = database.pool;
  try {
    const projectColumns = Object.keys(t.project);
    await db.query(
      `INSERT INTO projects (${projectColumns.join(', ')}) VALUES (${placeholders(1, projectColumns.length).slice(1, -1)})`,
      Object.values(t.project),
    );
    const decisionColumns = Object.keys(t.decision);
    const updateColumns = decisionColumns.filter((c) => c !== 'id');
    const statement =
      (name: string, text: string) =>
      (values: unknown[]): QueryConfig => ({
        name,
        text,
        values,
      });
    const events = (n: number) =>
      statement(
        `events-${n}`,
        `INSERT INTO decision_events (${EVENT_COLUMNS.join(', ')}) VALUES ${placeholders(n, EVENT_COLUMNS.length)}`,
      );
    const deliveries = (n: number) =>
      statement(
        `deliveries-${n}`,
        `INSERT INTO deliveries (${DELIVERY_COLUMNS.join(', ')}) VALUES ${placeholders(n, DELIVERY_COLUMNS.length)}
         ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      );
    const sql = {
      requestKey: statement(
        'request-key',
        'INSERT INTO processed_requests (key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      ),
      decision: statement(
        'decision',
        `INSERT INTO decisions (${decisionColumns.join(', ')}) VALUES (${placeholders(1, decisionColumns.length).slice(1, -1)})`,
      ),
      lock: statement('lock-decision', 'SELECT id FROM decisions WHERE id = $1 FOR NO KEY UPDATE'),
      update: statement(
        'update-decision',
        `UPDATE decisions SET ${updateColumns.map((c, i) => `${c} = $${i + 1}`).join(', ')}
         WHERE id = $${updateColumns.length + 1} AND version = $${updateColumns.length + 2}`,
      ),
      votes: statement('delete-votes', 'DELETE FROM votes WHERE decision_id = $1'),
      idOrder: statement('id-order', 'SELECT pg_advisory_xact_lock($1)'),
      openEvents: events(t.openEvents.length),
      closeEvents: events(t.closeEvents.length),
      openDeliveries: deliveries(t.openDeliveries.length),
      closeDeliveries: deliveries(t.closeDeliveries.length),
      attempt: statement('attempt', 'UPDATE deliveries SET attempts = attempts + 1 WHERE id = $1'),
      sent: statement('sent', "UPDATE deliveries SET status = 'sent', sent_at = $1 WHERE id = $2"),
      message: statement(
        'message',
        `INSERT INTO slack_messages (decision_id, role, recipient, channel, ts, posted_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (decision_id, role, recipient) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, posted_at = excluded.posted_at`,
      ),
    };
    let writes = 0;
    let commits = 0;
    const run = async (on: Pool | PoolClient, query: QueryConfig, write = true) => {
      if (write) writes += 1;
      return on.query(query);
    };
    /** BEGIN … COMMIT on a connection of its own; ROLLBACK if anything fails. */
    const transaction = async <T>(work: (client: PoolClient) => Promise<T>): Promise<T> => {
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        const value = await work(client);
        await client.query('COMMIT');
        commits += 1;
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    };
    const openedRow = { ...t.decision, status: 'open', outcome_json: null, closed_at: null, version: 1 };
    const eventValues = (id: string, rows: readonly Row[]) =>
      rows.flatMap((e) => [id, e.seq, e.type, Date.now(), e.actor, e.level, e.data_json]);
    const deliveryValues = (id: string, rows: readonly Row[], tag: string) =>
      rows.flatMap((d) => [
        `${String(d.dedupe_key)}-${tag}`,
        id,
        d.kind,
        d.recipient,
        d.payload_json,
        Date.now(),
      ]);
    /** The ids of the outbox rows just inserted, in insertion order. */
    const idsOf = (result: { rows: { id: unknown }[] }) => result.rows.map((r) => r.id);
    const addEvents = async (
      client: PoolClient,
      query: typeof sql.openEvents,
      id: string,
      rows: readonly Row[],
    ) => {
      if (rows.length > 0) await run(client, query(eventValues(id, rows)));
    };
    const addDeliveries = async (
      client: PoolClient,
      query: typeof sql.openDeliveries,
      id: string,
      rows: readonly Row[],
      tag: string,
    ) => (rows.length === 0 ? [] : idsOf(await run(client, query(deliveryValues(id, rows, tag)))));

    const lifecycle = async (i: number) => {
      const tag = `r${i}`;
      const id = `${String(t.decision.id)}-${tag}`;
      // The open: request key, decision, votes replaced, the id-order lock, its events and outbox rows.
      const opened = await transaction(async (client) => {
        await run(client, sql.requestKey([`${String(t.requestKey.key)}-${tag}`, Date.now()]));
        await run(client, sql.decision(Object.values({ ...openedRow, id })));
        await run(client, sql.votes([id]));
        await run(client, sql.idOrder([ID_ORDER_LOCK_KEY]), false);
        await addEvents(client, sql.openEvents, id, t.openEvents);
        return addDeliveries(client, sql.openDeliveries, id, t.openDeliveries, tag);
      });
      // Each delivery: its attempt counted, the message reference kept (posts), marked sent; each its own commit.
      for (const [index, deliveryId] of opened.entries()) {
        await run(db, sql.attempt([deliveryId]));
        for (const m of t.messages.filter((x) => x.delivery === index)) {
          await run(db, sql.message([id, m.row.role, m.row.recipient, m.row.channel, m.row.ts, Date.now()]));
          commits += 1;
        }
        await run(db, sql.sent([Date.now(), deliveryId]));
        commits += 2;
      }
      // The decision: its row locked, the compare-and-set update, votes replaced, the id-order lock, its events
      // and outbox rows.
      const closed = await transaction(async (client) => {
        await run(client, sql.lock([id]), false);
        const values = updateColumns.map((c) => (c === 'version' ? 2 : t.decision[c]));
        const changed = (await run(client, sql.update([...values, id, 1]))).rowCount;
        if (changed !== 1) throw new Error('the reference update changed no row');
        await run(client, sql.votes([id]));
        await run(client, sql.idOrder([ID_ORDER_LOCK_KEY]), false);
        await addEvents(client, sql.closeEvents, id, t.closeEvents);
        return addDeliveries(client, sql.closeDeliveries, id, t.closeDeliveries, tag);
      });
      for (const deliveryId of closed) {
        await run(db, sql.attempt([deliveryId]));
        await run(db, sql.sent([Date.now(), deliveryId]));
        commits += 2;
      }
    };
    await inFlight(job.warmup, job.concurrency, (i) => lifecycle(i));
    writes = 0;
    commits = 0;
    const serverBefore = cpuOf(await backends(db));
    const figures = await measured(() =>
      inFlight(job.lifecycles, job.concurrency, (i) => lifecycle(job.warmup + i)).then(() => {}),
    );
    const serverCpuMs = cpuSince(serverBefore, cpuOf(await backends(db)));
    const n = Math.max(1, job.lifecycles);
    return {
      ...figures,
      lifecycles: job.lifecycles,
      perLifecycle: `${(writes / n).toFixed(0)} write statements in ${(commits / n).toFixed(0)} commits`,
      serverCpuMs,
      commitsPerLifecycle: commits / n,
      errors: {},
    };
  } finally {
    await database.close();
  }
}
