import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, DECIDE_FIELD, FIELD, SIGNOFF_ACTION, SIGNOFF_FIELD } from '../../src/slack/ids.js';
import { textsOf } from '../../src/slack/text/index.js';
import { copyOf, eventsOf, openRequest, settled, threadReplies } from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Text that tries Slack's mrkdwn — special mentions, user and channel mentions, links — with SQL-looking text,
 * right-to-left and combining characters and zero-width ones, typed into every field a person fills in: it is
 * stored as typed, shown escaped, and pings nobody. Every Web API call of the run, and every answer the bot gave
 * in an ack, is searched for the markers unescaped wherever Slack reads mrkdwn.
 */

const RTL = '\u202egnp.exe\u202c';
const COMBINING = 'Z\u0351\u0352a\u0300\u0301\u0302';
const ZERO_WIDTH = 'zero\u200bwidth\u200c\u200d\ufeffjoin';
const SQL = "'; DROP TABLE decisions; --";

/** Markers nobody could have meant: found raw in mrkdwn, they came from user text. */
const MARKERS = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0INJECTED>',
  '<#C0INJECTED>',
  '<https://evil.example',
];

const hostile = (label: string) =>
  `${label} <!channel> <@U0INJECTED> <https://evil.example/x|click> ${SQL} ${RTL} ${COMBINING} ${ZERO_WIDTH}`;

const QUESTION = `Q <!channel> <!here> <@U0INJECTED> <#C0INJECTED> <https://evil.example|x> ${SQL} ${RTL} ${COMBINING}`;
const CONTEXT = `${hostile('context')} <!everyone> &amp; &lt; >quote\n`.repeat(40).slice(0, 2990).trim();
const OPTIONS = ['<!here> go ahead', '<@U0INJECTED> stop', '<https://evil.example|Maybe>', SQL];
const BLOCKS = `<!everyone> blocks ${ZERO_WIDTH}`;

