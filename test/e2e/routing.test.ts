import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.js';
import {
  dmsMentioning,
  eventsOf,
  openRequest,
  option,
  optionButtons,
  shown,
  threadReplies,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('routing a new request', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('goes to the SPoC: DM with option buttons, Need info, Delegate and Consult; nobody else gets buttons', async () => {
    const r = await openRequest(h, { question: 'Use FIFO costing?', budget: 5000 });
    expect(r.decision.level).toBe('spoc');
    expect(r.decision.deciders).toEqual([h.people.spoc]);
    expect(buttonsOf(h, r.dm)).toEqual([
      option(0),
      option(1),
      ACTION.decideWithNote,
      ACTION.needInfo,
      ACTION.delegate,
      ACTION.consult,
      ACTION.sendUp,
    ]);
    expect(r.dm.channel.startsWith('D')).toBe(true);
    // The thread head in the project channel has a status line and no buttons at all.
    expect(r.head.channel).toBe(h.channel);
    expect(buttonsOf(h, r.head)).toEqual([]);
    expect(shown(r.head)).toContain(`With <@${h.people.spoc}> (SPoC) for `);
    // The requester is told who holds it; their copy can edit or withdraw it.
    expect(shown(r.receipt)).toContain(`Your request is with <@${h.people.spoc}> (SPoC)`);
    expect(buttonsOf(h, r.receipt)).toEqual([ACTION.edit, ACTION.withdraw]);
    for (const u of [h.people.deputy, h.people.sponsor, h.people.keyUser])
      expect(h.fake.dmsTo(u)).toEqual([]);
    expect((await eventsOf(h, r.id, 'opened'))[0]).toMatchObject({ data: { routedBecause: 'spoc' } });
    h.fake.assertNoViolations();
  });

  it('goes to the deputy while the SPoC is away', async () => {
    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'away 2d',
    });
    await until(h, () => h.fake.ephemeralsFor(h.people.spoc).length > 0);
    const r = await openRequest(h, { question: 'Pay the courier surcharge?' });
    expect(r.decision.deciders).toEqual([h.people.deputy]);
    expect(r.dm.channel).toBe(h.fake.workspace.dmWith(h.people.deputy)?.id);
    expect(optionButtons(h, r.dm)).toEqual([option(0), option(1)]);
    expect(buttonsOf(h, r.dm)).toContain(ACTION.delegate);
    expect(shown(r.receipt)).toContain(`Your request is with <@${h.people.deputy}> (deputy)`);
    expect(shown(r.receipt)).toContain('The SPoC is away, so the deputy decides.');
    expect(dmsMentioning(h, h.people.spoc, 'courier surcharge')).toEqual([]);
    expect((await eventsOf(h, r.id, 'opened'))[0]).toMatchObject({ data: { routedBecause: 'spoc_away' } });
    h.fake.assertNoViolations();
  });

  it('goes straight to the sponsor when the budget impact is above the SPoC’s authority (5000)', async () => {
    const r = await openRequest(h, { question: 'Buy 40 handheld scanners?', budget: 5000.5 });
    expect(r.decision.level).toBe('sponsor');
    expect(r.decision.deciders).toEqual([h.people.sponsor]);
    expect(r.dm.channel).toBe(h.fake.workspace.dmWith(h.people.sponsor)?.id);
    expect(optionButtons(h, r.dm)).toEqual([option(0), option(1)]);
    // The sponsor may ask for information and consult, not delegate.
    expect(buttonsOf(h, r.dm)).not.toContain(ACTION.delegate);
    expect(h.fake.dmsTo(h.people.spoc)).toEqual([]);
    expect(shown(r.head)).toContain(`With <@${h.people.sponsor}> (sponsor)`);
    expect(shown(r.receipt)).toContain(`Your request is with <@${h.people.sponsor}> (sponsor)`);
    expect(shown(r.receipt)).toContain(
      'straight to the sponsor because its budget impact is above the SPoC’s authority',
    );
    expect((await eventsOf(h, r.id, 'opened'))[0]).toMatchObject({
      data: { routedBecause: 'over_authority' },
    });

    await h.driver.clickButton(h.people.sponsor, { actionId: option(0), in: r.dm });
    await until(h, () => threadReplies(h, r.id).length === 1);
    expect((await h.bot.deps.decisions.get(r.id))?.outcome).toMatchObject({
      optionId: 'approve',
      by: h.people.sponsor,
    });
    h.fake.assertNoViolations();
  });
});
