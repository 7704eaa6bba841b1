import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from '../support/postgres.js';
import { onDatabase, parseDatabases, runDatabase } from './databases.js';
import { cleanup } from './support.js';

/** The databases the ack and lifecycle benchmarks run on; the PostgreSQL one is created and dropped for each run. */

async function exists(name: string): Promise<boolean> {
  const client = new Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rows.length === 1;
  } finally {
    await client.end();
  }
}

describe('bench databases', () => {
  it('--database takes sqlite, postgres or both (the default), SQLite first', () => {
    expect(parseDatabases(undefined)).toEqual(['sqlite', 'postgres']);
    expect(parseDatabases('both')).toEqual(['sqlite', 'postgres']);
    expect(parseDatabases('PostgreS')).toEqual(['postgres']);
    expect(parseDatabases('sqlite')).toEqual(['sqlite']);
    expect(() => parseDatabases('mysql')).toThrow(
      '--database: expected sqlite, postgres or both, got "mysql"',
    );
  });

  it('names the database in every figure', () => {
    const row = {
      figure: 'ack p99, option button, 50 in flight',
      value: '',
      reference: '',
      ratio: '',
      goal: '',
      met: undefined,
    };
    expect(onDatabase([row], 'PostgreSQL').map((r) => r.figure)).toEqual([
      'ack p99, option button, 50 in flight, PostgreSQL',
    ]);
  });

  it('SQLite: a file in the run directory, nothing to drop', async () => {
    const db = await runDatabase('sqlite', { dir: '/tmp/x', file: 'decide.db', server: TEST_DATABASE_URL });
    expect(db).toMatchObject({ kind: 'sqlite', label: 'SQLite', databasePath: '/tmp/x/decide.db' });
    expect(db.databaseUrl).toBeUndefined();
  });

  it('PostgreSQL: a throwaway database, dropped by drop() or else by the cleanup (error, Ctrl-C)', async () => {
    const db = await runDatabase('postgres', { dir: '/tmp/x', file: 'decide.db', server: TEST_DATABASE_URL });
    expect(db.label).toBe('PostgreSQL');
    expect(db.name).toMatch(/^decide_bench_\d+_[0-9a-f]{8}$/);
    expect(db.databaseUrl).toContain(`/${db.name}`);
    expect(await exists(db.name ?? '')).toBe(true);
    // A connection left open does not keep it.
    const open = new Client({ connectionString: db.databaseUrl });
    open.on('error', () => {});
    await open.connect();
    await db.drop();
    await open.end().catch(() => {});
    expect(await exists(db.name ?? '')).toBe(false);
    await db.drop(); // harmless again

    const left = await runDatabase('postgres', {
      dir: '/tmp/x',
      file: 'decide.db',
      server: TEST_DATABASE_URL,
    });
    expect(await exists(left.name ?? '')).toBe(true);
    await cleanup.runAll();
    expect(await exists(left.name ?? '')).toBe(false);
  });

  it('a server that does not answer fails the run with where it looked', async () => {
    await expect(
      runDatabase('postgres', {
        dir: '/tmp/x',
        file: 'decide.db',
        server: 'postgres://postgres@127.0.0.1:1/postgres',
      }),
    ).rejects.toThrow(/PostgreSQL does not answer at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres/);
  });
});
