import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigest } from '../../src/app/send-digest.js';
import {
  allCopies,
  copyOf,
  dmsMentioning,
  eventsOf,
  openRequest,
  option,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/** Today's date in the harness calendar's zone (UTC), as the decide form takes it. */
const today = () => new Date().toISOString().slice(0, 10);
/** "Fri 4 Dec": how the late mark words a date. */
const short = (ymd: string) =>
  new Date(`${ymd}T00:00:00Z`).toLocaleDateString('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });

describe('needed by → late', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('a decision needed by today is marked late by its timer: every copy, the thread, a DM to the decider and App Home say so', async () => {
    const ymd = today();
    const { id } = await openRequest(h, { question: 'Late: order the pallets?', needed_by: ymd });
    await until(h, async () => (await h.bot.deps.decisions.get(id))?.late === true);
    await settled(h);
    const mark = `needed by ${short(ymd).replace(',', '')}`;
    expect(await eventsOf(h, id, 'marked_late')).toMatchObject([{ actor: null, data: { neededBy: ymd } }]);
    const copies = allCopies(h, id);
    expect(copies.length).toBeGreaterThanOrEqual(3);
    for (const copy of copies) {
      expect(shown(copy)).toContain(':warning: Late*');
      expect(shown(copy)).toContain(mark);
    }
    expect(threadReplies(h, id).filter((m) => shown(m).includes('Now late'))).toHaveLength(1);
    expect(dmsMentioning(h, h.people.spoc, 'Now late')).toHaveLength(1);
    // The timer does not fire twice: the decision's next timer is its reminder, not the late mark again.
    expect(await eventsOf(h, id, 'marked_late')).toHaveLength(1);

    await h.driver.appHomeOpened(h.people.spoc);
    await until(h, () => shown(h.fake.homeView(h.people.spoc)).includes('*Late:* needed by'));
    h.fake.assertNoViolations();
  });

  it('a decision needed later is not late; the digest and /decide stats count the one answered late', async () => {
    const later = await openRequest(h, { question: 'On time: rename the bins?', needed_by: '2099-12-31' });
    await settled(h);
    expect((await h.bot.deps.decisions.get(later.id))?.late).toBe(false);
    expect(allCopies(h, later.id).some((m) => shown(m).includes(':warning: Late'))).toBe(false);

    const lateOne = (await h.bot.deps.decisions.listActive()).find((d) => d.late);
    const dm = lateOne && copyOf(h, lateOne.id, 'request-spoc', h.people.spoc);
    if (lateOne === undefined || dm === undefined) throw new Error('no late decision');
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: dm });
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: later.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(later.id))?.status === 'decided');
    await until(h, async () => (await h.bot.deps.decisions.get(lateOne.id))?.status === 'decided');
    await settled(h);

    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'stats',
    });
    const stats = await until(h, () =>
      h.fake.ephemeralsFor(h.people.member).find((e) => shown(e).includes('needed-by date')),
    );
    expect(shown(stats)).toContain('*Answered after their needed-by date:* 1 decision');

    await sendDigest(h.bot.deps, h.project.id, { to: h.people.sponsor });
    const digest = await until(h, () =>
      h.fake.messagesIn(h.people.sponsor).find((m) => m.text.includes('Weekly decisions digest')),
    );
    expect(shown(digest)).toContain('*Answered after their needed-by date:* 1 decision');
    h.fake.assertNoViolations();
  });
});
