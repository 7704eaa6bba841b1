import { afterEach, describe, expect, it } from 'vitest';
import { LocaleRepository } from '../../src/storage/index.js';
import { tempDatabase } from '../support/temp-db.js';

describe('LocaleRepository: people’s chosen languages in people.locale', () => {
  let db: ReturnType<typeof tempDatabase>;
  afterEach(() => db?.cleanup());

  it('stores a choice, changes and forgets it, and leaves the email resolution’s columns alone', () => {
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
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect(repo.choiceOf('U2')).toBeUndefined();

    repo.choose('U1', 'id');
    repo.choose('U2', 'en');
    expect(repo.choiceOf('U1')).toBe('id');
    expect(new LocaleRepository(db.database.db, clock).choiceOf('U2')).toBe('en');
    expect(sqlite.prepare('SELECT * FROM people WHERE user_id = ?').get('U1')).toEqual({
      user_id: 'U1',
      email: 'sari@example.com',
      resolved_at: 500,
      deactivated: 1,
      locale: 'id',
      updated_at: 1000,
    });

    repo.choose('U1', null);
    expect(repo.choiceOf('U1')).toBeUndefined();
    expect(sqlite.prepare('SELECT email FROM people WHERE user_id = ?').get('U1')).toEqual({
      email: 'sari@example.com',
    });
  });

  it('sees a choice another process made once its cached answer is older than maxAgeMs; ignores unknown values', () => {
    db = tempDatabase();
    let now = 0;
    const clock = { now: () => now };
    const web = new LocaleRepository(db.database.db, clock);
    const worker = new LocaleRepository(db.database.db, clock, 10_000);
    expect(worker.choiceOf('U1')).toBeUndefined();
    web.choose('U1', 'id');
    now = 5_000;
    expect(worker.choiceOf('U1')).toBeUndefined();
    now = 10_000;
    expect(worker.choiceOf('U1')).toBe('id');
    db.database.sqlite.prepare("UPDATE people SET locale = 'fr' WHERE user_id = 'U1'").run();
    expect(new LocaleRepository(db.database.db, clock).choiceOf('U1')).toBeUndefined();
  });
});
