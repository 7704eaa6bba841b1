import { afterEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, FIELD } from '../../src/slack/ids.js';
import {
  allCopies,
  copyOf,
  eventsOf,
  openRequest,
  option,
  optionButtons,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';

/**
 * Only current deciders may act, and every way of acting twice (second click, replayed request, double
 * click, two deciders at once) gives exactly one outcome; the later one is told who decided what.
 */
describe('one outcome, however many clicks', () => {
  let h: Harness;
  const start = async (options?: HarnessOptions) => {
    h = await startHarness(options);
    return h;
  };
  afterEach(async () => {
    await h?.stop();
  });

  /** One `decided` event, one outcome line in the thread, no buttons left anywhere. */
  async function expectOneOutcome(decisionId: string) {
    await until(h, () => threadReplies(h, decisionId).some((m) => shown(m).includes('decided by')));
    await settled(h);
    expect(await eventsOf(h, decisionId, 'decided')).toHaveLength(1);
    const outcomes = threadReplies(h, decisionId).filter((m) => shown(m).includes('decided by'));
    expect(outcomes).toHaveLength(1);
    for (const copy of allCopies(h, decisionId)) expect(buttonsOf(h, copy)).toEqual([]);
  }

  const tooLate = (user: string) =>
    h.fake.dmsTo(user).filter((m) => m.text.startsWith('Too late') && m.text.includes('already decided'));

  it('a second click on a copy that still shows buttons is told who decided what', async () => {
    await start();
    const r = await openRequest(h);
    h.fake.faults.inject('chat.update', { kind: 'latency', ms: 1000, times: 1 });
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    // The refresh is still on its way: the buttons are there and the SPoC clicks the other option.
    expect(optionButtons(h, h.fake.workspace.message(r.dm.channel, r.dm.ts))).toHaveLength(2);
    await h.driver.clickButton(h.people.spoc, { actionId: option(1), in: r.dm });
    const [told] = await until(h, () =>
      tooLate(h.people.spoc).length > 0 ? tooLate(h.people.spoc) : undefined,
    );
    expect(told?.text).toContain(`<@${h.people.spoc}> already decided *Approve* on `);
    await expectOneOutcome(r.id);
    expect((await h.bot.deps.decisions.get(r.id))?.outcome?.optionId).toBe('approve');
    h.fake.assertNoViolations();
  });

  it('a replayed click (3 times, sequentially and at once) decides once', async () => {
    await start();
    const r = await openRequest(h);
    const click = await h.driver.clickButton(h.people.spoc, { actionId: option(1), in: r.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    const acks = [
      ...(await h.driver.replay(click, { times: 3 })),
      ...(await h.driver.replay(click, { times: 3, concurrent: true })),
    ];
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await expectOneOutcome(r.id);
    await until(h, () => tooLate(h.people.spoc).length === 6);
    expect(tooLate(h.people.spoc)[0]?.text).toContain(`<@${h.people.spoc}> already decided *Reject*`);
    h.fake.assertNoViolations();
  });

  for (const concurrent of [false, true]) {
    it(`a double click (${concurrent ? 'both at once' : 'one after the other'}) decides once`, async () => {
      await start();
      const r = await openRequest(h);
      const acks = await h.driver.doubleClick(
        h.people.spoc,
        { actionId: option(0), in: r.dm },
        { concurrent },
      );
      expect(acks.map((a) => a.status)).toEqual([200, 200]);
      await expectOneOutcome(r.id);
      await until(h, () => tooLate(h.people.spoc).length === 1);
      expect(tooLate(h.people.spoc)[0]?.text).toContain('already decided *Approve*');
      h.fake.assertNoViolations();
    });
  }

  it('two option buttons clicked at once: one wins, the other is told which', async () => {
    await start();
    const r = await openRequest(h, { options: 'FIFO\nAverage cost\nStandard cost' });
    await Promise.all([
      h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm }),
      h.driver.clickButton(h.people.spoc, { actionId: option(2), in: r.dm }),
    ]);
    await expectOneOutcome(r.id);
    const winner =
      (await h.bot.deps.decisions.get(r.id))?.outcome?.optionId === 'opt1' ? 'FIFO' : 'Standard cost';
    await until(h, () => tooLate(h.people.spoc).length === 1);
    expect(tooLate(h.people.spoc)[0]?.text).toContain(`already decided *${winner}*`);
    h.fake.assertNoViolations();
  });

  it('two deciders (two sponsors) clicking at once: one outcome, the other sponsor is told who decided what', async () => {
    await start({ project: (p) => ({ sponsors: [p.sponsor, p.cfo] }) });
    const r = await openRequest(h, { question: 'Buy a second forklift?', budget: 45_000 });
    expect(r.decision.deciders).toEqual([h.people.sponsor, h.people.cfo]);
    const cfoCopy = copyOf(h, r.id, 'request-sponsor', h.people.cfo);
    expect(optionButtons(h, cfoCopy)).toEqual([option(0), option(1)]);
    await Promise.all([
      h.driver.clickButton(h.people.sponsor, { actionId: option(0), in: r.dm }),
      h.driver.clickButton(h.people.cfo, { actionId: option(1), in: cfoCopy }),
    ]);
    await expectOneOutcome(r.id);
    const outcome = (await h.bot.deps.decisions.get(r.id))?.outcome;
    const loser = outcome?.by === h.people.sponsor ? h.people.cfo : h.people.sponsor;
    const label = outcome?.optionId === 'approve' ? 'Approve' : 'Reject';
    const [told] = await until(h, () => (tooLate(loser).length > 0 ? tooLate(loser) : undefined));
    expect(told?.text).toContain(`<@${outcome?.by}> already decided *${label}*`);
    h.fake.assertNoViolations();
  });

  it('after delegating, the SPoC’s old copy is refused (not theirs any more) while the delegate decides', async () => {
    await start();
    const r = await openRequest(h);
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.delegate, in: r.dm });
    await until(h, () => h.fake.openView(h.people.spoc)?.callback_id === CALLBACK.delegateModal);
    h.fake.faults.inject('chat.update', { kind: 'latency', ms: 1000, times: 1 });
    await h.driver.submitView(h.people.spoc, { values: { [FIELD.delegateTo]: h.people.deputy } });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.deciders.includes(h.people.deputy));
    // The SPoC's copy still shows buttons until its refresh lands; clicking it changes nothing.
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    const told = await until(h, () => h.fake.dmsTo(h.people.spoc).find((m) => m.text.includes('not yours')));
    expect(told.text).toContain(`it is with <@${h.people.deputy}>`);
    expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('open');

    const deputyCopy = await until(h, () => copyOf(h, r.id, 'request-spoc', h.people.deputy));
    await settled(h);
    expect(buttonsOf(h, copyOf(h, r.id, 'request-spoc', h.people.spoc))).toEqual([]);
    await h.driver.clickButton(h.people.deputy, { actionId: option(1), in: deputyCopy });
    await expectOneOutcome(r.id);
    expect((await h.bot.deps.decisions.get(r.id))?.outcome).toMatchObject({
      optionId: 'reject',
      by: h.people.deputy,
    });
    h.fake.assertNoViolations();
  });

  it('after `/decide away` moved it, the SPoC’s old copy is refused and the deputy decides', async () => {
    await start();
    const r = await openRequest(h);
    h.fake.faults.inject('chat.update', { kind: 'latency', ms: 1000, times: 1 });
    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'away 1d',
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.deciders.includes(h.people.deputy));
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    const told = await until(h, () => h.fake.dmsTo(h.people.spoc).find((m) => m.text.includes('not yours')));
    expect(told.text).toContain(`it is with <@${h.people.deputy}>`);
    const deputyCopy = await until(h, () => copyOf(h, r.id, 'request-spoc', h.people.deputy));
    await settled(h);
    await h.driver.clickButton(h.people.deputy, { actionId: option(0), in: deputyCopy });
    await expectOneOutcome(r.id);
    h.fake.assertNoViolations();
  });

  it('a replayed Need info submission asks once and tells nobody off', async () => {
    await start();
    const r = await openRequest(h, { question: 'Extend the pilot?' });
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.needInfo, in: r.dm });
    await until(h, () => h.fake.openView(h.people.spoc));
    const submitted = await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.infoQuestion]: 'What does it cost?' },
    });
    await h.driver.replay(submitted, { times: 2, concurrent: true });
    await settled(h);
    expect(await eventsOf(h, r.id, 'info_requested')).toHaveLength(1);
    expect(threadReplies(h, r.id)).toHaveLength(1);
    // Only the request itself reached the SPoC: no refusal ("already waiting for information") for the replays.
    expect(h.fake.dmsTo(h.people.spoc)).toHaveLength(1);
    expect(h.fake.ephemeralsFor(h.people.spoc)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('a replayed form submission opens one request', async () => {
    await start();
    await h.driver.slashCommand({ user: h.people.member, channel: h.channel, command: '/decide' });
    await until(h, () => h.fake.openView(h.people.member));
    const submitted = await h.driver.submitView(h.people.member, {
      values: { question: 'Rename the SKUs?' },
    });
    await h.driver.replay(submitted, { times: 2 });
    await h.driver.replay(submitted, { times: 2, concurrent: true });
    await until(h, async () => (await h.bot.deps.decisions.listActive()).length > 0);
    await settled(h);
    expect(await h.bot.deps.decisions.listActive()).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.spoc)).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.member)).toHaveLength(1);
    expect(h.fake.messagesIn(h.channel)).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
