import type { PeriodFigures } from './period.js';

export type Direction = 'up' | 'down' | 'same' | 'new';

/** A headline number now and in the previous period. `up`/`down` say which way it moved, not whether that is good. */
export interface Trend {
  readonly value: number | null;
  readonly previous: number | null;
  readonly direction: Direction;
}

export interface Trends {
  readonly opened: Trend;
  readonly decided: Trend;
  readonly defaulted: Trend;
  readonly withdrawn: Trend;
  readonly open: Trend;
  readonly medianToOutcome: Trend;
  readonly p90ToOutcome: Trend;
  readonly slaBreachRate: Trend;
  readonly spocResponsiveness: Trend;
  readonly aboveSpocShare: Trend;
}

/**
 * Each headline number against the previous period. Direction rules, in order:
 * - 'new': there was no previous figure and there is one now: the previous value is null (nothing to measure
 *   then), or it is a count of 0 in a previous period with no data at all (nothing opened, closed or open);
 * - 'same': no figure now (null), or both equal (two zeros included);
 * - 'up' / 'down': the value is higher / lower than the previous one.
 */
export function compareWithPrevious(current: PeriodFigures, previous: PeriodFigures): Trends {
  const previousEmpty = hasNoData(previous);
  const figure = (pick: (p: PeriodFigures) => number | null): Trend => {
    const value = pick(current);
    const before = pick(previous);
    return { value, previous: before, direction: direction(value, before) };
  };
  const count = (pick: (p: PeriodFigures) => number): Trend => {
    const t = figure(pick);
    return previousEmpty && t.value !== 0 ? { ...t, direction: 'new' } : t;
  };
  return {
    opened: count((p) => p.opened),
    decided: count((p) => p.decided),
    defaulted: count((p) => p.defaulted),
    withdrawn: count((p) => p.withdrawn),
    open: count((p) => p.open),
    medianToOutcome: figure((p) => p.timeToOutcome.median),
    p90ToOutcome: figure((p) => p.timeToOutcome.p90),
    slaBreachRate: figure((p) => p.slaBreachRate),
    spocResponsiveness: figure((p) => p.spocResponsiveness),
    aboveSpocShare: figure((p) => p.authority.aboveSpocShare),
  };
}

/** Nothing happened and nothing waited: its zeros are absence of data, not measurements. */
function hasNoData(p: PeriodFigures): boolean {
  return p.opened + p.decided + p.defaulted + p.withdrawn + p.open === 0;
}

function direction(value: number | null, previous: number | null): Direction {
  if (value === null) return 'same';
  if (previous === null) return 'new';
  return value > previous ? 'up' : value < previous ? 'down' : 'same';
}
