import BetterSqlite3 from 'better-sqlite3';
import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Decision } from '../../../src/domain/decision.js';
import type { DecisionEvent } from '../../../src/domain/events.js';
import type { SlaPolicy } from '../../../src/domain/project.js';
import { QUEUE, type TimerJob } from '../../../src/jobs/names.js';
import type { StoredMessage } from '../../../src/sandbox/index.js';
import type { Harness } from '../harness.js';

/** What the end-to-end tests read behind the bot's back: SQLite (the truth) and the BullMQ timers in Redis. */

/** The same SLA, in seconds, at each level for every impact. */
export function secondsLadder(spoc: number, sponsor: number, committee: number): SlaPolicy {
  const s = (amount: number) => ({ amount, unit: 's' as const });
  const ladder = { spoc: s(spoc), sponsor: s(sponsor), committee: s(committee) };
  return { low: ladder, normal: ladder, high: ladder, critical: ladder };
}

/** Opens the bot's database file read-only, runs `read`, closes it. */
export function readDb<T>(h: Pick<Harness, 'config'>, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(h.config.databasePath, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

export interface DeliveryRow {
  readonly id: number;
  readonly kind: string;
  readonly recipient: string;
  readonly status: 'pending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly last_error: string | null;
  readonly payload_json: string;
}

/** Outbox rows not sent yet, of any decision or none (App Home republishing, digests). */
export function pendingDeliveries(h: Pick<Harness, 'config'>): number {
  return readDb(h, (db) =>
    Number(db.prepare("SELECT count(*) FROM deliveries WHERE status = 'pending'").pluck().get()),
  );
}

export function deliveriesOf(h: Pick<Harness, 'config'>, decisionId: string): DeliveryRow[] {
  return readDb(
    h,
    (db) =>
      db
        .prepare(
          'SELECT id, kind, recipient, status, attempts, last_error, payload_json FROM deliveries WHERE decision_id = ? ORDER BY id',
        )
        .all(decisionId) as DeliveryRow[],
  );
}

export function decisionIds(h: Pick<Harness, 'config'>): string[] {
  return readDb(h, (db) =>
    (db.prepare('SELECT id FROM decisions ORDER BY opened_at, rowid').all() as { id: string }[]).map(
      (r) => r.id,
    ),
  );
}

export function eventTypes(h: Pick<Harness, 'config'>, decisionId: string): string[] {
  return readDb(h, (db) =>
    (
      db.prepare('SELECT type FROM decision_events WHERE decision_id = ? ORDER BY seq').all(decisionId) as {
        type: string;
      }[]
    ).map((r) => r.type),
  );
}

/** The decision as stored, through the bot's own repository. */
export async function decisionOf(h: Harness, id: string): Promise<Decision> {
  const d = await h.bot.deps.decisions.get(id);
  if (!d) throw new Error(`no decision ${id}`);
  return d;
}

export async function eventsOf(h: Harness, id: string): Promise<DecisionEvent[]> {
  return await h.bot.deps.decisions.events(id);
}

/** The timer jobs (delayed or waiting) of the bot's queue prefix, by job id. */
export async function timerJobs(h: Pick<Harness, 'config'>): Promise<Map<string, Job<TimerJob>>> {
  const connection = new Redis(h.config.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue<TimerJob>(QUEUE.timers, { connection, prefix: h.config.queuePrefix });
  try {
    const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized']);
    return new Map(jobs.filter((j) => j?.id !== undefined).map((j) => [j.id as string, j]));
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

/** A message's visible words (text and blocks), to match on. */
export function wordsOf(message: StoredMessage | undefined): string {
  return message === undefined ? '' : JSON.stringify({ text: message.text, blocks: message.blocks });
}

/** The replies in the project channel's threads (not the thread heads). */
export function threadReplies(h: Harness): StoredMessage[] {
  return h.fake.messagesIn(h.channel).filter((m) => m.thread_ts !== undefined && m.thread_ts !== m.ts);
}

/** The thread heads in the project channel (one per decision). */
export function threadHeads(h: Harness): StoredMessage[] {
  return h.fake.messagesIn(h.channel).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls an async probe until it returns something truthy (the stand-in's `waitFor` takes sync probes only). */
export async function eventually<T>(
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 5000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`eventually: condition not met within ${timeoutMs} ms`);
    await sleep(20);
  }
}
