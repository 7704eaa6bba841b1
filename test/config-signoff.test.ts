import { describe, expect, it } from 'vitest';
import { ConfigError, parseProjectsFile } from '../src/config.js';

/** A one-project file whose project block ends with `extra` (indented as a project key). */
const file = (extra: string) => `timezone: Asia/Jakarta
business_hours: always
projects:
  - id: odoo-rollout
    name: "Odoo rollout"
    channel: C0PROJECT1
    spoc: U0SPOC0001
    sponsors: [U0SPONSOR1]
    steering_committee: { members: [U0SPONSOR1, U0CFO00001], quorum: 2 }
    key_users: { inventory: [U0KEYINV01, U0KEYINV02] }
    sla:
      low:      { spoc: 3d, sponsor: 2d, committee: 5d }
      normal:   { spoc: 1d, sponsor: 1d, committee: 3d }
      high:     { spoc: 4h, sponsor: 4h, committee: 1d }
      critical: { spoc: 1h, sponsor: 1h, committee: 4h }
${extra}`;

function problemsOf(text: string): string[] {
  try {
    parseProjectsFile(text, 'test.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('the signoff block of a project', () => {
  it('is optional: without it a project has no sign-off policy (sign-offs follow its sla)', () => {
    expect(parseProjectsFile(file(''), 'x').projects[0]?.signoff).toBeUndefined();
  });

  it('reads the key users’ time and any level per impact; what it leaves out stays absent', () => {
    const text = file(`    signoff:
      sla:
        normal: { key_users: 2d, committee: 2d }
        critical: { key_users: 30m }
`);
    expect(parseProjectsFile(text, 'x').projects[0]?.signoff).toEqual({
      sla: {
        normal: { key_users: { amount: 2, unit: 'd' }, committee: { amount: 2, unit: 'd' } },
        critical: { key_users: { amount: 30, unit: 'm' } },
      },
    });
  });

  it.each([
    [
      'a bad duration',
      '    signoff: { sla: { high: { key_users: 2 } } }\n',
      'projects[0].signoff.sla.high.key_users',
      'add a unit',
    ],
    [
      'an unknown level',
      '    signoff: { sla: { high: { keyusers: 2h } } }\n',
      'projects[0].signoff.sla.high.keyusers',
      'key_users',
    ],
    [
      'an unknown impact',
      '    signoff: { sla: { urgent: { key_users: 2h } } }\n',
      'projects[0].signoff.sla.urgent',
      'low, normal, high, critical',
    ],
    [
      'a zero duration',
      '    signoff: { sla: { low: { spoc: 0m } } }\n',
      'projects[0].signoff.sla.low.spoc',
      'zero',
    ],
    ['no sla in it', '    signoff: { }\n', 'projects[0].signoff.sla', 'missing'],
    ['not a mapping', '    signoff: 2d\n', 'projects[0].signoff', 'expected a mapping'],
  ])('names %s by its path', (_name, extra, path, says) => {
    const problems = problemsOf(file(extra));
    expect(problems, problems.join('\n')).toHaveLength(1);
    expect(problems[0]?.startsWith(path), problems[0]).toBe(true);
    expect(problems[0]).toContain(says);
  });
});
