import { spawn } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionStore } from '../../src/app/ports.js';
import type { Decision } from '../../src/domain/decision.js';
import { decide, openDecision, vote } from '../../src/domain/transitions/index.js';
import { DecisionRepository, ProjectRepository, StaleDecisionError } from '../../src/storage/index.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';
import { tempDatabase } from '../support/temp-db.js';
import { contract, type Stores } from './helpers/dialects.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const ctx = (now: number) => ({ now, clock: alwaysCalendar });
const project = sampleProject();

async function open(repo: Pick<DecisionStore, 'create'>, id = 'd1', overrides = {}): Promise<Decision> {
  const t = openDecision(sampleRequest(overrides), id, project, false, ctx(T0));
  if (!t.ok) throw new Error(t.refusal.code);
  await repo.create(
    t.decision,
    t.events,
    [
      {
        dedupeKey: `request-${id}`,
        kind: 'decision_request',
        recipient: 'U0SPOC0001',
        decisionId: id,
        payload: {},
      },
    ],
    T0,
  );
  return t.decision;
}

contract('DecisionStore', (stores) => {
  let repo: Stores['decisions'];

  beforeEach(async () => {
    await stores().projects.sync([project], T0);
    repo = stores().decisions;
  });

  it('round-trips a decision with its events and outbox row', async () => {
    const opened = await open(repo, 'd1', {
      budgetImpact: 1200,
      domain: 'inventory',
      neededBy: '2026-11-20',
    });
    expect(await repo.get('d1')).toEqual(opened);
    expect((await repo.events('d1')).map((e) => e.type)).toEqual(['opened']);
    const outbox = await stores().outbox.pending();
    expect(outbox).toMatchObject([
      { kind: 'decision_request', recipient: 'U0SPOC0001', decisionId: 'd1', attempts: 0 },
    ]);
  });

  it('saves a transition and appends its events in order', async () => {
    const opened = await open(repo);
    const t = decide(opened, { actor: 'U0SPOC0001', optionId: 'approve', rationale: 'ok' }, ctx(T0 + 60_000));
    await repo.save(opened.version, t, [], T0 + 60_000);
    const saved = await repo.get('d1');
    expect(saved?.status).toBe('decided');
    expect(saved?.version).toBe(opened.version + 1);
    expect((await repo.events('d1')).map((e) => e.type)).toEqual(['opened', 'decided']);
  });

  it('stores committee votes with the decision', async () => {
    let d = await open(repo);
    d = { ...d, level: 'committee', deciders: project.steeringCommittee.members };
    const t = vote(d, { actor: 'U0CFO00001', optionId: 'reject' }, ctx(T0 + 1000));
    await repo.save(d.version, t, [], T0 + 1000);
    expect((await repo.get('d1'))?.votes).toEqual([
      { member: 'U0CFO00001', optionId: 'reject', at: T0 + 1000 },
    ]);
  });

  it('lists decisions, each with its own votes', async () => {
    for (const id of ['d1', 'd2', 'd3']) {
      let d = await open(repo, id);
      d = { ...d, level: 'committee', deciders: project.steeringCommittee.members };
      if (id === 'd3') continue;
      const t = vote(
        d,
        { actor: 'U0CFO00001', optionId: id === 'd1' ? 'approve' : 'reject' },
        ctx(T0 + 1000),
      );
      await repo.save(d.version, t, [], T0 + 1000);
    }
    expect((await repo.listActive()).map((d) => [d.id, d.votes.map((v) => v.optionId)])).toEqual([
      ['d1', ['approve']],
      ['d2', ['reject']],
      ['d3', []],
    ]);
  });

  it('refuses a write from a stale version (compare-and-set)', async () => {
    const opened = await open(repo);
    const first = decide(opened, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 1));
    const second = decide(opened, { actor: 'U0SPOC0001', optionId: 'reject' }, ctx(T0 + 2));
    await repo.save(opened.version, first, [], T0 + 1);
    await expect(repo.save(opened.version, second, [], T0 + 2)).rejects.toThrow(StaleDecisionError);
    expect((await repo.get('d1'))?.outcome?.optionId).toBe('approve');
    expect((await repo.events('d1')).map((e) => e.type)).toEqual(['opened', 'decided']);
  });

  it('gives one winner when two connections to the same database act on the same version', async () => {
    await open(repo);
    const other = await stores().other();
    try {
      const otherRepo = other.decisions;
      const seenByA = (await repo.get('d1')) as Decision;
      const seenByB = (await otherRepo.get('d1')) as Decision;
      const a = decide(seenByA, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 1));
      const b = decide(seenByB, { actor: 'U0SPOC0001', optionId: 'reject' }, ctx(T0 + 1));
      await otherRepo.save(seenByB.version, b, [], T0 + 1);
      await expect(repo.save(seenByA.version, a, [], T0 + 1)).rejects.toThrow(StaleDecisionError);
      expect((await repo.get('d1'))?.outcome?.optionId).toBe('reject');
    } finally {
      await other.close();
    }
  });

  it('transact re-reads under the write lock, so a late second click is refused as already decided', async () => {
    await open(repo);
    const click = async (optionId: string) =>
      await repo.transact(
        'd1',
        (d) => decide(d, { actor: 'U0SPOC0001', optionId }, ctx(T0 + 5)),
        () => [],
        T0 + 5,
      );
    expect(await click('approve')).toMatchObject({ found: true, ok: true });
    expect(await click('reject')).toMatchObject({
      found: true,
      ok: false,
      refusal: { code: 'already_decided' },
    });
    expect(
      await repo.transact(
        'nope',
        () => ({ ok: false, refusal: { code: 'not_requester' } }),
        () => [],
        0,
      ),
    ).toEqual({
      found: false,
    });
  });

  it('keeps one outbox row per dedupe key', async () => {
    const opened = await open(repo);
    const t = decide(opened, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 1));
    const again = {
      dedupeKey: 'request-d1',
      kind: 'decision_request' as const,
      recipient: 'U0SPOC0001',
      payload: {},
    };
    await repo.save(opened.version, t, [again], T0 + 1);
    expect(await stores().outbox.pending()).toHaveLength(1);
  });

  it('round-trips what a request blocks', async () => {
    await open(repo, 'd1', { blocks: 'the go-live of the Surabaya warehouse' });
    expect((await repo.get('d1'))?.blocks).toBe('the go-live of the Surabaya warehouse');
    await open(repo, 'd2');
    expect((await repo.get('d2'))?.blocks).toBeUndefined();
  });

  it('reads the events of many decisions at once, each in order, an unknown id with none', async () => {
    await open(repo, 'd1');
    await open(repo, 'd2');
    const current = await repo.get('d1');
    if (current === undefined) throw new Error('d1 was just created');
    await repo.transact(
      'd1',
      (d) => decide(d, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 1000)),
      () => [],
      T0 + 1000,
    );
    const byId = await repo.eventsOf(['d1', 'd2', 'nope']);
    expect(byId.get('d1')?.map((e) => e.type)).toEqual(['opened', 'decided']);
    expect(byId.get('d1')).toEqual(await repo.events('d1'));
    expect(byId.get('d2')?.map((e) => e.type)).toEqual(['opened']);
    expect(byId.get('nope')).toEqual([]);
    // More ids than one IN (...) chunk holds.
    const many = Array.from({ length: 1200 }, (_, i) => `x${i}`);
    expect((await repo.eventsOf([...many, 'd2'])).get('d2')?.length).toBe(1);
  });

  it('lists the decisions of a project opened or closed since an instant', async () => {
    await open(repo, 'd1');
    await open(repo, 'd2');
    expect((await repo.openedSince(project.id)).map((d) => d.id)).toEqual(['d1', 'd2']);
    expect(await repo.openedSince(project.id, T0 + 1)).toEqual([]);
    expect(await repo.closedSince(project.id, 0)).toEqual([]);
    const t = await repo.transact(
      'd2',
      (d) => decide(d, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 10)),
      () => [],
      T0 + 10,
    );
    expect(t).toMatchObject({ found: true, ok: true });
    expect((await repo.closedSince(project.id, T0 + 10)).map((d) => d.id)).toEqual(['d2']);
    expect(await repo.closedSince(project.id, T0 + 11)).toEqual([]);
    expect((await repo.recentlyClosed(project.id, 5)).map((d) => d.id)).toEqual(['d2']);
  });

  it('lists active decisions by project, decider and requester', async () => {
    await open(repo, 'd1');
    await open(repo, 'd2', { requester: 'U0OTHER001' });
    expect((await repo.listActive('odoo-rollout')).map((d) => d.id)).toEqual(['d1', 'd2']);
    const ids = (page: { decisions: Decision[] }) => page.decisions.map((d) => d.id);
    expect(ids(await repo.waitingOn('U0SPOC0001', 10))).toEqual(['d1', 'd2']);
    expect(ids(await repo.requestedBy('U0OTHER001', 10))).toEqual(['d2']);
    expect(await repo.waitingOn('U0SPONSOR1', 10)).toEqual({ decisions: [], total: 0 });
  });

  it("a person's waiting list and requests: the oldest first, at most the limit, with the whole count", async () => {
    for (const id of ['d3', 'd1', 'd2']) await open(repo, id);
    const ids = (page: { decisions: Decision[] }) => page.decisions.map((d) => d.id);
    const first = await repo.waitingOn('U0SPOC0001', 2);
    expect({ ids: ids(first), total: first.total }).toEqual({ ids: ['d1', 'd2'], total: 3 });
    expect(first.decisions[0]).toEqual(await repo.get('d1'));
    const requests = await repo.requestedBy(sampleRequest().requester, 1);
    expect({ ids: ids(requests), total: requests.total }).toEqual({ ids: ['d1'], total: 3 });
    // A decided one waits on nobody any more, and is nobody's open request.
    const decided = await repo.transact(
      'd1',
      (d) => decide(d, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 10)),
      () => [],
      T0 + 10,
    );
    expect(decided).toMatchObject({ found: true, ok: true });
    const after = await repo.waitingOn('U0SPOC0001', 5);
    expect({ ids: ids(after), total: after.total }).toEqual({ ids: ['d2', 'd3'], total: 2 });
    expect((await repo.requestedBy(sampleRequest().requester, 5)).total).toBe(2);
  });

  it('a request key seen before is a replay: create records nothing, transact reports the decision unchanged', async () => {
    const t = openDecision(sampleRequest(), 'd1', project, false, ctx(T0));
    if (!t.ok) throw new Error(t.refusal.code);
    expect(await repo.create(t.decision, t.events, [], T0, 'view-1')).toBe(true);
    expect(await repo.create({ ...t.decision, id: 'd2' }, t.events, [], T0, 'view-1')).toBe(false);
    expect(await repo.get('d2')).toBeUndefined();
    const click = (optionId: string) =>
      repo.transact(
        'd1',
        (d) => decide(d, { actor: 'U0SPOC0001', optionId }, ctx(T0 + 5)),
        () => [],
        T0 + 5,
        'click-1',
      );
    const first = await click('approve');
    expect(first).toMatchObject({ found: true, ok: true, decision: { status: 'decided' } });
    expect(await click('reject')).toEqual({
      found: true,
      ok: true,
      decision: await repo.get('d1'),
      events: [],
    });
    expect((await repo.events('d1')).map((e) => e.type)).toEqual(['opened', 'decided']);
  });

  it('transact passes the event log when asked, and writes nothing for a transition without events', async () => {
    const opened = await open(repo);
    const seen: string[][] = [];
    const same = await repo.transact(
      'd1',
      (d, events) => {
        seen.push(events.map((e) => e.type));
        return { ok: true, decision: d, events: [] };
      },
      () => [{ dedupeKey: 'never', kind: 'refresh', recipient: 'U0SPOC0001', payload: {} }],
      T0 + 1,
      undefined,
      { withEvents: true },
    );
    // Without withEvents, decide gets none.
    await repo.transact(
      'd1',
      (_d, events) => {
        seen.push(events.map((e) => e.type));
        return { ok: false, refusal: { code: 'not_requester' } };
      },
      () => [],
      T0,
    );
    expect(seen).toEqual([['opened'], []]);
    expect(same).toMatchObject({ found: true, ok: true, events: [] });
    expect(await repo.get('d1')).toEqual(opened);
    expect((await stores().outbox.pending()).map((d) => d.dedupeKey)).toEqual(['request-d1']);
  });

  it('changesSince: the log position, then the decisions changed after it and the open ones past due', async () => {
    expect(await repo.changesSince()).toEqual({ through: 0, decisionIds: [] });
    await open(repo, 'd1');
    await open(repo, 'd2');
    const { through } = await repo.changesSince();
    expect(through).toBe(2);
    expect(await repo.changesSince(through)).toEqual({ through: 2, decisionIds: [] });
    await repo.transact(
      'd2',
      (d) => decide(d, { actor: 'U0SPOC0001', optionId: 'approve' }, ctx(T0 + 10)),
      () => [],
      T0 + 10,
    );
    expect(await repo.changesSince(through)).toEqual({ through: 3, decisionIds: ['d2'] });
    const d1 = await repo.get('d1');
    const late = await repo.changesSince(3, (d1?.dueAt ?? 0) + 1);
    expect(late).toEqual({ through: 3, decisionIds: ['d1'] });
    expect((await repo.changesSince(0)).decisionIds.sort()).toEqual(['d1', 'd2']);
  });

  it('reads every open decision a page at a time, in id order, and leaves out closed ones', async () => {
    for (const id of ['d3', 'd1', 'd5', 'd2', 'd4']) await open(repo, id);
    const closed = await repo.get('d2');
    if (!closed) throw new Error('no d2');
    const t = decide(closed, { actor: project.spoc, optionId: 'approve' }, ctx(T0 + 1));
    if (!t.ok) throw new Error(t.refusal.code);
    await repo.save(closed.version, t, [], T0 + 1);
    const all: Decision[] = [];
    for await (const d of repo.eachActive(2)) all.push(d);
    expect(all.map((d) => d.id)).toEqual(['d1', 'd3', 'd4', 'd5']);
    expect(all[0]).toEqual(await repo.get('d1'));
  });
});

