#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readEnv } from './config/env.js';
import { maskUrl } from './config/mask-url.js';
import { BackupError, type BackupSummary, backupSqlite, pgDumpGuidance } from './storage/backup.js';

const HELP = `decide-bot backup: a consistent copy of the bot's SQLite database, taken while the bot runs.

Usage: npm run backup -- <file> [--force]

Arguments:
  <file>        where to write the copy, e.g. ./backups/decide-2026-12-01.db (a new file)

Options:
  --force       replace <file> if it exists
  -h, --help    show this help

It reads the bot's environment: DATABASE_PATH (default ./data/decide.db). The copy is made with SQLite's online
backup API as one snapshot, so the bot keeps running and writing meanwhile; it is checked (integrity_check) and
then renamed into place, so <file> is complete or not there. To restore: stop the bot, copy the file over
DATABASE_PATH, delete the old file's -wal and -shm beside it, start the bot (it rebuilds every open decision's
timers from the database).

With DATABASE_URL set (PostgreSQL) nothing is copied: it prints the pg_dump command to run instead.
Exit 0: backed up and checked; 1: nothing was backed up (the reason on stderr); 2: wrong arguments.
`;

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (positionals.length === 0 || positionals[0] === '')
    return usage('<file> is required: where to write the copy');
  if (positionals.length > 1) return usage(`one <file> only (given: ${positionals.join(' ')})`);
  const file = positionals[0] as string;

  const env = readEnv();
  if (env.settings === undefined) {
    process.stderr.write(
      `decide-bot backup cannot run:\n${env.problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    return 1;
  }
  const { databaseUrl, databasePath } = env.settings;
  if (databaseUrl !== undefined) {
    // Exit 1: a scheduled backup that only printed this must not pass for one that was made.
    process.stderr.write(pgDumpGuidance(maskUrl(databaseUrl), file));
    return 1;
  }
  try {
    const summary = await backupSqlite(databasePath, file, { force: values.force });
    process.stdout.write(report(summary));
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`decide-bot backup: ${error.message}\n`);
    return 1;
  }
}

function report(summary: BackupSummary): string {
  const width = Math.max(...summary.tables.map((t) => t.table.length)) + 1;
  const lines = [
    `Backed up ${summary.source} to ${resolve(summary.target)} (${(summary.bytes / 1024).toFixed(0)} KiB, ${(summary.ms / 1000).toFixed(1)} s):`,
    ...summary.tables.map((t) => `  ${`${t.table}:`.padEnd(width)} ${t.rows}`),
    "Checked: the copy passes SQLite's integrity check.",
  ];
  return `${lines.join('\n')}\n`;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
}

function usage(problem: string): number {
  process.stderr.write(`decide-bot backup: ${problem}\n\n${HELP}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
