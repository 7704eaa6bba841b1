/**
 * The bot's database, read beside it: the lifecycles' states, their rows, part (b)'s template. SQLite: the same
 * file, read-only. PostgreSQL: one connection of its own to the bot's database (its backend is not the bot's).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import BetterSqlite3 from 'better-sqlite3';
import { Client, TypeOverrides } from 'pg';
import type { RunDatabase } from '../databases.js';
import type { DecisionState } from './model.js';
import type { Row, RowTemplate } from './part-job.js';

export interface BotDb {
  /** Each decision's status and its outbox rows pending or failed. */
  states(ids: readonly string[]): Promise<Map<string, DecisionState>>;
  /** Rows per decision of every table a lifecycle writes, over the given decisions. */
  rowsPer(ids: readonly string[]): Promise<Record<string, number>>;
  /** One decided lifecycle's rows, grouped by the commit that wrote them (the open, then the decision). */
  template(decisionId: string, requestKey: string): Promise<RowTemplate>;
  /** PostgreSQL: the pids of the server processes serving the bot's connections now (this reader's not). */
  botBackends(): Promise<number[]>;
  /**
   * PostgreSQL, once this reader is closed and the bot has stopped: the transactions the server counted in the
   * bot's database (pg_stat_database.xact_commit: each statement outside a transaction is one, reads included),
   * this reader's own left out, and the decisions there are.
   */
  transactions(): Promise<{ readonly commits: number; readonly decisions: number } | undefined>;
  close(): Promise<void>;
}

export async function openBotDb(database: RunDatabase): Promise<BotDb> {
  if (database.databaseUrl === undefined) return new SqliteBotDb(database.databasePath);
  const db = new PostgresBotDb(database.databaseUrl, database.name ?? '');
  await db.connect();
  return db;
}

/** The SQL both dialects run; `$list` is the decisions the question is about, a JSON array of ids. */
interface Dialect {
  /** Runs a query with positional parameters ($1, $2…), answering its rows. */
  all(sql: string, ...params: unknown[]): Promise<Row[]>;
  /** `IN (…)` over the JSON array of ids given as parameter `$n`. */
  inList(n: number): string;
}

const STATES = (inList: string) =>
  `SELECT d.id AS id, d.status AS status,
     (SELECT count(*) FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'pending') AS pending,
     (SELECT count(*) FROM deliveries x WHERE x.decision_id = d.id AND x.status = 'failed') AS failed
   FROM decisions d WHERE d.id ${inList}`;

async function states(dialect: Dialect, ids: readonly string[]): Promise<Map<string, DecisionState>> {
  const rows = await dialect.all(STATES(dialect.inList(1)), JSON.stringify(ids));
  return new Map(
    rows.map((r) => [
      String(r.id),
      { status: String(r.status), pending: Number(r.pending), failed: Number(r.failed) },
    ]),
  );
}

async function rowsPer(dialect: Dialect, ids: readonly string[]): Promise<Record<string, number>> {
  const list = JSON.stringify(ids);
  const n = Math.max(1, ids.length);
  const one = async (sql: string, ...params: unknown[]) => {
    const [row] = await dialect.all(sql, ...params);
    return Number(row?.n ?? 0);
  };
  const inList = dialect.inList(1);
  const per = async (sql: string) => (await one(sql, list)) / n;
  return {
    events: await per(`SELECT count(*) AS n FROM decision_events WHERE decision_id ${inList}`),
    deliveries: await per(`SELECT count(*) AS n FROM deliveries WHERE decision_id ${inList}`),
    attempts: await per(`SELECT sum(attempts) AS n FROM deliveries WHERE decision_id ${inList}`),
    sent: await per(`SELECT count(*) AS n FROM deliveries WHERE status = 'sent' AND decision_id ${inList}`),
    messages: await per(`SELECT count(*) AS n FROM slack_messages WHERE decision_id ${inList}`),
    votes: await per(`SELECT count(*) AS n FROM votes WHERE decision_id ${inList}`),
    // Request keys are not tied to a decision: all of them over all decisions.
    requestKeys:
      (await one('SELECT count(*) AS n FROM processed_requests')) /
      Math.max(1, await one('SELECT count(*) AS n FROM decisions')),
  };
}

