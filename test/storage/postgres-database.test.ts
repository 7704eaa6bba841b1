import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DatabaseUnavailable,
  DatabaseUrlInvalid,
  maskUrl,
  openPostgres,
  POSTGRES_MIGRATIONS_DIR,
} from '../../src/storage/postgres/index.js';
import { projects } from '../../src/storage/postgres/schema.js';
import { emptyPostgres, tempPostgres } from '../support/postgres.js';

const journal = JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as {
  entries: unknown[];
};

describe('maskUrl', () => {
  it('hides the password wherever a URL carries one, and leaves the rest as written', () => {
    expect(maskUrl('postgres://bot:s3cret@db.internal:5432/decide')).toBe(
      'postgres://bot:***@db.internal:5432/decide',
    );
    expect(maskUrl('postgres://bot@db/decide?password=s3cret&sslmode=require')).toBe(
      'postgres://bot@db/decide?password=***&sslmode=require',
    );
    expect(maskUrl('postgres://bot@db/decide')).toBe('postgres://bot@db/decide');
    // Not a URL (a space in the host): what may be a password is hidden all the same.
    expect(maskUrl('postgres://bot:s3 cret@db host/decide')).toBe('postgres://bot:***@db host/decide');
  });
});

describe('openPostgres', () => {
  it('names DATABASE_URL, with the password masked, when the URL is not a PostgreSQL one', async () => {
    for (const url of ['postgres://bot:s3cret@db host/decide', 'mysql://bot:s3cret@db/decide']) {
      const error = await openPostgres(url).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseUrlInvalid);
      expect((error as Error).message).toContain('DATABASE_URL');
      expect((error as Error).message).toContain('bot:***@');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });

  it('names the masked URL and the cause when nothing answers', async () => {
    const error = await openPostgres('postgres://bot:s3cret@127.0.0.1:1/decide').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseUnavailable);
    expect((error as Error).message).toContain('postgres://bot:***@127.0.0.1:1/decide');
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('s3cret');
  });

  it('lets several processes start together on a fresh database: they migrate one after the other', async () => {
    const empty = await emptyPostgres();
    try {
      const opened = await Promise.all([1, 2, 3].map(() => openPostgres(empty.url, { poolSize: 1 })));
      const first = opened[0]?.pool ?? expect.fail('none opened');
      const applied = await first.query('SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations');
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
      for (const { pool } of opened)
        await expect(pool.query('SELECT count(*) FROM decisions')).resolves.toBeTruthy();
      await Promise.all(opened.map((o) => o.close()));
    } finally {
      await empty.drop();
    }
  });

  describe('once open', () => {
    let temp: Awaited<ReturnType<typeof tempPostgres>> | undefined;
    beforeAll(async () => {
      temp = await tempPostgres({ poolSize: 4, applicationName: 'decide-test' });
    });
    afterAll(async () => await temp?.cleanup());
    const pool = () => temp?.database.pool ?? expect.fail('no database');

    it('survives the server ending its idle connections, and the next query works', async () => {
      // Four connections at once, then idle in the pool.
      await Promise.all([1, 2, 3, 4].map(() => pool().query('SELECT pg_sleep(0.05)')));
      expect(pool().idleCount).toBe(4);
      const killed = await pool().query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'decide-test'`,
      );
      expect(killed.rowCount).toBe(3);
      // The pool drops each one as the server's notice arrives (and would crash the process without a listener).
      for (let i = 0; i < 100 && pool().idleCount > 1; i++) await new Promise((r) => setTimeout(r, 20));
      expect(pool().idleCount).toBe(1);
      const { rows } = await pool().query('SELECT 1 AS one');
      expect(rows).toEqual([{ one: 1 }]);
    });

    it('reads rows in the shapes the SQLite schema hands out, epoch ms past 2^31 included', async () => {
      const { db } = temp?.database ?? expect.fail('no database');
      const row = { id: 'p1', name: 'Rollout', channel: 'C1', configJson: '{"a":1}', updatedAt: 2 ** 41 };
      await db.insert(projects).values(row);
      expect(await db.select().from(projects)).toEqual([row]);
    });

    it('closes once, however often it is asked', async () => {
      const other = await openPostgres(temp?.url ?? expect.fail('no database'));
      await other.close();
      await expect(other.close()).resolves.toBeUndefined();
    });
  });
});
