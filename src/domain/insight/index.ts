export { AGE_BANDS, type AgeBand, ageBand } from './age.js';
export {
  AUTHORITY_HIGH_SHARE,
  AUTHORITY_MIN_CLOSED,
  type AuthorityInsight,
  type AuthorityReason,
  type AuthorityVerdict,
  authorityInsight,
  authorityVerdict,
} from './authority.js';
export { type CostOfDelay, type CostRate, costOfDelay } from './cost.js';
export { type CostInsight, type DecisionCost, TOP_COSTS } from './cost-insight.js';
export {
  type AboveSpocReason,
  type AuthorityRoster,
  type DecisionFigures,
  type DecisionWithFigures,
  decisionFigures,
} from './decision-figures.js';
export {
  DEFAULT_PERIOD,
  type ParsedPeriod,
  PERIOD_PRESETS,
  type PeriodError,
  parsePeriod,
} from './parse-period.js';
export { type PeriodFigures, type PeriodInput, periodFigures } from './period.js';
export { type SignOffFigures, signOffFigures } from './signoff-figures.js';
export { compareWithPrevious, type Direction, type Trend, type Trends } from './trends.js';
export { WEEK_MS, type WeekBar, type WeeklyInput, weeklySeries } from './weekly.js';
export type { ClosedAs } from './window.js';
