import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CALLBACK, DECIDE_FIELD } from '../../src/slack/ids.js';
import { copyOf, settled, shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('message shortcut "Ask for a decision"', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  const post = (channel: string, text: string) =>
    h.fake.workspace.postMessage({ channel, user: h.people.member, text });

  it('opens the /decide form filled from the message and links the decision back to it', async () => {
    const source = post(
      h.channel,
      'Should we block sales of lots that failed QC?\nThree lots failed the humidity test this week.',
    );
    const ack = await h.driver.messageShortcut(h.people.member, {
      callbackId: CALLBACK.askShortcut,
      message: { channel: h.channel, ts: source.ts },
    });
    expect(ack.status).toBe(200);
    const view = await until(h, () => h.fake.openView(h.people.member));
    expect(view.callback_id).toBe(CALLBACK.decideModal);
    const initial = (id: string) =>
      (view.blocks.find((b) => b.block_id === id)?.element as { initial_value?: string } | undefined)
        ?.initial_value;
    expect(initial(DECIDE_FIELD.question)).toBe('Should we block sales of lots that failed QC?');
    expect(initial(DECIDE_FIELD.context)).toContain('Three lots failed the humidity test');
    const permalink = h.fake.calls('chat.getPermalink')[0]?.response as { permalink?: string } | undefined;
    expect(permalink?.permalink).toBeTruthy();
    expect(shown(view)).toContain(permalink?.permalink ?? '?');

    const submitted = await h.driver.submitView(h.people.member);
    expect(submitted.outcome).toBe('closed');
    const decision = await until(h, async () => (await h.bot.deps.decisions.listActive())[0]);
    expect(decision.source).toEqual({ channel: h.channel, ts: source.ts });
    expect(decision.context).toContain('Three lots failed the humidity test');
    await until(h, () => copyOf(h, decision.id, 'request-spoc'));
    await settled(h);
    for (const role of ['request-spoc', 'thread_head', 'requester'] as const) {
      const copy = shown(copyOf(h, decision.id, role));
      expect(copy).toContain(`<#${h.channel}>`);
      expect(copy).toContain(permalink?.permalink ?? '?');
    }
    h.fake.assertNoViolations();
  });

  it('in a channel that is no project: tells the user which channels are, and opens nothing', async () => {
    const source = post(h.otherChannel, 'Lunch on Friday?');
    await h.driver.messageShortcut(h.people.member, {
      callbackId: CALLBACK.askShortcut,
      message: { channel: h.otherChannel, ts: source.ts },
    });
    const told = await until(h, () => h.fake.ephemeralsFor(h.people.member)[0]);
    expect(told.channel).toBe(h.otherChannel);
    expect(shown(told)).toContain(`<#${h.channel}>`);
    expect(h.fake.calls('views.open')).toHaveLength(0);
    h.fake.assertNoViolations();
  });
});
