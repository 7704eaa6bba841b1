/**
 * The contract between each benchmark and the report (`test/bench/results/latest.md`): every benchmark
 * returns a section with its goal rows (figure, reference measured in the same run, ratio, goal, met), the
 * method (counts, concurrency, repetitions) and its detailed text report.
 */

export interface GoalRow {
  /** What is measured, e.g. "ack p99 of an option button, 200 in flight". */
  readonly figure: string;
  /** decide-bot's figure, formatted with its unit. */
  readonly value: string;
  /** The reference's figure in the same run, formatted, with what it is ("bare Bolt: 171 ms"); '' for none. */
  readonly reference: string;
  /** value ÷ reference ("1.23×"), or a difference ("+12 ms"); '' when the figure is reported only. */
  readonly ratio: string;
  /** The goal, e.g. "≤ 1.5×", "≤ reference + 50 ms", "≤ 200 MB", "report". */
  readonly goal: string;
  /** Whether the goal holds; undefined for a figure that is only reported. */
  readonly met: boolean | undefined;
}

export interface BenchSection {
  /** A short heading, e.g. "Acks under bursts". */
  readonly title: string;
  readonly goals: readonly GoalRow[];
  /** How it was measured: counts, concurrency, repetitions, what each side ran. One sentence per line. */
  readonly method: readonly string[];
  /** The benchmark's full plain-text report (tables and notes), printed to stdout and kept in the file. */
  readonly detail: string;
}

/** `1.23×` of value over reference (two decimals; `n/a` when the reference is 0). */
export function ratio(value: number, reference: number): string {
  if (!(reference > 0)) return 'n/a';
  return `${(value / reference).toFixed(2)}×`;
}
