/** The bot's database, read beside it (read-only): the lifecycles' states, their rows, part (b)'s template. */
import BetterSqlite3 from 'better-sqlite3';
import type { DecisionState } from './model.js';
import type { Row, SqliteTemplate } from './part-job.js';

export class BotDb {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly stateOf: BetterSqlite3.Statement;

  constructor(path: string) {
    this.sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    this.sqlite.pragma('busy_timeout = 1000');
    this.stateOf = this.sqlite.prepare(
      `SELECT d.id AS id, d.status AS status,
         (SELECT count(*) FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'pending') AS pending,
         (SELECT count(*) FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'failed') AS failed
       FROM decisions d WHERE d.id IN (SELECT value FROM json_each(?))`,
    );
  }

  states(ids: readonly string[]): Map<string, DecisionState> {
    const rows = this.stateOf.all(JSON.stringify(ids)) as (DecisionState & { id: string })[];
    return new Map(rows.map((r) => [r.id, { status: r.status, pending: r.pending, failed: r.failed }]));
  }

  /** Rows per decision of every table a lifecycle writes, over the given decisions. */
  rowsPer(ids: readonly string[]): Record<string, number> {
    const list = JSON.stringify(ids);
    const n = Math.max(1, ids.length);
    const one = (sql: string, ...params: unknown[]) =>
      Number(
        (this.sqlite
          .prepare(sql)
          .pluck()
          .get(...params) as number | null) ?? 0,
      ) / n;
    const inList = 'IN (SELECT value FROM json_each(?))';
    return {
      events: one(`SELECT count(*) FROM decision_events WHERE decision_id ${inList}`, list),
      deliveries: one(`SELECT count(*) FROM deliveries WHERE decision_id ${inList}`, list),
      attempts: one(`SELECT sum(attempts) FROM deliveries WHERE decision_id ${inList}`, list),
      sent: one(`SELECT count(*) FROM deliveries WHERE status = 'sent' AND decision_id ${inList}`, list),
      messages: one(`SELECT count(*) FROM slack_messages WHERE decision_id ${inList}`, list),
      votes: one(`SELECT count(*) FROM votes WHERE decision_id ${inList}`, list),
      // Request keys are not tied to a decision: all of them over all decisions.
      requestKeys:
        Number(this.sqlite.prepare('SELECT count(*) FROM processed_requests').pluck().get()) /
        Math.max(1, Number(this.sqlite.prepare('SELECT count(*) FROM decisions').pluck().get())),
    };
  }

  /** One decided lifecycle's rows, grouped by the commit that wrote them (the open, then the decision). */
  template(decisionId: string, requestKey: string): SqliteTemplate {
    const all = (sql: string, ...params: unknown[]) => this.sqlite.prepare(sql).all(...params) as Row[];
    const decision = all('SELECT * FROM decisions WHERE id = ?', decisionId)[0];
    const project = decision && all('SELECT * FROM projects WHERE id = ?', decision.project_id)[0];
    if (!decision || !project) throw new Error(`decision ${decisionId} is not in the bot's database`);
    const openedAt = decision.opened_at;
    const events = all('SELECT * FROM decision_events WHERE decision_id = ? ORDER BY seq', decisionId);
    const deliveries = all('SELECT * FROM deliveries WHERE decision_id = ? ORDER BY id', decisionId);
    const messages = all('SELECT * FROM slack_messages WHERE decision_id = ?', decisionId);
    const key = all('SELECT * FROM processed_requests WHERE key = ?', requestKey)[0] ?? {
      key: requestKey,
      at: openedAt,
    };
    const openDeliveries = deliveries.filter((d) => d.created_at === openedAt);
    const kindOf = (role: string) =>
      role === 'thread_head'
        ? 'thread_head'
        : role === 'requester'
          ? 'requester_receipt'
          : 'decision_request';
    return {
      project,
      decision,
      openEvents: events.filter((e) => e.at === openedAt),
      closeEvents: events.filter((e) => e.at !== openedAt),
      openDeliveries,
      closeDeliveries: deliveries.filter((d) => d.created_at !== openedAt),
      messages: messages.map((row) => ({
        row,
        delivery: Math.max(
          0,
          openDeliveries.findIndex((d) => d.kind === kindOf(String(row.role))),
        ),
      })),
      requestKey: key,
    };
  }

  close(): void {
    this.sqlite.close();
  }
}
