import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * SQLite is the source of truth. Instants are integer epoch milliseconds; structured values the domain treats
 * as one (options, ladder snapshot, outcome, event data) are JSON text.
 */

/** Projects as last loaded from the config file (the roster itself stays in the config). */
export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel').notNull(),
  configJson: text('config_json').notNull(),
  updatedAt: integer('updated_at').notNull(),
});

export const decisions = sqliteTable(
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
    budgetImpact: real('budget_impact'),
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
    openedAt: integer('opened_at').notNull(),
    levelEnteredAt: integer('level_entered_at').notNull(),
    levelUsedMs: integer('level_used_ms').notNull(),
    clockStartedAt: integer('clock_started_at'),
    pausedAt: integer('paused_at'),
    dueAt: integer('due_at'),
    remindersSent: integer('reminders_sent').notNull(),
    overdue: integer('overdue', { mode: 'boolean' }).notNull(),
    outcomeJson: text('outcome_json'),
    closedAt: integer('closed_at'),
    version: integer('version').notNull(),
    /** `decision`, or `signoff`: key users validating a deliverable (its details in `signoff_json`). */
    kind: text('kind', { enum: ['decision', 'signoff'] })
      .notNull()
      .default('decision'),
    signoffJson: text('signoff_json'),
    /** Its needed-by date came while it was still open (the messages say it is late). */
    late: integer('late', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    index('decisions_project_status').on(t.projectId, t.status),
    index('decisions_status_due').on(t.status, t.dueAt),
    // The digest and /decide stats read a project's decisions closed since a date.
    index('decisions_project_closed').on(t.projectId, t.closedAt),
    // A person's App Home: their open requests, oldest first.
    index('decisions_requester_status').on(t.requester, t.status, t.openedAt),
  ],
);

/** Append-only audit log: a migration adds triggers that reject UPDATE and DELETE. */
export const decisionEvents = sqliteTable(
  'decision_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    /** 1, 2, 3… within a decision; unique so two writers cannot both append event n. */
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    at: integer('at').notNull(),
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
export const waitingOnRows = sqliteTable(
  'waiting_on',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    userId: text('user_id').notNull(),
    /** The decision's opening, copied so the list comes in order from the index alone. */
    openedAt: integer('opened_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.decisionId, t.userId] }),
    index('waiting_on_user').on(t.userId, t.openedAt, t.decisionId),
  ],
);

export const votes = sqliteTable(
  'votes',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    member: text('member').notNull(),
    optionId: text('option_id').notNull(),
    at: integer('at').notNull(),
    /** What the member wrote with the vote (a key user's reason for rejecting a deliverable). */
    note: text('note'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.member] })],
);

/**
 * Outbox of Slack messages to send, written in the same transaction as the state change that needs them and
 * delivered by a job with retries. `dedupeKey` makes recording the same message twice harmless.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
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
    createdAt: integer('created_at').notNull(),
    sentAt: integer('sent_at'),
    /** The worker run sending the row now, and until when that claim holds unless renewed (see `claim`). */
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
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

/** Where the bot posted about a decision, so it can update those messages (no stale buttons). */
export const slackMessages = sqliteTable(
  'slack_messages',
  {
    decisionId: text('decision_id')
      .notNull()
      .references(() => decisions.id),
    /** What the message is: `decider_request`, `channel_thread_head`, `requester_receipt`… */
    role: text('role').notNull(),
    /** The user it was addressed to, or the channel for channel messages. */
    recipient: text('recipient').notNull(),
    channel: text('channel').notNull(),
    ts: text('ts').notNull(),
    postedAt: integer('posted_at').notNull(),
    /** The outbox row that posted it: a retry of that row finds its message recorded (none before 0009/0005). */
    deliveryId: integer('delivery_id'),
  },
  (t) => [primaryKey({ columns: [t.decisionId, t.role, t.recipient] })],
);

/** A SPoC marked away: the deputy takes new and pending requests until `until` (or until marked back). */
export const awayPeriods = sqliteTable(
  'away_periods',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    projectId: text('project_id')
      .notNull()
      .references(() => projects.id),
    userId: text('user_id').notNull(),
    from: integer('from').notNull(),
    until: integer('until'),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('away_periods_project_user').on(t.projectId, t.userId)],
);

/** Keys of requests already handled (Slack retries, double clicks), with when they were first seen. */
export const processedRequests = sqliteTable('processed_requests', {
  key: text('key').primaryKey(),
  at: integer('at').notNull().default(sql`(unixepoch() * 1000)`),
});

/**
 * What the bot knows of a person beyond the config: the email the config named them by (resolved with
 * users.lookupByEmail, re-checked daily), whether Slack reports them deactivated, and the language they chose
 * with `/decide language` (null: the project's).
 */
export const people = sqliteTable(
  'people',
  {
    userId: text('user_id').primaryKey(),
    email: text('email'),
    /** When Slack last confirmed the email's owner (epoch ms); null for someone never looked up. */
    resolvedAt: integer('resolved_at'),
    deactivated: integer('deactivated', { mode: 'boolean' }).notNull().default(false),
    locale: text('locale'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [uniqueIndex('people_email').on(t.email)],
);

/**
 * The retention job's pass, for the length of its transaction only: while the job's own row is here, the
 * append-only trigger lets it delete the events of closed decisions (migrations/sqlite/0006). The job inserts
 * and removes its row in the one transaction that deletes, so no other connection ever sees a row and nothing
 * else may delete events; the table is empty at every commit.
 */
export const retentionPurge = sqliteTable('retention_purge', {
  token: text('token').primaryKey(),
  startedAt: integer('started_at').notNull(),
});
