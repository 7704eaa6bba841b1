import { describe, expect, it } from 'vitest';
import { ConfigError, parseProjectsFile } from '../src/config.js';

/** A project file whose people are given as `people` says (line numbers matter: sponsors are on line 7). */
function file(people: {
  spoc?: string;
  deputy?: string;
  sponsors?: string;
  members?: string;
  keyUsers?: string;
}) {
  return [
    'timezone: UTC',
    'projects:',
    '  - id: odoo-rollout',
    '    name: Odoo rollout',
    '    channel: C0PROJECT1',
    `    spoc: ${people.spoc ?? 'U0SPOC0001'}`,
    `    sponsors: ${people.sponsors ?? '[U0SPONSOR1]'}`,
    `    deputy: ${people.deputy ?? 'U0DEPUTY01'}`,
    `    steering_committee: { members: ${people.members ?? '[U0SPONSOR1, U0CFO00001]'} }`,
    `    key_users: { inventory: ${people.keyUsers ?? '[U0KEYINV01]'} }`,
    '    sla:',
    '      low: { spoc: 3d, sponsor: 2d, committee: 5d }',
    '      normal: { spoc: 1d, sponsor: 1d, committee: 3d }',
    '      high: { spoc: 4h, sponsor: 4h, committee: 1d }',
    '      critical: { spoc: 1h, sponsor: 1h, committee: 4h }',
  ].join('\n');
}

function problemsOf(text: string): string[] {
  try {
    parseProjectsFile(text, 'test.yml');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('people in the project file: a Slack user ID or an email address', () => {
  it('takes an email wherever it takes a user ID, lower-cased, and notes each with its path and line', () => {
    const parsed = parseProjectsFile(
      file({
        spoc: 'Sari@MajuCo.co.id',
        deputy: 'dedi@majuco.co.id',
        sponsors: '[U0SPONSOR1, budi@majuco.co.id]',
        members: '[U0SPONSOR1, citra@majuco.co.id]',
        keyUsers: '[kiki@majuco.co.id]',
      }),
      'test.yml',
    );
    const project = parsed.projects[0];
    expect(project?.spoc).toBe('sari@majuco.co.id');
    expect(project?.deputy).toBe('dedi@majuco.co.id');
    expect(project?.sponsors).toEqual(['U0SPONSOR1', 'budi@majuco.co.id']);
    expect(project?.steeringCommittee.members).toEqual(['U0SPONSOR1', 'citra@majuco.co.id']);
    expect(project?.keyUsers).toEqual({ inventory: ['kiki@majuco.co.id'] });
    expect(parsed.emails).toEqual([
      { email: 'sari@majuco.co.id', where: 'projects[0].spoc (line 6)' },
      { email: 'dedi@majuco.co.id', where: 'projects[0].deputy (line 8)' },
      { email: 'budi@majuco.co.id', where: 'projects[0].sponsors[1] (line 7)' },
      { email: 'citra@majuco.co.id', where: 'projects[0].steering_committee.members[1] (line 9)' },
      { email: 'kiki@majuco.co.id', where: 'projects[0].key_users.inventory[0] (line 10)' },
    ]);
  });

  it('notes no emails when every person is an ID', () => {
    expect(parseProjectsFile(file({}), 'test.yml').emails).toBeUndefined();
  });

  it('a malformed email: names the field, its line, the value and what is accepted', () => {
    expect(problemsOf(file({ sponsors: '[U0SPONSOR1, budi@@majuco]' }))).toEqual([
      'projects[0].sponsors[1] (line 7): `budi@@majuco` is neither a Slack user ID (U… or W…) nor an email ' +
        'address (e.g. budi@majuco.co.id)',
    ]);
    for (const bad of ['budi@majuco', 'budi@', '"budi @majuco.co.id"', 'budi@majuco..co']) {
      const problems = problemsOf(file({ spoc: bad }));
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^projects\[0\]\.spoc \(line 6\): `.*` is neither a Slack user ID/);
    }
  });

  it('a value that is neither says an email is accepted too', () => {
    const [problem] = problemsOf(file({ members: '[U0SPONSOR1, cfo]' }));
    expect(problem).toContain(
      'projects[0].steering_committee.members[1] (line 9): "cfo" is not a Slack user ID',
    );
    expect(problem).toContain('or give the email address');
  });

  it('the same email twice in a list (any case) is reported like a repeated ID', () => {
    const [problem] = problemsOf(file({ sponsors: '[budi@majuco.co.id, Budi@majuco.co.id]' }));
    expect(problem).toBe('projects[0].sponsors[1] (line 7): budi@majuco.co.id is listed twice');
  });

  it('the SPoC as their own deputy, by email', () => {
    const [problem] = problemsOf(file({ spoc: 'sari@majuco.co.id', deputy: 'SARI@majuco.co.id' }));
    expect(problem).toContain('projects[0].deputy (line 8): sari@majuco.co.id is the SPoC');
  });
});
