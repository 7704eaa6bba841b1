import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as pg from '../../src/storage/postgres/schema.js';
import * as sqlite from '../../src/storage/schema.js';
import { tempPostgres } from '../support/postgres.js';
import { tempDatabase } from '../support/temp-db.js';

/** The same rows go into both dialects: their schemas take the same JS shapes. */
const project = { id: 'p1', name: 'Rollout', channel: 'C0ROLLOUT1', configJson: '{}', updatedAt: 1 };
const decision = {
  id: 'd1',
  projectId: 'p1',
  requester: 'U0REQ00001',
  question: 'Go live on Monday?',
  context: '',
  optionsJson: '[]',
  impact: 'normal',
  status: 'open',
  level: 'spoc',
  decidersJson: '[]',
  ladderJson: '[]',
  openedAt: 1,
  levelEnteredAt: 1,
  levelUsedMs: 0,
  remindersSent: 0,
  overdue: false,
  version: 1,
} as const;
const event = { decisionId: 'd1', seq: 1, type: 'opened', at: 1, level: 'spoc', dataJson: '{}' };

const UPDATE = 'UPDATE decision_events SET type = $1';
const DELETE = 'DELETE FROM decision_events';

/** The audit log is append-only because the database refuses otherwise, not because the code is careful. */
describe('decision_events is append-only in the database', () => {
  describe('SQLite', () => {
    let temp: ReturnType<typeof tempDatabase> | undefined;
    beforeAll(() => {
      temp = tempDatabase();
      const { db } = temp.database;
      db.insert(sqlite.projects).values(project).run();
      db.insert(sqlite.decisions).values(decision).run();
      db.insert(sqlite.decisionEvents).values(event).run();
    });
    afterAll(() => temp?.cleanup());
    const raw = () => temp?.database.sqlite ?? expect.fail('no database');

    it('refuses UPDATE and DELETE', () => {
      expect(() => raw().prepare(UPDATE.replace('$1', '?')).run('edited')).toThrow(
        'decision_events is append-only: UPDATE is not allowed',
      );
      expect(() => raw().prepare(DELETE).run()).toThrow(
        'decision_events is append-only: DELETE is not allowed',
      );
    });

    it('still appends', () => {
      raw()
        .prepare(
          "INSERT INTO decision_events (decision_id, seq, type, at, level, data_json) VALUES ('d1', 2, 'reminded', 2, 'spoc', '{}')",
        )
        .run();
      expect(raw().prepare('SELECT type FROM decision_events ORDER BY seq').pluck().all()).toEqual([
        'opened',
        'reminded',
      ]);
    });
  });

  describe('PostgreSQL', () => {
    let temp: Awaited<ReturnType<typeof tempPostgres>> | undefined;
    beforeAll(async () => {
      temp = await tempPostgres();
      const { db } = temp.database;
      await db.insert(pg.projects).values(project);
      await db.insert(pg.decisions).values(decision);
      await db.insert(pg.decisionEvents).values(event);
    });
    afterAll(async () => await temp?.cleanup());
    const pool = () => temp?.database.pool ?? expect.fail('no database');

    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      await expect(pool().query(UPDATE, ['edited'])).rejects.toThrow(
        'decision_events is append-only: UPDATE is not allowed',
      );
      await expect(pool().query(DELETE)).rejects.toThrow(
        'decision_events is append-only: DELETE is not allowed',
      );
      await expect(pool().query('TRUNCATE decision_events CASCADE')).rejects.toThrow(
        'decision_events is append-only: TRUNCATE is not allowed',
      );
    });

    it('still appends', async () => {
      await pool().query(
        "INSERT INTO decision_events (decision_id, seq, type, at, level, data_json) VALUES ('d1', 2, 'reminded', 2, 'spoc', '{}')",
      );
      const { rows } = await pool().query('SELECT type FROM decision_events ORDER BY seq');
      expect(rows.map((r) => r.type)).toEqual(['opened', 'reminded']);
    });
  });
});
