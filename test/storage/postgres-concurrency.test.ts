import { Client } from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { NewDelivery } from '../../src/app/ports.js';
import type { Decision } from '../../src/domain/decision.js';
import { decide, openDecision, vote } from '../../src/domain/transitions/index.js';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/index.js';
import {
  CommitOutcomeUnknown,
  PgDecisionRepository,
  PgOutboxRepository,
  PgProjectRepository,
} from '../../src/storage/postgres/repositories/index.js';
import { type EmptyPostgres, emptyPostgres, emptyTables } from '../support/postgres.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const ctx = (now: number) => ({ now, clock: alwaysCalendar });
const project = sampleProject();
const committee = { level: 'committee' as const, deciders: project.steeringCommittee.members };

/**
 * Several processes on one PostgreSQL database: each "process" is a pool of its own. What SQLite's single
 * writer gave for free must hold here too: one outcome per decision, ids visible in id order, and a store that
 * survives its connections being cut.
 */
describe('PostgreSQL stores shared by several processes', () => {
  let empty: EmptyPostgres;
  let a: PostgresDatabase;
  let b: PostgresDatabase;
  beforeAll(async () => {
    empty = await emptyPostgres();
    a = await openPostgres(empty.url, { poolSize: 6 });
    b = await openPostgres(empty.url, { poolSize: 6 });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await empty?.drop();
  });
  beforeEach(async () => {
    await emptyTables(a.pool);
    await new PgProjectRepository(a).sync([project], T0);
  });

  const open = async (repo: PgDecisionRepository, id: string, changes: Partial<Decision> = {}) => {
    const t = openDecision(sampleRequest(), id, project, false, ctx(T0));
    if (!t.ok) throw new Error(t.refusal.code);
    const decision = { ...t.decision, ...changes };
    await repo.create(decision, t.events, [], T0);
    return decision;
  };
  const decideAs =
    (optionId: string, at = T0 + 1000) =>
    (d: Decision) =>
      decide(d, { actor: project.spoc, optionId }, ctx(at));
  const told =
    (id: string): ((t: { decision: Decision }) => NewDelivery[]) =>
    (t) => [
      {
        dedupeKey: `outcome-${id}`,
        kind: 'thread_reply',
        recipient: 'C0PROJECT1',
        decisionId: id,
        payload: {},
      },
      { dedupeKey: `home-${id}-${t.decision.version}`, kind: 'home', recipient: project.spoc, payload: {} },
    ];

  it('two processes clicking one decision at the same instant give exactly one outcome, round after round', async () => {
    const repoA = new PgDecisionRepository(a);
    const repoB = new PgDecisionRepository(b);
    for (let round = 0; round < 40; round++) {
      const id = `race-${round}`;
      await open(repoA, id);
      const [fromA, fromB] = await Promise.all([
        repoA.transact(id, decideAs('approve'), told(id), T0 + 1000),
        repoB.transact(id, decideAs('reject'), told(id), T0 + 1000),
      ]);
      const outcomes = [fromA, fromB].filter((r) => r.found && r.ok);
      expect(outcomes).toHaveLength(1);
      expect([fromA, fromB].filter((r) => r.found && !r.ok)).toMatchObject([
        { refusal: { code: 'already_decided' } },
      ]);
      const events = await repoA.events(id);
      expect(events.map((e) => e.type)).toEqual(['opened', 'decided']);
      const saved = await repoB.get(id);
      expect(saved).toEqual(outcomes[0]?.found && outcomes[0].ok ? outcomes[0].decision : 'no outcome');
      expect(saved?.outcome?.optionId).toBe(fromA.found && fromA.ok ? 'approve' : 'reject');
    }
  });

  it('committee members voting at the same instant from two processes: every vote is kept', async () => {
    const repoA = new PgDecisionRepository(a);
    const repoB = new PgDecisionRepository(b);
    for (let round = 0; round < 20; round++) {
      const id = `votes-${round}`;
      const opened = await open(repoA, id, committee);
      const [cfo, pmdir] = ['U0CFO00001', 'U0PMDIR001'];
      const once = vote(opened, { actor: cfo, optionId: 'approve' }, ctx(T0 + 1));
      if (!once.ok) throw new Error(once.refusal.code);
      const twice = vote(once.decision, { actor: pmdir, optionId: 'reject' }, ctx(T0 + 1));
      if (!twice.ok) throw new Error(twice.refusal.code);
      await Promise.all([
        repoA.transact(
          id,
          (d) => vote(d, { actor: cfo, optionId: 'approve' }, ctx(T0 + 1)),
          () => [],
          T0 + 1,
        ),
        repoB.transact(
          id,
          (d) => vote(d, { actor: pmdir, optionId: 'reject' }, ctx(T0 + 1)),
          () => [],
          T0 + 1,
        ),
      ]);
      const saved = await repoA.get(id);
      expect(saved?.votes.map((v) => v.member).sort()).toEqual([cfo, pmdir]);
      expect(saved?.version).toBe(twice.decision.version);
      expect((await repoA.events(id)).map((e) => e.type)).toEqual(['opened', 'voted', 'voted']);
    }
  });

  it('ids of events and deliveries become visible in id order under concurrent writers', async () => {
    const writers = [a, b].map((db) => ({
      decisions: new PgDecisionRepository(db),
      outbox: new PgOutboxRepository(db),
    }));
    const violations: string[] = [];
    const seen = { decision_events: new Set<number>(), deliveries: new Set<number>() };
    const highest = { decision_events: 0, deliveries: 0 };
    let writing = true;
    const reader = new Client({ connectionString: empty.url });
    await reader.connect();
    const poll = async () => {
      for (const table of ['decision_events', 'deliveries'] as const) {
        const { rows } = await reader.query<{ id: string }>(`SELECT id FROM ${table}`);
        const ids = rows.map((r) => Number(r.id));
        const below = highest[table];
        for (const id of ids) {
          if (seen[table].has(id)) continue;
          // A new id below one read before: a reader that had moved past it would never see it.
          if (id < below) violations.push(`${table} ${id} appeared after ${below}`);
          seen[table].add(id);
        }
        highest[table] = Math.max(below, ...ids);
      }
    };
    const polling = (async () => {
      while (writing) await poll();
    })();
    try {
      await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const w = writers[i % 2];
          if (!w) throw new Error('no writer');
          const id = `order-${i}`;
          await open(w.decisions, id);
          await w.decisions.transact(id, decideAs('approve'), told(id), T0 + 1000);
          await w.outbox.enqueue(
            [{ dedupeKey: `note-${i}`, kind: 'direct_message', recipient: 'U1', payload: {} }],
            T0,
          );
        }),
      );
    } finally {
      writing = false;
      await polling;
    }
    await poll();
    await reader.end();
    expect(violations).toEqual([]);
    expect(seen.decision_events.size).toBe(400);
    expect(seen.deliveries.size).toBe(600);
  });

  describe('while every connection is cut, again and again', () => {
    let killer: Client;
    beforeEach(async () => {
      killer = new Client({ connectionString: empty.url });
      await killer.connect();
    });
    afterEach(async () => {
      await killer.end();
    });

    /** Ends every other backend on the database (both pools'); how many it ended. */
    const terminateAll = async () => {
      const { rows } = await killer.query<{ ended: boolean }>(
        `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      return rows.filter((r) => r.ended).length;
    };

    it('each change completes or fails cleanly, nothing is half-written, and the store recovers alone', async () => {
      const repos = [new PgDecisionRepository(a), new PgDecisionRepository(b)];
      const ids = Array.from({ length: 120 }, (_, i) => `cut-${i}`);
      let opened: Decision | undefined;
      for (const id of ids) opened = await open(repos[0] as PgDecisionRepository, id);
      const closing = opened && decideAs('approve')(opened);
      if (!closing?.ok || !opened) throw new Error('cannot decide');
      const versions = { open: opened.version, decided: closing.decision.version };
      // Two competing clicks per decision, from each process; half of them with a request key.
      const clicks = ids.flatMap((id, i) =>
        (['approve', 'reject'] as const).map((optionId, side) => {
          const repo = repos[side] as PgDecisionRepository;
          const key = i % 2 === 0 ? `click-${id}-${optionId}` : undefined;
          return repo.transact(id, decideAs(optionId), told(id), T0 + 1000, key);
        }),
      );
      // Connections the stores dropped because they broke under a transaction (then ran it again, or failed).
      let broken = 0;
      const count = (error: unknown) => {
        if (error) broken++;
      };
      a.pool.on('release', count);
      b.pool.on('release', count);
      let ended = 0;
      const cutting = (async () => {
        for (let i = 0; i < 6; i++) {
          await new Promise((resolve) => setTimeout(resolve, 15));
          ended += await terminateAll();
        }
      })();
      const settled = await Promise.allSettled(clicks);
      await cutting;
      a.pool.off('release', count);
      b.pool.off('release', count);
      expect(ended).toBeGreaterThan(0);
      expect(broken).toBeGreaterThan(0);

      // A failure is an error saying so, never a hang or a half answer.
      const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
      for (const error of failures) expect(error).toBeInstanceOf(Error);
      // Every failure is the connection's (an unknown COMMIT without a key, or a connection that stayed down).
      for (const error of failures.filter((e) => !(e instanceof CommitOutcomeUnknown)))
        expect(String(error.cause ?? error.message)).toMatch(/terminat|connect|ECONNRESET|not queryable/i);

      // Consistency, decision by decision: the row, its events, its outbox rows tell the same story.
      const repo = repos[0] as PgDecisionRepository;
      const outbox = new PgOutboxRepository(a);
      const pending = new Map((await outbox.pending(10_000)).map((d) => [d.dedupeKey, d]));
      for (const [i, id] of ids.entries()) {
        const decision = await repo.get(id);
        const events = await repo.events(id);
        const decided = events.filter((e) => e.type === 'decided');
        expect(decided.length).toBeLessThanOrEqual(1);
        if (decided.length === 1) {
          expect(decision).toMatchObject({ status: 'decided', version: versions.decided });
          expect(decision?.outcome?.optionId).toBe(
            (decided[0]?.data as { optionId?: string } | undefined)?.optionId,
          );
          expect(pending.has(`outcome-${id}`)).toBe(true);
          expect(pending.has(`home-${id}-${versions.decided}`)).toBe(true);
        } else {
          expect(decision).toMatchObject({ status: 'open', version: versions.open });
          expect(pending.has(`outcome-${id}`)).toBe(false);
        }
        // The clicks that answered ok: the decision is decided, by them or (a replay of) their own commit.
        const answers = [settled[2 * i], settled[2 * i + 1]];
        for (const answer of answers)
          if (answer?.status === 'fulfilled' && answer.value.found && answer.value.ok)
            expect(decision?.status).toBe('decided');
      }

      // On its own again: no restart, no reconnect by hand.
      await open(repo, 'after');
      expect(await repos[1]?.transact('after', decideAs('approve'), told('after'), T0 + 2000)).toMatchObject({
        found: true,
        ok: true,
      });
      expect((await repo.get('after'))?.status).toBe('decided');
    });
  });
});
