import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACTION, CALLBACK } from '../../src/slack/ids.js';
import { isMarked, unmarked } from '../support/pseudo-locale.js';
import { openRequest, settled, shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

// The second language is the pseudo set (every word marked ⟪…⟫): these tests see whose language each
// rendering is in, whatever the real translation says.
vi.mock('../../src/slack/text/id.js', async () => {
  const { pseudoIndonesian } = await import('../support/pseudo-locale.js');
  return { id: await pseudoIndonesian() };
});

/** Everything a person reads on a surface (block texts, titles, labels), as one string. */
const words = (surface: Parameters<typeof shown>[0] | string) =>
  typeof surface === 'string' ? surface : shown(surface);
/** Worded in the second language: marked, and no English sentence of the set left outside the marks. */
const inIndonesian = (surface: Parameters<typeof shown>[0] | string) =>
  isMarked(words(surface)) &&
  !/Decision needed|Your request is with|Ask for information/.test(unmarked(words(surface)));
const inEnglish = (surface: Parameters<typeof shown>[0] | string) => !isMarked(words(surface));

describe('languages: the project’s locale and each person’s /decide language', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const language = async (user: string, text: string) => {
    const before = h.fake.ephemeralsFor(user).length;
    const ack = await h.driver.slashCommand({ user, channel: h.channel, command: '/decide', text });
    expect(ack.status).toBe(200);
    const reply = await until(h, () => h.fake.ephemeralsFor(user)[before]);
    return words(reply);
  };

  it('/decide language id: stored, said back in Indonesian; alone: the current one and what is accepted', async () => {
    h = await startHarness();
    const current = await language(h.people.spoc, 'language');
    expect(inEnglish(current)).toBe(true);
    expect(current).toContain('`/decide language en`');
    expect(current).toContain('`/decide language id`');

    const set = await language(h.people.spoc, 'language ID');
    expect(inIndonesian(set)).toBe(true);
    expect(h.bot.deps.languages?.choiceOf(h.people.spoc)).toBe('id');
    // Their App Home is written in the language they read: republished at once in Indonesian.
    await until(h, () => {
      const home = h.fake.homeView(h.people.spoc);
      return home !== undefined && inIndonesian(home);
    });
    const after = await language(h.people.spoc, 'language');
    expect(inIndonesian(after)).toBe(true);
    expect(unmarked(after)).not.toContain('Language');

    // Back to English: said in English.
    expect(inEnglish(await language(h.people.spoc, 'language en'))).toBe(true);
    expect(h.bot.deps.languages?.choiceOf(h.people.spoc)).toBe('en');
    await until(h, () => {
      const home = h.fake.homeView(h.people.spoc);
      return home !== undefined && inEnglish(home);
    });
    h.fake.assertNoViolations();
  });

  it('/decide language xx: names en and id, and nothing changes', async () => {
    h = await startHarness();
    await language(h.people.spoc, 'language id');
    const bad = await language(h.people.spoc, 'language fr');
    expect(bad).toContain('fr');
    expect(bad).toContain('language en');
    expect(bad).toContain('language id');
    expect(inIndonesian(bad)).toBe(true); // said in the language the person reads
    expect(h.bot.deps.languages?.choiceOf(h.people.spoc)).toBe('id');
    const words = await language(h.people.member, 'language en id');
    expect(words).toContain('en id');
    expect(h.bot.deps.languages?.choiceOf(h.people.member)).toBeUndefined();
  });

  it('a requester reading English, a SPoC reading Indonesian: each their own; the channel the project’s', async () => {
    h = await startHarness();
    await language(h.people.spoc, 'language id');
    const r = await openRequest(h);
    expect(inIndonesian(r.dm)).toBe(true);
    expect(inEnglish(r.receipt)).toBe(true);
    expect(inEnglish(r.head)).toBe(true);
    // The built-in options on the SPoC's buttons are in their language, the stored ids unchanged.
    expect(words(r.dm)).toContain('⟪Approve⟫');
    expect(r.decision.options.map((o) => o.label)).toEqual(['Approve', 'Reject']);

    // The SPoC's form is in Indonesian; a click in a DM has no project channel: the choice decides.
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.needInfo, in: r.dm });
    const view = await until(h, () => h.fake.openView(h.people.spoc));
    expect(view.callback_id).toBe(CALLBACK.needInfoModal);
    expect(inIndonesian(view)).toBe(true);

    // The requester's form (Withdraw) stays English.
    await h.driver.clickButton(h.people.member, { actionId: ACTION.withdraw, in: r.receipt });
    expect(inEnglish(await until(h, () => h.fake.openView(h.people.member)))).toBe(true);

    // A refresh re-renders each copy for its reader.
    await h.driver.clickButton(h.people.spoc, { actionId: 'decision_option_0', in: r.dm });
    await settled(h);
    const dm = h.fake.workspace.message(r.dm.channel, r.dm.ts);
    const receipt = h.fake.workspace.message(r.receipt.channel, r.receipt.ts);
    const head = h.fake.workspace.message(r.head.channel, r.head.ts);
    expect(inIndonesian(dm)).toBe(true);
    expect(inEnglish(receipt)).toBe(true);
    expect(inEnglish(head)).toBe(true);
    expect(words(receipt)).toContain('*Approve*');
    h.fake.assertNoViolations();
  });

  it('a project with locale: id speaks it in its channel and to whoever chose nothing; a choice of en holds', async () => {
    h = await startHarness({ project: () => ({ locale: 'id' }) });
    await language(h.people.member, 'language en');
    const r = await openRequest(h);
    expect(inIndonesian(r.head)).toBe(true);
    expect(inIndonesian(r.dm)).toBe(true); // the SPoC chose nothing: the project's
    expect(inEnglish(r.receipt)).toBe(true); // the requester chose English
    h.fake.assertNoViolations();
  });

  it('a DM to the bot ("help", "bantuan") gets the help in the writer’s language; the bot does not answer itself', async () => {
    h = await startHarness();
    await language(h.people.spoc, 'language id');
    const dm = (user: string) => h.fake.workspace.openDm(user).id;

    await h.driver.userPosts({ user: h.people.spoc, channel: dm(h.people.spoc), text: 'bantuan' });
    const toSpoc = await until(h, () => h.fake.dmsTo(h.people.spoc).find((m) => m.user !== h.people.spoc));
    expect(words(toSpoc)).toContain('/decide language');
    expect(inIndonesian(toSpoc)).toBe(true);

    await h.driver.userPosts({ user: h.people.member, channel: dm(h.people.member), text: 'help' });
    const toMember = await until(h, () =>
      h.fake.dmsTo(h.people.member).find((m) => m.user !== h.people.member),
    );
    expect(words(toMember)).toContain('How to use decide-bot');
    expect(inEnglish(toMember)).toBe(true);
    await settled(h);
    // One answer each: the bot's own posts in the DM are not answered.
    expect(h.fake.dmsTo(h.people.member).filter((m) => m.user !== h.people.member)).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
