import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decisionLog } from '../../src/app/decision-log.js';
import { projectInsight } from '../../src/app/insight.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ACTION, CALLBACK, DECIDE_FIELD, FIELD } from '../../src/slack/ids.js';
import {
  allCopies,
  copyOf,
  dmsMentioning,
  eventsOf,
  live,
  type Opened,
  openRequest,
  option,
  refsOf,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The rest of a decision's life through the real bot and the Slack stand-in: a note with the answer, a
 * decider sending it up at once, the requester editing or withdrawing it, and the races between them. One
 * bot for the file; each test works on requests of its own.
 */
describe('a decision’s life: notes, escalate now, edits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const copy = (r: Opened, role: Parameters<typeof copyOf>[2], who?: string) => copyOf(h, r.id, role, who);

  async function openForm(user: string, actionId: string, message: StoredMessage | undefined) {
    if (message === undefined) throw new Error('no message to click on');
    const before = h.fake.openView(user)?.id;
    await h.driver.clickButton(user, { actionId, in: message });
    return until(h, () => {
      const view = h.fake.openView(user);
      return view !== undefined && view.id !== before ? view : undefined;
    });
  }

  /** The SPoC sends it to the committee with Escalate now; resolves with the CFO's ballot. */
  async function sendToCommittee(r: Opened, reason: string) {
    await openForm(h.people.spoc, ACTION.sendUp, r.dm);
    await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.sendUpTarget]: 'needs_committee', [FIELD.sendUpReason]: reason },
    });
    return until(h, () => copy(r, 'request-committee', h.people.cfo));
  }

  it('Decide with a note: the options as radio buttons, and the note shows with the outcome everywhere', async () => {
    const r = await openRequest(h, { question: 'Note: use FIFO for raw materials?' });
    const form = await openForm(h.people.spoc, ACTION.decideWithNote, r.dm);
    expect(form.callback_id).toBe(CALLBACK.decideNoteModal);
    expect(shown(form)).toContain('"type":"radio_buttons"');
    const result = await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.noteOption]: 'approve', [FIELD.note]: 'The auditor prefers FIFO.' },
    });
    expect(result.outcome).toBe('closed');
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await settled(h);
    expect((await h.bot.deps.decisions.get(r.id))?.outcome).toMatchObject({
      optionId: 'approve',
      rationale: 'The auditor prefers FIFO.',
    });
    for (const c of allCopies(h, r.id)) expect(shown(c)).toContain('The auditor prefers FIFO.');
    expect(shown(threadReplies(h, r.id).at(-1))).toContain('The auditor prefers FIFO.');
    // App Home's recent outcomes and the export's rationale column carry it too.
    await h.driver.appHomeOpened(h.people.member);
    await until(h, () => shown(h.fake.homeView(h.people.member)).includes('The auditor prefers FIFO.'));
    const row = (await decisionLog(h.bot.deps, h.project.id)).find((x) => x.id === r.id);
    expect(row?.rationale).toBe('The auditor prefers FIFO.');
    h.fake.assertNoViolations();
  });

  it('Escalate now, above my authority: the sponsor gets it with the reason; the requester is told; the digest counts it', async () => {
    const r = await openRequest(h, { question: 'Send up: change the payroll cut-off?' });
    const form = await openForm(h.people.spoc, ACTION.sendUp, r.dm);
    expect(form.callback_id).toBe(CALLBACK.sendUpModal);
    // At the SPoC level there are two ways up (the sponsor level has one: the committee).
    expect(shown(form)).toContain('Above my authority (to the sponsor)');
    expect(shown(form)).toContain('Needs the committee (to the steering committee)');
    const sent = await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.sendUpTarget]: 'above_authority', [FIELD.sendUpReason]: 'Payroll is HR’s budget.' },
    });
    expect(sent.outcome).toBe('closed');
    const sponsorCopy = await until(h, () => copy(r, 'request-sponsor', h.people.sponsor));
    await settled(h);
    expect(await h.bot.deps.decisions.get(r.id)).toMatchObject({
      level: 'sponsor',
      deciders: [h.people.sponsor],
    });
    expect(
      shown(
        live(
          h,
          refsOf(h, r.id).find((x) => x.role === 'request-sponsor'),
        ),
      ),
    ).toContain('Payroll is HR’s budget.');
    expect(buttonsOf(h, sponsorCopy)).toContain(option(0));
    const spocCopy = copy(r, 'request-spoc', h.people.spoc);
    expect(buttonsOf(h, spocCopy)).toEqual([]);
    expect(shown(spocCopy)).toContain(`<@${h.people.spoc}> sent this up`);
    expect(shown(threadReplies(h, r.id).at(-1))).toContain('without waiting for the deadline');
    const told = await until(h, () => dmsMentioning(h, h.people.member, 'Your request went up')[0]);
    expect(shown(told)).toContain('Payroll is HR’s budget.');
    expect((await eventsOf(h, r.id, 'escalated'))[0]).toMatchObject({
      actor: h.people.spoc,
      data: { because: 'above_authority', reason: 'Payroll is HR’s budget.' },
    });

    await h.driver.clickButton(h.people.sponsor, { actionId: option(0), in: sponsorCopy });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    const now = h.bot.deps.clock.now();
    const insight = await projectInsight(h.bot.deps, h.project, now - 3_600_000, now + 1000);
    expect(insight.current.authority.byReason.sent_up).toBeGreaterThanOrEqual(1);
    h.fake.assertNoViolations();
  });

  it('Needs the committee: straight to the vote; members vote with notes and the notes stay with the outcome', async () => {
    const r = await openRequest(h, { question: 'Committee: open the Medan warehouse?' });
    const ballot = await sendToCommittee(r, 'A strategy question.');
    expect((await h.bot.deps.decisions.get(r.id))?.level).toBe('committee');
    const voteForm = await openForm(h.people.cfo, ACTION.decideWithNote, ballot);
    expect(shown(voteForm)).toContain('Vote with a note');
    await h.driver.submitView(h.people.cfo, {
      values: { [FIELD.noteOption]: 'approve', [FIELD.note]: 'Cash allows it in Q1.' },
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.votes.length === 1);
    await settled(h);
    const pauls = copy(r, 'request-committee', h.people.pmDirector);
    expect(shown(pauls)).toContain('Cash allows it in Q1.');
    await h.driver.clickButton(h.people.pmDirector, { actionId: `${ACTION.votePrefix}0`, in: pauls });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await settled(h);
    for (const c of allCopies(h, r.id)) expect(shown(c)).toContain('Cash allows it in Q1.');
    expect(shown(threadReplies(h, r.id).at(-1))).toContain('Cash allows it in Q1.');
    expect((await decisionLog(h.bot.deps, h.project.id)).find((x) => x.id === r.id)?.rationale).toBe(
      'Approve: Cash allows it in Q1.',
    );
    h.fake.assertNoViolations();
  });

  it('Edit: the form is filled in; a mistake shows on its field; the copies update in place, marked edited', async () => {
    const r = await openRequest(h, {
      question: 'Edit: buy 20 scanners?',
      [DECIDE_FIELD.budget]: 3000,
      [DECIDE_FIELD.options]: 'Buy\nLease\nWait',
    });
    const form = await openForm(h.people.member, ACTION.edit, r.receipt);
    expect(form.callback_id).toBe(CALLBACK.editModal);
    expect(shown(form)).toContain('Edit: buy 20 scanners?');
    expect(shown(form)).toContain('Buy\\nLease\\nWait');
    const bad = await h.driver.submitView(h.people.member, {
      values: { [DECIDE_FIELD.defaultOption]: 'Maybe' },
    });
    expect(bad.outcome).toBe('errors');
    expect(bad.outcome === 'errors' && bad.errors?.[DECIDE_FIELD.defaultOption]).toContain(
      'Type one of the options',
    );
    // The DM's update is slow to arrive, so the SPoC still sees (and clicks) the version before the edit.
    h.fake.faults.inject('chat.update', { kind: 'latency', ms: 1500, times: 1 });
    const saved = await h.driver.submitView(h.people.member, {
      values: {
        [DECIDE_FIELD.question]: 'Edit: buy 25 scanners?',
        [DECIDE_FIELD.budget]: 4000,
        [DECIDE_FIELD.defaultOption]: '',
      },
    });
    expect(saved.outcome).toBe('closed');
    await until(h, async () => (await eventsOf(h, r.id, 'edited')).length === 1);
    // A click on the copy rendered before the edit (its buttons carry the old stamp) is refused.
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    const refused = await until(h, () => dmsMentioning(h, h.people.spoc, 'edited this request after')[0]);
    expect(shown(refused)).toContain('answer again');
    expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('open');
    await settled(h);
    const d = await h.bot.deps.decisions.get(r.id);
    expect(d).toMatchObject({ question: 'Edit: buy 25 scanners?', budgetImpact: 4000, level: 'spoc' });
    const dm = copy(r, 'request-spoc', h.people.spoc);
    expect(dm?.ts).toBe(r.dm.ts);
    expect(shown(dm)).toContain(':pencil2: Edited by');
    expect(shown(dm)).toContain('budget impact (3,000 → 4,000)');
    expect(shown(threadReplies(h, r.id).at(-1))).toContain(`<@${h.people.member}> edited the request`);

    // Raising the budget above the SPoC's authority (5,000) moves it to the sponsor; everyone concerned sees it.
    await openForm(h.people.member, ACTION.edit, copy(r, 'requester'));
    await h.driver.submitView(h.people.member, { values: { [DECIDE_FIELD.budget]: 9000 } });
    const sponsorCopy = await until(h, () => copy(r, 'request-sponsor', h.people.sponsor));
    await settled(h);
    expect(await h.bot.deps.decisions.get(r.id)).toMatchObject({
      level: 'sponsor',
      deciders: [h.people.sponsor],
    });
    expect(buttonsOf(h, sponsorCopy)).toContain(option(0));
    expect(buttonsOf(h, copy(r, 'request-spoc', h.people.spoc))).toEqual([]);
    expect(shown(copy(r, 'request-spoc', h.people.spoc))).toContain('above the SPoC’s authority');
    expect(shown(copy(r, 'requester'))).toContain(`<@${h.people.sponsor}> (sponsor)`);
    expect(shown(threadReplies(h, r.id).at(-1))).toContain('above the SPoC’s authority');
    h.fake.assertNoViolations();
  });

  it('Edit is refused once the committee votes: the requester is told at the click, and the Edit button goes', async () => {
    const r = await openRequest(h, { question: 'Edit after a vote: rename the warehouses?' });
    const ballot = await sendToCommittee(r, 'Affects every site.');
    const receipt = copy(r, 'requester');
    await h.driver.clickButton(h.people.cfo, { actionId: `${ACTION.votePrefix}1`, in: ballot });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.votes.length === 1);
    const before = h.fake.openView(h.people.member)?.id;
    await h.driver.clickButton(h.people.member, { actionId: ACTION.edit, in: receipt });
    await until(h, () => dmsMentioning(h, h.people.member, 'can no longer be edited')[0]);
    expect(h.fake.openView(h.people.member)?.id).toBe(before);
    await settled(h);
    expect(buttonsOf(h, copy(r, 'requester'))).toEqual([ACTION.withdraw]);
    h.fake.assertNoViolations();
  });

  it('race: an edit and an answer at once give exactly one outcome, and the loser is told', async () => {
    const r = await openRequest(h, { question: 'Race: close the books on Friday?' });
    await openForm(h.people.member, ACTION.edit, r.receipt);
    await Promise.all([
      h.driver.submitView(h.people.member, {
        values: { [DECIDE_FIELD.question]: 'Race: close the books on Monday?' },
      }),
      h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm }),
    ]);
    const answeredOrRefused = async () => {
      const decided = (await eventsOf(h, r.id, 'decided')).length;
      const spocTold = dmsMentioning(h, h.people.spoc, 'edited this request after').length;
      return decided + spocTold > 0 ? { decided, spocTold } : undefined;
    };
    const { decided } = await until(h, answeredOrRefused);
    await settled(h);
    const edited = (await eventsOf(h, r.id, 'edited')).length;
    if (decided === 1) {
      // The answer won: the edit was refused and the requester told.
      expect(edited).toBe(0);
      await until(h, () => dmsMentioning(h, h.people.member, 'Too late')[0]);
    } else {
      // The edit won: the answer (given on the old words) was refused and the SPoC told.
      expect(edited).toBe(1);
      expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('open');
    }
    expect((await eventsOf(h, r.id, 'decided')).length + (await eventsOf(h, r.id, 'edited')).length).toBe(1);
    h.fake.assertNoViolations();
  });

  it('race: a note submitted after the decision closed is refused, told, and given back', async () => {
    const r = await openRequest(h, { question: 'Late note: extend the trial?' });
    await openForm(h.people.spoc, ACTION.decideWithNote, r.dm);
    // Meanwhile the requester withdraws it.
    await openForm(h.people.member, ACTION.withdraw, r.receipt);
    await h.driver.submitView(h.people.member, { values: { [FIELD.withdrawReason]: 'Solved otherwise.' } });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'withdrawn');
    await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.noteOption]: 'reject', [FIELD.note]: 'Too expensive for now.' },
    });
    const told = await until(
      h,
      () => dmsMentioning(h, h.people.spoc, 'Too late: this request was withdrawn')[0],
    );
    expect(shown(told)).toContain('Too expensive for now.');
    expect(await eventsOf(h, r.id, 'decided')).toEqual([]);
    await settled(h);
    for (const c of allCopies(h, r.id)) expect(shown(c)).toContain('Solved otherwise.');
    h.fake.assertNoViolations();
  });
});

