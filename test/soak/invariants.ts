import type { Decision } from '../../src/domain/decision.js';
import { isClosed } from '../../src/domain/decision.js';
import type { DecisionEvent } from '../../src/domain/events.js';
import type { BusinessClock } from '../../src/domain/ladder.js';
import { replay } from '../../src/domain/replay.js';
import { nextTimerAt } from '../../src/jobs/timer-scheduler.js';
import type { RecordedCall } from '../../src/sandbox/index.js';
import { decodeButtonValue } from '../../src/slack/ids.js';
import { timerJobs } from '../e2e/support/inspect.js';
import type { SoakWorld } from './world.js';

/** One invariant's verdict: how many things it checked, and each violation naming its decision. */
export interface InvariantResult {
  readonly name: string;
  readonly checked: number;
  readonly violations: string[];
}

export interface Snapshot {
  readonly decisions: readonly Decision[];
  readonly events: ReadonlyMap<string, readonly DecisionEvent[]>;
}

export async function snapshot(soak: SoakWorld): Promise<Snapshot> {
  const ids = await soak.db.rows<{ id: string }>('SELECT id FROM decisions ORDER BY opened_at, id');
  const decisions: Decision[] = [];
  const events = new Map<string, readonly DecisionEvent[]>();
  for (const { id } of ids) {
    const d = await soak.db.storage.decisions.get(id);
    if (d === undefined) continue;
    decisions.push(d);
    events.set(id, await soak.db.storage.decisions.events(id));
  }
  return { decisions, events };
}

const label = (d: Decision) => `${d.id} (“${d.question.slice(0, 40)}”)`;

/** Exactly one outcome, or none while legitimately open; the stored state equals the replay of its log. */
export function outcomesAndReplay(s: Snapshot, clock: BusinessClock): InvariantResult {
  const violations: string[] = [];
  for (const d of s.decisions) {
    const log = s.events.get(d.id) ?? [];
    const r = replay(log, { ladder: d.ladder, clock });
    const closed = isClosed(d.status);
    if (r.outcomes !== (closed ? 1 : 0))
      violations.push(`${label(d)}: ${r.outcomes} outcome events, status ${d.status}`);
    if (r.afterClose > 0) violations.push(`${label(d)}: ${r.afterClose} events after its outcome`);
    if (d.status === 'decided' || d.status === 'expired') {
      if (d.outcome === null) violations.push(`${label(d)}: ${d.status} without an outcome`);
    } else if (d.outcome !== null) violations.push(`${label(d)}: ${d.status} with an outcome`);
    const stored = {
      status: d.status,
      level: d.level,
      deciders: [...d.deciders],
      outcome: d.outcome && { optionId: d.outcome.optionId, how: d.outcome.how },
      closedAt: d.closedAt,
      overdue: d.overdue,
      late: d.late,
      remindersSent: d.remindersSent,
      votes: Object.fromEntries(d.votes.map((v) => [v.member, v.optionId])),
    };
    const replayed = {
      status: r.status,
      level: r.level,
      deciders: [...r.deciders],
      outcome: r.outcome,
      closedAt: r.closedAt,
      overdue: r.overdue,
      late: r.late,
      remindersSent: r.remindersSent,
      votes: r.votes,
    };
    for (const key of Object.keys(stored) as (keyof typeof stored)[]) {
      if (JSON.stringify(sorted(stored[key])) !== JSON.stringify(sorted(replayed[key])))
        violations.push(
          `${label(d)}: ${key} stored ${JSON.stringify(stored[key])}, replayed ${JSON.stringify(replayed[key])}`,
        );
    }
  }
  return {
    name: 'one outcome at most; stored state = replay of the log',
    checked: s.decisions.length,
    violations,
  };
}

function sorted(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}

interface DeliveryRow {
  readonly id: number;
  readonly decision_id: string | null;
  readonly kind: string;
  readonly recipient: string;
  readonly status: string;
  readonly last_error: string | null;
}

/** Kinds whose delivery posts one new message (the others update messages or App Home, idempotently). */
const POSTING = new Set([
  'decision_request',
  'thread_head',
  'requester_receipt',
  'thread_reply',
  'direct_message',
  'notice',
]);

/** The marker of the message a posting call carried (`dlv-<id>`), if the call left a message in Slack. */
function storedMarker(call: RecordedCall): string | undefined {
  const args = call.args as { blocks?: { block_id?: string }[] };
  const marker = args.blocks?.[0]?.block_id;
  if (marker === undefined || !marker.startsWith('dlv-')) return undefined;
  const response = call.response as { ok?: boolean } | string;
  const ok = call.status === 200 && typeof response === 'object' && response.ok === true;
  return ok || call.fault === 'server_error_after_processing' ? marker : undefined;
}