describe('DecisionRepository on a SQLite file only', () => {
  let temp: ReturnType<typeof tempDatabase>;
  beforeEach(async () => {
    temp = tempDatabase();
    await new ProjectRepository(temp.database.db).sync([project], T0);
    await open(new DecisionRepository(temp.database));
  });
  afterEach(() => temp.cleanup());

  it('opens the file with WAL, foreign keys and a busy timeout', () => {
    const { sqlite } = temp.database;
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('finds the decisions of a project closed since an instant with an index', () => {
    const plan = temp.database.sqlite
      .prepare(
        'EXPLAIN QUERY PLAN SELECT id FROM decisions WHERE project_id = ? AND closed_at >= ? ORDER BY closed_at',
      )
      .all('odoo-rollout', 0) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toContain('decisions_project_closed');
  });
});

describe('decision_events is append-only (SQLite; both dialects: append-only.test.ts)', () => {
  let temp: ReturnType<typeof tempDatabase>;
  beforeEach(async () => {
    temp = tempDatabase();
    await new ProjectRepository(temp.database.db).sync([project], T0);
    await open(new DecisionRepository(temp.database));
  });
  afterEach(() => temp.cleanup());

  it.each([
    ['UPDATE', "UPDATE decision_events SET type = 'decided'"],
    ['DELETE', 'DELETE FROM decision_events'],
  ])('rejects %s', (_, statement) => {
    expect(() => temp.database.sqlite.prepare(statement).run()).toThrow(/append-only/);
    expect(temp.database.sqlite.prepare('SELECT count(*) AS n FROM decision_events').get()).toEqual({ n: 1 });
  });
});

describe('two processes deciding at once on one SQLite file', () => {
  let temp: ReturnType<typeof tempDatabase>;
  beforeEach(async () => {
    temp = tempDatabase();
    await new ProjectRepository(temp.database.db).sync([project], T0);
    await open(new DecisionRepository(temp.database));
  });
  afterEach(() => temp.cleanup());

  function runDecider(optionId: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'test/storage/helpers/decide-in-process.ts', temp.path, optionId],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (chunk) => {
        out += chunk;
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}`))));
    });
  }

  it('records exactly one outcome', async () => {
    const results = await Promise.all(['approve', 'reject', 'approve', 'reject'].map(runDecider));
    expect(results.filter((r) => r === 'ok')).toHaveLength(1);
    expect(results.filter((r) => r === 'already_decided')).toHaveLength(3);
    const events = await new DecisionRepository(temp.database).events('d1');
    expect(events.filter((e) => e.type === 'decided')).toHaveLength(1);
  });
});