describe('/decide back', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const command = (user: string, text: string) =>
    h.driver.slashCommand({ user, channel: h.channel, command: '/decide', text });

  it('returns what the deputy has not acted on, keeps the rest, and tells both who has what', async () => {
    await command(h.people.spoc, 'away 3d');
    await until(h, () => h.fake.ephemeralsFor(h.people.spoc).find((m) => shown(m).includes('marked away')));
    const untouched = await openRequest(h, { question: 'Back: approve the overtime?' });
    const asked = await openRequest(h, { question: 'Back: hire a temp?' });
    expect(untouched.decision.deciders).toEqual([h.people.deputy]);
    await h.driver.clickButton(h.people.deputy, { actionId: ACTION.needInfo, in: asked.dm });
    await until(h, () => h.fake.openView(h.people.deputy));
    await h.driver.submitView(h.people.deputy, { values: { [FIELD.infoQuestion]: 'For how long?' } });
    await until(h, async () => (await h.bot.deps.decisions.get(asked.id))?.status === 'needs_info');
    await settled(h);

    await command(h.people.spoc, 'back');
    const reply = await until(h, () =>
      h.fake.ephemeralsFor(h.people.spoc).find((m) => shown(m).includes('Welcome back')),
    );
    expect(shown(reply)).toContain('Back: approve the overtime?');
    expect(shown(reply)).toContain(`Staying with <@${h.people.deputy}> (deputy)`);
    expect(shown(reply)).toContain('Back: hire a temp?');
    await settled(h);
    expect((await h.bot.deps.decisions.get(untouched.id))?.deciders).toEqual([h.people.spoc]);
    expect((await h.bot.deps.decisions.get(asked.id))?.deciders).toEqual([h.people.deputy]);
    const spocCopy = await until(h, () => copyOf(h, untouched.id, 'request-spoc', h.people.spoc));
    expect(buttonsOf(h, spocCopy)).toContain(option(0));
    expect(buttonsOf(h, copyOf(h, untouched.id, 'request-spoc', h.people.deputy))).toEqual([]);
    const notice = await until(h, () => dmsMentioning(h, h.people.deputy, 'went back to them')[0]);
    expect(shown(notice)).toContain('Back: approve the overtime?');
    expect(shown(notice)).toContain('1 request stays with you');
    expect(shown(notice)).toContain('Back: hire a temp?');
    h.fake.assertNoViolations();
  });

  it('race: back and the deputy’s answer at once give one outcome; a click that lost is told who holds it', async () => {
    await command(h.people.spoc, 'away 3d');
    await until(
      h,
      async () => await h.bot.deps.absences.isAway(h.project.id, h.people.spoc, h.bot.deps.clock.now()),
    );
    const r = await openRequest(h, { question: 'Back race: renew the licence?' });
    expect(r.decision.deciders).toEqual([h.people.deputy]);
    await Promise.all([
      command(h.people.spoc, 'back'),
      h.driver.clickButton(h.people.deputy, { actionId: option(0), in: r.dm }),
    ]);
    await until(h, async () => {
      const d = await h.bot.deps.decisions.get(r.id);
      return d?.status === 'decided' || d?.deciders[0] === h.people.spoc;
    });
    await settled(h);
    const d = await h.bot.deps.decisions.get(r.id);
    if (d?.status === 'decided') {
      // The deputy's answer won: nothing moved back, and the request was not counted as returned.
      expect(
        (await eventsOf(h, r.id, 'handed_over')).filter(
          (e) => e.type === 'handed_over' && e.data.because === 'spoc_back',
        ),
      ).toEqual([]);
    } else {
      // The return won: the deputy's click came too late and was told who holds it now.
      expect(d?.deciders).toEqual([h.people.spoc]);
      const told = await until(h, () => dmsMentioning(h, h.people.deputy, 'not yours to make')[0]);
      expect(shown(told)).toContain(`<@${h.people.spoc}>`);
      expect(await eventsOf(h, r.id, 'decided')).toEqual([]);
    }
    h.fake.assertNoViolations();
  });
});
