import { afterEach, describe, expect, it } from 'vitest';
import type { Decision } from '../../src/domain/decision.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, buttonsOf, until } from './flow.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import {
  decisionIds,
  decisionOf,
  eventsOf,
  eventTypes,
  eventually,
  readDb,
  secondsLadder,
  sleep,
  threadHeads,
  threadReplies,
  timerJobs,
  wordsOf,
} from './support/inspect.js';

/**
 * SLA escalation end to end: the real bot (Bolt over HTTP, SQLite, BullMQ on the real Redis) against the Slack
 * stand-in, with SLAs of seconds on a 24/7 calendar so real BullMQ delayed jobs fire during the test.
 */
describe('SLA escalation', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  const start = (options: HarnessOptions) =>
    startHarness(options).then((started) => {
      h = started;
      return started;
    });

  /** Asks, waits for the SPoC's copy, and returns the new decision. */
  async function askAndWait(values: Record<string, string> = {}): Promise<Decision> {
    const before = decisionIds(h).length;
    await ask(h, values);
    const id = await until(h, () => decisionIds(h)[before]);
    await until(h, () => latestRequest(h.people.spoc));
    return await decisionOf(h, id);
  }

  /** The DMs to `user` carrying the FIFO request itself (not the reminders), oldest first. */
  const requestsTo = (user: string) =>
    h.fake.dmsTo(user).filter((m) => wordsOf(m).includes('FIFO') && !wordsOf(m).includes('Reminder'));
  const latestRequest = (user: string): StoredMessage | undefined => requestsTo(user).at(-1);
  const remindersTo = (user: string) => h.fake.dmsTo(user).filter((m) => wordsOf(m).includes('Reminder'));
  const optionButtons = (m: StoredMessage | undefined) =>
    buttonsOf(h, m).filter((a) => a.startsWith(ACTION.optionPrefix));
  const voteButtons = (m: StoredMessage | undefined) =>
    buttonsOf(h, m).filter((a) => a.startsWith(ACTION.votePrefix));

  it('reminds the SPoC, then escalates to the sponsors with the full history and the same buttons, and says so everywhere', async () => {
    await start({
      project: (p) => ({ sponsors: [p.sponsor, p.cfo], sla: secondsLadder(3, 60, 60), reminders: [0.5] }),
    });
    const d = await askAndWait();
    const spocButtons = buttonsOf(h, latestRequest(h.people.spoc));
    expect(spocButtons).toEqual(
      expect.arrayContaining([`${ACTION.optionPrefix}0`, `${ACTION.optionPrefix}1`, ACTION.needInfo]),
    );

    // Reminder at half the SLA, to the SPoC only, before anything escalates.
    const reminder = await until(h, () => remindersTo(h.people.spoc)[0], 5000);
    expect(wordsOf(reminder)).toMatch(/left before this goes to the sponsor/);
    expect(eventTypes(h, d.id)).toEqual(['opened', 'reminded']);
    const reminded = (await eventsOf(h, d.id)).find((e) => e.type === 'reminded');
    expect((reminded?.at ?? 0) - d.openedAt).toBeGreaterThanOrEqual(1500);
    expect(reminded?.data).toMatchObject({ deciders: [h.people.spoc], index: 0 });

    // Escalation: each sponsor gets the request, with the history and the decider's buttons.
    const sponsorDms = await until(
      h,
      () => {
        const dms = [h.people.sponsor, h.people.cfo].map((u) => latestRequest(u));
        return dms.every((m) => m !== undefined) ? (dms as StoredMessage[]) : undefined;
      },
      5000,
    );
    for (const dm of sponsorDms) {
      // The SPoC's buttons, less Delegate (only the SPoC delegates).
      expect(buttonsOf(h, dm)).toEqual(spocButtons.filter((a) => a !== ACTION.delegate));
      expect(optionButtons(dm)).toEqual([`${ACTION.optionPrefix}0`, `${ACTION.optionPrefix}1`]);
      expect(wordsOf(dm)).toContain('How it got here');
      expect(wordsOf(dm)).toMatch(/held it for \d+s and ran out of time/);
    }
    const after = await decisionOf(h, d.id);
    expect(after).toMatchObject({
      level: 'sponsor',
      deciders: [h.people.sponsor, h.people.cfo],
      status: 'open',
    });
    expect(eventTypes(h, d.id)).toEqual(['opened', 'reminded', 'escalated']);
    const escalated = (await eventsOf(h, d.id)).find((e) => e.type === 'escalated');
    expect(escalated?.data).toMatchObject({ from: 'spoc', because: 'timeout' });
    expect((escalated?.at ?? 0) - d.openedAt).toBeGreaterThanOrEqual(3000);

    // The SPoC's copy loses its buttons and says where it went and why.
    const spocCopy = await until(h, () => {
      const m = requestsTo(h.people.spoc)[0];
      return m && buttonsOf(h, m).length === 0 ? m : undefined;
    });
    expect(requestsTo(h.people.spoc)).toHaveLength(1);
    expect(wordsOf(spocCopy)).toMatch(
      /This moved to .*sponsors.* because the SPoC’s time \(3s\) ran out without an answer/,
    );

    // Announced in the project thread, under the request's thread head.
    const notice = await until(h, () => threadReplies(h).find((m) => wordsOf(m).includes('Moved to')));
    expect(notice.thread_ts).toBe(threadHeads(h)[0]?.ts);
    expect(wordsOf(notice)).toMatch(/after 3s without an answer from the SPoC/);
    expect(wordsOf(notice)).toContain(h.people.sponsor);
    expect(wordsOf(notice)).toContain(h.people.cfo);
    await until(h, () => wordsOf(threadHeads(h)[0]).includes('(sponsors)'));

    // Exactly one of each: no reminder to the sponsors yet (60 s), one request each.
    expect(requestsTo(h.people.sponsor)).toHaveLength(1);
    expect(requestsTo(h.people.cfo)).toHaveLength(1);
    expect(remindersTo(h.people.spoc)).toHaveLength(1);
    // One job for the decision: the sponsors' reminder, half their 60 s in.
    const escalatedAt = (await eventsOf(h, d.id)).find((e) => e.type === 'escalated')?.at ?? 0;
    const jobs = await timerJobs(h);
    expect([...jobs.keys()]).toEqual([`timer-${d.id}`]);
    expect(jobs.get(`timer-${d.id}`)?.data.at).toBe(escalatedAt + 30_000);
    h.fake.assertNoViolations();
  });

  it('at the committee every member votes by button; votes are tallied as they come, non-voters reminded, quorum closes it', async () => {
    await start({ project: () => ({ sla: secondsLadder(1, 1, 6), reminders: [0.5] }) });
    const { sponsor, cfo, pmDirector } = h.people;
    const d = await askAndWait();
    await until(h, async () => (await decisionOf(h, d.id)).level === 'committee', 6000);

    const ballots = await until(h, () => {
      const dms = [sponsor, cfo, pmDirector].map((u) => requestsTo(u).find((m) => voteButtons(m).length > 0));
      return dms.every((m) => m !== undefined) ? (dms as StoredMessage[]) : undefined;
    });
    // One ballot per member: the sponsor's earlier copy (from the sponsor level) says where it went instead.
    await until(h, () =>
      [sponsor, cfo, pmDirector].every(
        (u) => requestsTo(u).filter((m) => voteButtons(m).length > 0).length === 1,
      ),
    );
    await until(h, () => wordsOf(requestsTo(sponsor)[0]).includes('This moved to the steering committee'));
    for (const b of ballots) {
      expect(voteButtons(b)).toEqual([`${ACTION.votePrefix}0`, `${ACTION.votePrefix}1`]);
      expect(wordsOf(b)).toContain('Approve 0 · Reject 0, quorum 2');
    }

    // First vote: tallied at once on every member's copy and the thread head.
    await h.driver.clickButton(pmDirector, { actionId: `${ACTION.votePrefix}0`, in: ballots[2] });
    await until(h, () =>
      [sponsor, cfo, pmDirector].every((u) =>
        requestsTo(u).some((m) => wordsOf(m).includes('Approve 1 · Reject 0, quorum 2')),
      ),
    );
    await until(h, () => wordsOf(threadHeads(h)[0]).includes('Approve 1 · Reject 0'));
    expect(await decisionOf(h, d.id)).toMatchObject({
      status: 'open',
      votes: [expect.objectContaining({ member: pmDirector, optionId: 'approve' })],
    });

    // Half of the committee's time: only those who have not voted are reminded.
    await until(
      h,
      () => remindersTo(cfo).length > 0 && remindersTo(sponsor).some((m) => wordsOf(m).includes('not voted')),
      6000,
    );
    expect(remindersTo(pmDirector).filter((m) => wordsOf(m).includes('not voted'))).toEqual([]);
    const committeeReminder = (await eventsOf(h, d.id)).find(
      (e) => e.type === 'reminded' && e.level === 'committee',
    );
    expect(committeeReminder?.data).toMatchObject({ deciders: [sponsor, cfo] });

    // Second vote for the same option reaches the quorum: decided, buttons gone everywhere, announced.
    const cfoBallot = requestsTo(cfo).find((m) => voteButtons(m).length > 0);
    await h.driver.clickButton(cfo, { actionId: `${ACTION.votePrefix}0`, in: cfoBallot });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'decided');
    expect((await decisionOf(h, d.id)).outcome).toMatchObject({ optionId: 'approve', how: 'vote' });
    await until(h, () =>
      [sponsor, cfo, pmDirector].every((u) => requestsTo(u).every((m) => buttonsOf(h, m).length === 0)),
    );
    const outcome = await until(h, () =>
      threadReplies(h).find((m) => wordsOf(m).includes("steering committee's vote")),
    );
    expect(wordsOf(outcome)).toContain('Approve');
    expect(eventTypes(h, d.id).filter((t) => t === 'voted')).toHaveLength(2);
    expect(eventTypes(h, d.id).at(-1)).toBe('decided');
    expect((await timerJobs(h)).size).toBe(0);
    h.fake.assertNoViolations();
  });

  it('at the top with a default: the default applies, is announced as such and recorded as expired', async () => {
    await start({ project: () => ({ sla: secondsLadder(1, 1, 1), reminders: [] }) });
    const d = await askAndWait({ default_option: 'Approve' });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'expired', 8000);
    const expired = await decisionOf(h, d.id);
    expect(expired.outcome).toMatchObject({ optionId: 'approve', how: 'default', by: null });
    expect(expired.closedAt).not.toBeNull();
    expect(eventTypes(h, d.id)).toEqual(['opened', 'escalated', 'escalated', 'expired']);

    const notice = await until(h, () =>
      threadReplies(h).find((m) => wordsOf(m).includes('Nobody decided in time')),
    );
    expect(wordsOf(notice)).toMatch(/the default \*Approve\* applies/);
    await until(h, () =>
      wordsOf(threadHeads(h)[0]).includes('nobody decided in time, so the default applied'),
    );
    await until(h, () =>
      [h.people.spoc, h.people.sponsor, h.people.cfo, h.people.pmDirector].every((u) =>
        requestsTo(u).every((m) => buttonsOf(h, m).length === 0),
      ),
    );
    expect((await timerJobs(h)).size).toBe(0);
    h.fake.assertNoViolations();
  });

  it("a sponsor's copy sent late, once the decision is at the committee, is the sponsor level's copy: one ballot, and no buttons left once decided", async () => {
    await start({ project: () => ({ sla: secondsLadder(1, 1, 60), reminders: [] }) });
    const { sponsor, cfo, pmDirector } = h.people;
    // Slack refuses every DM to the sponsor until the decision has reached the committee: the sponsor level's
    // request goes out only then, just before the committee's ballot, to the same person.
    const toSponsor = (args: Readonly<Record<string, unknown>>) => args.channel === sponsor;
    h.fake.faults.inject('chat.postMessage', { kind: 'server_error' }, toSponsor);
    const d = await askAndWait();
    await until(h, async () => (await decisionOf(h, d.id)).level === 'committee', 8000);
    h.fake.faults.clear('chat.postMessage');
    await until(h, () => requestsTo(sponsor).length === 2, 20_000);
    const [late, ballot] = requestsTo(sponsor) as [StoredMessage, StoredMessage];
    expect(voteButtons(ballot)).toHaveLength(2);
    // Rendered from the decision as its attempt read it: one that read it just before the escalation is
    // refreshed right after it is posted (refreshIfMovedOn), so wait for that edit rather than read in between.
    await until(h, () => buttonsOf(h, late).length === 0);
    expect(wordsOf(late)).toContain('This moved to the steering committee');
    // Recorded just after Slack has it: wait for the second record rather than read in between.
    const recorded = () =>
      readDb(h, (db) =>
        db
          .prepare(
            'SELECT role, ts FROM slack_messages WHERE decision_id = ? AND recipient = ? ORDER BY role',
          )
          .all(d.id, sponsor),
      );
    const byRole = await until(h, () => (recorded().length === 2 ? recorded() : undefined));
    expect(byRole).toEqual([
      { role: 'request-committee', ts: ballot.ts },
      { role: 'request-sponsor', ts: late.ts },
    ]);

    const cfoBallot = await until(h, () => requestsTo(cfo).find((m) => voteButtons(m).length > 0));
    await h.driver.clickButton(cfo, { actionId: `${ACTION.votePrefix}0`, in: cfoBallot });
    const pmBallot = await until(h, () => requestsTo(pmDirector).find((m) => voteButtons(m).length > 0));
    await h.driver.clickButton(pmDirector, { actionId: `${ACTION.votePrefix}0`, in: pmBallot });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'decided');
    await until(h, () => requestsTo(sponsor).every((m) => buttonsOf(h, m).length === 0));
    h.fake.assertNoViolations();
  });

  it('at the top without a default: it stays open, marked overdue and announced; the committee can still vote', async () => {
    await start({ project: () => ({ sla: secondsLadder(1, 1, 1), reminders: [] }) });
    const d = await askAndWait();
    await until(h, async () => (await decisionOf(h, d.id)).overdue, 8000);
    expect(await decisionOf(h, d.id)).toMatchObject({
      status: 'open',
      level: 'committee',
      overdue: true,
      dueAt: null,
    });
    expect(eventTypes(h, d.id)).toEqual(['opened', 'escalated', 'escalated', 'marked_overdue']);
    const notice = await until(h, () => threadReplies(h).find((m) => wordsOf(m).includes('now overdue')));
    expect(wordsOf(notice)).toContain('no default');
    await until(h, () => wordsOf(threadHeads(h)[0]).includes('Overdue'));
    const ballot = await until(h, () =>
      requestsTo(h.people.cfo).find((m) => wordsOf(m).includes('Overdue') && voteButtons(m).length > 0),
    );
    expect((await timerJobs(h)).size).toBe(0);

    // Nothing more fires by itself; a late quorum still decides it.
    await sleep(1200);
    expect(eventTypes(h, d.id).at(-1)).toBe('marked_overdue');
    await h.driver.clickButton(h.people.cfo, { actionId: `${ACTION.votePrefix}1`, in: ballot });
    const pmBallot = requestsTo(h.people.pmDirector).find((m) => voteButtons(m).length > 0);
    await h.driver.clickButton(h.people.pmDirector, { actionId: `${ACTION.votePrefix}1`, in: pmBallot });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'decided');
    expect((await decisionOf(h, d.id)).outcome).toMatchObject({ optionId: 'reject', how: 'vote' });
    h.fake.assertNoViolations();
  });

  it('approving a moment before the deadline never escalates', async () => {
    await start({ project: () => ({ sla: secondsLadder(2, 60, 60), reminders: [] }) });
    const d = await askAndWait();
    const dueAt = (await decisionOf(h, d.id)).dueAt ?? 0;
    await sleep(Math.max(0, dueAt - 400 - Date.now()));
    await h.driver.clickButton(h.people.spoc, {
      actionId: `${ACTION.optionPrefix}0`,
      in: latestRequest(h.people.spoc),
    });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'decided');
    // The scenario holds only if the click landed before the deadline.
    expect((await decisionOf(h, d.id)).closedAt).toBeLessThan(dueAt);
    await sleep(Math.max(0, dueAt + 1000 - Date.now()));
    expect(await decisionOf(h, d.id)).toMatchObject({ status: 'decided', level: 'spoc' });
    expect(eventTypes(h, d.id)).toEqual(['opened', 'decided']);
    expect(requestsTo(h.people.sponsor)).toEqual([]);
    expect(threadReplies(h).filter((m) => wordsOf(m).includes('Moved to'))).toEqual([]);
    expect((await timerJobs(h)).size).toBe(0);
    h.fake.assertNoViolations();
  });

  it('waiting for information shifts the deadline by exactly the paused time, in SQLite and in BullMQ', async () => {
    await start({ project: () => ({ sla: secondsLadder(30, 60, 60), reminders: [0.5] }) });
    const d = await askAndWait();
    const dueBefore = (await decisionOf(h, d.id)).dueAt ?? 0;
    // The decision's job wakes for the reminder, 15 s before the deadline.
    const before = (await timerJobs(h)).get(`timer-${d.id}`);
    expect(before?.data.at).toBe(dueBefore - 15_000);

    await h.driver.clickButton(h.people.spoc, {
      actionId: ACTION.needInfo,
      in: latestRequest(h.people.spoc),
    });
    await until(h, () => h.fake.openView(h.people.spoc));
    await h.driver.submitView(h.people.spoc, { values: { info_question: 'Which warehouse?' } });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'needs_info');
    expect((await decisionOf(h, d.id)).dueAt).toBeNull();
    await eventually(async () => (await timerJobs(h)).size === 0);

    await sleep(700);
    const receipt = await until(h, () =>
      h.fake.dmsTo(h.people.member).find((m) => buttonsOf(h, m).includes(ACTION.answerInfo)),
    );
    await h.driver.clickButton(h.people.member, { actionId: ACTION.answerInfo, in: receipt });
    await until(h, () => h.fake.openView(h.people.member));
    await h.driver.submitView(h.people.member, { values: { info_answer: 'The main one.' } });
    await until(h, async () => (await decisionOf(h, d.id)).status === 'open');

    const events = await eventsOf(h, d.id);
    const asked = events.find((e) => e.type === 'info_requested');
    const answered = events.find((e) => e.type === 'info_provided');
    const pausedMs = (answered?.at ?? 0) - (asked?.at ?? 0);
    expect(pausedMs).toBeGreaterThanOrEqual(700);
    expect(answered?.data).toMatchObject({ pausedMs });
    const dueAfter = (await decisionOf(h, d.id)).dueAt ?? 0;
    expect(dueAfter - dueBefore).toBe(pausedMs);

    const job = await eventually(async () => (await timerJobs(h)).get(`timer-${d.id}`));
    expect(job?.data.at).toBe(dueAfter - 15_000);
    // BullMQ fires it at timestamp + delay: the shifted reminder (the delay counts from just before the add).
    const firesAt = (job?.timestamp ?? 0) + (job?.opts.delay ?? 0);
    expect(firesAt).toBeGreaterThanOrEqual(dueAfter - 15_000);
    expect(firesAt - (dueAfter - 15_000)).toBeLessThan(500);
    h.fake.assertNoViolations();
  });
});
