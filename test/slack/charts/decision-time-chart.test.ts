import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../../src/domain/time.js';
import {
  type ChartInput,
  type ChartWeek,
  type ChartWords,
  chartFont,
  chartRows,
  decisionTimeChartSpec,
  LEVEL_COLOURS,
  renderChartPng,
  renderChartSvg,
} from '../../../src/slack/charts/index.js';
import { en } from '../../../src/slack/text/en.js';

const TZ = 'Europe/Berlin';
/** Local Mondays from 6 Oct 2025: summer time ends in week 4, so the weeks are not all 7 × 24 h apart. */
const mondayAt = (i: number): number => new TZDate(2025, 9, 6 + 7 * i, TZ).getTime();

function week(i: number, overrides: Partial<ChartWeek> = {}): ChartWeek {
  return {
    weekStart: mondayAt(i),
    spocMs: (4 + i) * HOUR,
    sponsorMs: (i % 3) * 5 * HOUR,
    committeeMs: i === 5 ? 12 * HOUR : 0,
    count: 3 + i,
    ...overrides,
  };
}

const weeks: ChartWeek[] = Array.from({ length: 8 }, (_, i) => (i === 3 ? week(i, { count: 0 }) : week(i)));

function input(overrides: Partial<ChartInput> = {}): ChartInput {
  return { weeks, slaMs: 16 * HOUR, timeZone: TZ, unit: 'hours', workingDayMs: 8 * HOUR, ...overrides };
}

function englishWords(unit: ChartInput['unit'] = 'hours'): ChartWords {
  const c = en.chart;
  return {
    title: c.title('Apollo'),
    yAxis: c.yAxis(unit),
    levels: c.levels,
    sla: c.sla,
    noDecisions: c.noDecisions,
    weekLabel: (weekStart) => c.weekLabel(weekStart, TZ),
  };
}

/** Words none of which appear in the builder, to prove every visible word comes from `words`. */
const foreignWords: ChartWords = {
  title: 'Durée jusqu’à la décision',
  yAxis: 'Heures (médiane)',
  levels: { spoc: 'Pilote', sponsor: 'Commanditaire', committee: 'Comité' },
  sla: 'Délai',
  noDecisions: 'aucune',
  weekLabel: (weekStart) => `S${Array.from({ length: 8 }, (_, i) => mondayAt(i)).indexOf(weekStart) + 1}`,
};

type Layer = { mark: Record<string, unknown>; data?: { values: { sla: number }[] } };

function layers(spec: object): Layer[] {
  return (spec as { layer: Layer[] }).layer;
}

function marks(spec: object, type: string): Layer[] {
  return layers(spec).filter((l) => l.mark.type === type);
}

