import { TZDate } from '@date-fns/tz';
import { stringify } from 'csv-stringify/sync';
import { formatISO } from 'date-fns';
import type { DecisionLogRow } from '../app/decision-log.js';
import { APPROVE_REJECT, type DecisionOption } from '../domain/decision.js';
import { SIGNOFF_OPTIONS } from '../domain/signoff.js';
import { t } from '../slack/text/index.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface LogFile {
  readonly filename: string;
  readonly mimetype: string;
  readonly content: Buffer;
}

const COLUMNS = [
  'kind',
  'id',
  'project',
  'question',
  'options',
  'status',
  'outcome',
  'rationale',
  'blocks',
  'requester',
  'decider',
  'levelReached',
  'openedAt',
  'closedAt',
  'businessHours',
  'wallHours',
  'escalations',
  'costOfDelay',
  'currency',
  'rounds',
] as const;
type Column = (typeof COLUMNS)[number];
type Flat = Record<Column, string | number | null>;

/**
 * The decision log as a file. CSV: one header row in words, one row per decision, quoted by csv-stringify
 * (commas, quotes and newlines in a question stay one cell), UTF-8 with a byte-order mark so spreadsheet
 * programs read Indonesian text and emoji right. JSON: an array of objects keyed by the column names.
 * Instants are ISO 8601 in the calendar's zone (with its offset); durations in hours, 2 decimals.
 */
export function logFile(
  rows: readonly DecisionLogRow[],
  format: ExportFormat,
  meta: { projectId: string; timeZone: string; at: number },
): LogFile {
  const flat = rows.map((row) => flatten(row, meta.timeZone));
  const day = formatISO(new TZDate(meta.at, meta.timeZone), { representation: 'date' });
  const base = `decisions-${meta.projectId}-${day}`;
  if (format === 'json') {
    return {
      filename: `${base}.json`,
      mimetype: 'application/json',
      content: Buffer.from(`${JSON.stringify(flat, null, 2)}\n`, 'utf8'),
    };
  }
  const csv = stringify(flat, {
    header: true,
    columns: COLUMNS.map((key) => ({ key, header: t.export.columns[key] })),
    cast: { number: (n) => String(n) },
  });
  return { filename: `${base}.csv`, mimetype: 'text/csv', content: Buffer.from(`\uFEFF${csv}`, 'utf8') };
}

/**
 * A label as the reader reads it: the built-in options (a decision's Approve / Reject when none were typed, a
 * sign-off's answers) in their language, typed ones as typed.
 */
function labelOf(row: DecisionLogRow): (label: string) => string {
  const builtIn: readonly DecisionOption[] = row.kind === 'signoff' ? SIGNOFF_OPTIONS : APPROVE_REJECT;
  const stock = row.options.length === builtIn.length && row.options.every((l, i) => l === builtIn[i]?.label);
  if (!stock) return (label) => label;
  const words = row.kind === 'signoff' ? t.signoff.option : t.option;
  return (label) => {
    const id = builtIn.find((o) => o.label === label)?.id;
    return (id === undefined ? undefined : words[id]) ?? label;
  };
}

function flatten(row: DecisionLogRow, timeZone: string): Flat {
  const label = labelOf(row);
  const iso = (at: number | null) => (at === null ? null : formatISO(new TZDate(at, timeZone)));
  const hours = (ms: number | null) => (ms === null ? null : Math.round(ms / 36_000) / 100);
  return {
    kind: t.export.kind[row.kind],
    id: row.id,
    project: row.project,
    question: row.question,
    options: row.options.map(label).join(t.export.optionsSeparator),
    status: row.status,
    outcome: t.export.outcome(
      row.outcome.label === undefined ? row.outcome : { ...row.outcome, label: label(row.outcome.label) },
    ),
    rationale: row.signoff === null ? row.rationale : signOffRationale(row.signoff),
    blocks: row.blocks,
    requester: row.requester,
    decider: row.decider,
    levelReached: row.levelReached,
    openedAt: iso(row.openedAt),
    closedAt: iso(row.closedAt),
    businessHours: hours(row.businessMs),
    wallHours: hours(row.wallMs),
    escalations: row.escalations,
    costOfDelay: row.costOfDelay?.amount ?? null,
    currency: row.costOfDelay?.currency ?? null,
    rounds: row.signoff?.rounds ?? null,
  };
}

/** A sign-off's rationale cell: every rejection's reason and approval's note, by round (one per line). */
function signOffRationale(log: NonNullable<DecisionLogRow['signoff']>): string | null {
  const lines = [
    ...log.rejections.map((r) => ({ round: r.round, line: t.export.rejection(r.round, r.by, r.reason) })),
    ...log.approvals.map((a) => ({ round: a.round, line: t.export.approval(a.round, a.by, a.note) })),
  ]
    .sort((a, b) => a.round - b.round)
    .map((x) => x.line);
  return lines.length === 0 ? null : lines.join('\n');
}