async function template(dialect: Dialect, decisionId: string, requestKey: string): Promise<RowTemplate> {
  const all = dialect.all;
  const [decision] = await all('SELECT * FROM decisions WHERE id = $1', decisionId);
  const [project] = decision ? await all('SELECT * FROM projects WHERE id = $1', decision.project_id) : [];
  if (!decision || !project) throw new Error(`decision ${decisionId} is not in the bot's database`);
  const openedAt = decision.opened_at;
  const events = await all('SELECT * FROM decision_events WHERE decision_id = $1 ORDER BY seq', decisionId);
  const deliveries = await all('SELECT * FROM deliveries WHERE decision_id = $1 ORDER BY id', decisionId);
  const messages = await all('SELECT * FROM slack_messages WHERE decision_id = $1', decisionId);
  const [key] = await all('SELECT * FROM processed_requests WHERE key = $1', requestKey);
  const openDeliveries = deliveries.filter((d) => d.created_at === openedAt);
  const kindOf = (role: string) =>
    role === 'thread_head' ? 'thread_head' : role === 'requester' ? 'requester_receipt' : 'decision_request';
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
    requestKey: key ?? { key: requestKey, at: openedAt },
  };
}

class SqliteBotDb implements BotDb {
  private readonly sqlite: BetterSqlite3.Database;
  private readonly dialect: Dialect;

  constructor(path: string) {
    this.sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    this.sqlite.pragma('busy_timeout = 1000');
    const statements = new Map<string, BetterSqlite3.Statement>();
    this.dialect = {
      // Every query uses each of its parameters once, in order: `$n` becomes `?`.
      all: async (sql, ...params) => {
        let statement = statements.get(sql);
        if (!statement) {
          statement = this.sqlite.prepare(sql.replace(/\$\d+/g, '?'));
          statements.set(sql, statement);
        }
        return statement.all(...params) as Row[];
      },
      inList: (n) => `IN (SELECT value FROM json_each($${n}))`,
    };
  }

  states(ids: readonly string[]) {
    return states(this.dialect, ids);
  }
  rowsPer(ids: readonly string[]) {
    return rowsPer(this.dialect, ids);
  }
  template(decisionId: string, requestKey: string) {
    return template(this.dialect, decisionId, requestKey);
  }
  async botBackends(): Promise<number[]> {
    return [];
  }
  async transactions() {
    return undefined;
  }
  async close(): Promise<void> {
    this.sqlite.close();
  }
}

/** bigint (epoch ms, ids) and count(*) read as numbers, as SQLite gives them: rows compare alike. */
export function numericTypes(): TypeOverrides {
  const types = new TypeOverrides();
  types.setTypeParser(20, Number);
  return types;
}

class PostgresBotDb implements BotDb {
  private readonly client: Client;
  private readonly dialect: Dialect;
  /** Transactions this reader committed (each query is one), to leave out of the bot's. */
  private queries = 0;
  private closed: Promise<void> | undefined;

  constructor(
    private readonly url: string,
    private readonly name: string,
  ) {
    this.client = new Client({
      connectionString: url,
      application_name: 'decide-bench-lifecycle-reader',
      types: numericTypes(),
    });
    this.client.on('error', () => {}); // a failure surfaces through the next query
    this.dialect = {
      all: async (sql, ...params) => {
        this.queries += 1;
        return (await this.client.query(sql, params)).rows as Row[];
      },
      inList: (n) => `IN (SELECT json_array_elements_text($${n}::json))`,
    };
  }

  async connect(): Promise<void> {
    await this.client.connect();
  }

  states(ids: readonly string[]) {
    return states(this.dialect, ids);
  }
  rowsPer(ids: readonly string[]) {
    return rowsPer(this.dialect, ids);
  }
  template(decisionId: string, requestKey: string) {
    return template(this.dialect, decisionId, requestKey);
  }

  async botBackends(): Promise<number[]> {
    const rows = await this.dialect.all(
      'SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      this.name,
    );
    return rows.map((r) => Number(r.pid));
  }

  /**
   * A backend reports its transactions to the statistics from time to time, and at the latest when it ends: so
   * this is read on a fresh connection once every other one to the database has ended (this reader's too, whose
   * queries are then all counted and are left out).
   */
  async transactions() {
    const client = new Client({ connectionString: this.url, types: numericTypes() });
    client.on('error', () => {});
    await client.connect();
    try {
      const others =
        'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()';
      for (let i = 0; i < 100 && Number((await client.query(others, [this.name])).rows[0]?.n) > 0; i++)
        await sleep(100);
      await sleep(200);
      const stats = await client.query('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = $1', [
        this.name,
      ]);
      const decisions = await client.query('SELECT count(*) AS n FROM decisions');
      return {
        commits: Number(stats.rows[0]?.n ?? 0) - this.queries,
        decisions: Number(decisions.rows[0]?.n ?? 0),
      };
    } finally {
      await client.end().catch(() => {});
    }
  }

  close(): Promise<void> {
    this.closed ??= this.client.end().catch(() => {});
    return this.closed;
  }
}
