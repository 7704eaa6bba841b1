import { percentile } from '../../src/domain/stats.js';

/** Percentiles of one series (ms), nearest-rank as everywhere in the project (`src/domain/stats.ts`). */
export interface Figures {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

export function figures(values: readonly number[]): Figures {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
    mean: sorted.length === 0 ? null : sorted.reduce((sum, v) => sum + v, 0) / sorted.length,
  };
}

/** A duration in ms for a table cell: one decimal below 100 ms, whole ms above, '-' when there is none. */
export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  return Math.abs(value) < 100 ? value.toFixed(1) : Math.round(value).toString();
}

/** A duration in seconds (for set-up steps that take seconds). */
export function seconds(valueMs: number): string {
  return `${(valueMs / 1000).toFixed(1)} s`;
}

export function bytes(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1024 * 1024) return `${(value / 1024 / 1024).toFixed(1)} MiB`;
  if (abs >= 1024) return `${(value / 1024).toFixed(1)} KiB`;
  return `${Math.round(value)} B`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}
