import { describe, expect, it } from 'vitest';
import type { Refusal, RefusalCode } from '../../src/domain/refusal.js';
import { HOUR, MINUTE, SECOND } from '../../src/domain/time.js';
import { en } from '../../src/slack/text/en.js';
import { id } from '../../src/slack/text/id.js';

const ZONE = 'Asia/Jakarta';
/** Mon 30 Nov 2026, 14:00 in Jakarta (UTC+7). */
const AT = Date.UTC(2026, 10, 30, 7, 0);
const DAY = 24 * HOUR;
const SPOC = 'U0SPOC';
const DEPUTY = 'U0DEPUTY';
const SPONSOR = 'U0SPONSOR';
const KEY = ['U0KEY1', 'U0KEY2'];
const COMMITTEE = ['U0C1', 'U0C2', 'U0C3'];

/** Every key path of an object, functions and strings as leaves. */
function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return [prefix];
  return Object.keys(value)
    .sort()
    .flatMap((k) => keyPaths((value as Record<string, unknown>)[k], prefix === '' ? k : `${prefix}.${k}`));
}

/** Every string leaf, with its key path. */
function strings(value: unknown, path: readonly string[] = []): { path: readonly string[]; text: string }[] {
  if (typeof value === 'string') return [{ path, text: value }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => strings(v, [...path, k]));
}

/**
 * English that should not appear in the Indonesian set. Role words (SPoC, sponsor, key user), the product
 * name and what users type (`/decide …` subcommands and keywords) are allowed; so are the names of the
 * message shortcuts, which Slack shows as the app manifest gives them.
 */
const ENGLISH = [
  /the /i,
  / and /i,
  /approve/i,
  /reject/i,
  /decision/i,
  /request/i,
  /withdraw/i,
  /cancel/i,
  /days/i,
];
const ALLOWED = [/\*Ask for a decision\*/g, /\*Request sign-off\*/g, /decide-bot/g];

function englishIn(text: string): string[] {
  const cleaned = ALLOWED.reduce((t, re) => t.replace(re, ''), text);
  return ENGLISH.filter((re) => re.test(cleaned)).map((re) => `${re.source} in: ${text}`);
}

/** One refusal per code, and each variant the wording branches on. */
const REFUSALS: Record<RefusalCode, Refusal[]> = {
  not_your_decision: [{ code: 'not_your_decision', deciders: [SPOC] }],
  already_decided: [
    { code: 'already_decided', status: 'withdrawn', outcome: null },
    { code: 'already_decided', status: 'expired', outcome: null },
    {
      code: 'already_decided',
      status: 'expired',
      outcome: { optionId: 'a', by: null, how: 'default', at: AT },
    },
    { code: 'already_decided', status: 'decided', outcome: { optionId: 'a', by: null, how: 'vote', at: AT } },
    {
      code: 'already_decided',
      status: 'decided',
      outcome: { optionId: 'a', by: SPOC, how: 'decided', at: AT },
    },
  ],
  invalid_transition: [
    'request_info',
    'provide_info',
    'delegate',
    'vote',
    'send_up',
    'hand_back',
    'new_round',
    'x',
  ].map((attempted): Refusal => ({ code: 'invalid_transition', status: 'open', attempted })),
  not_requester: [{ code: 'not_requester' }],
  not_committee_member: [{ code: 'not_committee_member' }],
  votes_cast: [{ code: 'votes_cast' }],
  edited_since: [{ code: 'edited_since' }],
  vote_required: [{ code: 'vote_required' }],
  unknown_option: [{ code: 'unknown_option', optionId: 'zz' }],
  invalid_delegate: [{ code: 'invalid_delegate', to: 'U0OTHER' }],
  unknown_domain: [{ code: 'unknown_domain', domain: 'inventory' }],
  not_a_key_user: [
    { code: 'not_a_key_user' },
    { code: 'not_a_key_user', signoff: { domain: 'inventory', keyUsers: KEY } },
  ],
  reminders_exhausted: [{ code: 'reminders_exhausted' }],
  not_due: [
    { code: 'not_due', dueAt: null },
    { code: 'not_due', dueAt: AT },
  ],
  invalid_request: [{ code: 'invalid_request', field: 'question', problem: 'empty' }],
  round_over: [
    { code: 'round_over', round: 2, status: 'returned' },
    { code: 'round_over', round: 2, status: 'open' },
  ],
  reason_required: [{ code: 'reason_required' }],
  already_answered: [
    { code: 'already_answered', optionId: 'approve' },
    { code: 'already_answered', optionId: 'reject' },
  ],
  is_signoff: [{ code: 'is_signoff' }],
};

