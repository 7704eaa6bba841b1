import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, FIELD } from '../../src/slack/ids.js';
import {
  allCopies,
  eventsOf,
  openRequest,
  option,
  optionButtons,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('answering a request with its option buttons', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('shows one button per option (3 options) and records the option clicked', async () => {
    const r = await openRequest(h, {
      question: 'Which costing method for the main warehouse?',
      options: '- FIFO\n- Average cost\n- Standard cost',
    });
    const buttons = h.fake.findButtons(r.dm).filter((b) => b.actionId.startsWith(ACTION.optionPrefix));
    expect(buttons.map((b) => [b.actionId, b.text])).toEqual([
      [option(0), 'FIFO'],
      [option(1), 'Average cost'],
      [option(2), 'Standard cost'],
    ]);
    await h.driver.clickButton(h.people.spoc, { actionId: option(2), in: r.dm });
    await until(h, () => threadReplies(h, r.id).length === 1);
    await settled(h);
    expect(await h.bot.deps.decisions.get(r.id)).toMatchObject({
      status: 'decided',
      outcome: { optionId: 'opt3', by: h.people.spoc, how: 'decided' },
    });
    expect(await eventsOf(h, r.id, 'decided')).toHaveLength(1);
    expect(shown(threadReplies(h, r.id)[0])).toContain(`*Standard cost*, decided by <@${h.people.spoc}>`);
    h.fake.assertNoViolations();
  });

  it('closing updates every copy: no buttons anywhere, the outcome, who decided and how long it took', async () => {
    const r = await openRequest(h, { question: 'Close the old warehouse on Friday?' });
    expect(optionButtons(h, r.dm)).toHaveLength(2);
    expect(buttonsOf(h, r.receipt)).toEqual([ACTION.edit, ACTION.withdraw]);

    await h.driver.clickButton(h.people.spoc, { actionId: option(1), in: r.dm });
    await until(h, () => threadReplies(h, r.id).length === 1);
    await settled(h);

    const copies = allCopies(h, r.id);
    expect(copies.map((m) => m.channel).sort()).toEqual([h.channel, r.dm.channel, r.receipt.channel].sort());
    for (const copy of copies) {
      expect(buttonsOf(h, copy)).toEqual([]);
      expect(shown(copy)).toContain(`*Reject*, decided by <@${h.people.spoc}> on `);
      expect(shown(copy)).toMatch(/Took \d+s \(\d+s of business time\)\./);
      expect(copy.edited).toBeDefined();
    }
    // The outcome goes in the request's thread, with how long it took.
    const replies = threadReplies(h, r.id);
    expect(replies).toHaveLength(1);
    expect(shown(replies[0])).toContain(`*Reject*, decided by <@${h.people.spoc}>`);
    expect(shown(replies[0])).toMatch(/Took \d+s/);
    expect(replies[0]?.thread_ts).toBe(r.head.ts);
    h.fake.assertNoViolations();
  });

  it('the requester can withdraw with a reason; the SPoC’s buttons go and a later click is told it was withdrawn', async () => {
    const r = await openRequest(h, { question: 'Hire a second trainer?' });
    h.fake.faults.inject('chat.update', { kind: 'latency', ms: 1000, times: 1 });
    await h.driver.clickButton(h.people.member, { actionId: ACTION.withdraw, in: r.receipt });
    const form = await until(h, () => h.fake.openView(h.people.member));
    expect(form.callback_id).toBe(CALLBACK.withdrawModal);
    const result = await h.driver.submitView(h.people.member, {
      values: { [FIELD.withdrawReason]: 'The budget was cut.' },
    });
    expect(result.outcome).toBe('closed');
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'withdrawn');
    // The SPoC clicks the copy that still shows buttons (its refresh is on its way).
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    const told = await until(h, () => h.fake.dmsTo(h.people.spoc).find((m) => m.text.includes('withdrawn')));
    expect(told.text).toContain(`Too late: this request was withdrawn by <@${h.people.member}>`);
    await settled(h);
    for (const copy of allCopies(h, r.id)) {
      expect(buttonsOf(h, copy)).toEqual([]);
      // The reason shows on every closed copy, and in the log.
      expect(shown(copy)).toContain('The budget was cut.');
    }
    expect((await eventsOf(h, r.id, 'withdrawn'))[0]).toMatchObject({
      data: { reason: 'The budget was cut.' },
    });
    expect(shown(threadReplies(h, r.id).at(-1))).toContain('The budget was cut.');
    expect(await eventsOf(h, r.id, 'decided')).toEqual([]);
    h.fake.assertNoViolations();
  });
});
