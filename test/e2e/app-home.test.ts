import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredView } from '../../src/sandbox/index.js';
import { openRequest, option, settled, shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/** The sections of the Home tab, as text, in order. */
function sectionsOf(view: StoredView | undefined): string[] {
  return (view?.blocks ?? []).map((b) => shown(b));
}

/** The section texts between the title `title` and the next divider. */
function part(view: StoredView | undefined, title: string): string[] {
  const blocks = sectionsOf(view);
  const start = blocks.findIndex((b) => b.includes(`*${title}*`));
  if (start < 0) return [];
  const rest = blocks.slice(start + 1);
  const end = rest.findIndex((b) => b.includes('"type":"divider"'));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('App Home', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  async function openHome(user: string): Promise<StoredView> {
    const before = h.fake.calls('views.publish').length;
    const ack = await h.driver.appHomeOpened(user);
    expect(ack.status).toBe(200);
    await until(h, () => h.fake.calls('views.publish').length > before);
    const view = h.fake.homeView(user);
    if (view === undefined) throw new Error('no home view');
    return view;
  }

  it('shows what waits on you (oldest first, time left), your open requests and recent outcomes with latency', async () => {
    const empty = await openHome(h.people.spoc);
    expect(shown(empty)).toContain('Nothing is waiting on you');

    const older = await openRequest(h, { question: 'Older: keep the legacy barcodes?' });
    const newer = await openRequest(h, { question: 'Newer: merge the two price lists?' });
    const done = await openRequest(h, { question: 'Done: move go-live to Monday?' });
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: done.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(done.id))?.status === 'decided');
    await settled(h);

    const spocHome = await openHome(h.people.spoc);
    const waiting = part(spocHome, 'Waiting on you');
    expect(waiting[0]).toContain('Older: keep the legacy barcodes?');
    expect(waiting[1]).toContain('Newer: merge the two price lists?');
    expect(waiting[0]).toMatch(/\d+m( \d+s)? left \(then the sponsor /);
    expect(waiting[0]).toContain(`asked by <@${h.people.member}>`);
    expect(shown(spocHome)).not.toMatch(/"type":"button"/);
    const outcomes = part(spocHome, 'Recent outcomes');
    expect(outcomes[0]).toContain('Done: move go-live to Monday?');
    expect(outcomes[0]).toMatch(/Approve · took \d+s \(\d+s business\)/);
    expect(shown(spocHome)).not.toMatch(/Done: move go-live[^"]*left/);

    const memberHome = await openHome(h.people.member);
    expect(shown(memberHome)).toContain('Nothing is waiting on you');
    const requests = part(memberHome, 'Your open requests');
    expect(requests).toHaveLength(2);
    expect(requests[0]).toContain('Older: keep the legacy barcodes?');
    expect(requests[0]).toContain(`with <@${h.people.spoc}> (SPoC) for `);
    expect(requests[1]).toContain('Newer: merge the two price lists?');
    expect(part(memberHome, 'Recent outcomes')[0]).toContain('Done: move go-live to Monday?');
    expect([older.id, newer.id]).not.toContain(done.id);
    h.fake.assertNoViolations();
  });

  it('the Messages tab publishes nothing', async () => {
    await h.driver.appHomeOpened(h.people.spoc, 'messages');
    await openHome(h.people.member);
    expect(h.fake.calls('views.publish').map((c) => (c.args as { user_id: string }).user_id)).toEqual([
      h.people.member,
    ]);
    h.fake.assertNoViolations();
  });
});
