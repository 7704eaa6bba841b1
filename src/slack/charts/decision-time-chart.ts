import type { TopLevelSpec } from 'vega-lite';
import { HOUR } from '../../domain/time.js';

/** A Vega-Lite specification, as `vega-lite`'s `compile` takes it. */
export type VegaLiteSpec = TopLevelSpec;

export interface ChartWeek {
  /** Start of the week, epoch ms. */
  weekStart: number;
  /** Median business time spent at each level by the decisions closed that week. */
  spocMs: number;
  sponsorMs: number;
  committeeMs: number;
  /** Decisions closed that week; 0 leaves an empty slot. */
  count: number;
}

export interface ChartInput {
  weeks: readonly ChartWeek[];
  slaMs: number | null;
  timeZone: string;
  /** hours or days on the axis */
  unit: 'minutes' | 'hours' | 'days';
  workingDayMs: number;
}

export interface ChartWords {
  title: string;
  yAxis: string;
  levels: { spoc: string; sponsor: string; committee: string };
  sla: string;
  noDecisions: string;
  weekLabel: (weekStart: number) => string;
}

export type ChartLevel = 'spoc' | 'sponsor' | 'committee';

/** One stacked segment: a level's median time in one week, already in the axis unit. */
export interface ChartRow {
  week: string;
  level: string;
  /** Stacking order: SPoC at the bottom, where every decision starts. */
  levelOrder: number;
  value: number;
  count: number;
}

/**
 * The chart's size in CSS pixels; `renderChartPng` rasterises it at 2× for a 960×540 PNG. Every font size
 * below is ≥ 11 px here, i.e. ≥ 22 px in the PNG, so Slack's ~480 px wide preview stays legible.
 */
export const CHART_WIDTH = 480;
export const CHART_HEIGHT = 270;

/** DejaVu Sans ships in Debian's `fonts-dejavu-core`; render-png.ts loads it for resvg under this name. */
export const CHART_FONT = 'DejaVu Sans';

const LEVELS: readonly ChartLevel[] = ['spoc', 'sponsor', 'committee'];

/**
 * Blue / orange / purple stay apart for the common colour-vision deficiencies; blue and purple (the closest pair)
 * only meet when a week has no sponsor time, and white strokes separate every segment.
 */
export const LEVEL_COLOURS: Readonly<Record<ChartLevel, string>> = {
  spoc: '#2b6cb0',
  sponsor: '#dd6b20',
  committee: '#805ad5',
};
const SLA_COLOUR = '#c53030';
const INK = '#1a202c';
const MUTED_INK = '#2d3748';

// Week labels are a notch smaller: eight of them must fit side by side.
const FONT_SIZE = { title: 16, axisTitle: 13, label: 13, weekLabel: 12, note: 12 } as const;

const MS_BY_LEVEL: Readonly<Record<ChartLevel, (week: ChartWeek) => number>> = {
  spoc: (w) => w.spocMs,
  sponsor: (w) => w.sponsorMs,
  committee: (w) => w.committeeMs,
};

/** Milliseconds in the axis unit: minutes or hours, or working days of `workingDayMs`. */
export function toUnit(ms: number, input: Pick<ChartInput, 'unit' | 'workingDayMs'>): number {
  return ms / (input.unit === 'days' ? input.workingDayMs : input.unit === 'minutes' ? HOUR / 60 : HOUR);
}

/** The long-format rows Vega-Lite stacks: one per week and level (zeros included, the bar layer drops them). */
export function chartRows(input: ChartInput, words: ChartWords): ChartRow[] {
  return input.weeks.flatMap((week) =>
    LEVELS.map((level, levelOrder) => ({
      week: words.weekLabel(week.weekStart),
      level: words.levels[level],
      levelOrder,
      value: week.count === 0 ? 0 : toUnit(MS_BY_LEVEL[level](week), input),
      count: week.count,
    })),
  );
}

/** Top of the y axis: the tallest stack or the SLA with headroom for the SLA label, rounded; 1 when empty. */
function yMax(input: ChartInput): number {
  const stacks = input.weeks.map((w) =>
    w.count === 0 ? 0 : toUnit(w.spocMs + w.sponsorMs + w.committeeMs, input),
  );
  const highest = Math.max(0, ...stacks, input.slaMs === null ? 0 : toUnit(input.slaMs, input));
  return highest === 0 ? 1 : niceCeil(highest * 1.1);
}

/** Rounds up to a multiple of 1, 2, 2.5 or 5 × 10ⁿ giving about five ticks (Vega does not nice a fixed domain). */
function niceCeil(value: number): number {
  const rough = value / 5;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  return Math.ceil(value / step) * step;
}

/** A label wider than its slot would run into the next one, so long ones stand upright instead. */
function noteAngle(words: ChartWords, slots: number): number {
  const slotWidth = (CHART_WIDTH * 0.85) / Math.max(1, slots);
  return words.noDecisions.length * FONT_SIZE.note * 0.6 > slotWidth * 0.9 ? 270 : 0;
}

