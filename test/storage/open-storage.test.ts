import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseUnavailable, openStorage } from '../../src/storage/index.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';
import { sampleProject } from '../support/sample-project.js';
import { tempDatabase } from '../support/temp-db.js';

const options = {
  clock: { now: () => 1000 },
  log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
};

describe('openStorage: one switch between the dialects', () => {
  let empty: EmptyPostgres;
  beforeAll(async () => {
    empty = await emptyPostgres();
  });
  afterAll(async () => await empty?.drop());

  it('opens the SQLite file at DATABASE_PATH while DATABASE_URL is unset', async () => {
    const temp = tempDatabase();
    try {
      const storage = await openStorage({ databasePath: join(temp.path, '..', 'other.db') }, options);
      expect(storage.dialect).toBe('sqlite');
      await storage.ping();
      await storage.projects.sync([sampleProject()], 1);
      expect(await storage.decisions.listActive()).toEqual([]);
      await storage.close();
      await storage.close();
    } finally {
      temp.cleanup();
    }
  });

  it('opens PostgreSQL at DATABASE_URL with a pool of DATABASE_POOL connections, migrated', async () => {
    const storage = await openStorage(
      { databasePath: 'unused.db', databaseUrl: empty.url, databasePool: 2 },
      options,
    );
    try {
      expect(storage.dialect).toBe('postgres');
      await storage.ping();
      await storage.projects.sync([sampleProject()], 1);
      expect(await storage.decisions.listActive()).toEqual([]);
      expect(await storage.metrics.lastEventId()).toBe(0);
      await storage.languages.refresh();
    } finally {
      await storage.close();
      await storage.close();
    }
    await expect(storage.ping()).rejects.toThrow();
  });

  it('names DATABASE_URL, password masked, when PostgreSQL does not answer', async () => {
    const error = await openStorage(
      { databasePath: 'unused.db', databaseUrl: 'postgres://bot:s3cret@127.0.0.1:1/decide' },
      options,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailable);
    expect((error as Error).message).toContain('postgres://bot:***@127.0.0.1:1/decide');
    expect((error as Error).message).not.toContain('s3cret');
  });
});
