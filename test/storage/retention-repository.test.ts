import { beforeEach, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import { decide, openDecision, vote, withdraw } from '../../src/domain/transitions/index.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';
import { contract, type Stores } from './helpers/dialects.js';

const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.UTC(2025, 0, 6, 9, 0);
const ctx = (now: number) => ({ now, clock: alwaysCalendar });
const project = sampleProject();
const other = sampleProject({ id: 'other-project', channel: 'C0OTHER001' });

/** Opens a decision with a delivery and a remembered Slack message; closes it at `closeAt` unless null. */
async function decision(
  s: Stores,
  id: string,
  closeAt: number | null,
  how: 'decide' | 'withdraw' | 'votes' = 'decide',
  on = project,
): Promise<Decision> {
  const t = openDecision(sampleRequest({ projectId: on.id }), id, on, false, ctx(T0));
  if (!t.ok) throw new Error(t.refusal.code);
  const request = { dedupeKey: `request-${id}`, kind: 'decision_request', recipient: 'U0SPOC0001' } as const;
  await s.decisions.create(t.decision, t.events, [{ ...request, decisionId: id, payload: {} }], T0);
  await s.outbox.rememberMessage(
    id,
    { role: 'decider_request', recipient: 'U0SPOC0001', channel: 'D1', ts: `${id}.1` },
    T0,
  );
  let d = t.decision;
  if (how === 'votes') {
    d = { ...d, level: 'committee', deciders: on.steeringCommittee.members };
    const v = vote(d, { actor: 'U0CFO00001', optionId: 'approve' }, ctx(T0 + 1000));
    if (!v.ok) throw new Error(v.refusal.code);
    await s.decisions.save(d.version, v, [], T0 + 1000);
    d = v.decision;
  }
  if (closeAt === null) return d;
  const closing =
    how === 'withdraw'
      ? withdraw(d, { actor: d.requester }, ctx(closeAt))
      : how === 'votes'
        ? vote(d, { actor: 'U0PMDIR001', optionId: 'approve' }, ctx(closeAt))
        : decide(d, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(closeAt));
  if (!closing.ok) throw new Error(closing.refusal.code);
  const outcome = { dedupeKey: `outcome-${id}`, kind: 'thread_reply', recipient: on.channel } as const;
  await s.decisions.save(d.version, closing, [{ ...outcome, decisionId: id, payload: {} }], closeAt);
  return closing.decision;
}

const count = async (s: Stores, table: string, where = '1 = 1') =>
  Number(
    (await s.query<{ n: number }>(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${table} WHERE ${where}`))[0]
      ?.n,
  );

/** Runs `sql` (several statements) in one transaction that is rolled back whatever happens. */
async function inRolledBack(s: Stores, sql: string): Promise<void> {
  if (s.dialect === 'postgres') {
    // One simple query is one implicit transaction: an error rolls all of it back.
    await s.execute(sql);
    return;
  }
  await s.execute('BEGIN');
  try {
    await s.execute(sql);
  } finally {
    await s.execute('ROLLBACK');
  }
}

contract('RetentionStore', (stores) => {
  const now = T0 + 400 * DAY;
  const cutoff = now - 365 * DAY;

  beforeEach(async () => {
    const s = stores();
    await s.projects.sync([project, other], T0);
    await decision(s, 'old-decided', T0 + DAY);
    await decision(s, 'old-withdrawn', T0 + 2 * DAY, 'withdraw');
    await decision(s, 'old-voted', T0 + 3 * DAY, 'votes');
    await decision(s, 'old-open', null);
    await decision(s, 'recent', cutoff + DAY);
    await decision(s, 'elsewhere', T0 + DAY, 'decide', other);
    // A delivery of no decision (an App Home) is no decision's to take along.
    await s.outbox.enqueue(
      [{ dedupeKey: 'home-U0SPOC0001', kind: 'home', recipient: 'U0SPOC0001', payload: {} }],
      T0,
    );
  });

  it("lists a project's decisions closed before the cutoff, oldest first; never an open one", async () => {
    expect(await stores().retention.closedBefore(project.id, cutoff)).toEqual([
      'old-decided',
      'old-withdrawn',
      'old-voted',
    ]);
    expect(await stores().retention.closedBefore(other.id, cutoff)).toEqual(['elsewhere']);
    expect(await stores().retention.closedBefore(project.id, T0)).toEqual([]);
  });

  it('deletes them with their events, votes, Slack messages and deliveries, and nothing else', async () => {
    const s = stores();
    const before = {
      events: await count(s, 'decision_events'),
      deliveries: await count(s, 'deliveries'),
      votes: await count(s, 'votes'),
      messages: await count(s, 'slack_messages'),
    };
    const ids = await s.retention.closedBefore(project.id, cutoff);
    const doomed = `decision_id IN (${ids.map((id) => `'${id}'`).join(', ')})`;
    const expected = {
      decisions: 3,
      events: await count(s, 'decision_events', doomed),
      deliveries: 6,
      votes: await count(s, 'votes', doomed),
      messages: 3,
    };
    expect(expected.votes).toBeGreaterThan(0);
    // An open decision and one of another project slipped into the list are left alone.
    const counts = await s.retention.purge(project.id, [...ids, 'old-open', 'elsewhere'], cutoff, now);
    expect(counts).toEqual(expected);

    const left = await s.query<{ id: string }>('SELECT id FROM decisions ORDER BY id');
    expect(left.map((r) => r.id)).toEqual(['elsewhere', 'old-open', 'recent']);
    expect(await count(s, 'decision_events', doomed)).toBe(0);
    expect(await count(s, 'decision_events')).toBe(before.events - expected.events);
    expect(await count(s, 'deliveries')).toBe(before.deliveries - 6);
    expect(await count(s, 'deliveries', "dedupe_key = 'home-U0SPOC0001'")).toBe(1);
    expect(await count(s, 'votes')).toBe(before.votes - expected.votes);
    expect(await count(s, 'slack_messages')).toBe(before.messages - 3);
    expect(await count(s, 'retention_purge')).toBe(0);
    expect(await s.decisions.get('old-decided')).toBeUndefined();
    expect((await s.decisions.events('recent')).map((e) => e.type)).toEqual(['opened', 'decided']);
    if (s.dialect === 'sqlite') expect(await s.query('PRAGMA foreign_key_check')).toEqual([]);

    // A second pass finds nothing left to delete.
    expect(await s.retention.closedBefore(project.id, cutoff)).toEqual([]);
    expect(await s.retention.purge(project.id, ids, cutoff, now)).toEqual({
      decisions: 0,
      events: 0,
      deliveries: 0,
      votes: 0,
      messages: 0,
    });
  });

  it('after a purge the audit log still refuses every DELETE and UPDATE', async () => {
    const s = stores();
    await s.retention.purge(project.id, await s.retention.closedBefore(project.id, cutoff), cutoff, now);
    await expect(s.execute("DELETE FROM decision_events WHERE decision_id = 'recent'")).rejects.toThrow(
      'decision_events is append-only: DELETE is not allowed',
    );
    await expect(
      s.execute("UPDATE decision_events SET type = 'x' WHERE decision_id = 'recent'"),
    ).rejects.toThrow('decision_events is append-only: UPDATE is not allowed');
    expect(await count(s, 'decision_events', "decision_id = 'recent'")).toBe(2);
  });

  it("the purge's pass covers only DELETE, and only of a closed decision's events", async () => {
    const s = stores();
    const pass = "INSERT INTO retention_purge (token, started_at) VALUES ('by-hand', 1);";
    await expect(
      inRolledBack(s, `${pass} DELETE FROM decision_events WHERE decision_id = 'old-open';`),
    ).rejects.toThrow('decision_events is append-only: DELETE is not allowed');
    await expect(
      inRolledBack(s, `${pass} UPDATE decision_events SET type = 'x' WHERE decision_id = 'old-decided';`),
    ).rejects.toThrow('decision_events is append-only: UPDATE is not allowed');
    expect(await count(s, 'decision_events', "decision_id IN ('old-open', 'old-decided')")).toBe(3);
    expect(await count(s, 'retention_purge')).toBe(0);
  });
});
