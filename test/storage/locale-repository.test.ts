import { afterEach, describe, expect, it } from 'vitest';
import { LocaleRepository } from '../../src/storage/index.js';
import { tempDatabase } from '../support/temp-db.js';

describe('LocaleRepository: people’s chosen languages in people.locale', () => {
  let db: ReturnType<typeof tempDatabase>;
  afterEach(() => db?.cleanup());

  it('stores a choice, changes and forgets it, and leaves the email resolution’s columns alone', async () => {
    db = tempDatabase();
    const now = 1000;
    const clock = { now: () => now };
    const sqlite = db.database.sqlite;
    sqlite
      .prepare(
        'INSERT INTO people (user_id, email, resolved_at, deactivated, updated_at) VALUES (?, ?, ?, ?, ?)',
      )
      .run('U1', 'sari@example.com', 500, 1, 500);
    const repo = new LocaleRepository(db.database.db, clock);
    await repo.refresh();
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect(repo.choiceOf('U2')).toBeUndefined();

    await repo.choose('U1', 'id');
    await repo.choose('U2', 'en');
    expect(repo.choiceOf('U1')).toBe('id');
    const fresh = new LocaleRepository(db.database.db, clock);
    await fresh.refresh();
    expect(fresh.choiceOf('U2')).toBe('en');
    expect(sqlite.prepare('SELECT * FROM people WHERE user_id = ?').get('U1')).toEqual({
      user_id: 'U1',
      email: 'sari@example.com',
      resolved_at: 500,
      deactivated: 1,
      locale: 'id',
      updated_at: 1000,
    });

    await repo.choose('U1', null);
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect(sqlite.prepare('SELECT email FROM people WHERE user_id = ?').get('U1')).toEqual({
      email: 'sari@example.com',
    });
  });

  it('sees a choice another process made once its copy is older than maxAgeMs; ignores unknown values', async () => {
    db = tempDatabase();
    let now = 0;
    const clock = { now: () => now };
    const web = new LocaleRepository(db.database.db, clock);
    const worker = new LocaleRepository(db.database.db, clock, 10_000);
    await worker.refresh();
    expect(worker.choiceOf('U1')).toBeUndefined();
    await web.choose('U1', 'id');
    now = 5_000;
    expect(worker.choiceOf('U1')).toBeUndefined();
    now = 10_000;
    // The stale copy answers at once and starts a read in the background; the next look sees the choice.
    expect(worker.choiceOf('U1')).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    expect(worker.choiceOf('U1')).toBe('id');
    db.database.sqlite.prepare("UPDATE people SET locale = 'fr' WHERE user_id = 'U1'").run();
    const fresh = new LocaleRepository(db.database.db, clock);
    await fresh.refresh();
    expect(fresh.choiceOf('U1')).toBeUndefined();
  });
});
