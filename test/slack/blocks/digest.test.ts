import { describe, expect, it } from 'vitest';
import { buildDigest, type Digest } from '../../../src/domain/digest.js';
import { decide, withdraw } from '../../../src/domain/transitions/index.js';
import {
  chartMessage,
  DIGEST_WAITING_CAP,
  digestChart,
  digestMessage,
} from '../../../src/slack/blocks/digest.js';
import { at, project, U, wallClock } from '../../domain/fixtures.js';
import { decidedBySpoc, escalateAt, figured, h, openedAt } from '../../domain/insight/scenarios.js';
import { expectValidMessage } from '../helpers/block-kit.js';

const NOW = 100;
const P = project({ costOfDelay: { perDay: 2_500_000, currency: 'IDR' } });

/** A week with three decided (one by the sponsor after the SPoC's time ran out), one withdrawn, two open. */
function busyWeek(): Digest {
  const quick = decidedBySpoc('quick', 0, 2);
  const late = openedAt('late', 1, { question: 'Buy <scanners> & printers?' }, P);
  escalateAt(late, 9);
  late.step((d) => decide(d, { actor: U.sponsor1, optionId: 'reject' }, at(h(21))));
  const gone = openedAt('gone', 3, {}, P);
  gone.step((d) => withdraw(d, { actor: U.requester }, at(h(4))));
  const open1 = openedAt('open1', 10, { question: 'Go live on 1 March?', blocks: 'the go-live' }, P);
  const open2 = openedAt('open2', 60, {}, P);
  const decisions = [quick, late, gone, open1, open2].map((s) => figured(s, NOW, wallClock, P));
  return buildDigest({ project: P, decisions, to: h(NOW), now: h(NOW), clock: wallClock });
}

const params = {
  projectName: 'Odoo rollout',
  timeZone: 'Asia/Jakarta',
  workingDayMs: wallClock.workingDayMs,
  links: {},
};

describe('digestMessage', () => {
  it('headline numbers with their trend, time to outcome, authority, cost, the slowest and what is open', () => {
    const m = digestMessage(busyWeek(), {
      ...params,
      links: { late: 'https://slack.example/archives/C1/p1' },
    });
    expectValidMessage(m.blocks, m.text);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('Weekly decisions digest: Odoo rollout');
    expect(text).toContain('*Opened:* 5 (new)');
    expect(text).toContain('*Decided:* 2 (new)');
    expect(text).toContain('needed someone above the SPoC');
    expect(text).toContain('IDR');
    expect(text).toContain('*Slowest this week:*');
    // The slowest links to its thread; user text is escaped, also inside the link.
    expect(text).toContain('<https://slack.example/archives/C1/p1|Buy &lt;scanners&gt; &amp; printers?>');
    expect(text).toContain('*Still open* (2 decisions, oldest first):');
    // What an open decision blocks, where it waits and where it costs.
    expect(text).toContain('; blocks the go-live');
    expect(text).toContain('business time), blocks the go-live');
    // Oldest first: open1 (opened at hour 10, its own question) before open2 (hour 60, the fixture's question).
    const list = text.slice(text.indexOf('*Still open*'));
    expect(list.indexOf('Go live on 1 March?')).toBeGreaterThan(-1);
    expect(list.indexOf('Go live on 1 March?')).toBeLessThan(list.indexOf('Value raw materials with FIFO?'));
  });

  it('a week with no decisions says so in a sentence, and still shows what is open', () => {
    const waiting = openedAt('waiting', -200, { question: 'Still waiting?' }, P);
    const d = buildDigest({
      project: P,
      decisions: [figured(waiting, NOW, wallClock, P)],
      to: h(NOW),
      now: h(NOW),
      clock: wallClock,
    });
    const m = digestMessage(d, params);
    expectValidMessage(m.blocks, m.text);
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('No decision was asked for or closed this week.');
    expect(text).toContain('Still waiting?');
    expect(text).toContain('overdue');
  });

  it('caps the list of open decisions', () => {
    const d = busyWeek();
    const [first] = d.waiting;
    if (!first) throw new Error('the week has open decisions');
    const many = Array.from({ length: DIGEST_WAITING_CAP + 5 }, (_, i) => ({ ...first, id: `d${i}` }));
    const m = digestMessage({ ...d, waiting: many }, params);
    expectValidMessage(m.blocks, m.text);
    expect(JSON.stringify(m.blocks)).toContain('and 5 more');
  });
});

describe('digestChart', () => {
  it('is a PNG of 960×540 named after the project and the day', async () => {
    const file = await digestChart(busyWeek(), 'Odoo rollout', 'Asia/Jakarta', wallClock.workingDayMs);
    expect(file.mimetype).toBe('image/png');
    expect(file.filename).toMatch(/^decisions-P1-\d{4}-\d{2}-\d{2}\.png$/);
    expect([...file.content.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, big-endian, right after the signature and the chunk header.
    expect([file.content.readUInt32BE(16), file.content.readUInt32BE(20)]).toEqual([960, 540]);
    expectValidMessage(chartMessage().blocks, chartMessage().text);
  });
});
