import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WriteLockBusy } from '../../src/app/ports.js';
import { whenWritable } from '../../src/app/write-lock.js';
import { decide, openDecision } from '../../src/domain/transitions/index.js';
import { DecisionRepository, ProjectRepository } from '../../src/storage/index.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';
import { tempDatabase } from '../support/temp-db.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const ctx = { now: T0, clock: alwaysCalendar };
const project = sampleProject();

/**
 * Another connection (another process, in production) holds the write lock: the repository must not sleep in
 * SQLite's busy handler on the event loop; it gives up at once and the use case waits asynchronously.
 */
describe('the write lock held by another connection', () => {
  let temp: ReturnType<typeof tempDatabase>;
  let other: BetterSqlite3.Database;
  let repo: DecisionRepository;
  beforeEach(async () => {
    temp = tempDatabase();
    await new ProjectRepository(temp.database.db).sync([project], T0);
    repo = new DecisionRepository(temp.database);
    const t = openDecision(sampleRequest(), 'd1', project, false, ctx);
    if (!t.ok) throw new Error(t.refusal.code);
    await repo.create(t.decision, t.events, [], T0);
    other = new BetterSqlite3(temp.path);
  });
  afterEach(() => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    temp.cleanup();
  });

  const decideD1 = async () =>
    await repo.transact(
      'd1',
      (d) => decide(d, { actor: project.spoc, optionId: 'approve' }, ctx),
      () => [],
      T0,
    );

  it('throws WriteLockBusy at once instead of waiting, and keeps the connection’s busy timeout', async () => {
    other.exec('BEGIN IMMEDIATE');
    const started = performance.now();
    await expect(decideD1()).rejects.toThrow(WriteLockBusy);
    // Far below the 5 s busy timeout: it did not sleep in SQLite.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(temp.database.sqlite.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('whenWritable waits without blocking the event loop and writes once the lock is free', async () => {
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    setTimeout(() => other.exec('COMMIT'), 150);
    const result = await whenWritable(decideD1);
    clearInterval(ticker);
    expect(result).toMatchObject({ found: true, ok: true });
    expect((await repo.get('d1'))?.status).toBe('decided');
    // The loop kept running while the write waited.
    expect(ticks).toBeGreaterThan(3);
  });

  it('a failure that is not the lock is not retried', async () => {
    let calls = 0;
    await expect(
      whenWritable(() => {
        calls++;
        throw new Error('constraint');
      }),
    ).rejects.toThrow('constraint');
    expect(calls).toBe(1);
  });
});