/** Every week keeps its slot, empty ones included, in the order given. */
function weekAxis(weekLabels: readonly string[]) {
  return {
    field: 'week',
    type: 'ordinal' as const,
    scale: { domain: [...weekLabels], paddingInner: 0.25 },
    axis: { title: null, labelAngle: 0, ticks: false },
  };
}

function barLayer(input: ChartInput, words: ChartWords, weekLabels: readonly string[]) {
  return {
    transform: [{ filter: 'datum.value > 0' }],
    mark: { type: 'bar' as const, stroke: 'white', strokeWidth: 1 },
    encoding: {
      x: weekAxis(weekLabels),
      y: {
        field: 'value',
        type: 'quantitative' as const,
        stack: 'zero' as const,
        scale: { domain: [0, yMax(input)], nice: false },
        axis: { title: words.yAxis, tickCount: 5, format: '~r' },
      },
      color: {
        field: 'level',
        type: 'nominal' as const,
        scale: {
          domain: LEVELS.map((l) => words.levels[l]),
          range: LEVELS.map((l) => LEVEL_COLOURS[l]),
        },
        legend: { title: null, orient: 'top' as const, direction: 'horizontal' as const },
      },
      order: { field: 'levelOrder', type: 'quantitative' as const },
    },
  };
}

/** The small note in the slot of a week nothing was closed in. */
function emptyWeekLayer(words: ChartWords, weekLabels: readonly string[]) {
  const angle = noteAngle(words, weekLabels.length);
  return {
    transform: [{ filter: 'datum.count === 0 && datum.levelOrder === 0' }],
    mark: {
      type: 'text' as const,
      text: words.noDecisions,
      angle,
      align: angle === 0 ? ('center' as const) : ('left' as const),
      baseline: angle === 0 ? ('bottom' as const) : ('middle' as const),
      dy: angle === 0 ? -4 : 0,
      dx: angle === 0 ? 0 : 6,
      fontSize: FONT_SIZE.note,
      fontStyle: 'italic',
      color: MUTED_INK,
    },
    encoding: { x: weekAxis(weekLabels), y: { datum: 0, type: 'quantitative' as const } },
  };
}

/** The SLA as a dashed rule, labelled at its left end over a white halo so bars behind it cannot hide it. */
function slaLayers(slaValue: number, words: ChartWords) {
  const data = { values: [{ sla: slaValue }] };
  const y = { field: 'sla', type: 'quantitative' as const };
  const label = {
    type: 'text' as const,
    text: words.sla,
    align: 'left' as const,
    baseline: 'bottom' as const,
    x: 4,
    dy: -3,
    fontSize: FONT_SIZE.label,
    fontWeight: 'bold' as const,
  };
  return [
    // A white casing under the dashes keeps the line visible where it crosses a bar.
    { data, mark: { type: 'rule' as const, color: 'white', strokeWidth: 5 }, encoding: { y } },
    {
      data,
      mark: { type: 'rule' as const, color: SLA_COLOUR, strokeWidth: 2.5, strokeDash: [8, 5] },
      encoding: { y },
    },
    {
      data,
      mark: { ...label, color: 'white', stroke: 'white', strokeWidth: 4, strokeJoin: 'round' as const },
      encoding: { y },
    },
    { data, mark: { ...label, color: SLA_COLOUR }, encoding: { y } },
  ];
}

/**
 * The weekly digest's chart: median time to outcome per week, stacked by level, with the SLA as a dashed line.
 * Pure: every visible word comes from `words`, every number from `input`.
 */
export function decisionTimeChartSpec(input: ChartInput, words: ChartWords): VegaLiteSpec {
  const weekLabels = input.weeks.map((w) => words.weekLabel(w.weekStart));
  const slaLayer = input.slaMs === null ? [] : slaLayers(toUnit(input.slaMs, input), words);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit', contains: 'padding' },
    padding: 8,
    background: 'white',
    // A long project name is cut with an ellipsis rather than run off the image.
    title: {
      text: words.title,
      anchor: 'start',
      fontSize: FONT_SIZE.title,
      color: INK,
      limit: CHART_WIDTH - 16,
    },
    data: { values: chartRows(input, words) },
    layer: [barLayer(input, words, weekLabels), emptyWeekLayer(words, weekLabels), ...slaLayer],
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: {
        labelFontSize: FONT_SIZE.label,
        titleFontSize: FONT_SIZE.axisTitle,
        labelColor: INK,
        titleColor: INK,
        titleFontWeight: 'normal',
        domainColor: MUTED_INK,
        tickColor: MUTED_INK,
        gridColor: '#e2e8f0',
      },
      axisX: { grid: false, labelFontSize: FONT_SIZE.weekLabel },
      legend: {
        labelFontSize: FONT_SIZE.label,
        labelColor: INK,
        labelLimit: 0,
        symbolType: 'square',
        symbolSize: 160,
      },
    },
  };
}
