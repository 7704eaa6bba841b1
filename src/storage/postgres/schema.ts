import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * The PostgreSQL twin of ../schema.ts: same tables, columns, indexes and constraints under the same names, and
 * the same JS row shapes, so the repositories' row mappers serve both dialects (test/storage/schema-agreement
 * checks the two agree). Types:
 * - instants (epoch ms) and durations in ms are `bigint` read as numbers: they pass 2^31 (2038 / 24.8 days);
 * - small counters (seq, version, reminders, attempts) are `integer`;
 * - SQLite's 0/1 integers are `boolean`, which is what drizzle's sqlite boolean mode already hands out;
 * - autoincrement ids are identity columns (bigint, read as numbers), `by default` so rows copied from SQLite
 *   keep their ids;
 * - JSON stays `text`, not `jsonb`: the mappers parse and stringify it already, and jsonb would hand back parsed
 *   objects (another row shape) and rewrite the text (key order, spacing) that exports show as stored.
 * Enumerated text columns are typed in TS only, as in SQLite.
 */

/** Epoch milliseconds, or a duration in milliseconds. */
const millis = (name: string) => bigint(name, { mode: 'number' });
const identity = () => bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity();

export const projects = pgTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel').notNull(),
  configJson: text('config_json').notNull(),
  updatedAt: millis('updated_at').notNull(),
});

export const decisions = pgTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    requester: text('requester').notNull(),
    question: text('question').notNull(),
    context: text('context').notNull(),
    optionsJson: text('options_json').notNull(),
    impact: text('impact', { enum: ['low', 'normal', 'high', 'critical'] }).notNull(),
    domain: text('domain'),
    budgetImpact: doublePrecision('budget_impact'),
    neededBy: text('needed_by'),
    blocks: text('blocks'),
    defaultOptionId: text('default_option_id'),
    sourceChannel: text('source_channel'),
    sourceTs: text('source_ts'),
    status: text('status', {
      enum: ['open', 'needs_info', 'decided', 'withdrawn', 'expired', 'returned'],
    }).notNull(),
    level: text('level', { enum: ['key_users', 'spoc', 'sponsor', 'committee'] }).notNull(),
    decidersJson: text('deciders_json').notNull(),
    ladderJson: text('ladder_json').notNull(),
    openedAt: millis('opened_at').notNull(),
    levelEnteredAt: millis('level_entered_at').notNull(),
    levelUsedMs: millis('level_used_ms').notNull(),
    clockStartedAt: millis('clock_started_at'),
    pausedAt: millis('paused_at'),
    dueAt: millis('due_at'),
    remindersSent: integer('reminders_sent').notNull(),
    overdue: boolean('overdue').notNull(),
    outcomeJson: text('outcome_json'),
    closedAt: millis('closed_at'),
    version: integer('version').notNull(),
    kind: text('kind', { enum: ['decision', 'signoff'] })
      .notNull()
      .default('decision'),
    signoffJson: text('signoff_json'),
    late: boolean('late').notNull().default(false),
  },
  (t) => [
    index('decisions_project_status').on(t.projectId, t.status),
    index('decisions_status_due').on(t.status, t.dueAt),
    index('decisions_project_closed').on(t.projectId, t.closedAt),
    // A person's App Home: their open requests, oldest first.
    index('decisions_requester_status').on(t.requester, t.status, t.openedAt),
  ],
);

/** Append-only audit log: a migration adds triggers that reject UPDATE, DELETE and TRUNCATE. */
export const decisionEvents = pgTable(
  'decision_events',
  {
    id: identity(),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: millis('at').notNull(),
    actor: text('actor'),
    level: text('level').notNull(),
    dataJson: text('data_json').notNull(),
  },
  (t) => [
    uniqueIndex('decision_events_decision_seq').on(t.decisionId, t.seq),
    index('decision_events_at').on(t.at),
  ],
);

/**
 * Who each open decision waits on (domain `waitingOn`), rewritten with every change of the decision: a person's
 * App Home lists what waits on them, oldest first, with one read of `waiting_on_user` rather than a scan of
 * every open decision. Derived: a migration fills it from the decisions, and closed decisions have no rows.
 */
export const waitingOnRows = pgTable(
  'waiting_on',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    userId: text('user_id').notNull(),
    /** The decision's opening, copied so the list comes in order from the index alone. */
    openedAt: millis('opened_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.userId] }),
    index('waiting_on_user').on(t.userId, t.openedAt, t.decisionId),
  ],
);

export const votes = pgTable(
  'votes',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    member: text('member').notNull(),
    optionId: text('option_id').notNull(),
    at: millis('at').notNull(),
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.member] })],
);

export const deliveries = pgTable(
  'deliveries',
  {
    id: identity(),
    dedupeKey: text('dedupe_key').notNull(),
    decisionId: text('decision_id').references(() => decisions.id),
    kind: text('kind').notNull(),
    recipient: text('recipient').notNull(),
    payloadJson: text('payload_json').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: millis('created_at').notNull(),
    sentAt: millis('sent_at'),
    /** The worker run sending the row now, and until when that claim holds unless renewed (see `claim`). */
    claimedBy: text('claimed_by'),
    claimedUntil: millis('claimed_until'),
  },
  (t) => [
    uniqueIndex('deliveries_dedupe_key').on(t.dedupeKey),
    index('deliveries_status').on(t.status),
    // The order checks of a delivery (the conversation's pending rows before or after it) read only these.
    index('deliveries_pending_recipient').on(t.recipient, t.id).where(sql`status = 'pending'`),
    index('deliveries_pending_thread')
      .on(t.decisionId, t.id)
      .where(sql`status = 'pending' AND kind = 'thread_reply'`),
  ],
);

export const slackMessages = pgTable(
  'slack_messages',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    role: text('role').notNull(),
    recipient: text('recipient').notNull(),
    channel: text('channel').notNull(),
    ts: text('ts').notNull(),
    postedAt: millis('posted_at').notNull(),
    /** The outbox row that posted it: a retry of that row finds its message recorded (none before 0009/0005). */
    deliveryId: bigint('delivery_id', { mode: 'number' }),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.role, t.recipient] })],
);

export const awayPeriods = pgTable(
  'away_periods',
  {
    id: identity(),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    userId: text('user_id').notNull(),
    from: millis('from').notNull(),
    until: millis('until'),
    createdAt: millis('created_at').notNull(),
  },
  (t) => [index('away_periods_project_user').on(t.projectId, t.userId)],
);

export const processedRequests = pgTable('processed_requests', {
  key: text('key').primaryKey(),
  // statement_timestamp(), not now(): the insert's own time, as SQLite's unixepoch(), not its transaction's start.
  at: millis('at').notNull().default(sql`(extract(epoch from statement_timestamp()) * 1000)::bigint`),
});

export const people = pgTable(
  'people',
  {
    userId: text('user_id').primaryKey(),
    email: text('email'),
    resolvedAt: millis('resolved_at'),
    deactivated: boolean('deactivated').notNull().default(false),
    locale: text('locale'),
    updatedAt: millis('updated_at').notNull(),
  },
  (t) => [uniqueIndex('people_email').on(t.email)],
);

/**
 * The retention job's pass, for the length of its transaction only (migrations/postgres/0002): the same
 * mechanism as SQLite's, so the schemas stay one. Rows inserted in a transaction are seen by no other one until
 * it commits, and the job removes its row before committing: the table is empty at every commit.
 */
export const retentionPurge = pgTable('retention_purge', {
  token: text('token').primaryKey(),
  startedAt: millis('started_at').notNull(),
});