describe('decisionTimeChartSpec', () => {
  it('has one row per week and level, in hours, labelled with the given words', () => {
    const rows = chartRows(input(), englishWords());
    expect(rows).toHaveLength(8 * 3);
    expect(rows.slice(0, 3)).toEqual([
      { week: '6 Oct', level: 'SPoC', levelOrder: 0, value: 4, count: 3 },
      { week: '6 Oct', level: 'Sponsor', levelOrder: 1, value: 0, count: 3 },
      { week: '6 Oct', level: 'Steering committee', levelOrder: 2, value: 0, count: 3 },
    ]);
    expect(rows.filter((r) => r.week === '10 Nov').map((r) => r.value)).toEqual([9, 10, 12]);
    expect([...new Set(rows.map((r) => r.week))]).toEqual([
      '6 Oct',
      '13 Oct',
      '20 Oct',
      '27 Oct',
      '3 Nov',
      '10 Nov',
      '17 Nov',
      '24 Nov',
    ]);
  });

  it('converts to working days when the unit is days', () => {
    const rows = chartRows(input({ unit: 'days' }), englishWords('days'));
    expect(rows.filter((r) => r.week === '10 Nov').map((r) => r.value)).toEqual([9 / 8, 10 / 8, 12 / 8]);
    const spec = decisionTimeChartSpec(input({ unit: 'days' }), englishWords('days'));
    expect(marks(spec, 'rule').map((l) => l.data?.values)).toContainEqual([{ sla: 2 }]);
    expect(JSON.stringify(spec)).toContain('Median working days');
  });

  it('converts to minutes for short SLAs (a sandbox project of a few minutes)', () => {
    const rows = chartRows(input({ unit: 'minutes' }), englishWords('minutes'));
    expect(rows.filter((r) => r.week === '10 Nov').map((r) => r.value)).toEqual([9 * 60, 10 * 60, 12 * 60]);
    const spec = decisionTimeChartSpec(input({ unit: 'minutes' }), englishWords('minutes'));
    expect(marks(spec, 'rule').map((l) => l.data?.values)).toContainEqual([{ sla: 16 * 60 }]);
    expect(JSON.stringify(spec)).toContain('Median minutes');
  });

  it('draws the SLA as a dashed, labelled rule, and no rule without an SLA', () => {
    const spec = decisionTimeChartSpec(input(), englishWords());
    const rule = marks(spec, 'rule').find((l) => l.mark.strokeDash !== undefined);
    expect(rule?.data?.values).toEqual([{ sla: 16 }]);
    expect(rule?.mark.strokeDash).toBeDefined();
    expect(marks(spec, 'text').map((l) => l.mark.text)).toContain('SLA');

    const without = decisionTimeChartSpec(input({ slaMs: null }), englishWords());
    expect(marks(without, 'rule')).toEqual([]);
    expect(marks(without, 'text').map((l) => l.mark.text)).not.toContain('SLA');
  });

  it('keeps a slot for a week without decisions, with a note in it', () => {
    const spec = decisionTimeChartSpec(input(), englishWords());
    const rows = chartRows(input(), englishWords()).filter((r) => r.week === '27 Oct');
    expect(rows.map((r) => [r.value, r.count])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    expect(JSON.stringify(spec)).toContain('"domain":["6 Oct","13 Oct","20 Oct","27 Oct"');
    const [note] = marks(spec, 'text');
    expect(note?.mark).toMatchObject({ text: 'none', angle: 0 });

    const long = decisionTimeChartSpec(input(), { ...englishWords(), noDecisions: 'no decisions this week' });
    expect(marks(long, 'text')[0]?.mark).toMatchObject({ angle: 270 });
  });

  it('takes every visible word from `words`', () => {
    const json = JSON.stringify(decisionTimeChartSpec(input(), foreignWords));
    for (const word of [
      'Durée jusqu’à la décision',
      'Heures (médiane)',
      'Pilote',
      'Comité',
      'Délai',
      'aucune',
      'S8',
    ]) {
      expect(json).toContain(word);
    }
    for (const english of ['SPoC', 'Sponsor', 'SLA', 'none', 'Median', 'Oct'])
      expect(json).not.toContain(english);
  });

  it('is pure: the same input gives the same spec', () => {
    expect(decisionTimeChartSpec(input(), englishWords())).toEqual(
      decisionTimeChartSpec(input(), englishWords()),
    );
  });

  it('handles a chart with no decisions at all', () => {
    const empty = weeks.map((w) => ({ ...w, count: 0 }));
    const spec = decisionTimeChartSpec(input({ weeks: empty, slaMs: null }), englishWords());
    expect(JSON.stringify(spec)).toContain('"domain":[0,1]');
  });
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from the IHDR chunk, which always comes first after the signature. */
function ihdr(png: Buffer): { width: number; height: number } {
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes the PNG itself (resvg draws it as an embedded image) into RGB colours, as "#rrggbb". */
function colours(png: Buffer, width: number, height: number): Map<string, number> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><image href="data:image/png;base64,${png.toString('base64')}" width="${width}" height="${height}"/></svg>`;
  const pixels = new Resvg(svg).render().pixels;
  const counts = new Map<string, number>();
  for (let i = 0; i < pixels.length; i += 4) {
    const hex = `#${[pixels[i], pixels[i + 1], pixels[i + 2]].map((c) => (c ?? 0).toString(16).padStart(2, '0')).join('')}`;
    counts.set(hex, (counts.get(hex) ?? 0) + 1);
  }
  return counts;
}

describe('renderChartPng', () => {
  const spec = decisionTimeChartSpec(input(), englishWords());

  it('renders a 960×540 PNG by default and scales with the options', async () => {
    const chart = await renderChartPng(spec);
    expect(chart.png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(ihdr(chart.png)).toEqual({ width: 960, height: 540 });
    expect([chart.width, chart.height]).toEqual([960, 540]);

    const small = await renderChartPng(spec, { width: 400, height: 300, scale: 1 });
    expect(ihdr(small.png)).toEqual({ width: 400, height: 300 });
  });

  it('is deterministic', async () => {
    const [a, b] = await Promise.all([renderChartPng(spec), renderChartPng(spec)]);
    expect(a.png.equals(b.png)).toBe(true);
  });

  it('is not blank: the level colours, the SLA red and dark text all appear', async () => {
    const chart = await renderChartPng(spec);
    const found = colours(chart.png, chart.width, chart.height);
    for (const colour of [...Object.values(LEVEL_COLOURS), '#c53030', '#1a202c']) {
      expect(found.get(colour) ?? 0, colour).toBeGreaterThan(50);
    }
    expect(found.size).toBeGreaterThan(20); // anti-aliased text and edges
  });

  it('writes the title, the week labels and the legend as text in the SVG', async () => {
    const svg = await renderChartSvg(spec);
    for (const text of [
      'Time to outcome: Apollo',
      '6 Oct',
      '27 Oct',
      '24 Nov',
      'Steering committee',
      'SLA',
      'none',
    ]) {
      expect(svg).toContain(`>${text}</text>`);
    }
    expect(svg).toContain('font-family="DejaVu Sans"');
  });

  it('finds a font, so text is drawn', () => {
    expect(() => chartFont()).not.toThrow();
  });

  it('saves an example to look at, and is fast enough', async () => {
    const started = performance.now();
    const runs = 5;
    let chart = await renderChartPng(spec);
    for (let i = 1; i < runs; i++) chart = await renderChartPng(spec);
    const msPerChart = (performance.now() - started) / runs;

    const dir = mkdtempSync(join(tmpdir(), 'decision-chart-'));
    const path = join(dir, 'example.png');
    writeFileSync(path, chart.png);
    mkdirSync('/tmp/chart-look', { recursive: true });
    writeFileSync('/tmp/chart-look/example.png', chart.png);
    console.log(`example chart: ${path} (${chart.png.length} bytes, ${msPerChart.toFixed(0)} ms per chart)`);
    expect(msPerChart).toBeLessThan(1000);
  });
});
