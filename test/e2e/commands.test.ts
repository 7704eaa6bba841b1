import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InputValue } from '../../src/sandbox/index.js';
import { ACTION, CALLBACK, DECIDE_FIELD, FIELD } from '../../src/slack/ids.js';
import { t } from '../../src/slack/text/index.js';
import {
  copyOf,
  dmsMentioning,
  openRequest,
  option,
  optionButtons,
  settled,
  shown,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('/decide: the form', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('is acknowledged at once with an empty answer and opens the empty form', async () => {
    const ack = await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
    });
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(ack.latencyMs).toBeLessThan(3000);
    const view = await until(h, () => h.fake.openView(h.people.member));
    expect(view.callback_id).toBe(CALLBACK.decideModal);
    expect(h.fake.calls('views.open')).toHaveLength(1);
    expect(h.fake.calls('views.open')[0]?.status).toBe(200);
    expect(shown(view)).not.toContain('initial_value":"');
    h.fake.assertNoViolations();
  });

  it('`/decide <text>` pre-fills the question with the text', async () => {
    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: '  Go live on 1 March?  ',
    });
    const view = await until(h, () => h.fake.openView(h.people.member));
    const question = view.blocks.find((b) => b.block_id === DECIDE_FIELD.question);
    expect((question?.element as { initial_value?: string } | undefined)?.initial_value).toBe(
      'Go live on 1 March?',
    );
    h.fake.assertNoViolations();
  });

  const invalid: [string, Record<string, InputValue>, string, string][] = [
    [
      'an empty question (blanks only)',
      { question: '   ' },
      DECIDE_FIELD.question,
      t.decideModal.errors.questionEmpty,
    ],
    [
      'an option line that is too long',
      { options: `Keep it\n${'x'.repeat(76)}` },
      DECIDE_FIELD.options,
      t.decideModal.errors.optionTooLong(2, 75),
    ],
    [
      'fewer than 2 options (one line)',
      { options: 'Only FIFO' },
      DECIDE_FIELD.options,
      t.decideModal.errors.tooFewOptions(2),
    ],
    [
      'a default that is not one of the options',
      { options: 'FIFO\nAverage cost', default_option: 'LIFO' },
      DECIDE_FIELD.defaultOption,
      t.decideModal.errors.defaultNotAnOption(['FIFO', 'Average cost']),
    ],
    [
      'a needed-by date in the past',
      { needed_by: '2020-01-31' },
      DECIDE_FIELD.neededBy,
      t.decideModal.errors.pastDate,
    ],
  ];

  it.each(invalid)(
    'refuses %s on that exact field; the form stays open and nothing is recorded',
    async (_name, values, field, message) => {
      await h.driver.slashCommand({ user: h.people.member, channel: h.channel, command: '/decide' });
      const view = await until(h, () => h.fake.openView(h.people.member));
      const result = await h.driver.submitView(h.people.member, {
        values: { question: 'Which costing method for the main warehouse?', ...values },
      });
      expect(result.outcome).toBe('errors');
      expect(result.errors).toEqual({ [field]: message });
      // The same form is still open, with what was typed.
      expect(h.fake.openView(h.people.member)?.id).toBe(view.id);
      expect(await h.bot.deps.decisions.listActive()).toEqual([]);

      // A corrected submission of the same form goes through: exactly one request reaches the SPoC.
      const fixed = await h.driver.submitView(h.people.member, {
        values: {
          question: 'Which costing method for the main warehouse?',
          options: 'FIFO\nAverage cost',
          default_option: 'FIFO',
          needed_by: '2099-12-31',
        },
      });
      expect(fixed.outcome).toBe('closed');
      await until(h, async () => (await h.bot.deps.decisions.listActive()).length === 1);
      await settled(h);
      expect(await h.bot.deps.decisions.listActive()).toHaveLength(1);
      expect(dmsMentioning(h, h.people.spoc, 'Which costing method')).toHaveLength(1);
      h.fake.assertNoViolations();
    },
  );
});

