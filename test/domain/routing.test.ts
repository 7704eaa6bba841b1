import { describe, expect, it } from 'vitest';
import type { Level } from '../../src/domain/project.js';
import { decidersAt, type Routing, routeNewRequest, spocLevelDeciders } from '../../src/domain/routing.js';
import { COMMITTEE, project, SPONSORS, U } from './fixtures.js';

const toSpoc: Routing = { level: 'spoc', deciders: [U.spoc], reason: 'spoc' };
const toDeputy: Routing = { level: 'spoc', deciders: [U.deputy], reason: 'spoc_away' };
const toSponsors: Routing = { level: 'sponsor', deciders: [...SPONSORS], reason: 'over_authority' };

describe('routeNewRequest (SPoC authority limit 10 000)', () => {
  it.each<[string, number | undefined, boolean, Routing]>([
    ['no budget, SPoC present → SPoC', undefined, false, toSpoc],
    ['no budget, SPoC away → deputy', undefined, true, toDeputy],
    ['budget 0 → SPoC', 0, false, toSpoc],
    ['budget below the limit → SPoC', 9_999, false, toSpoc],
    ['budget equal to the limit → SPoC', 10_000, false, toSpoc],
    ['budget equal to the limit, SPoC away → deputy', 10_000, true, toDeputy],
    ['budget just above the limit → sponsors', 10_000.01, false, toSponsors],
    ['budget far above the limit → sponsors', 1_000_000, false, toSponsors],
    ['budget above the limit while the SPoC is away → sponsors, not the deputy', 10_001, true, toSponsors],
  ])('%s', (_name, budgetImpact, spocAway, expected) => {
    expect(routeNewRequest(project(), { budgetImpact }, spocAway)).toEqual(expected);
  });

  it.each<[string, boolean, Routing]>([
    ['SPoC present', false, toSpoc],
    [
      'SPoC away: the SPoC keeps it and the reason says so',
      true,
      {
        level: 'spoc',
        deciders: [U.spoc],
        reason: 'no_deputy_spoc_away',
      },
    ],
  ])('without a deputy, %s', (_name, spocAway, expected) => {
    expect(routeNewRequest(project({ deputy: undefined }), {}, spocAway)).toEqual(expected);
  });

  it.each<[string, boolean, Routing]>([
    ['SPoC present → SPoC', false, toSpoc],
    ['SPoC away → deputy', true, toDeputy],
  ])(
    'with no authority limit configured, any budget stays at the SPoC level: %s',
    (_name, spocAway, expected) => {
      expect(routeNewRequest(project({ authority: {} }), { budgetImpact: 1e12 }, spocAway)).toEqual(expected);
    },
  );

  it('with a limit of 0, any positive budget goes to the sponsors and 0 stays with the SPoC', () => {
    const p = project({ authority: { spocMaxBudget: 0 } });
    expect(routeNewRequest(p, { budgetImpact: 1 }, false)).toEqual(toSponsors);
    expect(routeNewRequest(p, { budgetImpact: 0 }, false)).toEqual(toSpoc);
  });
});

describe('spocLevelDeciders and decidersAt', () => {
  it.each<[string, boolean, boolean, { deciders: string[]; reason: string }]>([
    ['SPoC present', true, false, { deciders: [U.spoc], reason: 'spoc' }],
    ['SPoC away with deputy', true, true, { deciders: [U.deputy], reason: 'spoc_away' }],
    ['SPoC away without deputy', false, true, { deciders: [U.spoc], reason: 'no_deputy_spoc_away' }],
  ])('%s', (_name, withDeputy, spocAway, expected) => {
    const p = withDeputy ? project() : project({ deputy: undefined });
    expect(spocLevelDeciders(p, spocAway)).toEqual(expected);
  });

  it.each<[Level, boolean, readonly string[]]>([
    ['spoc', false, [U.spoc]],
    ['spoc', true, [U.deputy]],
    ['sponsor', false, SPONSORS],
    ['sponsor', true, SPONSORS],
    ['committee', false, COMMITTEE],
    ['committee', true, COMMITTEE],
  ])('at %s (SPoC away: %s)', (level, spocAway, expected) => {
    expect(decidersAt(project(), level, spocAway)).toEqual(expected);
  });
});
