import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseProjectsFile } from '../src/config.js';

const PROJECTS = `timezone: Asia/Jakarta
projects:
  - id: odoo-rollout
    name: Odoo rollout
    channel: C0PROJECT1
    spoc: U0SPOC0001
    sponsors: [U0SPONSOR1]
    steering_committee: { members: [U0SPONSOR1, U0CFO00001] }
    sla:
      low:      { spoc: 3d, sponsor: 2d, committee: 5d }
      normal:   { spoc: 1d, sponsor: 1d, committee: 3d }
      high:     { spoc: 4h, sponsor: 4h, committee: 1d }
      critical: { spoc: 1h, sponsor: 1h, committee: 4h }
`;

function problemsOf(text: string): string[] {
  try {
    parseProjectsFile(text, 'decide.config.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('retention in the project file', () => {
  it('is off by default: no retention, nothing is ever deleted', () => {
    expect(parseProjectsFile(PROJECTS, 'x').retention).toBeUndefined();
    expect(parseProjectsFile(`${PROJECTS}retention:\n`, 'x').retention).toBeUndefined();
  });

  it('reads days, and export_to when given', () => {
    expect(parseProjectsFile(`${PROJECTS}retention: { days: 365 }\n`, 'x').retention).toEqual({ days: 365 });
    expect(
      parseProjectsFile(`${PROJECTS}retention:\n  days: 730\n  export_to: " ./archive/decisions "\n`, 'x')
        .retention,
    ).toEqual({ days: 730, exportTo: './archive/decisions' });
  });

  it.each([
    ['0', '0 is not a number of days'],
    ['-5', '-5 is not a number of days'],
    ['1.5', '1.5 is not a number of days'],
    ['"365"', '"365" is not a number of days'],
    ['1y', '"1y" is not a number of days'],
  ])('refuses days: %s, with its line', (days, says) => {
    expect(problemsOf(`${PROJECTS}retention:\n  days: ${days}\n`)).toEqual([
      `retention.days (line 15): ${says} (a whole number above 0, e.g. 365; leave retention out to keep every decision)`,
    ]);
  });

  it('reports a missing days, a bad export_to, a misspelt key and a retention that is not a mapping', () => {
    expect(problemsOf(`${PROJECTS}retention: { export_to: ./archive }\n`)).toEqual([
      'retention.days (line 14): missing (how many days after a decision closed it is deleted, e.g. days: 365)',
    ]);
    expect(problemsOf(`${PROJECTS}retention:\n  days: 30\n  export_to: [a, b]\n`)).toEqual([
      'retention.export_to (line 16): a list is not a folder (give a path, e.g. export_to: ./archive, or leave export_to out)',
    ]);
    expect(problemsOf(`${PROJECTS}retention:\n  days: 30\n  exportTo: ./archive\n`)).toEqual([
      'retention.exportTo (line 16): unknown key (did you mean export_to?)',
    ]);
    expect(problemsOf(`${PROJECTS}retention: 365\n`)).toEqual([
      'retention (line 14): expected a mapping (e.g. { days: 365, export_to: ./archive }), found 365',
    ]);
    expect(problemsOf(`${PROJECTS}retension: { days: 30 }\n`)).toEqual([
      'retension (line 14): unknown key (did you mean retention?)',
    ]);
  });

  it('reaches the config, with the file path before each problem', () => {
    const config = loadConfig({}, { readFile: () => `${PROJECTS}retention: { days: 90 }\n` });
    expect(config.retention).toEqual({ days: 90 });
    expect(() => loadConfig({}, { readFile: () => `${PROJECTS}retention: { days: 0 }\n` })).toThrow(
      './decide.config.yml: retention.days (line 14): 0 is not a number of days',
    );
  });
});
