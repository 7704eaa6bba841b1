import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog } from '../../src/app/decision-log.js';
import { sendDigest } from '../../src/app/send-digest.js';
import type { Decision } from '../../src/domain/decision.js';
import { logFile } from '../../src/export/log-file.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ACTION, SIGNOFF_ACTION, SIGNOFF_CALLBACK, SIGNOFF_FIELD } from '../../src/slack/ids.js';
import { eventsOf, refsOf, settled, shown, threadReplies } from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Key-user sign-off end to end: `/decide signoff` and the "Request sign-off" shortcut through the stand-in,
 * rounds with a rejection and a new round, the race of two last approvals, a click after the round ended,
 * escalation to the SPoC who answers on the key users' behalf, App Home, the digest's line and the export.
 * One bot for the file: each test asks its own sign-off.
 */
describe('key-user sign-off', () => {
  let h: Harness;
  let kiki: string;
  let mira: string;
  let rina: string;
  beforeAll(async () => {
    h = await startHarness({
      project: (p) => ({
        keyUsers: { inventory: [p.keyUser, p.member], accounting: [p.cfo] },
        // High impact: the key users have 2 seconds (the escalation test); normal keeps the project's hour.
        signoff: { sla: { high: { key_users: { amount: 2, unit: 's' } } } },
      }),
    });
    kiki = h.people.keyUser;
    mira = h.people.member;
    rina = h.people.outsider;
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const signOffs = async () => (await h.bot.deps.decisions.listActive()).filter((d) => d.kind === 'signoff');
  const current = async (id: string) => {
    const d = await h.bot.deps.decisions.get(id);
    if (!d) throw new Error(`no sign-off ${id}`);
    return d;
  };
  /** The live copy posted under `role` to `recipient`. */
  const copy = (id: string, role: string, recipient?: string): StoredMessage | undefined => {
    const ref = refsOf(h, id).find(
      (r) => r.role === role && (recipient === undefined || r.recipient === recipient),
    );
    return ref === undefined ? undefined : h.fake.workspace.message(ref.channel, ref.ts);
  };
  const dmsWith = (user: string, needle: string) =>
    h.fake.dmsTo(user).filter((m) => shown(m).includes(needle));

  /** `/decide signoff <title>`, the form submitted with `values`; waits until every copy is out. */
  async function request(
    title: string,
    values: Record<string, string | number | null> = {},
    by = rina,
  ): Promise<Decision> {
    const before = new Set((await signOffs()).map((d) => d.id));
    await h.driver.slashCommand({
      user: by,
      channel: h.channel,
      command: '/decide',
      text: `signoff ${title}`,
    });
    const form = await until(h, () => h.fake.openView(by));
    expect(form.callback_id).toBe(SIGNOFF_CALLBACK.requestModal);
    const result = await h.driver.submitView(by, {
      values: { [SIGNOFF_FIELD.domain]: 'inventory', ...values },
    });
    expect(result.outcome).toBe('closed');
    const d = await until(h, async () => (await signOffs()).find((x) => !before.has(x.id)));
    await until(
      h,
      () => refsOf(h, d.id).filter((r) => r.role.startsWith('request-')).length === d.deciders.length,
    );
    await settled(h);
    return await current(d.id);
  }

  async function reject(user: string, message: StoredMessage | undefined, reason: string): Promise<void> {
    await h.driver.clickButton(user, { actionId: SIGNOFF_ACTION.reject, in: message });
    const form = await until(h, () => h.fake.openView(user));
    expect(form.callback_id).toBe(SIGNOFF_CALLBACK.rejectModal);
    expect((await h.driver.submitView(user, { values: { [SIGNOFF_FIELD.reason]: reason } })).outcome).toBe(
      'closed',
    );
  }

  it('every field of the form is checked on that field; a valid one goes to the domain’s key users', async () => {
    await h.driver.slashCommand({
      user: rina,
      channel: h.channel,
      command: '/decide',
      text: 'signoff Stock report v2',
    });
    const form = await until(h, () => h.fake.openView(rina));
    expect(form.callback_id).toBe(SIGNOFF_CALLBACK.requestModal);
    const initial = form.blocks.find((b) => b.block_id === SIGNOFF_FIELD.title)?.element as {
      initial_value?: string;
    };
    expect(initial.initial_value).toBe('Stock report v2');

    const bad = await h.driver.submitView(rina, {
      values: {
        [SIGNOFF_FIELD.title]: '   ',
        [SIGNOFF_FIELD.link]: 'ftp://files.example.com/report',
        [SIGNOFF_FIELD.domain]: 'accounting',
        [SIGNOFF_FIELD.rule]: 'at_least',
        [SIGNOFF_FIELD.count]: 2,
      },
    });
    expect(bad.outcome).toBe('errors');
    expect(bad.errors).toEqual({
      [SIGNOFF_FIELD.title]: 'Please name the deliverable.',
      [SIGNOFF_FIELD.link]: 'Enter a full web address starting with https:// or http://.',
      [SIGNOFF_FIELD.count]: 'Enter a whole number from 1 to 1 (accounting has 1 key user).',
    });
    const noCount = await h.driver.submitView(rina, {
      values: {
        [SIGNOFF_FIELD.title]: 'Stock report v2',
        [SIGNOFF_FIELD.link]: null,
        [SIGNOFF_FIELD.domain]: 'inventory',
        [SIGNOFF_FIELD.count]: null,
      },
    });
    expect(noCount.errors).toEqual({ [SIGNOFF_FIELD.count]: 'Enter how many approvals sign it off.' });
    const ok = await h.driver.submitView(rina, {
      values: { [SIGNOFF_FIELD.rule]: 'all', [SIGNOFF_FIELD.link]: 'https://docs.example.com/stock-v2' },
    });
    expect(ok.outcome).toBe('closed');

    const d = await until(h, async () => (await signOffs()).find((x) => x.question === 'Stock report v2'));
    await until(h, () => copy(d.id, 'request-key_users-r1', mira) && copy(d.id, 'requester'));
    await settled(h);
    expect(await current(d.id)).toMatchObject({
      level: 'key_users',
      deciders: [kiki, mira],
      requester: rina,
    });
    for (const user of [kiki, mira]) {
      const dm = copy(d.id, 'request-key_users-r1', user);
      expect(buttonsOf(h, dm)).toEqual([SIGNOFF_ACTION.approve, SIGNOFF_ACTION.reject]);
      expect(shown(dm)).toContain('Sign-off: Stock report v2');
      expect(shown(dm)).toContain('https://docs.example.com/stock-v2');
      expect(shown(dm)).toContain('0 of 2 approvals');
    }
    expect(shown(copy(d.id, 'thread_head'))).toContain('Waiting for the key users');
    expect(shown(copy(d.id, 'requester'))).toContain('Your sign-off request went to the inventory key users');
    expect(buttonsOf(h, copy(d.id, 'requester'))).toEqual([ACTION.withdraw]);
    h.fake.assertNoViolations();
  });

  it('a rejection needs a reason and returns the round; a late click is refused; round 2 signs off, once, in a race', async () => {
    const d = await request('Goods receipt workflow');
    const kikiDm = copy(d.id, 'request-key_users-r1', kiki);
    const miraDm = copy(d.id, 'request-key_users-r1', mira);

    // Kiki approves: progress everywhere, her own copy keeps only Reject.
    await h.driver.clickButton(kiki, { actionId: SIGNOFF_ACTION.approve, in: kikiDm });
    await until(h, () => threadReplies(h, d.id).length === 1);
    await settled(h);
    expect(shown(threadReplies(h, d.id)[0])).toContain(`<@${kiki}> signed off (1 of 2)`);
    expect(buttonsOf(h, copy(d.id, 'request-key_users-r1', kiki))).toEqual([SIGNOFF_ACTION.reject]);
    expect(shown(copy(d.id, 'request-key_users-r1', mira))).toContain('1 of 2 approvals');

    // Mira and Kiki both open the reject form; Mira's empty reason stays in the form on its field.
    await h.driver.clickButton(mira, { actionId: SIGNOFF_ACTION.reject, in: miraDm });
    await until(h, () => h.fake.openView(mira));
    await h.driver.clickButton(kiki, { actionId: SIGNOFF_ACTION.reject, in: kikiDm });
    await until(h, () => h.fake.openView(kiki));
    const empty = await h.driver.submitView(mira, { values: { [SIGNOFF_FIELD.reason]: '   ' } });
    expect(empty.outcome).toBe('errors');
    expect(empty.errors).toEqual({ [SIGNOFF_FIELD.reason]: 'Please give a reason.' });
    const rejected = await h.driver.submitView(mira, {
      values: { [SIGNOFF_FIELD.reason]: 'The receipt ignores partial deliveries.' },
    });
    expect(rejected.outcome).toBe('closed');
    await until(h, () => dmsWith(rina, 'came back with a rejection').length > 0);
    await settled(h);
    expect(await current(d.id)).toMatchObject({ status: 'returned', closedAt: null });
    expect(shown(threadReplies(h, d.id).at(-1))).toContain('Round 1 was rejected');
    const receipt = copy(d.id, 'requester');
    expect(shown(receipt)).toContain('The receipt ignores partial deliveries.');
    expect(buttonsOf(h, receipt)).toEqual([SIGNOFF_ACTION.newRound, ACTION.withdraw]);
    const [returnedDm] = dmsWith(rina, 'came back with a rejection');
    expect(buttonsOf(h, returnedDm)).toEqual([SIGNOFF_ACTION.newRound, ACTION.withdraw]);
    for (const user of [kiki, mira])
      expect(buttonsOf(h, copy(d.id, 'request-key_users-r1', user))).toEqual([]);

    // Kiki's form, submitted after the round ended: nothing is recorded, and she is told what happened.
    expect(
      (await h.driver.submitView(kiki, { values: { [SIGNOFF_FIELD.reason]: 'Labels too small' } })).outcome,
    ).toBe('closed');
    const told = await until(h, () => dmsWith(kiki, 'Too late: round 1 of this sign-off has ended')[0]);
    expect(shown(told)).toContain(`came back to <@${rina}>`);
    expect(await eventsOf(h, d.id, 'signoff_rejected')).toHaveLength(1);
    // Someone else cannot send the new round.
    await h.driver.clickButton(mira, { actionId: SIGNOFF_ACTION.newRound, in: receipt });
    await until(h, () => dmsWith(mira, 'Only the person who asked').length > 0);
    expect(h.fake.openView(mira)).toBeUndefined();

    // Rina sends round 2 from the DM, saying what changed.
    await h.driver.clickButton(rina, { actionId: SIGNOFF_ACTION.newRound, in: returnedDm });
    const roundForm = await until(h, () => h.fake.openView(rina));
    expect(roundForm.callback_id).toBe(SIGNOFF_CALLBACK.newRoundModal);
    await h.driver.submitView(rina, { values: { [SIGNOFF_FIELD.roundNote]: 'Partial deliveries handled.' } });
    await until(
      h,
      () => copy(d.id, 'request-key_users-r2', kiki) && copy(d.id, 'request-key_users-r2', mira),
    );
    await settled(h);
    expect(await current(d.id)).toMatchObject({ status: 'open', votes: [], signoff: { round: 2 } });
    expect(buttonsOf(h, h.fake.workspace.message(returnedDm?.channel ?? '', returnedDm?.ts ?? ''))).toEqual(
      [],
    );
    const round2 = [kiki, mira].map((u) => copy(d.id, 'request-key_users-r2', u));
    expect(shown(round2[0])).toContain('Partial deliveries handled.');
    expect(shown(round2[0])).toContain('Round 1 came back');
    expect(shown(copy(d.id, 'request-key_users-r1', kiki))).toContain('round 1, which has ended');

    // The two last approvals at once: both count, one sign-off, one outcome line.
    await Promise.all([
      h.driver.clickButton(kiki, { actionId: SIGNOFF_ACTION.approve, in: round2[0] }),
      h.driver.clickButton(mira, { actionId: SIGNOFF_ACTION.approve, in: round2[1] }),
    ]);
    await until(h, async () => (await current(d.id)).status === 'decided');
    await settled(h);
    expect(await eventsOf(h, d.id, 'decided')).toHaveLength(1);
    expect(
      (await eventsOf(h, d.id, 'signoff_approved')).filter((e) => 'round' in e.data && e.data.round === 2),
    ).toHaveLength(2);
    expect(threadReplies(h, d.id).filter((m) => shown(m).includes('*Signed off*'))).toHaveLength(1);
    expect(shown(copy(d.id, 'thread_head'))).toContain('*Signed off* by');
    expect(shown(copy(d.id, 'thread_head'))).toContain('in round 2');
    for (const ref of refsOf(h, d.id))
      expect(buttonsOf(h, h.fake.workspace.message(ref.channel, ref.ts))).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('unanswered, it escalates to the SPoC, who rejects on the key users’ behalf; it comes back to the requester', async () => {
    const d = await request('Cycle count procedure', { [SIGNOFF_FIELD.impact]: 'high' });
    expect(d.ladder.steps[0]).toEqual({ level: 'key_users', slaMs: 2000 });
    const spocCopy = await until(h, () => copy(d.id, 'request-spoc-r1', h.people.spoc), 10_000);
    await settled(h);
    expect(shown(spocCopy)).toContain('sign it off or reject it on their behalf');
    expect(buttonsOf(h, spocCopy)).toEqual([SIGNOFF_ACTION.approve, SIGNOFF_ACTION.reject]);
    expect(shown(threadReplies(h, d.id).at(-1))).toContain(
      'who can sign off or reject on the key users’ behalf',
    );
    expect(buttonsOf(h, copy(d.id, 'request-key_users-r1', kiki))).toEqual([]);
    await reject(h.people.spoc, spocCopy, 'Not tested on the Medan stock.');
    await until(h, async () => (await current(d.id)).status === 'returned');
    await settled(h);
    expect((await eventsOf(h, d.id, 'round_returned'))[0]).toMatchObject({
      level: 'spoc',
      data: { reasons: [{ by: h.people.spoc, reason: 'Not tested on the Medan stock.' }] },
    });
    expect(await eventsOf(h, d.id, 'signoff_approved')).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('the message shortcut opens the form filled from the message and links it back', async () => {
    const source = h.fake.workspace.postMessage({
      channel: h.channel,
      user: rina,
      text: 'Payment run report is ready for UAT\nPlease check the totals against the bank file.',
    });
    await h.driver.messageShortcut(rina, {
      callbackId: SIGNOFF_CALLBACK.shortcut,
      message: { channel: h.channel, ts: source.ts },
    });
    const form = await until(h, () => h.fake.openView(rina));
    expect(form.callback_id).toBe(SIGNOFF_CALLBACK.requestModal);
    const initial = (id: string) =>
      (form.blocks.find((b) => b.block_id === id)?.element as { initial_value?: string } | undefined)
        ?.initial_value;
    expect(initial(SIGNOFF_FIELD.title)).toBe('Payment run report is ready for UAT');
    expect(initial(SIGNOFF_FIELD.notes)).toContain('against the bank file');
    await h.driver.submitView(rina, { values: { [SIGNOFF_FIELD.domain]: 'accounting' } });
    const d = await until(h, async () =>
      (await signOffs()).find((x) => x.question === 'Payment run report is ready for UAT'),
    );
    expect(d).toMatchObject({ source: { channel: h.channel, ts: source.ts }, deciders: [h.people.cfo] });
    await until(h, () => copy(d.id, 'request-key_users-r1', h.people.cfo));
    await settled(h);
    expect(shown(copy(d.id, 'thread_head'))).toContain('Raised from');
    h.fake.assertNoViolations();
  });

  it('App Home: waiting on the key user, the requester’s request, and the outcome worded as a sign-off', async () => {
    const d = await request('Stock valuation report', {
      [SIGNOFF_FIELD.rule]: 'at_least',
      [SIGNOFF_FIELD.count]: 1,
    });
    const home = async (user: string) => {
      const before = h.fake.calls('views.publish').length;
      await h.driver.appHomeOpened(user);
      await until(h, () => h.fake.calls('views.publish').length > before);
      return shown(h.fake.homeView(user));
    };
    expect(await home(kiki)).toContain('Sign-off: Stock valuation report');
    expect(await home(rina)).toMatch(/Sign-off: Stock valuation report\*\\n[^"]*round with the key users/);
    await h.driver.clickButton(mira, {
      actionId: SIGNOFF_ACTION.approve,
      in: copy(d.id, 'request-key_users-r1', mira),
    });
    await until(h, async () => (await current(d.id)).status === 'decided');
    await settled(h);
    const after = await home(kiki);
    expect(after).not.toMatch(/Waiting on you[\s\S]*Stock valuation report[\s\S]*Your open requests/);
    expect(after).toMatch(/Sign-off: Goods receipt workflow\*\\n[^"]*Signed off after 2 rounds · took/);
    expect(after).toMatch(/Sign-off: Stock valuation report\*\\n[^"]*Signed off · took/);
    h.fake.assertNoViolations();
  });

  it('the digest gives sign-offs their own line and leaves them out of the decisions’ figures', async () => {
    await sendDigest(h.bot.deps, h.project.id, { to: h.people.sponsor });
    const digest = await until(h, () => dmsWith(h.people.sponsor, 'Weekly decisions digest')[0]);
    await settled(h);
    // Signed off: "Goods receipt workflow" (after a rejected round) and "Stock valuation report"; rejected
    // rounds: that one and the SPoC's; still open: the rest.
    expect(shown(digest)).toMatch(
      /\*Sign-offs:\* 2 signed off · 2 rounds rejected · median [\dsmh ]+ to sign-off/,
    );
    expect(shown(digest)).toContain('No decision was asked for or closed this week.');
    h.fake.assertNoViolations();
  });

  it('the export has a kind column (sign-off), the rounds and the reasons', async () => {
    const rows = await decisionLog(h.bot.deps, h.project.id);
    const goods = rows.find((r) => r.question === 'Goods receipt workflow');
    expect(goods).toMatchObject({ kind: 'signoff', status: 'decided', signoff: { rounds: 2 } });
    const file = logFile(rows, 'csv', { projectId: h.project.id, timeZone: 'UTC', at: Date.now() });
    const parsed = parse(file.content.toString('utf8'), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    const row = parsed.find((r) => r.Question === 'Goods receipt workflow');
    expect(row).toMatchObject({ Kind: 'sign-off', Rounds: '2', Options: 'Sign off | Reject' });
    expect(row?.Rationale).toContain(`Round 1, rejected by ${mira}: The receipt ignores partial deliveries.`);
  });
});
