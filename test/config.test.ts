import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type Config,
  ConfigError,
  loadConfig,
  missingSlackCredentials,
  parseProjectsFile,
} from '../src/config.js';
import type { Project } from '../src/domain/project.js';

const EXAMPLE = readFileSync(new URL('../decide.config.example.yml', import.meta.url), 'utf8');

/** A valid file: line numbers matter to one test below (sla.high is on line 20). */
const GOOD = `timezone: Asia/Jakarta
business_hours:
  days: [mon, tue, wed, thu, fri]
  start: "09:00"
  end: "17:00"
holidays: ["2026-12-25"]
projects:
  - id: odoo-rollout
    name: "Odoo rollout, PT Maju"
    channel: C0PROJECT1
    spoc: U0SPOC0001
    deputy: U0DEPUTY01
    sponsors: [U0SPONSOR1]
    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum: 2 }
    key_users: { inventory: [U0KEYINV01], accounting: [U0KEYACC01] }
    authority: { spoc_max_budget: 5000 }
    sla:
      low:      { spoc: 3d, sponsor: 2d, committee: 5d }
      normal:   { spoc: 1d, sponsor: 1d, committee: 3d }
      high:     { spoc: 4h, sponsor: 4h, committee: 1d }
      critical: { spoc: 1h, sponsor: 1h, committee: 4h }
    reminders: [0.5, 0.8]
    digest: { cron: "0 9 * * MON" }
  - id: wms-pilot
    name: WMS pilot
    channel: C0PROJECT2
    spoc: U0SPOC0002
    sponsors: [U0SPONSOR1]
    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }
    sla:
      low: { spoc: 5d, sponsor: 5d, committee: 10d }
      normal: { spoc: 2d, sponsor: 3d, committee: 5d }
      high: { spoc: 8h, sponsor: 8h, committee: 2d }
      critical: { spoc: 30m, sponsor: 2h, committee: 1.5d }
`;

const EXPECTED_SLA = {
  low: {
    spoc: { amount: 3, unit: 'd' },
    sponsor: { amount: 2, unit: 'd' },
    committee: { amount: 5, unit: 'd' },
  },
  normal: {
    spoc: { amount: 1, unit: 'd' },
    sponsor: { amount: 1, unit: 'd' },
    committee: { amount: 3, unit: 'd' },
  },
  high: {
    spoc: { amount: 4, unit: 'h' },
    sponsor: { amount: 4, unit: 'h' },
    committee: { amount: 1, unit: 'd' },
  },
  critical: {
    spoc: { amount: 1, unit: 'h' },
    sponsor: { amount: 1, unit: 'h' },
    committee: { amount: 4, unit: 'h' },
  },
} as const;

const EXPECTED_FIRST: Project = {
  id: 'odoo-rollout',
  name: 'Odoo rollout, PT Maju',
  channel: 'C0PROJECT1',
  spoc: 'U0SPOC0001',
  deputy: 'U0DEPUTY01',
  sponsors: ['U0SPONSOR1'],
  steeringCommittee: { members: ['U0SPONSOR1', 'U0CFO00001', 'U0PMDIR001'], quorum: 2 },
  keyUsers: { inventory: ['U0KEYINV01'], accounting: ['U0KEYACC01'] },
  authority: { spocMaxBudget: 5000 },
  sla: EXPECTED_SLA,
  reminders: [0.5, 0.8],
  digest: { cron: '0 9 * * MON' },
};

/** Replaces exactly one occurrence, so a case cannot silently test the good file. */
function edit(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" must occur exactly once`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function problemsOf(text: string): string[] {
  try {
    parseProjectsFile(text, 'test.yml');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    for (const problem of configError.problems) expect(configError.message).toContain(problem);
    return configError.problems;
  }
  throw new Error('expected a ConfigError');
}

