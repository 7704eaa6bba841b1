import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog } from '../../src/app/decision-log.js';
import { logFile } from '../../src/export/log-file.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { optionLabel } from '../../src/slack/blocks/facts.js';
import { ACTION, FIELD } from '../../src/slack/ids.js';
import { inLocale } from '../../src/slack/text/index.js';
import { copyOf, openRequest, settled } from './decision-flow.js';
import { ask, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { decisionIds, decisionOf } from './support/inspect.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Everything a CSV writer can get wrong: a comma, quotes, a newline, Indonesian text and an emoji. */
const AWKWARD = 'Pakai "FIFO", atau rata-rata?\nGudang Surabaya 🏭';

describe('the decision log export', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    h = await startHarness({ project: () => ({ costOfDelay: { perDay: 2_500_000, currency: 'IDR' } }) });
    dir = mkdtempSync(join(tmpdir(), 'decide-export-'));
    await ask(h, {
      question: AWKWARD,
      options: 'FIFO, as asked\nAverage "weighted"',
      blocks: 'the stock count, 5 Dec',
    });
    const dm = await until(h, () => lastMessage(h, h.people.spoc, 'Gudang'));
    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });
    await until(h, async () => (await decisionOf(h, decisionIds(h)[0] ?? '')).status === 'decided');
    await ask(h, { question: 'Still open?' });
    await until(h, () => decisionIds(h).length === 2);
  });
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const rows = async () => await decisionLog(h.bot.deps, h.project.id);

  it('what a request blocks is shown to its deciders', () => {
    const dm = JSON.stringify(lastMessage(h, h.people.spoc, 'Gudang'));
    expect(dm).toContain('*Blocks*\\nthe stock count, 5 Dec');
  });

  it('one row per decision with its outcome, decider, level, times, escalations and cost', async () => {
    const [decided, open] = await rows();
    expect(decided).toMatchObject({
      kind: 'decision',
      question: AWKWARD,
      options: ['FIFO, as asked', 'Average "weighted"'],
      status: 'decided',
      outcome: { how: 'decided', label: 'FIFO, as asked' },
      blocks: 'the stock count, 5 Dec',
      requester: h.people.member,
      decider: h.people.spoc,
      levelReached: 'spoc',
      escalations: 0,
      costOfDelay: { currency: 'IDR' },
    });
    expect(decided?.businessMs).toBeGreaterThan(0);
    expect(open).toMatchObject({
      status: 'open',
      outcome: { how: 'open' },
      closedAt: null,
      businessMs: null,
    });
    expect(open?.costOfDelay?.amount).toBeGreaterThanOrEqual(0);
  });

  it('CSV with a byte-order mark parses back to the same rows, commas, quotes, newlines and emoji intact', async () => {
    const file = logFile(await rows(), 'csv', {
      projectId: h.project.id,
      timeZone: 'Asia/Jakarta',
      at: Date.now(),
    });
    expect(file.filename).toMatch(/^decisions-odoo-rollout-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...file.content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = parse(file.content.toString('utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(parsed).toHaveLength(2);
    expect(parsed[0]?.Question).toBe(AWKWARD);
    expect(parsed[0]?.Options).toBe('FIFO, as asked | Average "weighted"');
    expect(parsed[0]?.Outcome).toBe('FIFO, as asked');
    expect(parsed[0]?.['Decided by']).toBe(h.people.spoc);
    expect(parsed[0]?.Opened).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
    expect(parsed[0]?.Currency).toBe('IDR');
    expect(parsed[0]?.Blocks).toBe('the stock count, 5 Dec');
    expect(parsed[1]?.Closed).toBe('');
  });

  it('JSON keyed by field names', async () => {
    const file = logFile(await rows(), 'json', { projectId: h.project.id, timeZone: 'UTC', at: Date.now() });
    const parsed = JSON.parse(file.content.toString('utf8')) as Record<string, unknown>[];
    expect(parsed[0]).toMatchObject({ question: AWKWARD, outcome: 'FIFO, as asked', escalations: 0 });
  });

  it('/decide export: the file by DM to the SPoC, a sponsor or a committee member; anyone else is told who may', async () => {
    await h.driver.slashCommand({
      user: h.people.sponsor,
      channel: h.channel,
      command: '/decide',
      text: 'export csv',
    });
    const shared = await until(h, () =>
      h.fake.messagesIn(h.people.sponsor).find((m) => (m.files ?? []).length > 0),
    );
    expect(JSON.stringify(h.fake.ephemeralsFor(h.people.sponsor).at(-1))).toContain('by direct message');
    const bytes = h.fake.files.get(String(shared.files?.[0]?.id))?.bytes ?? Buffer.alloc(0);
    const parsed = parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(parsed.map((r) => r.Question)).toEqual([AWKWARD, 'Still open?']);

    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'export json since 2020-01-01',
    });
    const json = await until(h, () =>
      h.fake.messagesIn(h.people.spoc).find((m) => (m.files ?? []).length > 0),
    );
    expect(
      JSON.parse(h.fake.files.get(String(json.files?.[0]?.id))?.bytes?.toString('utf8') ?? '[]'),
    ).toHaveLength(2);

    const refused = async (user: string, text: string, says: string) => {
      await h.driver.slashCommand({ user, channel: h.channel, command: '/decide', text });
      expect(JSON.stringify(await until(h, () => h.fake.ephemeralsFor(user).at(-1)))).toContain(says);
    };
    await refused(h.people.member, 'export', 'Only the people accountable');
    await refused(h.people.sponsor, 'export xlsx', 'is not an export format');
    await refused(h.people.sponsor, 'export since 2099-01-01', 'is in the future');
    await refused(h.people.sponsor, 'export since yesterday', 'as a date');
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.messagesIn(h.people.member).filter((m) => (m.files ?? []).length > 0)).toEqual([]);
    h.fake.assertNoViolations();
  });

  describe('npm run export (the command line, reading the database directly)', () => {
    const run = (args: string[]) => {
      const config = join(dir, 'decide.config.yml');
      writeFileSync(config, projectFile(h));
      const result = spawnSync(
        process.execPath,
        ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/export-cli.ts'), ...args],
        {
          env: { PATH: process.env.PATH ?? '', DATABASE_PATH: h.config.databasePath, DECIDE_CONFIG: config },
          encoding: 'utf8',
          timeout: 30_000,
        },
      );
      return { code: result.status, out: result.stdout, err: result.stderr };
    };

    it('--help, exit 0', () => {
      const { code, out } = run(['--help']);
      expect(code).toBe(0);
      expect(out).toContain('--project <id>');
    });

    it('writes the CSV to a file or standard output', () => {
      const out = join(dir, 'log.csv');
      const written = run(['--project', 'odoo-rollout', '--out', out]);
      expect(written.code).toBe(0);
      expect(written.err).toContain('wrote 2 decisions');
      const parsed = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<
        string,
        string
      >[];
      expect(parsed.map((r) => r.Question)).toEqual([AWKWARD, 'Still open?']);
      const json = run(['--project', 'odoo-rollout', '--format', 'json', '--since', '2020-01-01']);
      expect(JSON.parse(json.out)).toHaveLength(2);
    });

    it('bad input: a clear sentence saying what is accepted, exit 2, nothing written', () => {
      const cases: [string[], string][] = [
        [['--project', 'nope'], 'there is no project "nope"'],
        [['--project', 'odoo-rollout', '--format', 'xlsx'], 'is not one of csv, json'],
        [['--project', 'odoo-rollout', '--since', '2099-01-01'], 'is in the future'],
        [['--project', 'odoo-rollout', '--since', '1 Nov'], 'is not a date (use YYYY-MM-DD'],
        [[], '--project <id> is required'],
      ];
      for (const [args, says] of cases) {
        const { code, err, out } = run(args);
        expect(code, args.join(' ')).toBe(2);
        expect(err).toContain(says);
        expect(out).toBe('');
      }
    });
  });
});