const CTX = { timeZone: ZONE, optionLabel: (o: string) => `Opsi ${o}`, requester: SPOC, closedAt: AT };

/** A representative sample of the set's sentences, called with arguments of the right shape. */
function samples(): string[] {
  const o = { how: 'decided', by: SPOC, label: 'Gudang Surabaya', at: AT } as const;
  return [
    ...Object.values(REFUSALS)
      .flat()
      .map((r) => id.refusal(r, CTX)),
    id.format.durationShort(2 * HOUR + 15 * MINUTE),
    id.format.instant(AT, ZONE),
    id.format.localDate('2026-11-30'),
    id.format.budget(12_000_000),
    id.format.list(['a', 'b', 'c']),
    id.format.mentions([]),
    id.command.help('/decide'),
    id.command.helpFallback,
    id.digest.title('Proyek Odoo'),
    id.digest.period(AT - 7 * DAY, AT, ZONE),
    id.digest.quietWeek(),
    id.digest.signoffs({ signedOff: 3, rejectedRounds: 1, medianToSignOffMs: 5 * HOUR, open: 2 }),
    id.digest.signoffs({ signedOff: 0, rejectedRounds: 0, medianToSignOffMs: null, open: 0 }),
    id.digest.slowestTitle,
    id.digest.slowestItem('Metode valuasi stok?', 30 * HOUR, 'committee', 'https://x.slack.com/p1'),
    id.digest.openTitle(4),
    id.digest.nothingOpen(),
    id.digest.waitingItem('Metode valuasi stok?', 'sponsor', [SPONSOR], 3 * DAY, true, undefined, 'go-live'),
    id.digest.more(3),
    id.digest.chartAlt('Proyek Odoo'),
    id.digest.chartMessage(),
    id.decision.outcome(o, ZONE),
    id.decision.outcome({ how: 'vote', label: 'A', at: AT, tally: 'A 2 · B 1' }, ZONE),
    id.decision.outcome({ how: 'default', label: 'A', at: AT }, ZONE),
    id.decision.outcome({ how: 'withdrawn', by: SPOC, at: AT }, ZONE),
    id.decision.statusLine(COMMITTEE, 'committee', 2 * HOUR),
    id.decision.voteIntro(2),
    id.decision.field.due(AT, 3 * HOUR, 'sponsor', ZONE),
    id.decision.field.due(AT, 0, undefined, ZONE),
    id.decision.editedField('budgetImpact', 1000, 2_500_000),
    id.decision.editedField('neededBy', '2026-12-01', null),
    id.decision.took(3 * DAY, 9 * HOUR),
    id.decision.moved.escalated([SPONSOR], 'sponsor', 'spoc', 8 * HOUR),
    id.decision.moved.sentUp(COMMITTEE, 'committee', SPOC, 'needs_committee', 'Lintas departemen'),
    id.decision.history.held([SPOC], 'spoc', HOUR, 'sent_up'),
    id.thread.spocBack(SPOC, [{ question: 'A?' }], [{ question: 'B?' }, { question: 'C?' }]),
    id.thread.handedOver([SPOC], [DEPUTY], 'spoc_away'),
    id.thread.reminderVote(HOUR, 'Tunda'),
    id.thread.receipt([SPOC], 'spoc', AT, ZONE),
    id.home.waitingItem('A?', 'Proyek', SPOC, { kind: 'due', at: AT, leftMs: HOUR, next: 'sponsor' }, ZONE),
    id.command.digestNotAllowed(SPOC, [SPONSOR], COMMITTEE, '/decide'),
    id.command.awayDeputy(DEPUTY, 2),
    id.command.back(1),
    id.roster.committee(COMMITTEE, 2),
    id.roster.slaTable([{ impact: 'high', durations: ['4h', '1d', '2d'] }]),
    id.roster.slaTable([{ impact: 'low', durations: ['2d', '1d', '2d', '3d'] }], true),
    id.roster.reminders([0.5, 0.8]),
    id.insight.authority(
      0.4,
      4,
      10,
      { over_authority: 1, escalated: 2, sent_up: 1, delegated_up: 0 },
      5 * HOUR,
    ),
    id.insight.openByAge({ lt1d: 1, '1to3d': 2, '3to5d': 0, gt5d: 1 }),
    id.signoff.field.rule({ kind: 'all' }, 3),
    id.signoff.signedOff(KEY, 2, AT, ZONE, undefined),
    id.signoff.outcomeShort('signed_off', 2),
    id.signoff.thread.reminder(HOUR, 'spoc'),
    id.export.rejection(1, null, 'Kolom salah'),
    id.chart.yAxis('days'),
    id.chart.weekLabel(AT, ZONE),
  ];
}

