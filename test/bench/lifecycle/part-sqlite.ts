/** Reference part (b): the bot's SQLite writes of a lifecycle as raw better-sqlite3 prepared statements. */
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../../src/storage/index.js';
import { measured, type PartJob, type PartResult, type Row } from './part-job.js';

/** (b) The bot's rows, written as raw prepared statements in the same commits as the bot's. */
export async function sqlitePart(job: Extract<PartJob, { part: 'sqlite' }>): Promise<PartResult> {
  const { template: t } = job;
  const database = openDatabase(job.dbPath);
  const db = database.sqlite;
  try {
    const insert = (tableName: string, row: Row, suffix = '') => {
      const columns = Object.keys(row);
      return db.prepare(
        `INSERT INTO ${tableName} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})${suffix}`,
      );
    };
    insert('projects', t.project).run(...Object.values(t.project));
    const decisionColumns = Object.keys(t.decision).filter((c) => c !== 'id');
    const eventColumns = ['decision_id', 'seq', 'type', 'at', 'actor', 'level', 'data_json'];
    const deliveryColumns = ['dedupe_key', 'decision_id', 'kind', 'recipient', 'payload_json', 'created_at'];
    const statements = {
      requestKey: db.prepare('INSERT INTO processed_requests (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING'),
      decision: insert('decisions', t.decision),
      update: db.prepare(
        `UPDATE decisions SET ${decisionColumns.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND version = ?`,
      ),
      event: db.prepare(
        `INSERT INTO decision_events (${eventColumns.join(', ')}) VALUES (${eventColumns.map(() => '?').join(', ')})`,
      ),
      votes: db.prepare('DELETE FROM votes WHERE decision_id = ?'),
      delivery: db.prepare(
        `INSERT INTO deliveries (${deliveryColumns.join(', ')}) VALUES (${deliveryColumns.map(() => '?').join(', ')}) ON CONFLICT (dedupe_key) DO NOTHING`,
      ),
      attempt: db.prepare('UPDATE deliveries SET attempts = attempts + 1 WHERE id = ?'),
      sent: db.prepare("UPDATE deliveries SET status = 'sent', sent_at = ? WHERE id = ?"),
      message: db.prepare(
        `INSERT INTO slack_messages (decision_id, role, recipient, channel, ts, posted_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (decision_id, role, recipient) DO UPDATE SET channel = excluded.channel, ts = excluded.ts, posted_at = excluded.posted_at`,
      ),
    };
    let writes = 0;
    let commits = 0;
    const run = (statement: BetterSqlite3.Statement, ...params: unknown[]) => {
      writes += 1;
      return statement.run(...params);
    };
    const openedRow = { ...t.decision, status: 'open', outcome_json: null, closed_at: null, version: 1 };
    const addDeliveries = (id: string, rows: readonly Row[], tag: string): number[] =>
      rows.map((d) =>
        Number(
          run(
            statements.delivery,
            `${String(d.dedupe_key)}-${tag}`,
            id,
            d.kind,
            d.recipient,
            d.payload_json,
            Date.now(),
          ).lastInsertRowid,
        ),
      );
    const addEvents = (id: string, rows: readonly Row[]) => {
      for (const e of rows)
        run(statements.event, id, e.seq, e.type, Date.now(), e.actor, e.level, e.data_json);
    };
    const lifecycle = (i: number) => {
      const tag = `r${i}`;
      const id = `${String(t.decision.id)}-${tag}`;
      // The open: request key, decision, its event, votes replaced, its outbox rows, in one IMMEDIATE commit.
      const opened = db
        .transaction(() => {
          run(statements.requestKey, `${String(t.requestKey.key)}-${tag}`, Date.now());
          run(statements.decision, ...Object.values({ ...openedRow, id }));
          addEvents(id, t.openEvents);
          run(statements.votes, id);
          return addDeliveries(id, t.openDeliveries, tag);
        })
        .immediate();
      commits += 1;
      // Each delivery: its attempt counted, the message reference kept (posts), marked sent; each its own commit.
      opened.forEach((deliveryId, index) => {
        run(statements.attempt, deliveryId);
        for (const m of t.messages.filter((x) => x.delivery === index)) {
          run(statements.message, id, m.row.role, m.row.recipient, m.row.channel, m.row.ts, Date.now());
          commits += 1;
        }
        run(statements.sent, Date.now(), deliveryId);
        commits += 2;
      });
      // The decision: compare-and-set update of the whole row, its event, votes replaced, its outbox rows.
      const closed = db
        .transaction(() => {
          const values = decisionColumns.map((c) => (c === 'version' ? 2 : t.decision[c]));
          const changed = run(statements.update, ...values, id, 1).changes;
          if (changed !== 1) throw new Error('the reference update changed no row');
          addEvents(id, t.closeEvents);
          run(statements.votes, id);
          return addDeliveries(id, t.closeDeliveries, tag);
        })
        .immediate();
      commits += 1;
      for (const deliveryId of closed) {
        run(statements.attempt, deliveryId);
        run(statements.sent, Date.now(), deliveryId);
        commits += 2;
      }
    };
    for (let i = 0; i < job.warmup; i++) lifecycle(i);
    writes = 0;
    commits = 0;
    const figures = await measured(() => {
      for (let i = 0; i < job.lifecycles; i++) lifecycle(job.warmup + i);
    });
    const n = Math.max(1, job.lifecycles);
    return {
      ...figures,
      lifecycles: job.lifecycles,
      perLifecycle: `${(writes / n).toFixed(0)} write statements in ${(commits / n).toFixed(0)} commits`,
      errors: {},
    };
  } finally {
    database.close();
  }
}