describe('parseProjectsFile: good files', () => {
  it('maps the documented shape onto the domain types', () => {
    const { calendar, projects } = parseProjectsFile(GOOD, 'good.yml');
    expect(calendar).toEqual({
      timezone: 'Asia/Jakarta',
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      holidays: ['2026-12-25'],
    });
    expect(projects).toHaveLength(2);
    expect(projects[0]).toStrictEqual(EXPECTED_FIRST);
  });

  it('follows YAML anchors and aliases', () => {
    let text = edit(GOOD, '    sla:\n      low:      {', '    sla: &standard\n      low:      {');
    text = `${text.slice(0, text.lastIndexOf('    sla:\n'))}    sla: *standard\n`;
    expect(parseProjectsFile(text, 'x').projects[1]?.sla).toEqual(EXPECTED_SLA);
  });

  it('reads the cost of a business day of waiting', () => {
    const text = edit(
      GOOD,
      '    reminders: [0.5, 0.8]\n',
      '    reminders: [0.5, 0.8]\n    cost_of_delay: { per_day: 2500000, currency: IDR }\n',
    );
    const { projects } = parseProjectsFile(text, 'x');
    expect(projects[0]?.costOfDelay).toEqual({ perDay: 2500000, currency: 'IDR' });
    expect(projects[1]?.costOfDelay).toBeUndefined();
  });

  it('reads the SPoC’s Slack status as away only with away_from_status: true, with the default or own emoji', () => {
    const on = edit(
      GOOD,
      '    reminders: [0.5, 0.8]\n',
      '    reminders: [0.5, 0.8]\n    away_from_status: true\n',
    );
    expect(parseProjectsFile(on, 'x').projects[0]?.awayFromStatus).toEqual({
      emoji: [':palm_tree:', ':airplane:', ':face_with_thermometer:'],
    });
    const own = edit(
      GOOD,
      '    reminders: [0.5, 0.8]\n',
      '    reminders: [0.5, 0.8]\n    away_from_status: true\n    away_status_emoji: [":Palm_Tree:", ":beach_with_umbrella:", ":palm_tree:"]\n',
    );
    expect(parseProjectsFile(own, 'x').projects[0]?.awayFromStatus).toEqual({
      emoji: [':palm_tree:', ':beach_with_umbrella:'],
    });
    const off = edit(
      GOOD,
      '    reminders: [0.5, 0.8]\n',
      '    reminders: [0.5, 0.8]\n    away_from_status: false\n',
    );
    expect(parseProjectsFile(off, 'x').projects[0]?.awayFromStatus).toBeUndefined();
    expect(parseProjectsFile(GOOD, 'x').projects[0]).not.toHaveProperty('awayFromStatus');
  });

  it('reads the project’s locale (en or id); without one the project speaks English', () => {
    const id = edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    locale: id\n');
    expect(parseProjectsFile(id, 'x').projects[0]?.locale).toBe('id');
    expect(parseProjectsFile(id, 'x').projects[1]).not.toHaveProperty('locale');
    const en = edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    locale: en\n');
    expect(parseProjectsFile(en, 'x').projects[0]?.locale).toBe('en');
  });

  it('lets projects inherit the locale from the defaults block; a project’s own locale wins', () => {
    const inherited = `defaults: { locale: id }\n${GOOD}`;
    expect(parseProjectsFile(inherited, 'x').projects.map((p) => p.locale)).toEqual(['id', 'id']);
    const own = `defaults:\n  locale: id\n${edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    locale: en\n')}`;
    expect(parseProjectsFile(own, 'x').projects.map((p) => p.locale)).toEqual(['en', 'id']);
    // Beside the other defaults, which still apply.
    const all = `defaults: { reminders: [0.3], locale: en }\n${edit(GOOD, '    reminders: [0.5, 0.8]\n', '')}`;
    expect(parseProjectsFile(all, 'x').projects.map((p) => [p.locale, p.reminders])).toEqual([
      ['en', [0.3]],
      ['en', [0.3]],
    ]);
  });

  it('gives optional keys their defaults', () => {
    const { projects } = parseProjectsFile(GOOD, 'good.yml');
    expect(projects[1]).toStrictEqual({
      id: 'wms-pilot',
      name: 'WMS pilot',
      channel: 'C0PROJECT2',
      spoc: 'U0SPOC0002',
      sponsors: ['U0SPONSOR1'],
      // no quorum: a simple majority of the members
      steeringCommittee: { members: ['U0SPONSOR1', 'U0CFO00001', 'U0PMDIR001'], quorum: 2 },
      keyUsers: {},
      authority: {},
      sla: {
        low: {
          spoc: { amount: 5, unit: 'd' },
          sponsor: { amount: 5, unit: 'd' },
          committee: { amount: 10, unit: 'd' },
        },
        normal: {
          spoc: { amount: 2, unit: 'd' },
          sponsor: { amount: 3, unit: 'd' },
          committee: { amount: 5, unit: 'd' },
        },
        high: {
          spoc: { amount: 8, unit: 'h' },
          sponsor: { amount: 8, unit: 'h' },
          committee: { amount: 2, unit: 'd' },
        },
        critical: {
          spoc: { amount: 30, unit: 'm' },
          sponsor: { amount: 2, unit: 'h' },
          committee: { amount: 1.5, unit: 'd' },
        },
      },
      reminders: [0.5, 0.8],
      digest: { cron: '0 9 * * MON' },
    });
    expect('deputy' in (projects[1] ?? {})).toBe(false);
  });

  it('defaults the calendar to Monday to Friday, 09:00-17:00, no holidays', () => {
    let text = edit(
      GOOD,
      'business_hours:\n  days: [mon, tue, wed, thu, fri]\n  start: "09:00"\n  end: "17:00"\n',
      '',
    );
    text = edit(text, 'holidays: ["2026-12-25"]\n', '');
    expect(parseProjectsFile(text, 'x').calendar).toEqual({
      timezone: 'Asia/Jakarta',
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      holidays: [],
    });
  });

  it('accepts business_hours: always, end "24:00", full weekday names and H:MM', () => {
    const always = edit(
      GOOD,
      'business_hours:\n  days: [mon, tue, wed, thu, fri]\n  start: "09:00"\n  end: "17:00"\n',
      'business_hours: always\n',
    );
    expect(parseProjectsFile(always, 'x').calendar.businessHours).toBe('always');
    let text = edit(GOOD, 'days: [mon, tue, wed, thu, fri]', 'days: [Monday, sat]');
    text = edit(text, 'start: "09:00"', 'start: "7:30"');
    text = edit(text, 'end: "17:00"', 'end: "24:00"');
    expect(parseProjectsFile(text, 'x').calendar.businessHours).toEqual({
      days: ['mon', 'sat'],
      start: '07:30',
      end: '24:00',
    });
  });

  it('lets projects inherit a top-level defaults block and override single SLA values', () => {
    const text = `timezone: UTC
defaults:
  sla:
    low:      { spoc: 3d, sponsor: 2d, committee: 5d }
    normal:   { spoc: 1d, sponsor: 1d, committee: 3d }
    high:     { spoc: 4h, sponsor: 4h, committee: 1d }
    critical: { spoc: 1h, sponsor: 1h, committee: 4h }
  reminders: [0.75, 0.25]
  digest: { cron: "30 8 * * FRI" }
projects:
  - id: a
    name: A
    channel: C0AAAAAAA
    spoc: U0AAAAAAA
    sponsors: [U0BBBBBBB]
    steering_committee: { members: [U0BBBBBBB], quorum: 1 }
  - id: b
    name: B
    channel: C0BBBBBBB
    spoc: U0AAAAAAA
    sponsors: [U0BBBBBBB]
    steering_committee: { members: [U0BBBBBBB] }
    sla: { high: { spoc: 2h } }
    reminders: []
    digest: { cron: "0 7 1 * *" }
`;
    const [a, b] = parseProjectsFile(text, 'x').projects;
    expect(a?.sla).toEqual(EXPECTED_SLA);
    expect(a?.reminders).toEqual([0.25, 0.75]);
    expect(a?.digest).toEqual({ cron: '30 8 * * FRI' });
    expect(b?.sla).toEqual({
      ...EXPECTED_SLA,
      high: { ...EXPECTED_SLA.high, spoc: { amount: 2, unit: 'h' } },
    });
    expect(b?.reminders).toEqual([]);
    expect(b?.digest).toEqual({ cron: '0 7 1 * *' });
  });

  it('loads decide.config.example.yml without a problem', () => {
    const { calendar, projects } = parseProjectsFile(EXAMPLE, 'decide.config.example.yml');
    expect(calendar.timezone).toBe('Asia/Jakarta');
    expect(projects).toEqual([{ ...EXPECTED_FIRST, costOfDelay: { perDay: 2500000, currency: 'IDR' } }]);
  });
});

