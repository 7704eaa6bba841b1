import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EphemeralMessage } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { decisionIds, decisionOf, secondsLadder } from './support/inspect.js';

/** Everything a person reads in an ephemeral message: its fallback text and its blocks. */
const shown = (m: EphemeralMessage | undefined) => JSON.stringify(m?.blocks ?? m?.text ?? '');

describe('/decide stats', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      project: () => ({
        sla: secondsLadder(2, 60, 60),
        reminders: [],
        costOfDelay: { perDay: 2_500_000, currency: 'IDR' },
      }),
    });
    // One decided by the SPoC alone, one that ran out of the SPoC's time and was decided by the sponsor.
    await ask(h, { question: 'Decided alone?' });
    const dm = await until(h, () => lastMessage(h, h.people.spoc, 'Decided alone?'));
    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });
    await ask(h, { question: 'Escalated?' });
    const [first, second] = await until(h, () => (decisionIds(h).length === 2 ? decisionIds(h) : undefined));
    await until(h, async () => (await decisionOf(h, second ?? '')).level === 'sponsor', 8000);
    const atSponsor = await until(h, () => lastMessage(h, h.people.sponsor, 'Escalated?'));
    await h.driver.clickButton(h.people.sponsor, { actionId: `${ACTION.optionPrefix}1`, in: atSponsor });
    await until(
      h,
      async () =>
        (await decisionOf(h, second ?? '')).status === 'decided' &&
        (await decisionOf(h, first ?? '')).status === 'decided',
    );
  }, 30_000);
  afterAll(async () => {
    await h?.stop();
  });

  const stats = async (text: string) => {
    await h.driver.slashCommand({ user: h.people.member, channel: h.channel, command: '/decide', text });
    return shown(await until(h, () => h.fake.ephemeralsFor(h.people.member).at(-1)));
  };

  it("shows the project's figures with their trend, the authority insight and the cost of waiting, to anyone in the channel", async () => {
    const text = await stats('stats');
    expect(text).toContain('Decisions in Odoo rollout, PT Maju');
    expect(text).toContain('*Opened:* 2 (new)');
    expect(text).toContain('*Decided:* 2 (new)');
    expect(text).toContain('1 to the sponsor');
    expect(text).toContain('50% of the decisions closed (1 of 2) needed someone above the SPoC');
    expect(text).toContain('1 escalated when time ran out');
    expect(text).toContain('IDR');
    expect(text).toContain('*Costliest waits:*');
    h.fake.assertNoViolations();
  });

  it('takes 30d, 90d and a range of dates; a period that does not parse says what is accepted', async () => {
    expect(await stats('stats 30d')).toContain('*Decided:* 2');
    expect(await stats('stats 2020-01-01..2020-01-31')).toContain('*Decided:* 0');
    expect(await stats('stats last week')).toContain('Use `7d`, `30d`, `90d` or a range of dates');
    expect(await stats('stats 2026-11-30..2026-11-01')).toContain('ends before it starts');
    expect(await stats('stats 2099-01-01..2099-01-02')).toContain('in the future');
    h.fake.assertNoViolations();
  });

  it('/decide help lists the new subcommands', async () => {
    const text = await stats('help');
    expect(text).toContain('stats [7d|30d|90d');
    expect(text).toContain('export [csv|json]');
  });
});
