import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/index.js';
import { tempDatabase } from '../support/temp-db.js';

const ROOT = resolve(import.meta.dirname, '../..');

function backup(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/backup-cli.ts'), ...args],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env } },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run backup', () => {
  let source: ReturnType<typeof tempDatabase>;
  let dir: string;
  beforeAll(() => {
    source = tempDatabase();
    source.database.sqlite
      .prepare(
        "INSERT INTO projects (id, name, channel, config_json, updated_at) VALUES ('p1', 'P', 'C1', '{}', 1)",
      )
      .run();
    dir = mkdtempSync(join(tmpdir(), 'decide-backup-cli-'));
  });
  afterAll(() => {
    source?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a checked, self-contained copy (no -wal beside it) that the bot opens', () => {
    const file = join(dir, 'nested', 'copy.db');
    const { code, stdout } = backup([file], { DATABASE_PATH: source.path });
    expect(code).toBe(0);
    expect(stdout).toMatch(/projects: +1/);
    expect(stdout).toContain('integrity check');
    expect(readdirSync(join(dir, 'nested'))).toEqual(['copy.db']);
    const copy = openDatabase(file);
    try {
      expect(copy.sqlite.prepare('SELECT id FROM projects').pluck().all()).toEqual(['p1']);
    } finally {
      copy.close();
    }
  });

  it('backs up a database no bot has open (the source is opened read-only)', () => {
    const closed = join(dir, 'closed.db');
    const db = openDatabase(closed);
    db.close();
    const { code } = backup([join(dir, 'of-closed.db')], { DATABASE_PATH: closed });
    expect(code).toBe(0);
    const copy = new BetterSqlite3(join(dir, 'of-closed.db'), { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
  });

  it('refuses to replace a file unless --force, and never writes over the database itself', () => {
    const file = join(dir, 'exists.db');
    writeFileSync(file, 'keep me');
    const refused = backup([file], { DATABASE_PATH: source.path });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('exists already; give another file, or --force to replace it');
    expect(backup([file, '--force'], { DATABASE_PATH: source.path }).code).toBe(0);
    const self = backup([source.path, '--force'], { DATABASE_PATH: source.path });
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('cannot be the database file itself');
  });

  it('says there is no database, with exit 1', () => {
    const { code, stderr } = backup([join(dir, 'x.db')], { DATABASE_PATH: join(dir, 'missing.db') });
    expect(code).toBe(1);
    expect(stderr).toContain(`there is no database at ${join(dir, 'missing.db')}`);
    expect(existsSync(join(dir, 'x.db'))).toBe(false);
  });

  it('wrong arguments: exit 2 with the help; --help: exit 0', () => {
    expect(backup([]).code).toBe(2);
    expect(backup([]).stderr).toContain('<file> is required');
    expect(backup(['a.db', 'b.db']).code).toBe(2);
    expect(backup(['--colour', 'a.db']).stderr).toContain('Usage: npm run backup -- <file>');
    const help = backup(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: npm run backup -- <file> [--force]');
  });

  it('with DATABASE_URL: copies nothing, prints the pg_dump command with the password masked, exit 1', () => {
    const file = join(dir, 'pg.dump');
    const { code, stderr, stdout } = backup([file], {
      DATABASE_URL: 'postgres://decide:s3cret-pw@db.internal:5432/decide',
    });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`pg_dump --format=custom --file ${file} "$DATABASE_URL"`);
    expect(stderr).toContain('postgres://decide:***@db.internal:5432/decide');
    expect(stderr).toContain(`pg_restore --no-owner --dbname "$DATABASE_URL" ${file}`);
    expect(stderr).not.toContain('s3cret-pw');
    expect(existsSync(file)).toBe(false);
  });
});
