#!/usr/bin/env node
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { decisionLog } from './app/decision-log.js';
import { projectLocale } from './app/languages.js';
import { ConfiguredProjects } from './app/project-directory.js';
import { ConfigError, loadConfig } from './config.js';
import { startOfLocalDate } from './domain/local-date.js';
import { EXPORT_FORMATS, type ExportFormat, logFile } from './export/log-file.js';
import { optionLabel } from './slack/blocks/facts.js';
import { inLocale } from './slack/text/index.js';
import { DatabaseUnavailable, DatabaseUrlInvalid, openStorage, type Storage } from './storage/index.js';

const HELP = `decide-bot export: a project's decision log as CSV or JSON, read from the database (no Slack needed).

Usage: npm run export -- --project <id> [--since YYYY-MM-DD] [--format csv|json] [--out <file>]

Options:
  --project <id>     the project's id in decide.config.yml (required)
  --since <date>     only decisions opened on or after this local date (the calendar's zone); default: all
  --format csv|json  default csv (UTF-8 with a byte-order mark, opens in spreadsheet programs)
  --out <file>       write there; default: standard output
  -h, --help         show this help

It reads the same environment as the bot: DATABASE_URL (PostgreSQL) or else DATABASE_PATH (SQLite, default
./data/decide.db), and DECIDE_CONFIG (default ./decide.config.yml). One row per decision: question, options, outcome, rationale, requester,
decider, level reached, opened, closed, business and wall time to outcome, escalations, cost of delay.
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
  const format = values.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) return usage(`--format "${values.format}" is not one of csv, json`);
  if (values.project === undefined) return usage('--project <id> is required');

  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`decide-bot export cannot run.\n${error.message}\n`);
    return 1;
  }
  const projects = new ConfiguredProjects(config.projects, config.calendar);
  const project = projects.byId(values.project);
  if (project === undefined) {
    const known = projects.all().map((p) => p.id);
    return usage(
      `there is no project "${values.project}" in ${config.configPath} (projects: ${known.join(', ')})`,
    );
  }
  const now = Date.now();
  let since: number | undefined;
  if (values.since !== undefined) {
    since = startOfLocalDate(values.since, projects.timezone);
    if (since === undefined)
      return usage(`--since "${values.since}" is not a date (use YYYY-MM-DD, e.g. 2026-11-01)`);
    if (since > now) return usage(`--since ${values.since} is in the future: give today or an earlier date`);
  }
  if (config.databaseUrl === undefined && !existsSync(config.databasePath)) {
    process.stderr.write(
      `decide-bot export: there is no database at ${resolve(config.databasePath)} (set DATABASE_PATH or DATABASE_URL)\n`,
    );
    return 1;
  }
  let storage: Storage;
  try {
    storage = await openStorage(config, { clock: { now: () => now }, log: stderrLog });
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable || error instanceof DatabaseUrlInvalid)) throw error;
    process.stderr.write(`decide-bot export: ${error.message}\n`);
    return 1;
  }
  try {
    // No Slack reader here: the file speaks the project's language (its options too, in the rationale).
    const { rows, file } = await inLocale(projectLocale(project), async () => {
      const rows = await decisionLog(
        { decisions: storage.decisions, projects, clock: { now: () => now } },
        project.id,
        since,
        optionLabel,
      );
      return {
        rows,
        file: logFile(rows, format, { projectId: project.id, timeZone: projects.timezone, at: now }),
      };
    });
    if (values.out === undefined) process.stdout.write(file.content);
    else {
      writeFileSync(values.out, file.content);
      process.stderr.write(`wrote ${rows.length} decision${rows.length === 1 ? '' : 's'} to ${values.out}\n`);
    }
  } finally {
    await storage.close();
  }
  return 0;
}

/** What the storage reports from the background (a lost connection), on stderr: stdout may be the file. */
const stderrLog = {
  debug: () => {},
  info: () => {},
  warn: (message: string) => void process.stderr.write(`decide-bot export: ${message}\n`),
  error: (message: string) => void process.stderr.write(`decide-bot export: ${message}\n`),
};

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      project: { type: 'string' },
      since: { type: 'string' },
      format: { type: 'string', default: 'csv' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  }).values;
}

function usage(problem: string): number {
  process.stderr.write(`decide-bot export: ${problem}\n\n${HELP}`);
  return 2;
}

process.exitCode = await main(process.argv.slice(2));
