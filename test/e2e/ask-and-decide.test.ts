import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.js';
import { ask, buttonsOf, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('asking for a decision and answering it', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('/decide opens the form at once, pre-filled with the text typed after the command', async () => {
    const ack = await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'Go live on 1 March?',
    });
    expect(ack.status).toBe(200);
    const view = await until(h, () => h.fake.openView(h.people.member));
    expect(JSON.stringify(view)).toContain('Go live on 1 March?');
    h.fake.assertNoViolations();
  });

  it('routes the request to the SPoC with buttons, announces it in the channel, tells the requester', async () => {
    await ask(h);
    const dm = await until(h, () => lastMessage(h, h.people.spoc, 'FIFO'));
    expect(buttonsOf(h, dm)).toEqual(
      expect.arrayContaining([
        `${ACTION.optionPrefix}0`,
        `${ACTION.optionPrefix}1`,
        ACTION.needInfo,
        ACTION.delegate,
      ]),
    );
    const head = await until(h, () => lastMessage(h, h.channel, 'FIFO'));
    expect(buttonsOf(h, head).filter((a) => a.startsWith(ACTION.optionPrefix))).toEqual([]);
    const receipt = await until(h, () => lastMessage(h, h.people.member, 'FIFO'));
    expect(JSON.stringify(receipt)).toContain(h.people.spoc);
    h.fake.assertNoViolations();
  });

  it('approving closes it everywhere: no buttons left, outcome and who decided shown, thread reply posted', async () => {
    await ask(h);
    const dm = await until(h, () => lastMessage(h, h.people.spoc, 'FIFO'));
    await until(h, () => lastMessage(h, h.channel, 'FIFO'));
    await until(h, () => lastMessage(h, h.people.member, 'FIFO'));
    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });

    const decided = () => [
      lastMessage(h, h.people.spoc, 'FIFO'),
      lastMessage(h, h.channel, 'FIFO'),
      lastMessage(h, h.people.member, 'FIFO'),
    ];
    await until(h, () => decided().every((m) => m && buttonsOf(h, m).length === 0));
    for (const m of decided()) expect(JSON.stringify(m)).toMatch(/Approve/);
    const head = h.fake.messagesIn(h.channel).find((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
    const replies = await until(h, () => {
      const r = h.fake.messagesIn(h.channel).filter((m) => m.thread_ts === head?.ts && m.ts !== head?.ts);
      return r.length > 0 ? r : undefined;
    });
    expect(JSON.stringify(replies)).toContain(h.people.spoc);
    h.fake.assertNoViolations();
  });
});
