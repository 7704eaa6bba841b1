import { describe, expect, it } from 'vitest';
import { personDeactivatedMessage, rosterMessage } from '../../../src/slack/blocks/roster.js';
import { expectValidMessage } from '../helpers/block-kit.js';
import { project, T0, U, ZONE } from '../helpers/decisions.js';

const text = (m: { blocks: readonly unknown[] }) => JSON.stringify(m.blocks);

describe('rosterMessage (/decide who)', () => {
  it('shows deactivated people struck out by name (a mention without one), the SPoC’s place taken by the deputy', () => {
    const deactivated = new Map<string, string | undefined>([
      [U.spoc, 'Sari Wulandari'],
      [U.c1, undefined],
    ]);
    const m = rosterMessage({ project: project(), spoc: { away: false }, timeZone: ZONE, deactivated });
    expectValidMessage(m.blocks, m.text);
    const body = text(m);
    expect(body).toContain(
      '*SPoC:* ~Sari Wulandari~ (deactivated in Slack, skipped): the deputy decides in their place',
    );
    expect(body).toContain(
      `~<@${U.c1}>~ (deactivated in Slack, skipped), <@${U.c2}> and <@${U.c3}>; 2 votes of 2 decide`,
    );
    expect(body).not.toContain('lowered');
    const two = new Map([
      [U.c1, undefined],
      [U.c2, undefined],
    ]);
    expect(
      text(rosterMessage({ project: project(), spoc: { away: false }, timeZone: ZONE, deactivated: two })),
    ).toContain('1 vote of 1 decide (the quorum of 2 is lowered to the members left)');
  });

  it('the channel notice names the person and their roles', () => {
    const m = personDeactivatedMessage({
      kind: 'person_deactivated',
      projectId: 'P1',
      user: U.c1,
      name: 'Budi *CEO*',
      roles: ['sponsor', 'committee'],
    });
    expectValidMessage(m.blocks, m.text);
    expect(text(m)).toContain('is deactivated in Slack');
    expect(text(m)).toContain('(sponsor and steering committee)');
    expect(m.text).toBe('Budi *CEO* is deactivated in Slack');
  });

  it('lists the roster, the SLA table per impact as configured, the reminders and the authority limit', () => {
    const m = rosterMessage({ project: project(), spoc: { away: false }, timeZone: ZONE });
    expectValidMessage(m.blocks, m.text);
    const body = text(m);
    expect(m.text).toBe('*Who decides in Odoo rollout, PT Maju*');
    expect(body).toContain(`*SPoC:* <@${U.spoc}>, available`);
    expect(body).toContain(`*Deputy:* <@${U.deputy}>`);
    expect(body).toContain(
      `*Steering committee:* <@${U.c1}>, <@${U.c2}> and <@${U.c3}>; 2 votes of 3 decide`,
    );
    // Domains without key users are left out.
    expect(body).toContain(`inventory: <@${U.inventory}>; accounting: <@${U.accounting}>`);
    expect(body).not.toContain('payroll');
    expect(body).toContain('Impact    SPoC  Sponsor  Committee');
    expect(body).toContain('Critical  4h    8h       1d');
    expect(body).toContain('Reminders at 50% of each level’s time.');
    expect(body).toContain('budget impact up to 10,000');
  });

  it('adds the sign-off ladder (key users first) where there are key users: its own SLA, or the SPoC’s time', () => {
    const withKeyUsers = text(rosterMessage({ project: project(), spoc: { away: false }, timeZone: ZONE }));
    expect(withKeyUsers).toContain('*Sign-offs of deliverables*');
    expect(withKeyUsers).toContain('Impact    Key users  SPoC  Sponsor  Committee');
    expect(withKeyUsers).toContain('Critical  4h         4h    8h       1d');
    const own = project({
      signoff: { sla: { critical: { key_users: { amount: 2, unit: 'd' } } } },
    });
    expect(text(rosterMessage({ project: own, spoc: { away: false }, timeZone: ZONE }))).toContain(
      'Critical  2d         4h    8h       1d',
    );
    const none = text(
      rosterMessage({ project: project({ keyUsers: {} }), spoc: { away: false }, timeZone: ZONE }),
    );
    expect(none).not.toContain('Sign-offs');
  });

  it('says why the SPoC is away: until a date, until marked back, or by Slack status (until it expires)', () => {
    const p = project();
    const until = T0 + 4 * 24 * 3600_000; // Fri 4 Dec, 09:00 Jakarta
    const cases = [
      [{ away: true, absence: { from: T0, until } }, 'away until Fri 4 Dec, 09:00'],
      [{ away: true, absence: { from: T0, until: null } }, 'away until marked back'],
      [{ away: true, status: { emoji: ':palm_tree:', expiresAt: null } }, 'away (Slack status :palm_tree:)'],
      [
        { away: true, status: { emoji: ':airplane:', expiresAt: until }, absence: { from: T0, until } },
        'away until Fri 4 Dec, 09:00 (Slack status :airplane:)',
      ],
    ] as const;
    for (const [spoc, words] of cases) {
      expect(text(rosterMessage({ project: p, spoc, timeZone: ZONE }))).toContain(words);
    }
  });

  it('says when there is no deputy, no key users, no reminders and no budget limit', () => {
    const p = project({ deputy: undefined, keyUsers: {}, reminders: [], authority: {} });
    const body = text(rosterMessage({ project: p, spoc: { away: false }, timeZone: ZONE }));
    expect(body).toContain('*Deputy:* none');
    expect(body).toContain('*Key users:* none');
    expect(body).toContain('No reminders.');
    expect(body).toContain('no budget limit');
  });
});