describe('parseProjectsFile: bad files', () => {
  /** Each bad file gives `count` problems (default 1); the first starts with `path` and contains `says`. */
  const cases: { name: string; text: () => string; path: string; says: string; count?: number }[] = [
    // durations
    {
      name: 'words for a duration',
      text: () => edit(GOOD, 'spoc: 4h', 'spoc: "4 hours"'),
      path: 'projects[0].sla.high.spoc',
      says: '"4 hours" is not a duration (use 30s, 15m, 4h, 2d)',
    },
    {
      name: 'a zero duration',
      text: () => edit(GOOD, 'committee: 4h', 'committee: 0h'),
      path: 'projects[0].sla.critical.committee',
      says: 'zero',
    },
    {
      name: 'a duration without unit',
      text: () => edit(GOOD, 'sponsor: 2d', 'sponsor: 2'),
      path: 'projects[0].sla.low.sponsor',
      says: 'add a unit',
    },
    {
      name: 'a bad duration in defaults',
      text: () => `defaults: { sla: { high: { spoc: 4x } } }\n${GOOD}`,
      path: 'defaults.sla.high.spoc',
      says: 'not a duration',
    },
    // Slack IDs
    {
      name: 'a lower-case user ID',
      text: () => edit(GOOD, 'spoc: U0SPOC0001', 'spoc: u0spoc0001'),
      path: 'projects[0].spoc',
      says: 'not a Slack user ID',
    },
    {
      name: 'a user name instead of an ID',
      text: () =>
        edit(
          GOOD,
          'sponsors: [U0SPONSOR1]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
          'sponsors: ["@budi"]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
        ),
      path: 'projects[0].sponsors[0]',
      says: 'not the name',
    },
    {
      name: 'a bad deputy',
      text: () => edit(GOOD, 'deputy: U0DEPUTY01', 'deputy: D0DEPUTY01'),
      path: 'projects[0].deputy',
      says: 'not a Slack user ID',
    },
    {
      name: 'a deputy who is the SPoC',
      text: () => edit(GOOD, 'deputy: U0DEPUTY01', 'deputy: U0SPOC0001'),
      path: 'projects[0].deputy',
      says: 'is the SPoC',
    },
    {
      name: 'a bad committee member',
      text: () => edit(GOOD, 'U0CFO00001, U0PMDIR001], quorum: 2', 'cfo, U0PMDIR001], quorum: 2'),
      path: 'projects[0].steering_committee.members[1]',
      says: '"cfo" is not a Slack user ID',
    },
    {
      name: 'a member listed twice',
      text: () => edit(GOOD, 'U0CFO00001, U0PMDIR001], quorum: 2', 'U0CFO00001, U0CFO00001], quorum: 2'),
      path: 'projects[0].steering_committee.members[2]',
      says: 'listed twice',
    },
    {
      name: 'a bad key user',
      text: () => edit(GOOD, 'inventory: [U0KEYINV01]', 'inventory: [X0KEYINV01]'),
      path: 'projects[0].key_users.inventory[0]',
      says: 'not a Slack user ID',
    },
    {
      name: 'a channel name instead of an ID',
      text: () => edit(GOOD, 'channel: C0PROJECT1', 'channel: "#odoo"'),
      path: 'projects[0].channel',
      says: 'not its name',
    },
    {
      name: 'a DM channel ID',
      text: () => edit(GOOD, 'channel: C0PROJECT2', 'channel: D0PROJECT2'),
      path: 'projects[1].channel',
      says: 'not a Slack channel ID',
    },
    {
      name: 'no sponsors',
      text: () =>
        edit(
          GOOD,
          'sponsors: [U0SPONSOR1]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }',
          'sponsors: []\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }',
        ),
      path: 'projects[1].sponsors',
      says: 'empty',
    },
    {
      name: 'sponsors as a single ID',
      text: () =>
        edit(
          GOOD,
          'sponsors: [U0SPONSOR1]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }',
          'sponsors: U0SPONSOR1\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }',
        ),
      path: 'projects[1].sponsors',
      says: 'expected a list',
    },
    // committee
    {
      name: 'a quorum larger than the committee',
      text: () => edit(GOOD, 'quorum: 2', 'quorum: 4'),
      path: 'projects[0].steering_committee.quorum',
      says: '4 is more than the 3 committee members',
    },
    {
      name: 'a zero quorum',
      text: () => edit(GOOD, 'quorum: 2', 'quorum: 0'),
      path: 'projects[0].steering_committee.quorum',
      says: 'at least 1',
    },
    {
      name: 'a quorum in words',
      text: () => edit(GOOD, 'quorum: 2', 'quorum: two'),
      path: 'projects[0].steering_committee.quorum',
      says: '"two" is not a quorum',
    },
    {
      name: 'a committee without members',
      text: () => edit(GOOD, '{ members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }', '{ quorum: 1 }'),
      path: 'projects[1].steering_committee.members',
      says: 'missing',
    },
    // required keys and identity
    {
      name: 'a missing SPoC',
      text: () => edit(GOOD, '    spoc: U0SPOC0002\n', ''),
      path: 'projects[1].spoc',
      says: 'missing (the Slack user ID of the SPoC',
    },
    {
      name: 'a missing name',
      text: () => edit(GOOD, '    name: WMS pilot\n', ''),
      path: 'projects[1].name',
      says: 'missing',
    },
    {
      name: 'a missing steering committee',
      text: () =>
        edit(GOOD, '    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001] }\n', ''),
      path: 'projects[1].steering_committee',
      says: 'missing',
    },
    {
      name: 'duplicate project ids',
      text: () => edit(GOOD, 'id: wms-pilot', 'id: odoo-rollout'),
      path: 'projects[1].id',
      says: 'already the id of projects[0]',
    },
    {
      name: 'two projects on one channel',
      text: () => edit(GOOD, 'channel: C0PROJECT2', 'channel: C0PROJECT1'),
      path: 'projects[1].channel',
      says: 'already the channel of projects[0]',
    },
    {
      name: 'a project id with a colon',
      text: () => edit(GOOD, 'id: wms-pilot', 'id: "wms:pilot"'),
      path: 'projects[1].id',
      says: 'only letters, digits',
    },
    {
      name: 'no projects',
      text: () => GOOD.slice(0, GOOD.indexOf('projects:')),
      path: 'projects',
      says: 'missing',
    },
    {
      name: 'an empty project list',
      text: () => `${GOOD.slice(0, GOOD.indexOf('projects:'))}projects: []\n`,
      path: 'projects',
      says: 'empty',
    },
    {
      name: 'a project that is not a mapping',
      text: () => `${GOOD}  - just a string\n`,
      path: 'projects[2]',
      says: 'expected a mapping',
    },
    // unknown keys, at every level
    {
      name: 'sponsor for sponsors',
      text: () =>
        edit(
          GOOD,
          '    sponsors: [U0SPONSOR1]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
          '    sponsor: [U0SPONSOR1]\n    steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
        ),
      path: 'projects[0].sponsor',
      says: 'unknown key (did you mean sponsors?)',
    },
    {
      name: 'camelCase key',
      text: () => edit(GOOD, 'key_users:', 'keyUsers:'),
      path: 'projects[0].keyUsers',
      says: 'did you mean key_users?',
    },
    {
      name: 'committee for steering_committee',
      text: () =>
        edit(
          GOOD,
          'steering_committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
          'committee: { members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
        ),
      path: 'projects[0].committee',
      says: 'did you mean steering_committee?',
    },
    {
      name: 'an unknown top-level key',
      text: () => `colour: blue\n${GOOD}`,
      path: 'colour',
      says: 'unknown key (known keys: timezone',
    },
    {
      name: 'a misspelt timezone key',
      text: () => edit(GOOD, 'timezone:', 'timezon:'),
      path: 'timezon',
      says: 'did you mean timezone?',
    },
    {
      name: 'an unknown business_hours key',
      text: () => edit(GOOD, '  days:', '  day:'),
      path: 'business_hours.day',
      says: 'did you mean days?',
    },
    {
      name: 'an unknown committee key',
      text: () =>
        edit(
          GOOD,
          '{ members: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
          '{ member: [U0SPONSOR1, U0CFO00001, U0PMDIR001], quorum',
        ),
      path: 'projects[0].steering_committee.member',
      says: 'did you mean members?',
    },
    {
      name: 'an unknown authority key',
      text: () => edit(GOOD, 'spoc_max_budget', 'spoc_budget'),
      path: 'projects[0].authority.spoc_budget',
      says: 'did you mean spoc_max_budget?',
    },
    {
      name: 'an unknown impact',
      text: () => edit(GOOD, '      critical: { spoc: 1h', '      urgent: { spoc: 1h'),
      path: 'projects[0].sla.urgent',
      says: 'unknown key (known keys: low, normal, high, critical)',
      count: 2,
    },
    {
      name: 'an unknown level',
      text: () => edit(GOOD, 'sponsor: 4h', 'sponser: 4h'),
      path: 'projects[0].sla.high.sponser',
      says: 'did you mean sponsor?',
    },
    {
      name: 'an unknown digest key',
      text: () => edit(GOOD, '{ cron:', '{ crn:'),
      path: 'projects[0].digest.crn',
      says: 'did you mean cron?',
    },
    // calendar
    {
      name: 'a bad time zone',
      text: () => edit(GOOD, 'Asia/Jakarta', 'Asia/Djakarta'),
      path: 'timezone',
      says: '"Asia/Djakarta" is not a time zone',
    },
    {
      name: 'a missing time zone',
      text: () => edit(GOOD, 'timezone: Asia/Jakarta\n', ''),
      path: 'timezone',
      says: 'missing',
    },
    {
      name: 'a bad start time',
      text: () => edit(GOOD, '"09:00"', '"9am"'),
      path: 'business_hours.start',
      says: '"9am" is not a time of day',
    },
    {
      name: 'minutes out of range',
      text: () => edit(GOOD, '"17:00"', '"17:60"'),
      path: 'business_hours.end',
      says: 'not a time of day',
    },
    {
      name: 'start after end',
      text: () => edit(GOOD, '"17:00"', '"08:00"'),
      path: 'business_hours.end',
      says: 'is not after start "09:00"',
    },
    {
      name: 'start equal to end',
      text: () => edit(GOOD, '"17:00"', '"09:00"'),
      path: 'business_hours.end',
      says: 'not after start',
    },
    {
      name: 'a bad weekday',
      text: () => edit(GOOD, 'wed, thu', 'funday, thu'),
      path: 'business_hours.days[2]',
      says: '"funday" is not a weekday',
    },
    {
      name: 'no working days',
      text: () => edit(GOOD, '[mon, tue, wed, thu, fri]', '[]'),
      path: 'business_hours.days',
      says: 'no working days',
    },
    {
      name: 'a word for business hours',
      text: () =>
        edit(
          GOOD,
          'business_hours:\n  days: [mon, tue, wed, thu, fri]\n  start: "09:00"\n  end: "17:00"\n',
          'business_hours: sometimes\n',
        ),
      path: 'business_hours',
      says: 'expected a mapping',
    },
    {
      name: 'an impossible holiday',
      text: () => edit(GOOD, '"2026-12-25"', '"2026-02-30"'),
      path: 'holidays[0]',
      says: 'not a date',
    },
    {
      name: 'a holiday in another format',
      text: () => edit(GOOD, '["2026-12-25"]', '["2026-12-25", "25/12/2026"]'),
      path: 'holidays[1]',
      says: '"25/12/2026" is not a date (use "YYYY-MM-DD"',
    },
    // policy
    {
      name: 'a reminder above 1',
      text: () => edit(GOOD, '[0.5, 0.8]', '[0.5, 1.5]'),
      path: 'projects[0].reminders[1]',
      says: 'not a fraction between 0 and 1',
    },
    {
      name: 'a reminder of 0',
      text: () => edit(GOOD, '[0.5, 0.8]', '[0, 0.8]'),
      path: 'projects[0].reminders[0]',
      says: 'not a fraction',
    },
    {
      name: 'a reminder in percent',
      text: () => edit(GOOD, '[0.5, 0.8]', '[0.5, 80]'),
      path: 'projects[0].reminders[1]',
      says: 'for 80% write 0.8',
    },
    {
      name: 'a missing impact level',
      text: () => edit(GOOD, '      critical: { spoc: 1h, sponsor: 1h, committee: 4h }\n', ''),
      path: 'projects[0].sla.critical',
      says: 'missing impact level',
    },
    {
      name: 'a missing level',
      text: () => edit(GOOD, 'sponsor: 2d, committee: 5d', 'sponsor: 2d'),
      path: 'projects[0].sla.low.committee',
      says: 'missing',
    },
    {
      name: 'a missing SLA',
      text: () => GOOD.slice(0, GOOD.lastIndexOf('    sla:\n')),
      path: 'projects[1].sla',
      says: 'missing',
    },
    {
      name: 'a cron with 4 fields',
      text: () => edit(GOOD, '"0 9 * * MON"', '"0 9 * MON"'),
      path: 'projects[0].digest.cron',
      says: 'it has 4 fields, not 5',
    },
    {
      name: 'a cron with a bad weekday',
      text: () => edit(GOOD, '"0 9 * * MON"', '"0 9 * * FUNDAY"'),
      path: 'projects[0].digest.cron',
      says: 'weekday field',
    },
    {
      name: 'a cron minute out of range',
      text: () => edit(GOOD, '"0 9 * * MON"', '"61 9 * * MON"'),
      path: 'projects[0].digest.cron',
      says: 'minute field',
    },
    {
      name: 'a budget with a currency',
      text: () => edit(GOOD, 'spoc_max_budget: 5000', 'spoc_max_budget: "5.000 IDR"'),
      path: 'projects[0].authority.spoc_max_budget',
      says: 'not an amount',
    },
    {
      name: 'a negative budget',
      text: () => edit(GOOD, 'spoc_max_budget: 5000', 'spoc_max_budget: -1'),
      path: 'projects[0].authority.spoc_max_budget',
      says: 'not an amount',
    },
    {
      name: 'a daily cost of delay with separators',
      text: () =>
        edit(
          GOOD,
          '    reminders: [0.5, 0.8]\n',
          '    reminders: [0.5, 0.8]\n    cost_of_delay: { per_day: "2.500.000", currency: IDR }\n',
        ),
      path: 'projects[0].cost_of_delay.per_day',
      says: 'not an amount per business day',
    },
    {
      name: 'a cost of delay in an unknown currency',
      text: () =>
        edit(
          GOOD,
          '    reminders: [0.5, 0.8]\n',
          '    reminders: [0.5, 0.8]\n    cost_of_delay: { per_day: 2500000, currency: rupiah }\n',
        ),
      path: 'projects[0].cost_of_delay.currency',
      says: 'ISO 4217',
    },
    {
      name: 'away_from_status that is not true or false',
      text: () =>
        edit(
          GOOD,
          '    reminders: [0.5, 0.8]\n',
          '    reminders: [0.5, 0.8]\n    away_from_status: "yes please"\n',
        ),
      path: 'projects[0].away_from_status',
      says: 'expected true or false',
    },
    {
      name: 'an away status emoji without its colons',
      text: () =>
        edit(
          GOOD,
          '    reminders: [0.5, 0.8]\n',
          '    reminders: [0.5, 0.8]\n    away_from_status: true\n    away_status_emoji: [":airplane:", palm_tree]\n',
        ),
      path: 'projects[0].away_status_emoji[1]',
      says: 'write its name between colons: ":palm_tree:"',
    },
    {
      name: 'an unknown locale',
      text: () => edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    locale: fr\n'),
      path: 'projects[0].locale',
      says: '"fr" is not a language decide-bot speaks: use en or id (en: English, id: Bahasa Indonesia)',
    },
    {
      name: 'an unknown locale in defaults',
      text: () => `defaults: { locale: fr }\n${GOOD}`,
      path: 'defaults.locale (line 1)',
      says: '"fr" is not a language decide-bot speaks: use en or id (en: English, id: Bahasa Indonesia)',
    },
    {
      name: 'a locale in defaults that is not text',
      text: () =>
        `timezone: UTC\ndefaults:\n  locale: { id: true }\n${edit(GOOD, 'timezone: Asia/Jakarta\n', '')}`,
      path: 'defaults.locale (line 3)',
      says: 'a mapping is not a language decide-bot speaks: use en or id',
    },
    {
      name: 'a misspelt locale key in defaults',
      text: () => `defaults: { locales: id }\n${GOOD}`,
      path: 'defaults.locales (line 1)',
      says: 'unknown key (did you mean locale?)',
    },
    {
      name: 'a locale that is not text',
      text: () => edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    locale: [id]\n'),
      path: 'projects[0].locale',
      says: 'use en or id',
    },
    {
      name: 'an empty list of away status emoji',
      text: () =>
        edit(GOOD, '    reminders: [0.5, 0.8]\n', '    reminders: [0.5, 0.8]\n    away_status_emoji: []\n'),
      path: 'projects[0].away_status_emoji',
      says: 'give at least one emoji code',
    },
    {
      name: 'a misspelt cost of delay key',
      text: () =>
        edit(
          GOOD,
          '    reminders: [0.5, 0.8]\n',
          '    reminders: [0.5, 0.8]\n    cost_of_delay: { perday: 2500000, currency: IDR }\n',
        ),
      path: 'projects[0].cost_of_delay.perday',
      says: 'did you mean per_day?',
    },
    // YAML itself
    {
      name: 'a YAML syntax error',
      text: () => edit(GOOD, 'days: [mon, tue, wed, thu, fri]', 'days: [mon, tue'),
      path: 'YAML syntax error at line 4, column',
      says: 'YAML syntax error',
    },
    {
      name: 'a duplicate YAML key',
      text: () => edit(GOOD, '    deputy: U0DEPUTY01\n', '    spoc: U0DEPUTY01\n'),
      path: 'YAML syntax error at line 12, column 5',
      says: 'Map keys must be unique',
    },
    {
      name: 'an empty file',
      text: () => '# nothing yet\n',
      path: 'the file is empty',
      says: 'decide.config.example.yml',
    },
    { name: 'a list at the top', text: () => '- a\n- b\n', path: 'top level', says: 'expected a mapping' },
  ];

  it.each(cases)('reports $name at $path', ({ text, path, says, count = 1 }) => {
    const problems = problemsOf(text());
    expect(problems, problems.join('\n')).toHaveLength(count);
    const [problem] = problems;
    expect(problem?.startsWith(path), problem).toBe(true);
    expect(problem).toContain(says);
  });

  it('words a problem as path (line): what (hint)', () => {
    expect(problemsOf(edit(GOOD, 'spoc: 4h', 'spoc: "4 hours"'))).toEqual([
      'projects[0].sla.high.spoc (line 20): "4 hours" is not a duration (use 30s, 15m, 4h, 2d)',
    ]);
  });

  it('reports every problem at once, not just the first', () => {
    let text = edit(GOOD, 'spoc: 4h', 'spoc: "4 hours"');
    text = edit(text, 'quorum: 2', 'quorum: 5');
    text = edit(text, 'Asia/Jakarta', 'Asia/Nowhere');
    const problems = problemsOf(text);
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/timezone \(line 1\)/);
    expect(problems.join('\n')).toMatch(/projects\[0\]\.steering_committee\.quorum \(line 14\)/);
    expect(problems.join('\n')).toMatch(/projects\[0\]\.sla\.high\.spoc \(line 20\)/);
  });

  it('names the file, the line and the accepted values for a bad defaults.locale', () => {
    expect(() => parseProjectsFile(`defaults: { locale: Bahasa }\n${GOOD}`, 'decide.config.yml')).toThrow(
      'Invalid project configuration in decide.config.yml (1 problem):\n  - defaults.locale (line 1): "Bahasa" is not a language decide-bot speaks: use en or id (en: English, id: Bahasa Indonesia)',
    );
  });

  it('names the source and counts the problems in the error message', () => {
    expect(() => parseProjectsFile(edit(GOOD, 'quorum: 2', 'quorum: 5'), 'my.yml')).toThrow(
      /^Invalid project configuration in my\.yml \(1 problem\):\n {2}- projects\[0\]/,
    );
  });
});