describe('the decision log of an Indonesian project', () => {
  let h: Harness;
  let dir: string;
  let decisionId: string;
  beforeAll(async () => {
    h = await startHarness({ project: () => ({ locale: 'id' }) });
    dir = mkdtempSync(join(tmpdir(), 'decide-export-id-'));
    // Approve / Reject (no options typed), sent to the committee, which votes with notes.
    const r = await openRequest(h, { question: 'Buka gudang Medan tahun depan?' });
    decisionId = r.id;
    await openForm(h, h.people.spoc, ACTION.sendUp, r.dm);
    await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.sendUpTarget]: 'needs_committee', [FIELD.sendUpReason]: 'Keputusan strategis.' },
    });
    const ballot = await until(h, () => copyOf(h, r.id, 'request-committee', h.people.cfo));
    await openForm(h, h.people.cfo, ACTION.decideWithNote, ballot);
    await h.driver.submitView(h.people.cfo, {
      values: { [FIELD.noteOption]: 'approve', [FIELD.note]: 'Kas cukup untuk Q1.' },
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.votes.length === 1);
    const paul = await until(h, () => copyOf(h, r.id, 'request-committee', h.people.pmDirector));
    await openForm(h, h.people.pmDirector, ACTION.decideWithNote, paul);
    await h.driver.submitView(h.people.pmDirector, {
      values: { [FIELD.noteOption]: 'reject', [FIELD.note]: 'Tunggu hasil audit.' },
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.votes.length === 2);
    await h.driver.clickButton(h.people.sponsor, {
      actionId: `${ACTION.votePrefix}0`,
      in: await until(h, () => copyOf(h, r.id, 'request-committee', h.people.sponsor)),
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await settled(h);
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The CSV `/decide export` sends `user` by DM, parsed. */
  const exported = async (user: string) => {
    const before = h.fake.messagesIn(user).filter((m) => (m.files ?? []).length > 0).length;
    await h.driver.slashCommand({ user, channel: h.channel, command: '/decide', text: 'export csv' });
    const shared = await until(
      h,
      () => h.fake.messagesIn(user).filter((m) => (m.files ?? []).length > 0)[before],
    );
    const bytes = h.fake.files.get(String(shared.files?.[0]?.id))?.bytes ?? Buffer.alloc(0);
    return parse(bytes.toString('utf8'), { bom: true, columns: true }) as Record<string, string>[];
  };

  it('the row keeps the options as stored; the rationale names the voted options in the language asked for', async () => {
    const row = (await decisionLog(h.bot.deps, h.project.id)).find((r) => r.id === decisionId);
    expect(row?.options).toEqual(['Approve', 'Reject']);
    expect(row?.rationale).toBe('Approve: Kas cukup untuk Q1.; Reject: Tunggu hasil audit.');
    const inIndonesian = await inLocale('id', () =>
      decisionLog(h.bot.deps, h.project.id, undefined, optionLabel),
    );
    expect(inIndonesian.find((r) => r.id === decisionId)?.rationale).toBe(
      'Setujui: Kas cukup untuk Q1.; Tolak: Tunggu hasil audit.',
    );
  });

  it('/decide export: headers, options, outcome and the vote notes’ options in the project’s language', async () => {
    const [row] = await exported(h.people.cfo);
    expect(row).toMatchObject({
      Jenis: 'keputusan',
      Pertanyaan: 'Buka gudang Medan tahun depan?',
      Opsi: 'Setujui | Tolak',
      Hasil: 'Setujui',
      Pertimbangan: 'Setujui: Kas cukup untuk Q1.; Tolak: Tunggu hasil audit.',
    });
    expect(JSON.stringify(row)).not.toMatch(/Approve|Reject/);
  });

  it('/decide export for someone who reads English: the whole file in English, the notes as written', async () => {
    await h.driver.slashCommand({
      user: h.people.sponsor,
      channel: h.channel,
      command: '/decide',
      text: 'language en',
    });
    const [row] = await exported(h.people.sponsor);
    expect(row).toMatchObject({
      Options: 'Approve | Reject',
      Outcome: 'Approve',
      Rationale: 'Approve: Kas cukup untuk Q1.; Reject: Tunggu hasil audit.',
    });
  });

  it('npm run export: the project’s language, rationale included', () => {
    const config = join(dir, 'decide.config.yml');
    writeFileSync(config, `${projectFile(h)}\n    locale: id\n`);
    const out = join(dir, 'log.csv');
    const result = spawnSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        join(ROOT, 'src/export-cli.ts'),
        '--project',
        h.project.id,
        '--out',
        out,
      ],
      {
        env: { PATH: process.env.PATH ?? '', DATABASE_PATH: h.config.databasePath, DECIDE_CONFIG: config },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(result.status, result.stderr).toBe(0);
    const [row] = parse(readFileSync(out, 'utf8'), { bom: true, columns: true }) as Record<string, string>[];
    expect(row?.Pertimbangan).toBe('Setujui: Kas cukup untuk Q1.; Tolak: Tunggu hasil audit.');
  });
});

/** Clicks `actionId` on `message` as `user` and resolves with the form it opens. */
async function openForm(h: Harness, user: string, actionId: string, message: StoredMessage | undefined) {
  if (message === undefined) throw new Error('no message to click on');
  const before = h.fake.openView(user)?.id;
  await h.driver.clickButton(user, { actionId, in: message });
  return until(h, () => {
    const view = h.fake.openView(user);
    return view !== undefined && view.id !== before ? view : undefined;
  });
}

/** The harness's project as a project file, so the command line reads the same configuration. */
function projectFile(h: Harness): string {
  const p = h.project;
  return [
    'timezone: UTC',
    'business_hours: always',
    'projects:',
    `  - id: ${p.id}`,
    `    name: "${p.name}"`,
    `    channel: ${p.channel}`,
    `    spoc: ${p.spoc}`,
    `    sponsors: [${p.sponsors.join(', ')}]`,
    `    steering_committee: { members: [${p.steeringCommittee.members.join(', ')}], quorum: ${p.steeringCommittee.quorum} }`,
    '    cost_of_delay: { per_day: 2500000, currency: IDR }',
    '    sla:',
    ...['low', 'normal', 'high', 'critical'].map(
      (i) => `      ${i}: { spoc: 1h, sponsor: 1h, committee: 2h }`,
    ),
  ].join('\n');
}
