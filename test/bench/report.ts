/**
 * The benchmark report: every section's goal rows in one Markdown table, then each section's method and
 * detail, written to `test/bench/results/latest.md` by `npm run bench`; and the same as plain text for stdout.
 */
import type { BenchSection, GoalRow } from './goals.js';
import { notes, table } from './table.js';

/** What became of one benchmark of the run. */
export interface SectionOutcome {
  /** Its `--only` name, e.g. `startup`. */
  readonly name: string;
  /** Its heading when it failed before returning a section (else the section's title is used). */
  readonly title?: string;
  /** The section it returned; absent when it failed. */
  readonly section?: BenchSection;
  /** Why it failed (the error's message, or the stack). */
  readonly error?: string;
  /** Its wall time, ms. */
  readonly ms: number;
}

export interface RunReport {
  readonly startedAt: Date;
  /** One line per fact: CPUs, memory, load, Node, Redis, SQLite, PostgreSQL, BullMQ, Bolt. */
  readonly machine: readonly string[];
  /** `--quick`: smaller counts. */
  readonly quick: boolean;
  /** The command line's arguments, as given. */
  readonly argv: readonly string[];
  /** Every benchmark name there is, and those that were asked for (all of them without `--only`). */
  readonly available: readonly string[];
  readonly selected: readonly string[];
  /** The databases (`--database`, e.g. SQLite, PostgreSQL) that the per-database benchmarks ran on, in order. */
  readonly databases?: readonly string[];
  /** The benchmarks that run once per database (each run its own section, under the same name). */
  readonly perDatabase?: readonly string[];
  readonly outcomes: readonly SectionOutcome[];
  /** Total wall time so far, ms. */
  readonly totalMs: number;
  /** Set when the run was stopped (Ctrl-C) before it finished. */
  readonly interrupted?: string;
}

/** A benchmark's result as a section: a plain-text report (from one not yet converted) has no goal rows. */
export function asSection(title: string, result: string | BenchSection): BenchSection {
  if (typeof result !== 'string') return result;
  return { title, goals: [], method: [], detail: result };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(0)} s`;

function metCell(met: boolean | undefined): string {
  if (met === undefined) return 'report';
  return met ? '✅' : '❌';
}

/** A Markdown table cell: no pipes or line breaks inside. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').trim();
}

/** Fences `text` with more backticks than it contains in a row. */
function fenced(text: string, info = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text.trimEnd()}\n${fence}`;
}

/** The error's first line, cut to fit a table cell. */
function firstLine(text: string, max = 160): string {
  const line = text.split('\n')[0] ?? text;
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Counts of goal rows met, missed and reported, and of failed benchmarks. */
export function tally(outcomes: readonly SectionOutcome[]) {
  const rows = outcomes.flatMap((o) => o.section?.goals ?? []);
  return {
    met: rows.filter((r) => r.met === true).length,
    missed: rows.filter((r) => r.met === false).length,
    reported: rows.filter((r) => r.met === undefined).length,
    failed: outcomes.filter((o) => o.error !== undefined).length,
  };
}

/** Code point ranges a terminal (and Biome's Markdown formatter) shows two columns wide: CJK, emoji such as ✅ ❌. */
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
];

/** Display width of `text` in columns. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    width += WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1;
  }
  return width;
}

/** A Markdown table with its columns padded to one width, as the project's formatter (Biome) writes them. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows].map((r) => header.map((_, i) => cell(r[i] ?? '')));
  const widths = header.map((_, i) => Math.max(3, ...all.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - displayWidth(c))).join(' | ')} |`;
  const [head, ...body] = all;
  return [line(head ?? []), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...body.map(line)].join(
    '\n',
  );
}

/** The consolidated goals table, one group of rows per benchmark (its title, then its goal rows). */
export function goalsTable(outcomes: readonly SectionOutcome[]): string {
  const rows: string[][] = [];
  for (const o of outcomes) {
    const title = o.section?.title ?? o.title ?? o.name;
    rows.push([`**${title}** (\`${o.name}\`, ${seconds(o.ms)})`, '', '', '', '', '']);
    if (o.error !== undefined) {
      rows.push([`FAILED: ${firstLine(o.error)}`, '', '', '', '', '❌']);
      continue;
    }
    const goals: readonly GoalRow[] = o.section?.goals ?? [];
    if (goals.length === 0) rows.push(['no goal rows: see its detail below', '', '', '', '', 'report']);
    for (const g of goals) rows.push([g.figure, g.reference, g.value, g.ratio, g.goal, metCell(g.met)]);
  }
  return markdownTable(['figure', 'reference, same run', 'value', 'ratio', 'goal', 'met'], rows);
}