describe('loadConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const readGood = vi.fn((_path: string) => GOOD);

  it('applies the defaults and reads ./decide.config.yml', () => {
    const config = loadConfig({}, { readFile: readGood });
    expect(readGood).toHaveBeenCalledWith('./decide.config.yml');
    const { calendar, projects, ...rest } = config;
    expect(rest).toEqual({
      slack: { apiUrl: 'https://slack.com/api/', mode: 'http', command: '/decide' },
      port: 3000,
      redisUrl: 'redis://127.0.0.1:6379',
      queuePrefix: 'decide',
      databasePath: './data/decide.db',
      databasePool: 10,
      configPath: './decide.config.yml',
      logLevel: 'info',
    });
    expect(calendar.timezone).toBe('Asia/Jakarta');
    expect(projects.map((p) => p.id)).toEqual(['odoo-rollout', 'wms-pilot']);
  });

  it('reads only the env it is given, not process.env', () => {
    vi.stubEnv('PORT', 'not-a-port');
    vi.stubEnv('LOG_LEVEL', 'loud');
    expect(loadConfig({}, { readFile: readGood }).port).toBe(3000);
  });

  it('takes a Redis Cluster hash tag as the queue prefix: every key of every queue in one slot', () => {
    const config = loadConfig({ QUEUE_PREFIX: '{decide}' }, { readFile: () => GOOD });
    expect(config.queuePrefix).toBe('{decide}');
  });

  it('reads every variable', () => {
    const readFile = vi.fn((_path: string) => GOOD);
    const config = loadConfig(
      {
        SLACK_BOT_TOKEN: 'xoxb-1-2-abc',
        SLACK_SIGNING_SECRET: 'shh',
        SLACK_APP_TOKEN: 'xapp-1-A-2-abc',
        SLACK_API_URL: 'http://127.0.0.1:4000/api',
        PORT: '0',
        REDIS_URL: 'redis://redis:6380/2',
        QUEUE_PREFIX: 'decide_test-7',
        DATABASE_PATH: ':memory:',
        DATABASE_URL: 'postgres://bot:s3cret@db.internal:5432/decide',
        DATABASE_POOL: '25',
        DECIDE_CONFIG: '/etc/decide/projects.yml',
        LOG_LEVEL: 'DEBUG',
        SLASH_COMMAND: '/keputusan',
      },
      { readFile },
    );
    expect(readFile).toHaveBeenCalledWith('/etc/decide/projects.yml');
    expect(config.slack).toEqual({
      botToken: 'xoxb-1-2-abc',
      signingSecret: 'shh',
      appToken: 'xapp-1-A-2-abc',
      apiUrl: 'http://127.0.0.1:4000/api/',
      mode: 'socket',
      command: '/keputusan',
    });
    expect(config).toMatchObject({
      port: 0,
      redisUrl: 'redis://redis:6380/2',
      queuePrefix: 'decide_test-7',
      databasePath: ':memory:',
      databaseUrl: 'postgres://bot:s3cret@db.internal:5432/decide',
      databasePool: 25,
      configPath: '/etc/decide/projects.yml',
      logLevel: 'debug',
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: '', PORT: ' ', LOG_LEVEL: '' }, { readFile: readGood });
    expect(config.slack.mode).toBe('http');
    expect(config.port).toBe(3000);
    expect(config.logLevel).toBe('info');
    expect(config.slack.command).toBe('/decide');
  });

  const badEnv: { env: NodeJS.ProcessEnv; says: string }[] = [
    { env: { PORT: 'abc' }, says: 'PORT: "abc" is not a port number' },
    { env: { PORT: '70000' }, says: 'PORT: "70000" is not a port number' },
    { env: { PORT: '-1' }, says: 'PORT: "-1"' },
    { env: { QUEUE_PREFIX: 'decide:test' }, says: 'QUEUE_PREFIX: "decide:test" may contain only' },
    { env: { QUEUE_PREFIX: '{decide' }, says: 'QUEUE_PREFIX: "{decide" may contain only' },
    { env: { QUEUE_PREFIX: '{de}cide' }, says: 'QUEUE_PREFIX: "{de}cide" may contain only' },
    { env: { LOG_LEVEL: 'verbose' }, says: 'LOG_LEVEL: "verbose" is not a log level' },
    { env: { SLASH_COMMAND: 'decide' }, says: 'SLASH_COMMAND: "decide" is not a slash command name' },
    {
      env: { SLASH_COMMAND: '/Decide Now' },
      says: 'SLASH_COMMAND: "/Decide Now" is not a slash command name',
    },
    {
      env: { SLACK_API_URL: 'ftp://slack.com/api/' },
      says: 'SLACK_API_URL: "ftp://slack.com/api/" is not an http(s) URL',
    },
    { env: { SLACK_API_URL: 'slack.com/api' }, says: 'SLACK_API_URL' },
    { env: { REDIS_URL: 'localhost:6379' }, says: 'REDIS_URL: "localhost:6379" is not a Redis URL' },
    { env: { SLACK_BOT_TOKEN: 'xoxp-user-token' }, says: 'SLACK_BOT_TOKEN: does not start with "xoxb-"' },
    { env: { SLACK_APP_TOKEN: 'xoxb-wrong' }, says: 'SLACK_APP_TOKEN: does not start with "xapp-"' },
    { env: { DATABASE_POOL: '0' }, says: 'DATABASE_POOL: "0" is not a number of connections' },
    { env: { DATABASE_POOL: 'ten' }, says: 'DATABASE_POOL: "ten" is not a number of connections' },
    { env: { DATABASE_POOL: '2.5' }, says: 'DATABASE_POOL: "2.5"' },
    {
      env: { DATABASE_URL: 'mysql://bot:s3cret@db/decide' },
      says: 'DATABASE_URL: "mysql://bot:***@db/decide" is not a PostgreSQL URL',
    },
    {
      env: { DATABASE_URL: 'postgres://bot:s3cret@db host/decide' },
      says: 'DATABASE_URL: "postgres://bot:***@db host/decide" is not a PostgreSQL URL',
    },
  ];

  it.each(badEnv)('rejects $env', ({ env, says }) => {
    const error = catchConfigError(() => loadConfig(env, { readFile: readGood }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.startsWith(says), error.message).toBe(true);
  });

  it('never shows the password of a DATABASE_URL it refuses', () => {
    const error = catchConfigError(() =>
      loadConfig({ DATABASE_URL: 'postgresql//bot:s3cret@db/decide' }, { readFile: readGood }),
    );
    expect(error.message).toContain('DATABASE_URL');
    expect(error.message).not.toContain('s3cret');
  });

  it('takes a PostgreSQL URL on a Unix socket (no host)', () => {
    const url = 'postgresql:///decide?host=/var/run/postgresql';
    expect(loadConfig({ DATABASE_URL: url }, { readFile: readGood }).databaseUrl).toBe(url);
  });

  it('never repeats a token in its messages', () => {
    const error = catchConfigError(() =>
      loadConfig(
        { SLACK_BOT_TOKEN: 'xoxp-secret-value', SLACK_APP_TOKEN: 'secret-app' },
        { readFile: readGood },
      ),
    );
    expect(error.message).not.toMatch(/secret/);
  });

  it('says how to create a missing config file', () => {
    const missing = () => {
      throw Object.assign(new Error('ENOENT: no such file or directory'), { code: 'ENOENT' });
    };
    const error = catchConfigError(() => loadConfig({}, { readFile: missing }));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^\.\/decide\.config\.yml: the project file does not exist/);
    expect(error.message).toContain('cp decide.config.example.yml decide.config.yml');
  });

  it('finds a missing file on disk with the default reader, and reads a real one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'decide-config-'));
    const path = join(dir, 'projects.yml');
    expect(catchConfigError(() => loadConfig({ DECIDE_CONFIG: path })).message).toContain(
      'cp decide.config.example.yml',
    );
    writeFileSync(path, GOOD);
    expect(loadConfig({ DECIDE_CONFIG: path }).projects).toHaveLength(2);
  });

  it('reports environment and file problems together, file problems prefixed with the file', () => {
    const error = catchConfigError(() =>
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' }, { readFile: () => edit(GOOD, 'quorum: 2', 'quorum: 9') }),
    );
    expect(error.problems).toHaveLength(3);
    expect(error.problems[2]).toMatch(
      /^\.\/decide\.config\.yml: projects\[0\]\.steering_committee\.quorum \(line 14\)/,
    );
    expect(error.message.split('\n')).toHaveLength(4);
  });
});

