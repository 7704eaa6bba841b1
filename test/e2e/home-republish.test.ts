import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRequest, option, settled, shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/** App Home is republished for the people a change concerns, without them opening the tab. */
describe('App Home after a change', () => {
  let h: Harness;
  beforeAll(async () => {
    const hours = (amount: number) => ({ amount, unit: 'h' as const });
    const ladder = { spoc: hours(1), sponsor: hours(1), committee: hours(2) };
    h = await startHarness({
      project: () => ({
        sla: {
          low: ladder,
          normal: ladder,
          high: ladder,
          critical: { spoc: { amount: 2, unit: 's' }, sponsor: hours(1), committee: hours(2) },
        },
      }),
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const publishedFor = (user: string) =>
    h.fake.calls('views.publish').filter((c) => (c.args as { user_id?: string }).user_id === user);

  it('after the SPoC decides, the requester’s and the SPoC’s homes show it, nobody having opened the tab', async () => {
    const { id, dm } = await openRequest(h, { question: 'Home: switch to the new pallet labels?' });
    await settled(h);
    // Opening the request already published both homes.
    expect(shown(h.fake.homeView(h.people.member))).toContain('Home: switch to the new pallet labels?');
    expect(shown(h.fake.homeView(h.people.spoc))).toContain('Home: switch to the new pallet labels?');
    const before = publishedFor(h.people.member).length;

    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: dm });
    await until(h, async () => (await h.bot.deps.decisions.get(id))?.status === 'decided');
    await settled(h);
    expect(publishedFor(h.people.member).length).toBeGreaterThan(before);
    const requesterHome = shown(h.fake.homeView(h.people.member));
    expect(requesterHome).toContain('Recent outcomes');
    expect(requesterHome).toMatch(/Home: switch to the new pallet labels\?[^"]*Approve · took/);
    expect(requesterHome).toContain('You have no open requests');
    expect(shown(h.fake.homeView(h.people.spoc))).toContain('Nothing is waiting on you');
    // Nobody outside the decision got a home published.
    expect(publishedFor(h.people.outsider)).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('an escalation republishes the home of the SPoC it left and of the sponsor it reached', async () => {
    // Critical requests have 2 seconds at the SPoC in this file: a real BullMQ timer escalates it.
    const { id } = await openRequest(h, {
      question: 'Home: who signs the customs forms?',
      impact: 'critical',
    });
    expect(shown(h.fake.homeView(h.people.sponsor))).not.toContain('Home: who signs the customs forms?');
    await until(h, async () => (await h.bot.deps.decisions.get(id))?.level === 'sponsor', 10_000);
    await settled(h);
    expect(shown(h.fake.homeView(h.people.sponsor))).toContain('Home: who signs the customs forms?');
    expect(shown(h.fake.homeView(h.people.spoc))).not.toContain('Home: who signs the customs forms?');
    h.fake.assertNoViolations();
  });
});
