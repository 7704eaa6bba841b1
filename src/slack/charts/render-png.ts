import { existsSync } from 'node:fs';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { CHART_FONT, CHART_HEIGHT, CHART_WIDTH, type VegaLiteSpec } from './decision-time-chart.js';

export interface RenderOptions {
  /** Chart size in CSS pixels, legend and title included (default 480×270). */
  width?: number;
  height?: number;
  /** Pixel density of the PNG (default 2: a 960×540 PNG). */
  scale?: number;
}

export interface RenderedChart {
  png: Buffer;
  /** PNG size in pixels. */
  width: number;
  height: number;
}

type FontOptions = NonNullable<ResvgRenderOptions['font']>;

/**
 * Where distributions put DejaVu Sans. On Debian/Ubuntu it comes with `fonts-dejavu-core`
 * (`apt-get install fonts-dejavu-core`); Alpine: `font-dejavu`; Fedora: `dejavu-sans-fonts`.
 */
const DEJAVU_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
];
const DEJAVU_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'];

/** Loading only DejaVu is faster than scanning every system font, and makes the PNG the same on any machine. */
function dejavuFiles(): string[] {
  const dir = DEJAVU_DIRS.find((d) => existsSync(`${d}/${DEJAVU_FILES[0]}`));
  return dir === undefined ? [] : DEJAVU_FILES.map((f) => `${dir}/${f}`).filter((f) => existsSync(f));
}

/** Whether resvg draws any pixel for a line of text with these fonts: without a font, text silently vanishes. */
function drawsText(font: FontOptions): boolean {
  const probe = `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="24"><text x="2" y="18" font-family="${CHART_FONT}" font-size="18">Ag</text></svg>`;
  const pixels = new Resvg(probe, { font }).render().pixels;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}

let resolvedFont: FontOptions | undefined;

/**
 * DejaVu Sans when it is installed; otherwise whatever system font resvg finds first (it substitutes it for the
 * family the SVG names), so the chart still has words. Throws only when there is no font at all.
 */
export function chartFont(): FontOptions {
  if (resolvedFont !== undefined) return resolvedFont;
  const files = dejavuFiles();
  const candidates: FontOptions[] = [
    ...(files.length > 0
      ? [{ fontFiles: files, loadSystemFonts: false, defaultFontFamily: CHART_FONT }]
      : []),
    { loadSystemFonts: true },
  ];
  const found = candidates.find(drawsText);
  if (found === undefined) {
    throw new Error(
      'No font found to draw chart text: install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core).',
    );
  }
  resolvedFont = found;
  return found;
}

/** Compiles the Vega-Lite spec and renders it to an SVG string on the server (no DOM, no canvas). */
export async function renderChartSvg(spec: VegaLiteSpec, options: RenderOptions = {}): Promise<string> {
  // Loaded on the first chart (a weekly digest), not at start-up: Vega and Vega-Lite take ~200 ms to load.
  const [{ parse, View }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
    .width(options.width ?? CHART_WIDTH)
    .height(options.height ?? CHART_HEIGHT);
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG at `scale`× density. Same spec, same bytes: nothing in it depends on the clock. */
export async function renderChartPng(
  spec: VegaLiteSpec,
  options: RenderOptions = {},
): Promise<RenderedChart> {
  const svg = await renderChartSvg(spec, options);
  const scale = options.scale ?? 2;
  const image = new Resvg(svg, {
    font: chartFont(),
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  }).render();
  return { png: image.asPng(), width: image.width, height: image.height };
}
