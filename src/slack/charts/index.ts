export {
  CHART_FONT,
  CHART_HEIGHT,
  CHART_WIDTH,
  type ChartInput,
  type ChartLevel,
  type ChartRow,
  type ChartWeek,
  type ChartWords,
  chartRows,
  decisionTimeChartSpec,
  LEVEL_COLOURS,
  toUnit,
  type VegaLiteSpec,
} from './decision-time-chart.js';
export {
  chartFont,
  type RenderedChart,
  type RenderOptions,
  renderChartPng,
  renderChartSvg,
} from './render-png.js';
