#!/usr/bin/env node
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type CopySummary, copySqliteToPostgres, rowCount } from './storage/copy.js';
import { maskUrl } from './storage/postgres/index.js';

const HELP = `decide-bot db:copy: moves a deployment from its SQLite file to a PostgreSQL database.

Usage: npm run db:copy -- --from <sqlite file> --to <postgres url> [--force]

Options:
  --from <file>   the bot's SQLite file (its DATABASE_PATH, e.g. ./data/decide.db); it must exist, and is
                  migrated to the latest schema first, so a file from an older version copies too
  --to <url>      the PostgreSQL database, postgres://user:password@host:5432/name (migrated the same way)
  --force         the target holds rows already: delete them all and replace them with the file's
  -h, --help      show this help

Stop the bot first. Every table is copied in one PostgreSQL transaction, keeping the ids, and read back and
compared with the file (row counts, and every row: the event log in id order) before it commits: a difference
rolls the whole copy back. A target that is not empty is refused unless --force. Exit 0: copied and verified;
1: nothing was copied (the reason on stderr); 2: wrong arguments.
`;

async function main(argv: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (error) {
    return usage(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.from === undefined || values.from === '') return usage('--from <sqlite file> is required');
  if (values.to === undefined || values.to === '') return usage('--to <postgres url> is required');
  const to = values.to;
  try {
    const summary = await copySqliteToPostgres(values.from, to, { force: values.force });
    process.stdout.write(report(resolve(values.from), maskUrl(to), summary));
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`decide-bot db:copy: ${scrub(message, to)}\n`);
    return 1;
  }
}

function report(from: string, to: string, summary: CopySummary): string {
  const width = Math.max(...summary.tables.map((t) => t.table.length)) + 1;
  const lines = [`Copied ${from} to ${to} in ${(summary.ms / 1000).toFixed(1)} s:`];
  for (const t of summary.tables) {
    const next = t.nextId === undefined ? '' : ` (next id ${t.nextId})`;
    lines.push(`  ${`${t.table}:`.padEnd(width)} ${rowCount(t.rows)}${next}`);
  }
  if (summary.removed.length > 0) {
    const removed = summary.removed.map((t) => `${t.table} ${rowCount(t.rows)}`).join(', ');
    lines.push(`The target's earlier rows were deleted first (--force): ${removed}.`);
  }
  lines.push(
    'Verified: every table has the same rows in PostgreSQL as in the file (counts, and a SHA-256 over every',
    'row; the event log in id order).',
  );
  return `${lines.join('\n')}\n`;
}

/** The messages mask the URL already; this also hides the password should a driver message ever echo it. */
function scrub(message: string, url: string): string {
  let forms: string[] = [];
  try {
    const { password } = new URL(url);
    forms = [password, decodeURIComponent(password)];
  } catch {
    // Not a URL: the messages show it masked.
  }
  // A password of a character or two would blot out ordinary words: those rely on the masking alone.
  return forms.filter((p) => p.length >= 3).reduce((text, p) => text.replaceAll(p, '***'), message);
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

function usage(problem: string): number {
  process.stderr.write(`decide-bot db:copy: ${problem}\n\n${HELP}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