describe.each(['en', 'id'] as const)('mrkdwn injection and odd text in every field (%s)', (locale) => {
  let h: Harness;
  const words = textsOf(locale);

  beforeAll(async () => {
    h = await startHarness({
      project: (p) => ({ keyUsers: { inventory: [p.keyUser] }, locale }),
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  const openForm = async (
    user: string,
    actionId: string,
    message: Parameters<typeof h.driver.clickButton>[1]['in'],
  ) => {
    const before = h.fake.openView(user)?.id;
    await h.driver.clickButton(user, { actionId, in: message });
    return until(h, () => {
      const view = h.fake.openView(user);
      return view !== undefined && view.id !== before ? view : undefined;
    });
  };

  it('is stored verbatim, shown escaped everywhere, and pings nobody', async () => {
    const { spoc, member, keyUser, sponsor } = h.people;
    // A request whose every field is hostile.
    const r = await openRequest(h, {
      [DECIDE_FIELD.question]: QUESTION,
      [DECIDE_FIELD.context]: CONTEXT,
      [DECIDE_FIELD.options]: OPTIONS.join('\n'),
      [DECIDE_FIELD.blocks]: BLOCKS,
    });
    expect(r.decision.question).toBe(QUESTION);
    expect(r.decision.context).toBe(CONTEXT);
    expect(r.decision.options.map((o) => o.label)).toEqual(OPTIONS);
    expect(r.decision.blocks).toBe(BLOCKS);

    // Need info and its answer.
    await openForm(spoc, ACTION.needInfo, r.dm);
    await h.driver.submitView(spoc, { values: { [FIELD.infoQuestion]: hostile('info?') } });
    const asked = await until(h, () => threadReplies(h, r.id)[0]);
    await openForm(member, ACTION.answerInfo, asked);
    await h.driver.submitView(member, { values: { [FIELD.infoAnswer]: hostile('answer') } });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'open');
    await settled(h);

    // Consult the key users; the opinion.
    await openForm(spoc, ACTION.consult, h.fake.workspace.message(r.dm.channel, r.dm.ts));
    await h.driver.submitView(spoc, {
      values: { [FIELD.consultDomain]: 'inventory', [FIELD.consultQuestion]: hostile('consult?') },
    });
    const ask = await until(h, () =>
      h.fake.dmsTo(keyUser).find((m) => buttonsOf(h, m).includes(ACTION.giveOpinion)),
    );
    await openForm(keyUser, ACTION.giveOpinion, ask);
    await h.driver.submitView(keyUser, { values: { [FIELD.opinion]: hostile('opinion') } });
    await settled(h);

    // The requester opens Withdraw, the SPoC decides with a note meanwhile, the withdraw is refused with what
    // was typed given back.
    await openForm(member, ACTION.withdraw, h.fake.workspace.message(r.receipt.channel, r.receipt.ts));
    await openForm(spoc, ACTION.decideWithNote, h.fake.workspace.message(r.dm.channel, r.dm.ts));
    await h.driver.submitView(spoc, {
      values: { [FIELD.noteOption]: r.decision.options[0]?.id ?? '', [FIELD.note]: hostile('rationale') },
    });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await h.driver.submitView(member, { values: { [FIELD.withdrawReason]: hostile('reason') } });
    await until(h, () =>
      h.fake.dmsTo(member).some((m) => JSON.stringify(m).includes('reason &lt;!channel&gt;')),
    );
    await settled(h);
    const decided = await h.bot.deps.decisions.get(r.id);
    expect(decided?.outcome?.rationale).toBe(hostile('rationale'));

    // A second request, delegated with a note, then withdrawn with a reason.
    const second = await openRequest(h, { [DECIDE_FIELD.question]: `${QUESTION} (2)` });
    await openForm(spoc, ACTION.delegate, second.dm);
    await h.driver.submitView(spoc, {
      values: { [FIELD.delegateTo]: keyUser, [FIELD.delegateNote]: hostile('delegate note') },
    });
    await settled(h);
    await openForm(
      member,
      ACTION.withdraw,
      h.fake.workspace.message(second.receipt.channel, second.receipt.ts),
    );
    await h.driver.submitView(member, { values: { [FIELD.withdrawReason]: hostile('withdrawn') } });
    await until(h, async () => (await h.bot.deps.decisions.get(second.id))?.status === 'withdrawn');
    await settled(h);

    // A sign-off with a hostile title, link and notes, rejected with a hostile reason.
    await h.driver.slashCommand({
      user: member,
      channel: h.channel,
      command: '/decide',
      text: `signoff <!channel> <@U0INJECTED> ${SQL}`,
    });
    await until(h, () => h.fake.openView(member));
    const submitted = await h.driver.submitView(member, {
      values: {
        [SIGNOFF_FIELD.domain]: 'inventory',
        [SIGNOFF_FIELD.link]: 'https://example.com/a|<!channel>>x',
        [SIGNOFF_FIELD.notes]: hostile('signoff notes'),
      },
    });
    expect(submitted.outcome).toBe('closed');
    const signoff = await until(h, () =>
      h.fake.dmsTo(keyUser).find((m) => buttonsOf(h, m).includes(SIGNOFF_ACTION.reject)),
    );
    await settled(h);
    await openForm(keyUser, SIGNOFF_ACTION.reject, signoff);
    await h.driver.submitView(keyUser, { values: { [SIGNOFF_FIELD.reason]: hostile('rejected') } });
    await settled(h);

    // A message with the same text, turned into a request with the message shortcut (the form's fields are
    // plain text: shown as typed there).
    const source = h.fake.workspace.postMessage({
      channel: h.channel,
      user: member,
      text: `${QUESTION}\n${CONTEXT}`,
    });
    await h.driver.messageShortcut(member, {
      callbackId: 'ask_for_decision',
      message: { channel: h.channel, ts: source.ts },
    });
    const prefilled = await until(h, () => h.fake.openView(member));
    expect(JSON.stringify(prefilled)).toContain(JSON.stringify(QUESTION).slice(1, -1));
    await h.driver.submitView(member);
    const fromMessage = await until(h, async () =>
      (await h.bot.deps.decisions.listActive()).find((d) => d.source?.ts === source.ts),
    );
    await settled(h);
    // The requester edits its options and default: the thread says what changed.
    const receipt = await until(h, () => copyOf(h, fromMessage.id, 'requester'));
    await openForm(member, ACTION.edit, receipt);
    const edited = await h.driver.submitView(member, {
      values: {
        [DECIDE_FIELD.options]: [
          '<!channel> now',
          '<@U0INJECTED> later',
          '<https://evil.example|never>',
        ].join('\n'),
        [DECIDE_FIELD.defaultOption]: '<!channel> now',
      },
    });
    expect(edited.outcome).toBe('closed');
    await until(h, async () => (await eventsOf(h, fromMessage.id, 'edited')).length === 1);
    await settled(h);

    // Everything that lists them: /decide list, the digest, App Home, a typed command echoed back.
    for (const text of [
      'list',
      'digest',
      `export ${hostile('x')}`,
      `language ${hostile('xx')}`,
      `stats ${SQL}`,
    ]) {
      await h.driver.slashCommand({ user: spoc, channel: h.channel, command: '/decide', text });
    }
    await h.driver.slashCommand({
      user: member,
      channel: h.channel,
      command: '/decide',
      text: `away <!here>`,
    });
    await h.driver.appHomeOpened(spoc);
    await h.driver.appHomeOpened(member);
    await h.driver.appHomeOpened(sponsor);
    await settled(h);
    await new Promise((resolve) => setTimeout(resolve, 100));

    // Nothing unescaped anywhere Slack reads mrkdwn (checked first: the failure lists each leak).
    expect(mrkdwnLeaks(h)).toEqual([]);

    // Each surface got the text, escaped: the thread (info asked and answered, opinion, outcome, rejection), the
    // refusal that gave the typed reason back, /decide list, the digest, App Home.
    const thread = JSON.stringify(threadReplies(h, r.id));
    for (const label of ['info?', 'answer', 'opinion', 'rationale'])
      expect(thread).toContain(`${label} &lt;!channel&gt;`);
    expect(JSON.stringify(h.fake.dmsTo(member))).toContain('reason &lt;!channel&gt;');
    expect(JSON.stringify(h.fake.dmsTo(keyUser))).toContain('delegate note &lt;!channel&gt;');
    const listed = h.driver.acks.find(
      (a) => a.request.kind === 'slash_command' && JSON.stringify(a.request.payload).includes('"list"'),
    );
    expect(JSON.stringify(listed?.body)).toContain('&lt;!channel&gt;');
    const digest = h.fake.dmsTo(spoc).filter((m) => JSON.stringify(m).includes(words.digest.title('')));
    expect(digest).not.toEqual([]);
    expect(JSON.stringify(digest)).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(h.fake.homeView(spoc))).toContain('&lt;!channel&gt;');
    expect(JSON.stringify(h.fake.calls('chat.postMessage'))).toContain('rejected &lt;!channel&gt;');

    // The database still holds everything (the SQL-looking text was data, not a statement).
    expect((await h.bot.deps.decisions.get(second.id))?.question).toBe(`${QUESTION} (2)`);

    // Shown, escaped, rather than dropped.
    const everything = JSON.stringify(h.fake.calls().map((c) => c.args));
    expect(everything).toContain('&lt;!channel&gt;');
    expect(everything).toContain('&lt;@U0INJECTED&gt;');
    expect(everything).toContain(RTL);
    expect(everything).toContain(ZERO_WIDTH);
    // Nobody pinged: no message reached anyone through a mention that came from user text.
    expect(h.fake.workspace.user('U0INJECTED')).toBeUndefined();
    h.fake.assertNoViolations();
  });
});

/** Each piece of mrkdwn the bot sent (calls and acks) that holds a marker unescaped: where, and the text. */
function mrkdwnLeaks(h: Harness): string[] {
  const leaks: string[] = [];
  const look = (where: string, text: unknown) => {
    if (typeof text !== 'string') return;
    for (const marker of MARKERS) {
      if (text.includes(marker)) leaks.push(`${where}: ${marker} in ${JSON.stringify(text.slice(0, 300))}`);
    }
    if (/<!/.test(text)) leaks.push(`${where}: <! in ${JSON.stringify(text.slice(0, 300))}`);
  };
  /** Text objects: mrkdwn ones are read for mentions, plain_text ones are shown as they are. */
  const walk = (where: string, value: unknown): void => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(`${where}[${i}]`, v);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const object = value as Record<string, unknown>;
    if (object.type === 'plain_text') return;
    if (object.type === 'mrkdwn') look(where, object.text);
    for (const [key, v] of Object.entries(object)) walk(`${where}.${key}`, v);
  };
  /** A message: its `text` is mrkdwn (the notification and the fallback), unless it says otherwise. */
  const message = (where: string, args: unknown) => {
    if (typeof args !== 'object' || args === null) return;
    const m = args as Record<string, unknown>;
    if (m.mrkdwn !== false) look(`${where}.text`, m.text);
    look(`${where}.initial_comment`, m.initial_comment);
    walk(where, m.blocks);
    walk(where, m.attachments);
    walk(where, m.view);
  };
  for (const call of h.fake.calls()) message(`${call.method}#${call.seq}`, call.args);
  for (const ack of h.driver.acks) message(`ack of ${ack.request.kind}`, ack.body);
  return leaks;
}
