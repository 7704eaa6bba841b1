import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../src/domain/decision.js';
import type { KnownBlock } from '../../../src/slack/blocks/kit.js';
import { type AppHomeInput, appHome, HOME_CAP } from '../../../src/slack/views/app-home.js';
import { expectValidHome } from '../helpers/block-kit.js';
import { later, project, Story, U, ZONE } from '../helpers/decisions.js';

const base: AppHomeInput = {
  userId: U.spoc,
  waitingOnYou: [],
  yourRequests: [],
  recentOutcomes: [],
  projectsById: { P1: project() },
  now: later(135),
  timeZone: ZONE,
};
const body = (blocks: readonly KnownBlock[]) => JSON.stringify(blocks);
const many = (n: number, make: (i: number) => Decision) => Array.from({ length: n }, (_, i) => make(i));
const openAt = (minutes: number, question: string): Decision => ({
  ...new Story().decision,
  openedAt: later(minutes),
  question,
});
const closed = (i: number) => ({
  decision: { ...new Story().decide(U.spoc, 'approve', later(60 + i)).decision, question: `Done ${i}` },
  latency: { wallMs: 3600_000, businessMs: 1800_000 },
});

describe('appHome', () => {
  it('marks a late item, waiting or requested, with its needed-by date', () => {
    const late = { ...new Story().decision, neededBy: '2026-12-04', late: true, question: 'Late one' };
    const onTime = { ...new Story().decision, neededBy: '2026-12-04', question: 'On time' };
    const view = appHome({ ...base, waitingOnYou: [late, onTime], yourRequests: [late] });
    expectValidHome(view);
    const items = view.blocks.map((b) => JSON.stringify(b));
    expect(items.filter((b) => b.includes('*Late:* needed by Fri 4 Dec'))).toHaveLength(2);
    expect(items.find((b) => b.includes('On time'))).not.toContain('Late:');
  });

  it('shows a friendly sentence for each empty list', () => {
    const view = appHome(base);
    expectValidHome(view);
    const text = body(view.blocks);
    for (const sentence of [
      'Nothing is waiting on you',
      'You have no open requests',
      'No decisions have been closed recently',
    ]) {
      expect(text).toContain(sentence);
    }
  });

  it('lists what waits on you oldest first, with time left, and no buttons', () => {
    const view = appHome({ ...base, waitingOnYou: [openAt(30, 'Second'), openAt(0, 'First')] });
    expectValidHome(view);
    const text = body(view.blocks);
    expect(text.indexOf('First')).toBeLessThan(text.indexOf('Second'));
    expect(text).toContain('1h 45m left (then the sponsor Mon 30 Nov, 13:00)');
    expect(text).toContain('Odoo rollout, PT Maju');
    expect(view.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('says who holds your requests and for how long, and when they wait for you', () => {
    const paused = new Story().askInfo(U.spoc, 'Why?', later(5)).decision;
    const view = appHome({
      ...base,
      yourRequests: [openAt(0, 'Mine'), { ...paused, question: 'Paused one' }],
    });
    expectValidHome(view);
    const text = body(view.blocks);
    expect(text).toContain('with <@USPOC0001> (SPoC) for 2h 15m');
    expect(text).toContain('waiting for your answer');
  });

  it('shows recent outcomes with their latency', () => {
    const view = appHome({ ...base, recentOutcomes: [closed(0)] });
    expectValidHome(view);
    expect(body(view.blocks)).toContain('Approve · took 1h (30m business)');
  });

  it('caps every list with "and N more" and stays under 100 blocks', () => {
    const view = appHome({
      ...base,
      waitingOnYou: many(HOME_CAP.waiting + 5, (i) => openAt(i, `Waiting ${i}`)),
      yourRequests: many(HOME_CAP.requests + 6, (i) => openAt(i, `Asked ${i}`)),
      recentOutcomes: Array.from({ length: HOME_CAP.outcomes + 7 }, (_, i) => closed(i)),
    });
    expectValidHome(view);
    const text = body(view.blocks);
    expect(text).toContain('and 5 more');
    expect(text).toContain('and 6 more');
    expect(text).toContain('and 7 more');
    expect(text).toContain('Waiting 0');
    expect(text).not.toContain(`Waiting ${HOME_CAP.waiting}"`);
    expect(view.blocks.length).toBeLessThanOrEqual(100);
  });

  it('falls back to the project id for an unknown project', () => {
    const view = appHome({ ...base, projectsById: {}, waitingOnYou: [openAt(0, 'Q')] });
    expectValidHome(view);
    expect(body(view.blocks)).toContain('P1 · asked by <@UREQUEST1>');
  });
});