describe('the Indonesian text set', () => {
  it('has exactly the keys of the English one, all the way down', () => {
    expect(keyPaths(id)).toEqual(keyPaths(en));
  });

  it('formats durations, dates, numbers and lists the Indonesian way', () => {
    // In words: "3h" or "2d" would read as the configuration's hours and working days (the SLA table's units).
    expect(id.format.durationShort(2 * HOUR + 15 * MINUTE)).toBe('2 jam 15 menit');
    expect(id.format.durationShort(3 * DAY + 4 * HOUR)).toBe('3 hari 4 jam');
    expect(id.format.durationShort(45 * SECOND)).toBe('45 detik');
    expect(id.format.durationShort(0)).toBe('0 detik');
    expect(id.format.instant(AT, ZONE)).toBe('Sen, 30 Nov pukul 14.00');
    expect(id.format.localDate('2026-08-03')).toBe('Sen, 3 Agt 2026');
    expect(id.format.localDate('besok')).toBe('besok');
    expect(id.format.budget(12_000_000)).toBe('12.000.000');
    expect(id.format.budget(1234.5)).toBe('1.234,5');
    expect(id.format.list(['a'])).toBe('a');
    expect(id.format.list(['a', 'b'])).toBe('a dan b');
    expect(id.format.list(['a', 'b', 'c'])).toBe('a, b, dan c');
    expect(id.format.mentions([])).toBe('tidak ada');
    expect(id.format.mentions(['U1', 'U2'])).toBe('<@U1> dan <@U2>');
    expect(id.insight.money(12_000_000, 'IDR')).toMatch(/^Rp\s12\.000\.000$/);
    expect(id.chart.weekLabel(AT, ZONE)).toBe('30 Nov');
  });

  it('words every refusal code', () => {
    for (const [code, refusals] of Object.entries(REFUSALS)) {
      expect(refusals.length, code).toBeGreaterThan(0);
      for (const r of refusals) expect(id.refusal(r, CTX), code).not.toBe('');
    }
  });

  it('keeps escaping user text in mrkdwn', () => {
    expect(id.refusal({ code: 'unknown_option', optionId: '<b>&' }, CTX)).toContain('&lt;b&gt;&amp;');
    expect(id.decision.fallbackRequest('a < b')).toBe('Perlu keputusan: a &lt; b');
    // Plain text (an option label) is not escaped.
    expect(id.consultModal.domainOption('R&D', 2)).toBe('R&D (2 key user)');
  });

  it('leaks no English into its sentences, labels and buttons', () => {
    const leaks = [...samples(), ...strings(id).map((s) => s.text)].flatMap(englishIn);
    expect(leaks).toEqual([]);
  });

  it('fits Slack’s limits: modal titles and buttons, options and headers', () => {
    const all = strings(id);
    const modal = all.filter((s) =>
      ['title', 'submit', 'close', 'voteTitle', 'voteSubmit'].includes(s.path.at(-1) ?? ''),
    );
    expect(modal.length).toBeGreaterThan(30);
    for (const s of modal) expect(s.text.length, s.path.join('.')).toBeLessThanOrEqual(24);
    const buttons = all.filter((s) => s.path.includes('button'));
    expect(buttons.length).toBeGreaterThan(15);
    for (const s of buttons) expect(s.text.length, s.path.join('.')).toBeLessThanOrEqual(75);
    const options = [
      id.sendUpModal.target('above_authority', 'committee'),
      id.sendUpModal.target('needs_committee', 'committee'),
      id.signoffModal.ruleAll,
      id.signoffModal.ruleAtLeast,
      ...Object.values(id.signoff.option),
    ];
    for (const o of options) expect(o.length, o).toBeLessThanOrEqual(75);
    const name = 'Implementasi Odoo PT Sumber Makmur Sejahtera, fase 2';
    for (const h of [id.digest.title(name), id.insight.statsTitle(name), id.signoff.header(name)])
      expect(h.length, h).toBeLessThanOrEqual(150);
  });
});