export function markdownReport(run: RunReport): string {
  const { outcomes } = run;
  const t = tally(outcomes);
  // A per-database benchmark has a section per database, under one name.
  const ran = [...new Set(outcomes.map((o) => o.name))].map((n) => `\`${n}\``).join(', ') || 'none';
  const perDatabase = (run.perDatabase ?? []).filter((n) => run.selected.includes(n));
  const databases = run.databases ?? [];
  const all = run.selected.length === run.available.length;
  const command = ['npm run bench', ...(run.argv.length > 0 ? ['--', ...run.argv] : [])].join(' ');
  const out: string[] = [
    '# decide-bot benchmarks',
    '',
    `- Date: ${run.startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- Command: \`${command}\``,
    `- Run: ${run.quick ? '**quick run** (`--quick`: smaller counts; figures are not comparable with a full run)' : 'full run (default counts)'}`,
    `- Benchmarks: ${
      all
        ? `all (${ran})`
        : `only ${run.selected.map((n) => `\`${n}\``).join(', ')} (\`--only\`; not run: ${run.available
            .filter((n) => !run.selected.includes(n))
            .map((n) => `\`${n}\``)
            .join(', ')}); ran: ${ran}`
    }`,
    ...(perDatabase.length === 0 || databases.length === 0
      ? []
      : [
          `- Databases: ${perDatabase.map((n) => `\`${n}\``).join(' and ')} ran on ${databases.join(', then ')} (\`--database\`${databases.length === 1 ? '' : '; a section each'}); the others on SQLite`,
        ]),
    ...(run.interrupted === undefined
      ? []
      : [`- **Interrupted** (${run.interrupted}): the report is partial`]),
    `- Total run time: ${seconds(run.totalMs)}`,
    '',
    '## Machine',
    '',
    ...run.machine.map((l) => `- ${l}`),
    '',
    '## Goals',
    '',
    'Each figure next to its reference measured in the same run on the same machine. ✅ goal met, ❌ missed,',
    '"report": a figure without a goal. The machine is shared: figures vary from run to run.',
    '',
    goalsTable(outcomes),
    '',
    `${t.met} goals met, ${t.missed} missed, ${t.reported} figures reported${t.failed > 0 ? `, **${t.failed} benchmark${t.failed === 1 ? '' : 's'} failed**` : ''}.`,
  ];
  for (const o of outcomes) {
    out.push('', `## ${o.section?.title ?? o.title ?? o.name} (\`${o.name}\`)`, '', `Took ${seconds(o.ms)}.`);
    if (o.error !== undefined) {
      out.push('', '**Failed:**', '', fenced(o.error));
      continue;
    }
    const section = o.section as BenchSection;
    if (section.method.length > 0) out.push('', '### Method', '', ...section.method.map((m) => `- ${m}`));
    out.push('', '### Detail', '', fenced(section.detail));
  }
  out.push('', '## Total run time', '', `${seconds(run.totalMs)}${run.quick ? ' (quick run)' : ''}.`, '');
  return out.join('\n');
}

/** One section as plain text for stdout: its goal rows as a table, its method, its detail. */
export function textSection(outcome: SectionOutcome): string {
  const title = `== ${outcome.section?.title ?? outcome.title ?? outcome.name} (${outcome.name}, ${seconds(outcome.ms)})`;
  if (outcome.error !== undefined) return `${title}\nFAILED: ${outcome.error}`;
  const section = outcome.section as BenchSection;
  const parts = [title];
  if (section.goals.length > 0) {
    parts.push(
      table(
        'Goals',
        ['figure', 'reference, same run', 'value', 'ratio', 'goal', 'met'],
        section.goals.map((g) => [
          g.figure,
          g.reference,
          g.value,
          g.ratio,
          g.goal,
          g.met === undefined ? 'report' : g.met ? 'yes' : 'NO',
        ]),
      ),
    );
  }
  if (section.method.length > 0) parts.push(`Method:\n${notes(section.method)}`);
  parts.push(section.detail);
  return parts.join('\n\n');
}