describe('missingSlackCredentials', () => {
  const slack = (s: Partial<Config['slack']>): Pick<Config, 'slack'> => ({
    slack: { apiUrl: 'https://slack.com/api/', mode: 'http', ...s },
  });

  it('asks for the bot token and the signing secret in HTTP mode', () => {
    const missing = missingSlackCredentials(slack({}));
    expect(missing).toHaveLength(2);
    expect(missing[0]).toBe(
      "SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from your Slack app's OAuth & Permissions page)",
    );
    expect(missing[1]).toMatch(/^SLACK_SIGNING_SECRET is not set/);
    expect(missingSlackCredentials(slack({ botToken: 'xoxb-1', signingSecret: 's' }))).toEqual([]);
  });

  it('asks for the app token, not the signing secret, in Socket Mode', () => {
    expect(
      missingSlackCredentials(slack({ mode: 'socket', botToken: 'xoxb-1', appToken: 'xapp-1' })),
    ).toEqual([]);
    const missing = missingSlackCredentials(slack({ mode: 'socket', botToken: 'xoxb-1' }));
    expect(missing).toHaveLength(1);
    expect(missing[0]).toMatch(/^SLACK_APP_TOKEN is not set/);
  });

  it('works on what loadConfig returns', () => {
    const config = loadConfig({ SLACK_APP_TOKEN: 'xapp-1' }, { readFile: () => GOOD });
    expect(missingSlackCredentials(config)).toEqual([expect.stringMatching(/^SLACK_BOT_TOKEN is not set/)]);
  });
});

function catchConfigError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