describe('/decide: subcommands', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('in a channel that is no project: an ephemeral naming the project channels and how to add one', async () => {
    const ack = await h.driver.slashCommand({
      user: h.people.member,
      channel: h.otherChannel,
      command: '/decide',
      text: 'Go live?',
    });
    expect(ack.status).toBe(200);
    const [reply] = h.fake.ephemeralsFor(h.people.member);
    expect(reply?.channel).toBe(h.otherChannel);
    expect(shown(reply)).toContain(`<#${h.channel}>`);
    expect(shown(reply)).toContain('decide.config.yml');
    expect(h.fake.calls('views.open')).toHaveLength(0);
    expect(h.fake.openView(h.people.member)).toBeUndefined();
    h.fake.assertNoViolations();
  });

  it('`/decide help` explains every subcommand, in any channel', async () => {
    for (const channel of [h.channel, h.otherChannel]) {
      await h.driver.slashCommand({ user: h.people.member, channel, command: '/decide', text: 'help' });
    }
    const replies = h.fake.ephemeralsFor(h.people.member);
    expect(replies).toHaveLength(2);
    for (const r of replies) {
      for (const word of ['list', 'away', 'back', 'Ask for a decision']) expect(shown(r)).toContain(word);
    }
    expect(h.fake.calls('views.open')).toHaveLength(0);
    h.fake.assertNoViolations();
  });

  it('`/decide list` shows the open decisions oldest first, with who holds each and for how long', async () => {
    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'list',
    });
    expect(shown(h.fake.ephemeralsFor(h.people.member).at(-1))).toContain('No open decisions');

    const first = await openRequest(h, { question: 'First: FIFO or average cost?' });
    await openRequest(h, { question: 'Second: budget for the label printers?', budget: 9000 });
    const closed = await openRequest(h, { question: 'Third: already answered?' });
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: closed.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(closed.id))?.status === 'decided');

    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'list',
    });
    const list = shown(h.fake.ephemeralsFor(h.people.member).at(-1));
    expect(list).toContain('(2)');
    const a = list.indexOf('First: FIFO');
    const b = list.indexOf('Second: budget');
    expect(a).toBeGreaterThan(-1);
    expect(b).toBeGreaterThan(a);
    expect(list).not.toContain('Third: already answered');
    expect(list).toContain(`with <@${h.people.spoc}> (SPoC) for `);
    expect(list).toContain(`with <@${h.people.sponsor}> (sponsor) for `);
    expect(first.id).toBeTruthy();
    h.fake.assertNoViolations();
  });

  it('`/decide list` and the App Home count the time held from the delegation, not from the opening', async () => {
    const r = await openRequest(h, { question: 'Relabel the returns bin?' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.delegate, in: r.dm });
    await until(h, () => h.fake.openView(h.people.spoc));
    await h.driver.submitView(h.people.spoc, { values: { [FIELD.delegateTo]: h.people.keyUser } });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.deciders.includes(h.people.keyUser));
    await h.driver.slashCommand({
      user: h.people.member,
      channel: h.channel,
      command: '/decide',
      text: 'list',
    });
    const list = shown(h.fake.ephemeralsFor(h.people.member).at(-1));
    expect(list).toContain(`with <@${h.people.keyUser}> (delegate) for 0s`);
    // The requester's App Home counts the same way.
    // (The outbox republishes it after the delegation too: whichever comes last shows the delegate.)
    await h.driver.appHomeOpened(h.people.member);
    const home = await until(h, () => {
      const view = h.fake.homeView(h.people.member);
      return shown(view).includes('(delegate)') && view;
    });
    expect(shown(home)).toContain(`with <@${h.people.keyUser}> (delegate) for 0s`);
    await settled(h);
    h.fake.assertNoViolations();
  });

  it('`/decide away` and `/decide back` are for the SPoC only', async () => {
    for (const [user, text] of [
      [h.people.member, 'away 3d'],
      [h.people.deputy, 'away friday'],
      [h.people.deputy, 'back'],
    ] as const) {
      await h.driver.slashCommand({ user, channel: h.channel, command: '/decide', text });
      expect(shown(h.fake.ephemeralsFor(user).at(-1))).toContain('Only this project’s SPoC');
    }
    expect(await h.bot.deps.absences.isAway(h.project.id, h.people.spoc, Date.now())).toBe(false);
    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'away someday',
    });
    expect(shown(h.fake.ephemeralsFor(h.people.spoc).at(-1))).toContain('I could not read');
    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'away 2020-01-01',
    });
    expect(shown(h.fake.ephemeralsFor(h.people.spoc).at(-1))).toContain('already passed');
    expect(await h.bot.deps.absences.isAway(h.project.id, h.people.spoc, Date.now())).toBe(false);
    h.fake.assertNoViolations();
  });

  it('`/decide away`: the deputy takes the pending request (DM with buttons, the SPoC’s copy loses them) and new ones; `back` ends it', async () => {
    const pending = await openRequest(h, { question: 'Pending: switch the carrier?' });
    expect(optionButtons(h, pending.dm)).toEqual([option(0), option(1)]);

    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'away 3d',
    });
    const note = await until(h, () => h.fake.ephemeralsFor(h.people.spoc).at(-1));
    expect(shown(note)).toContain('You are marked away until');
    expect(shown(note)).toContain(
      `<@${h.people.deputy}> decides for you meanwhile; 1 open request moved to them`,
    );

    const deputyCopy = await until(h, () => copyOf(h, pending.id, 'request-spoc', h.people.deputy));
    await settled(h);
    expect(optionButtons(h, deputyCopy)).toEqual([option(0), option(1)]);
    const spocCopy = copyOf(h, pending.id, 'request-spoc', h.people.spoc);
    expect(buttonsOf(h, spocCopy)).toEqual([]);
    expect(shown(spocCopy)).toContain(`Handed over to <@${h.people.deputy}>`);
    expect((await h.bot.deps.decisions.get(pending.id))?.deciders).toEqual([h.people.deputy]);

    const fresh = await openRequest(h, { question: 'New while away: order the scanners?' });
    expect(fresh.decision.deciders).toEqual([h.people.deputy]);
    expect(optionButtons(h, fresh.dm)).toEqual([option(0), option(1)]);
    expect(dmsMentioning(h, h.people.spoc, 'order the scanners')).toEqual([]);

    await h.driver.slashCommand({
      user: h.people.spoc,
      channel: h.channel,
      command: '/decide',
      text: 'back',
    });
    const welcome = await until(h, () =>
      h.fake.ephemeralsFor(h.people.spoc).find((m) => shown(m).includes('Welcome back')),
    );
    // Both requests the deputy held only because of the absence, and did not act on, come back.
    expect(shown(welcome)).toContain('2 open requests moved back to you');
    expect(shown(welcome)).toContain('order the scanners');
    await settled(h);
    for (const id of [pending.id, fresh.id]) {
      expect((await h.bot.deps.decisions.get(id))?.deciders).toEqual([h.people.spoc]);
    }
    const notice = await until(h, () => dmsMentioning(h, h.people.deputy, 'went back to them')[0]);
    expect(shown(notice)).toContain('2 requests went back to them');
    const after = await openRequest(h, { question: 'After return: approve the overtime?' });
    expect(after.decision.deciders).toEqual([h.people.spoc]);
    h.fake.assertNoViolations();
  });
});