/**
 * Every message a person should have received arrived exactly once: every outbox row was sent, each posting
 * row's message is in Slack once (by its marker; a retry after "stored, then 500" must not post it again), and
 * each person holding a level got that level's request.
 */
export async function messagesOnce(
  soak: SoakWorld,
  s: Snapshot,
): Promise<InvariantResult & { messages: number }> {
  const violations: string[] = [];
  const rows = await soak.db.rows<DeliveryRow>(
    'SELECT id, decision_id, kind, recipient, status, last_error FROM deliveries ORDER BY id',
  );
  const posts = soak.world.fake
    .calls()
    .filter((c) => c.method === 'chat.postMessage' || c.method === 'files.completeUploadExternal');
  const stored = new Map<string, number>();
  for (const call of posts) {
    const marker = storedMarker(call);
    if (marker !== undefined) stored.set(marker, (stored.get(marker) ?? 0) + 1);
  }
  let messages = 0;
  for (const row of rows) {
    const about = row.decision_id ?? 'no decision';
    if (row.status !== 'sent')
      violations.push(
        `${about}: delivery ${row.id} (${row.kind} to ${row.recipient}) ${row.status}: ${row.last_error ?? ''}`,
      );
    if (!POSTING.has(row.kind)) continue;
    const n = stored.get(`dlv-${row.id}`) ?? 0;
    messages += n;
    if (row.status === 'sent' && n !== 1)
      violations.push(
        `${about}: ${row.kind} to ${row.recipient} (delivery ${row.id}) is in Slack ${n} times`,
      );
  }
  // Each person who held a level of a decision was asked (a request recorded for them).
  const asked = new Set(
    rows.filter((r) => r.kind === 'decision_request').map((r) => `${r.decision_id}|${r.recipient}`),
  );
  let expected = 0;
  for (const d of s.decisions) {
    for (const e of s.events.get(d.id) ?? []) {
      const who =
        e.type === 'opened' ||
        e.type === 'escalated' ||
        e.type === 'handed_over' ||
        e.type === 'round_started'
          ? e.data.deciders
          : e.type === 'delegated'
            ? [e.data.to]
            : [];
      for (const person of who) {
        expected += 1;
        if (!asked.has(`${d.id}|${person}`))
          violations.push(`${label(d)}: ${person} held it (${e.type}) and was never asked`);
      }
    }
  }
  return {
    name: 'every message arrived exactly once (no duplicate DM or announcement)',
    checked: rows.length + expected,
    violations,
    messages,
  };
}

/** No message anywhere still shows buttons for a closed decision. */
/** What the bot did about a message left with buttons: the decision's refreshes and the message's updates. */
async function staleClues(soak: SoakWorld, d: Decision, channel: string, ts: string): Promise<string> {
  const refreshes = await soak.db.rows<{ id: number; status: string; attempts: number; created_at: number }>(
    "SELECT id, status, attempts, created_at FROM deliveries WHERE decision_id = ? AND kind = 'refresh' ORDER BY id",
    [d.id],
  );
  const updates = soak.world.fake
    .calls('chat.update')
    .filter((c) => c.args.channel === channel && c.args.ts === ts)
    .map((c) => {
      const buttons = JSON.stringify(c.args.blocks ?? []).includes('"button"') ? 'buttons' : 'none';
      return `${c.at - d.openedAt}ms ${c.status} ${buttons}`;
    });
  const closedAfter = (d.closedAt ?? 0) - d.openedAt;
  const recorded = await soak.db.rows<{ role: string; posted_at: number }>(
    'SELECT role, posted_at FROM slack_messages WHERE decision_id = ? AND channel = ? AND ts = ?',
    [d.id, channel, ts],
  );
  const posts = soak.world.fake
    .calls('chat.postMessage')
    .filter((c) => (c.response as { ts?: string } | undefined)?.ts === ts)
    .map((c) => `${c.at - d.openedAt}ms ${c.status}`);
  return (
    `closed at ${closedAfter}ms; refreshes ${refreshes.map((r) => `${r.id} ${r.status}/${r.attempts} at ${r.created_at - d.openedAt}ms`).join(', ') || 'none'}; ` +
    `updates ${updates.join(', ') || 'none'}; posted ${posts.join(', ') || '?'}; ` +
    `recorded ${recorded.map((r) => `${r.role} at ${r.posted_at - d.openedAt}ms`).join(', ') || 'no'}`
  );
}

