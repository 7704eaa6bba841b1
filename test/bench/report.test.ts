import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchSection } from './goals.js';
import { asSection, markdownReport, type RunReport, textSection } from './report.js';
import { runStartup } from './startup.js';
import { cleanup } from './support.js';

/** Keeps the report writer and the start-up benchmark runnable; figures only, no timing assertion. */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'decide-bench-report-test-'));
afterAll(async () => {
  await cleanup.runAll();
  rmSync(dir, { recursive: true, force: true });
});

const section: BenchSection = {
  title: 'Sample',
  goals: [
    {
      figure: 'fast | thing',
      value: '10 ms',
      reference: 'bare: 8 ms',
      ratio: '1.25×',
      goal: '≤ 1.5×',
      met: true,
    },
    {
      figure: 'slow thing',
      value: '30 ms',
      reference: 'bare: 8 ms',
      ratio: '3.75×',
      goal: '≤ 1.5×',
      met: false,
    },
    { figure: 'count', value: '3', reference: '', ratio: '', goal: 'report', met: undefined },
  ],
  method: ['Three runs.'],
  detail: 'a table\nwith ``` inside',
};

function run(overrides: Partial<RunReport> = {}): RunReport {
  return {
    startedAt: new Date('2026-12-01T10:00:00Z'),
    machine: ['CPUs: 2 x Test CPU', 'SQLite 3.50.0'],
    quick: false,
    argv: [],
    available: ['sample', 'plain', 'broken'],
    selected: ['sample', 'plain', 'broken'],
    outcomes: [
      { name: 'sample', section, ms: 1500 },
      { name: 'plain', section: asSection('Plain', 'plain text report'), ms: 2000 },
      { name: 'broken', error: 'Error: it broke\n    at somewhere', ms: 10 },
    ],
    totalMs: 3600,
    ...overrides,
  };
}

describe('benchmark report (smoke)', () => {
  it('writes one goals table from the sections, then each method and detail', () => {
    const written = markdownReport(run());
    // The table's columns are padded; compare with single spaces.
    const md = written.replace(/ {2,}/g, ' ');
    expect(md).toContain('| figure | reference, same run | value | ratio | goal | met |');
    expect(md).toContain('| fast \\| thing | bare: 8 ms | 10 ms | 1.25× | ≤ 1.5× | ✅ |');
    expect(md).toContain('| slow thing | bare: 8 ms | 30 ms | 3.75× | ≤ 1.5× | ❌ |');
    expect(md).toContain('| count | | 3 | | report | report |');
    expect(md).toContain('FAILED: Error: it broke');
    expect(md).toContain('- CPUs: 2 x Test CPU');
    expect(md).toContain('- Three runs.');
    // The detail is fenced with more backticks than it holds.
    expect(md).toContain('````text\na table\nwith ``` inside\n````');
    expect(md).toContain('1 goals met, 1 missed, 1 figures reported, **1 benchmark failed**');
    expect(md).toContain('full run');
    expect(md).toContain('## Total run time');
    expect(textSection({ name: 'sample', section, ms: 1500 })).toContain('slow thing');
    // Laid out as the project's formatter would: `biome check` passes on a committed report.
    const biome = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'biome'),
      ['format', '--stdin-file-path=latest.md'],
      { cwd: ROOT, input: written, encoding: 'utf8' },
    );
    expect(biome.stdout).toBe(written);
  });

  it('says when the run was quick or limited with --only', () => {
    const md = markdownReport(
      run({ quick: true, argv: ['--quick', '--only', 'sample'], selected: ['sample'], outcomes: [] }),
    ).replace(/ {2,}/g, ' ');
    expect(md).toContain('**quick run**');
    expect(md).toContain('only `sample`');
    expect(md).toContain('not run: `plain`, `broken`');
  });

  it('keeps a per-database benchmark under one name, a section per database, and says which databases ran', () => {
    const on = (label: string): BenchSection => ({
      ...section,
      title: `Sample on ${label}`,
      goals: section.goals.map((g) => ({ ...g, figure: `${g.figure}, ${label}` })),
    });
    const written = markdownReport(
      run({
        selected: ['sample', 'plain'],
        databases: ['SQLite', 'PostgreSQL'],
        perDatabase: ['sample'],
        outcomes: [
          { name: 'sample', section: on('SQLite'), ms: 1500 },
          { name: 'sample', section: on('PostgreSQL'), ms: 2500 },
          { name: 'plain', section: asSection('Plain', 'plain text report'), ms: 2000 },
        ],
      }),
    );
    const md = written.replace(/ {2,}/g, ' ');
    expect(md).toContain(
      '- Databases: `sample` ran on SQLite, then PostgreSQL (`--database`; a section each)',
    );
    expect(md).toContain('ran: `sample`, `plain`');
    expect(md).toContain('| **Sample on SQLite** (`sample`, 2 s) |');
    expect(md).toContain('| **Sample on PostgreSQL** (`sample`, 3 s) |');
    expect(md).toContain('| slow thing, PostgreSQL | bare: 8 ms | 30 ms | 3.75× | ≤ 1.5× | ❌ |');
    expect(md).toContain('## Sample on PostgreSQL (`sample`)');
    expect(md).toContain('2 goals met, 2 missed, 2 figures reported.');
  });

  it('--help names --database, and an unknown database is refused before anything runs', () => {
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const help = spawnSync(tsx, ['test/bench/run.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--database sqlite|postgres|both');
    expect(help.stdout).toContain('--postgres URL');
    const out = join(dir, 'refused.md');
    const refused = spawnSync(tsx, ['test/bench/run.ts', '--database', 'mysql', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('--database: expected sqlite, postgres or both, got "mysql"');
  });

  it('npm run bench --only digest writes the report to --out', () => {
    const out = join(dir, 'report.md');
    const result = spawnSync(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['test/bench/run.ts', '--only', 'digest', '--decisions', '500', '--projects', '2', '--out', out],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.status, result.stderr).toBe(0);
    const md = readFileSync(out, 'utf8').replace(/ {2,}/g, ' ');
    expect(md).toContain('| figure | reference, same run | value | ratio | goal | met |');
    expect(md).toMatch(/weekly digest over 500 stored decisions/);
    expect(md).toContain('only `digest`');
    expect(md).toMatch(/- SQLite \d+\.\d+/);
    expect(md).toMatch(/- PostgreSQL \d+\.\d+.* \(pg \d+\.\d+\.\d+\)/);
    // digest does not run per database: no Databases line.
    expect(md).not.toContain('- Databases:');
  }, 60_000);
});

describe('start-up benchmark (smoke)', () => {
  it('starts the built bot once with a few open decisions and reads its memory', async () => {
    const result = await runStartup({
      sizes: [100],
      repeats: 1,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      npmStart: false,
      settleMs: 0,
    });
    expect(result.title).toBe('Start-up');
    const listen = result.goals.find((g) => g.figure.startsWith('start-up until listening'));
    expect(listen?.value).toMatch(/^\d+ ms/);
    expect(listen?.reference).toMatch(/node -e/);
    const rss = result.goals.find((g) => g.figure.startsWith('RSS of the main process'));
    expect(rss?.value).toMatch(/^[1-9]\d* MB/);
    expect(result.detail).toContain('log line');
  }, 90_000);
});
