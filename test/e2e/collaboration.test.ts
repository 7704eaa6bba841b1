import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION, CALLBACK, FIELD } from '../../src/slack/ids.js';
import {
  allCopies,
  copyOf,
  eventsOf,
  openRequest,
  option,
  optionButtons,
  settled,
  shown,
  threadReplies,
} from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

describe('need info, delegate, consult', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    await h?.stop();
  });

  it('Need info asks the requester in the thread (Answer button); the answer lands in the thread and the request resumes', async () => {
    const r = await openRequest(h, { question: 'Extend the pilot by two weeks?' });
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.needInfo, in: r.dm });
    const form = await until(h, () => h.fake.openView(h.people.spoc));
    expect(form.callback_id).toBe(CALLBACK.needInfoModal);
    const asked = await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.infoQuestion]: 'What does the extension cost?' },
    });
    expect(asked.outcome).toBe('closed');

    const question = await until(h, () => threadReplies(h, r.id)[0]);
    expect(shown(question)).toContain(
      `<@${h.people.spoc}> needs more information from <@${h.people.member}>`,
    );
    expect(shown(question)).toContain('What does the extension cost?');
    expect(buttonsOf(h, question)).toEqual([ACTION.answerInfo]);
    await settled(h);
    expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('needs_info');
    // Paused: the SPoC can still decide but not ask again; the requester's copy offers Answer too.
    expect(buttonsOf(h, copyOf(h, r.id, 'request-spoc'))).not.toContain(ACTION.needInfo);
    expect(buttonsOf(h, copyOf(h, r.id, 'requester'))).toEqual([
      ACTION.answerInfo,
      ACTION.edit,
      ACTION.withdraw,
    ]);
    expect(shown(copyOf(h, r.id, 'thread_head'))).toContain('Paused: waiting for information');

    // Someone else clicking Answer is told it is not theirs, and no form opens.
    await h.driver.clickButton(h.people.keyUser, { actionId: ACTION.answerInfo, in: question });
    const refused = await until(h, () => h.fake.ephemeralsFor(h.people.keyUser)[0]);
    expect(refused.text).toContain('Only the person who asked for this decision');
    expect(h.fake.openView(h.people.keyUser)).toBeUndefined();

    await h.driver.clickButton(h.people.member, { actionId: ACTION.answerInfo, in: question });
    const answerForm = await until(h, () => h.fake.openView(h.people.member));
    expect(answerForm.callback_id).toBe(CALLBACK.answerInfoModal);
    expect(shown(answerForm)).toContain('What does the extension cost?');
    const answered = await h.driver.submitView(h.people.member, {
      values: { [FIELD.infoAnswer]: 'About 12 consultant days.' },
    });
    expect(answered.outcome).toBe('closed');
    const answer = await until(h, () => threadReplies(h, r.id)[1]);
    expect(shown(answer)).toContain('About 12 consultant days.');
    await settled(h);
    expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('open');
    const dm = copyOf(h, r.id, 'request-spoc');
    expect(buttonsOf(h, dm)).toContain(ACTION.needInfo);
    expect(buttonsOf(h, copyOf(h, r.id, 'requester'))).toEqual([ACTION.edit, ACTION.withdraw]);
    // Answered: the question in the thread no longer offers Answer.
    expect(buttonsOf(h, h.fake.workspace.message(question.channel, question.ts))).toEqual([]);
    expect(shown(h.fake.workspace.message(question.channel, question.ts))).toContain(
      'What does the extension cost?',
    );

    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: dm });
    await until(h, () => threadReplies(h, r.id).length === 3);
    await settled(h);
    expect(await eventsOf(h, r.id, 'decided')).toHaveLength(1);
    for (const m of [
      ...h.fake.messagesIn(h.channel),
      ...h.fake.dmsTo(h.people.spoc),
      ...h.fake.dmsTo(h.people.member),
    ]) {
      expect(buttonsOf(h, m)).toEqual([]);
    }
    h.fake.assertNoViolations();
  });

  it('Delegate hands it to the key user with a note: the delegate gets the buttons and the note, the SPoC’s copy loses them', async () => {
    const r = await openRequest(h, { question: 'Allow negative stock in the returns bin?' });
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.delegate, in: r.dm });
    const form = await until(h, () => h.fake.openView(h.people.spoc));
    expect(form.callback_id).toBe(CALLBACK.delegateModal);
    const result = await h.driver.submitView(h.people.spoc, {
      values: {
        [FIELD.delegateTo]: h.people.keyUser,
        [FIELD.delegateNote]: 'You know the returns process best.',
      },
    });
    expect(result.outcome).toBe('closed');

    const delegateCopy = await until(h, () => copyOf(h, r.id, 'request-spoc', h.people.keyUser));
    await settled(h);
    expect((await h.bot.deps.decisions.get(r.id))?.deciders).toEqual([h.people.keyUser]);
    expect(optionButtons(h, delegateCopy)).toEqual([option(0), option(1)]);
    expect(buttonsOf(h, delegateCopy)).not.toContain(ACTION.delegate);
    expect(shown(delegateCopy)).toContain('You know the returns process best.');
    const spocCopy = copyOf(h, r.id, 'request-spoc', h.people.spoc);
    expect(buttonsOf(h, spocCopy)).toEqual([]);
    expect(shown(spocCopy)).toContain(`Delegated to <@${h.people.keyUser}>`);
    expect(shown(copyOf(h, r.id, 'thread_head'))).toContain(`With <@${h.people.keyUser}> (delegate)`);
    expect(shown(copyOf(h, r.id, 'requester'))).toContain(
      `Your request is with <@${h.people.keyUser}> (delegate)`,
    );
    const [notice] = threadReplies(h, r.id);
    expect(shown(notice)).toContain('You know the returns process best.');

    await h.driver.clickButton(h.people.keyUser, { actionId: option(1), in: delegateCopy });
    await until(h, () => threadReplies(h, r.id).length === 2);
    await settled(h);
    expect((await h.bot.deps.decisions.get(r.id))?.outcome).toMatchObject({
      optionId: 'reject',
      by: h.people.keyUser,
    });
    const copies = allCopies(h, r.id);
    expect(copies).toHaveLength(4);
    for (const copy of copies) {
      expect(buttonsOf(h, copy)).toEqual([]);
      expect(shown(copy)).toContain(`*Reject*, decided by <@${h.people.keyUser}>`);
    }
    h.fake.assertNoViolations();
  });

  it('the delegate form lists the deputy and the key users by name', async () => {
    const r = await openRequest(h, { question: 'Print labels in-house?' });
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.delegate, in: r.dm });
    const form = await until(h, () => h.fake.openView(h.people.spoc));
    const text = shown(form);
    expect(text).toContain('dedi.deputy (deputy)');
    expect(text).toContain('kiki.inventory (key user: inventory)');
    // Only the deputy and the key users are offered, never the SPoC themselves.
    await expect(
      h.driver.submitView(h.people.spoc, { values: { [FIELD.delegateTo]: h.people.outsider } }),
    ).rejects.toThrow(
      `offers no option "${h.people.outsider}" (options: ${h.people.deputy}, ${h.people.keyUser})`,
    );
    expect(h.fake.calls('users.info').length).toBeGreaterThan(0);
    h.fake.assertNoViolations();
  });

  it('a consultation DM Slack lets through only after the decision closed comes without Give opinion (no refresh follows it)', async () => {
    const r = await openRequest(h, { question: 'Move the cut-off to 16:00?' });
    // Every post to the key user fails until the decision is decided: the consultation goes out afterwards.
    h.fake.faults.inject(
      'chat.postMessage',
      { kind: 'server_error' },
      (args) => args.channel === h.people.keyUser,
    );
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.consult, in: r.dm });
    await until(h, () => h.fake.openView(h.people.spoc));
    await h.driver.submitView(h.people.spoc, {
      values: { [FIELD.consultDomain]: 'inventory', [FIELD.consultQuestion]: 'Is 16:00 workable?' },
    });
    await until(h, () => (h.fake.faults.applied.get('server_error') ?? 0) > 0);
    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    h.fake.faults.clear('chat.postMessage');
    const ask = await until(
      h,
      () => h.fake.dmsTo(h.people.keyUser).find((m) => shown(m).includes('Is 16:00 workable?')),
      20_000,
    );
    await settled(h);
    expect(buttonsOf(h, h.fake.workspace.message(ask.channel, ask.ts))).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('Consult key users: the key user gets a DM with Give opinion, the opinion lands in the thread, and the key user cannot decide', async () => {
    const r = await openRequest(h, { question: 'Count stock weekly instead of monthly?' });
    await h.driver.clickButton(h.people.spoc, { actionId: ACTION.consult, in: r.dm });
    const form = await until(h, () => h.fake.openView(h.people.spoc));
    expect(form.callback_id).toBe(CALLBACK.consultModal);
    const result = await h.driver.submitView(h.people.spoc, {
      values: {
        [FIELD.consultDomain]: 'inventory',
        [FIELD.consultQuestion]: 'Can the team handle weekly counts?',
      },
    });
    expect(result.outcome).toBe('closed');

    const ask = await until(h, () => h.fake.dmsTo(h.people.keyUser).find((m) => m.text.includes('opinion')));
    expect(buttonsOf(h, ask)).toEqual([ACTION.giveOpinion]);
    expect(shown(ask)).toContain('Can the team handle weekly counts?');
    expect(optionButtons(h, ask)).toEqual([]);
    const notice = await until(h, () => threadReplies(h, r.id)[0]);
    expect(shown(notice)).toContain(`asked the inventory key users (<@${h.people.keyUser}>)`);
    // The SPoC still decides.
    expect((await h.bot.deps.decisions.get(r.id))?.deciders).toEqual([h.people.spoc]);

    await h.driver.clickButton(h.people.keyUser, { actionId: ACTION.giveOpinion, in: ask });
    const opinionForm = await until(h, () => h.fake.openView(h.people.keyUser));
    expect(opinionForm.callback_id).toBe(CALLBACK.opinionModal);
    expect(shown(opinionForm)).toContain('Can the team handle weekly counts?');
    await h.driver.submitView(h.people.keyUser, {
      values: { [FIELD.opinion]: 'Yes, with cycle counting by zone.' },
    });
    const opinion = await until(h, () => threadReplies(h, r.id)[1]);
    expect(shown(opinion)).toContain(`Opinion from <@${h.people.keyUser}>`);
    expect(shown(opinion)).toContain('Yes, with cycle counting by zone.');
    // The SPoC, who decides from a DM, hears it there too; their copy shows it.
    const heard = await until(h, () =>
      h.fake.dmsTo(h.people.spoc).find((m) => m.ts !== r.dm.ts && m.text.includes('Opinion from')),
    );
    expect(shown(heard)).toContain('Yes, with cycle counting by zone.');
    await settled(h);
    expect(shown(copyOf(h, r.id, 'request-spoc'))).toContain('Yes, with cycle counting by zone.');

    // A key user has no option button anywhere; a forged click with one is refused and changes nothing.
    for (const m of h.fake.dmsTo(h.people.keyUser)) expect(optionButtons(h, m)).toEqual([]);
    const spocClick = h.driver.acks.find(
      (a) => a.request.kind === 'block_actions' && shown(a.request.payload).includes(ACTION.consult),
    );
    expect(spocClick).toBeDefined();
    await h.driver.replay(forgedOptionClick(spocClick?.request.payload, h.people.keyUser));
    const told = await until(h, () =>
      h.fake.dmsTo(h.people.keyUser).find((m) => m.text.includes('not yours')),
    );
    expect(told.text).toContain(`it is with <@${h.people.spoc}>`);
    expect((await h.bot.deps.decisions.get(r.id))?.status).toBe('open');
    expect(await eventsOf(h, r.id, 'decided')).toEqual([]);

    await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await settled(h);
    // The decider's copy still shows the opinion; the key user's request for it has no button left.
    expect(shown(copyOf(h, r.id, 'request-spoc'))).toContain('Yes, with cycle counting by zone.');
    const closedAsk = h.fake.workspace.message(ask.channel, ask.ts);
    expect(buttonsOf(h, closedAsk)).toEqual([]);
    expect(shown(closedAsk)).toContain('Can the team handle weekly counts?');
    h.fake.assertNoViolations();
  });
});

/**
 * The block_actions payload of a click on the SPoC's message, rewritten as if `user` had clicked its first
 * option button: what a client that shows someone a button they should not have would send.
 */
function forgedOptionClick(payload: unknown, user: string) {
  const p = structuredClone(payload) as {
    user: { id: string };
    actions: { action_id: string; value: string }[];
  };
  const decisionId = p.actions[0]?.value ?? '';
  p.user.id = user;
  p.actions = [{ ...p.actions[0], action_id: option(0), value: `${decisionId}|approve` } as never];
  const body = JSON.stringify(p);
  return {
    kind: 'block_actions',
    contentType: 'application/x-www-form-urlencoded' as const,
    rawBody: new URLSearchParams({ payload: body }).toString(),
    payload: p as never,
  };
}