export async function noButtonsOnClosed(soak: SoakWorld, s: Snapshot): Promise<InvariantResult> {
  const fake = soak.world.fake;
  const refs = await soak.db.rows<{ decision_id: string; role: string; channel: string; ts: string }>(
    'SELECT decision_id, role, channel, ts FROM slack_messages',
  );
  const recorded = new Map(refs.map((r) => [`${r.channel}|${r.ts}`, r.role]));
  const byId = new Map(s.decisions.map((d) => [d.id, d]));
  const violations: string[] = [];
  let checked = 0;
  for (const conversation of fake.workspace.listConversations()) {
    for (const message of fake.workspace.messagesIn(conversation.id)) {
      if (message.bot_id !== fake.workspace.bot.botId) continue;
      checked += 1;
      const stale = new Set<string>();
      for (const button of fake.findButtons(message)) {
        if (button.value === undefined) continue;
        const d = byId.get(decodeButtonValue(button.value).decisionId);
        if (d !== undefined && isClosed(d.status)) stale.add(d.id);
      }
      for (const id of stale) {
        const d = byId.get(id) as Decision;
        const role = recorded.get(`${message.channel}|${message.ts}`);
        const marker = (message.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id;
        violations.push(
          `${label(d)} is ${d.status} but message ${message.ts} in ${conversation.id} (marker ${marker}, ` +
            `${role === undefined ? 'not recorded' : `recorded as ${role}`}) still shows its buttons; ` +
            (await staleClues(soak, d, message.channel, message.ts)),
        );
      }
    }
  }
  return { name: 'no message shows buttons for a closed decision', checked, violations };
}

/** Every open decision has its next timer in Redis (at the right instant), and no closed one has any. */
export async function timersMatch(
  soak: SoakWorld,
  s: Snapshot,
  clock: BusinessClock,
): Promise<InvariantResult> {
  const jobs = await timerJobs(soak);
  const violations: string[] = [];
  for (const d of s.decisions) {
    const job = jobs.get(`timer-${d.id}`);
    const next = nextTimerAt(d, clock);
    if (isClosed(d.status)) {
      if (job !== undefined) violations.push(`${label(d)} is ${d.status} but has a timer in Redis`);
    } else if (next === null) {
      if (job !== undefined) violations.push(`${label(d)} needs no timer but has one in Redis`);
    } else if (job === undefined)
      violations.push(
        `${label(d)} (${d.status}) has no timer in Redis; next due ${new Date(next).toISOString()}`,
      );
    else if (job.data.at !== next)
      violations.push(`${label(d)}: timer in Redis at ${job.data.at}, next due ${next}`);
  }
  return {
    name: 'every open decision has its next timer in Redis; no closed one has any',
    checked: s.decisions.length,
    violations,
  };
}

/**
 * Every time a level ran out, the timer fired no earlier than due and within the lateness bound; no open
 * decision is past due by more than the bound.
 */
export function escalationsOnTime(
  s: Snapshot,
  clock: BusinessClock,
  boundMs: number,
  now: number,
): InvariantResult & { measuredMs: number; fired: number } {
  const violations: string[] = [];
  let measuredMs = 0;
  let fired = 0;
  for (const d of s.decisions) {
    const r = replay(s.events.get(d.id) ?? [], { ladder: d.ladder, clock });
    for (const t of r.timeouts) {
      fired += 1;
      const late = t.at - t.dueAt;
      measuredMs = Math.max(measuredMs, late);
      if (late < 0) violations.push(`${label(d)}: left ${t.from} ${-late} ms before it was due`);
      else if (late > boundMs)
        violations.push(`${label(d)}: left ${t.from} ${late} ms after it was due (bound ${boundMs} ms)`);
    }
    if (d.status === 'open' && !d.overdue && d.dueAt !== null && now - d.dueAt > boundMs)
      violations.push(`${label(d)}: still at ${d.level}, due ${now - d.dueAt} ms ago (bound ${boundMs} ms)`);
  }
  return {
    name: 'every escalation fired within its SLA plus the lateness bound',
    checked: fired + s.decisions.length,
    violations,
    measuredMs,
    fired,
  };
}

/** The stand-in's protocol checks: nothing the bot sent was invalid (slow acks under the chaos excepted). */
export function standInViolations(soak: SoakWorld): InvariantResult {
  const all = soak.world.fake.violations;
  // A views.open Slack stored and answered 500 for, retried by the client: the retry's trigger is spent, as
  // Slack would say too; the user has the modal. The chaos caused it, not the bot.
  const storedThen500 = new Set(
    soak.world.fake
      .calls('views.open')
      .filter((c) => c.fault === 'server_error_after_processing')
      .map((c) => String((c.args as { trigger_id?: unknown }).trigger_id)),
  );
  const real = all.filter(
    (v) =>
      v.error !== 'slow_ack' &&
      v.error !== 'ack_failed' &&
      !(
        v.error === 'exchanged_trigger_id' &&
        storedThen500.has(String((v.args as { trigger_id?: unknown } | undefined)?.trigger_id))
      ),
  );
  return {
    name: 'the stand-in saw no invalid call or message from the bot',
    checked: soak.world.fake.calls().length,
    violations: real.map(
      (v) => `${v.source} ${v.method}: ${v.error} ${JSON.stringify(v.details).slice(0, 200)}`,
    ),
  };
}
