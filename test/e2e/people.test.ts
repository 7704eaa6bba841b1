import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config.js';
import { JOB } from '../../src/jobs/names.js';
import {
  copyOf,
  dmsMentioning,
  eventsOf,
  openRequest,
  optionButtons,
  rosterShown,
  settled,
  threadReplies,
} from './decision-flow.js';
import { until } from './flow.js';
import { emailOf, type Harness, type HarnessOptions, startHarness } from './harness.js';
import { decisionOf, eventually, readDb, secondsLadder, wordsOf } from './support/inspect.js';

/**
 * People named by email address and people deactivated in Slack, end to end: the real bot (Bolt over HTTP,
 * SQLite, BullMQ on the real Redis) against the Slack stand-in, whose users have addresses and can be
 * deactivated.
 */
describe('people by email and deactivated people', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.stop();
    h = undefined;
  });
  const start = async (options: HarnessOptions = {}) => {
    h = await startHarness(options);
    return h;
  };
  const BUDI = emailOf('budi.ceo');

  const who = (bot: Harness) => rosterShown(bot);

  /** Runs the daily check now (as its job scheduler would), through the worker, and waits for it. */
  const checkPeopleNow = async (bot: Harness) => {
    const job = await bot.bot.queues.maintenance.add(JOB.peopleCheck, {});
    await eventually(
      async () => (await job.isCompleted()) || ((await job.isFailed()) && Promise.reject(job.failedReason)),
      10_000,
    );
  };
  /** The channel's announcements of a deactivated person (not the lines in a decision's thread). */
  const notices = (bot: Harness) =>
    bot.fake
      .messagesIn(bot.channel)
      .filter(
        (m) =>
          (m.thread_ts === undefined || m.thread_ts === m.ts) &&
          wordsOf(m).includes('is deactivated in Slack'),
      );

  it('a sponsor named by email is resolved at start-up, cached, and shown by mention in /decide who', async () => {
    const bot = await start({
      project: (p) => ({
        sponsors: [BUDI],
        steeringCommittee: { members: [BUDI, p.cfo, p.pmDirector], quorum: 2 },
      }),
      emails: [
        { email: BUDI, where: 'projects[0].sponsors[0] (line 7)' },
        { email: BUDI, where: 'projects[0].steering_committee.members[0] (line 8)' },
      ],
    });
    const project = bot.bot.deps.projects.byId(bot.project.id);
    expect(project?.sponsors).toEqual([bot.people.sponsor]);
    expect(project?.steeringCommittee.members).toEqual([
      bot.people.sponsor,
      bot.people.cfo,
      bot.people.pmDirector,
    ]);
    expect(bot.fake.calls('users.lookupByEmail')).toHaveLength(1);
    const cached = readDb(bot, (db) => db.prepare('SELECT user_id, email FROM people').all());
    expect(cached).toEqual([{ user_id: bot.people.sponsor, email: BUDI }]);

    const text = await who(bot);
    expect(text).toContain(`*Sponsor:* <@${bot.people.sponsor}>`);
    expect(text).not.toContain('majuco.co.id');

    // Over the SPoC's authority: the request goes to the sponsor's DM.
    const opened = await openRequest(bot, { question: 'Buy the extra licences?', budget: '9000' });
    expect(opened.decision.deciders).toEqual([bot.people.sponsor]);
    bot.fake.assertNoViolations();
  });

  it('an address Slack does not know stops start-up with the file, the line and the address', async () => {
    const nobody = 'nobody@majuco.co.id';
    const error = await startHarness({
      project: () => ({ sponsors: [nobody] }),
      emails: [{ email: nobody, where: 'projects[0].sponsors[0] (line 7)' }],
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const [problem] = (error as ConfigError).problems;
    expect(problem).toMatch(
      /decide\.config\.yml: projects\[0\]\.sponsors\[0\] \(line 7\): `nobody@majuco\.co\.id` is not the email address of anyone in this Slack workspace/,
    );
  });

  it('the only sponsor deactivated: one notice in the channel, a warning, and the SPoC’s request escalates straight to the committee', async () => {
    const bot = await start({ project: () => ({ sla: secondsLadder(2, 60, 60), reminders: [] }) });
    bot.fake.workspace.deactivateUser(bot.people.sponsor);
    await checkPeopleNow(bot);
    const [notice] = await until(bot, () => (notices(bot).length > 0 ? notices(bot) : undefined));
    expect(wordsOf(notice)).toContain('budi.ceo');
    expect(wordsOf(notice)).toContain('sponsor and steering committee');
    expect(bot.logs.some((l) => l.startsWith('warn a person of the projects is deactivated in Slack'))).toBe(
      true,
    );
    // Checked again: nothing new is said.
    await checkPeopleNow(bot);
    await new Promise((r) => setTimeout(r, 300));
    expect(notices(bot)).toHaveLength(1);

    const text = await who(bot);
    expect(text).toContain('*Sponsor:* ~budi.ceo~ (deactivated in Slack, skipped)');
    expect(text).toContain('2 votes of 2 decide');

    const opened = await openRequest(bot, { question: 'Close the old warehouse?' });
    expect(opened.decision.deciders).toEqual([bot.people.spoc]);
    const escalated = await eventually(async () => {
      const d = await decisionOf(bot, opened.decision.id);
      return d.level !== 'spoc' ? d : undefined;
    }, 10_000);
    expect(escalated.level).toBe('committee');
    expect(escalated.deciders).toEqual([bot.people.cfo, bot.people.pmDirector]);
    bot.fake.assertNoViolations();
  });

  it('the SPoC holding a request is deactivated: the deputy gets it once, the SPoC’s copy loses its buttons, the thread says why', async () => {
    const bot = await start();
    const question = 'Move the stock count to Friday?';
    const opened = await openRequest(bot, { question });
    expect(opened.decision.deciders).toEqual([bot.people.spoc]);
    expect(optionButtons(bot, opened.dm)).not.toEqual([]);

    bot.fake.workspace.deactivateUser(bot.people.spoc);
    await checkPeopleNow(bot);
    const moved = await eventually(async () => {
      const d = await decisionOf(bot, opened.id);
      return d.deciders[0] === bot.people.deputy ? d : undefined;
    }, 10_000);
    // Same level, the time left: a hand-over by the bot, not an escalation.
    expect(moved).toMatchObject({ level: 'spoc', dueAt: opened.decision.dueAt });
    expect(await eventsOf(bot, opened.id, 'handed_over')).toMatchObject([
      { actor: null, data: { because: 'decider_deactivated', gone: [bot.people.spoc] } },
    ]);
    await settled(bot);

    // The deputy's request, with its buttons.
    const theirs = await until(bot, () => copyOf(bot, opened.id, 'request-spoc', bot.people.deputy));
    expect(optionButtons(bot, theirs)).not.toEqual([]);
    // The SPoC's copy says where it went, without buttons.
    const spocs = copyOf(bot, opened.id, 'request-spoc', bot.people.spoc);
    expect(optionButtons(bot, spocs)).toEqual([]);
    expect(wordsOf(spocs)).toContain('is deactivated in Slack: this is now with');
    // The thread says why.
    const why = threadReplies(bot, opened.id).filter((m) => wordsOf(m).includes('is deactivated in Slack'));
    expect(why).toHaveLength(1);
    expect(wordsOf(why[0])).toContain(`<@${bot.people.deputy}>`);
    expect(wordsOf(why[0])).toContain('with the time left at this level');

    // Checked again: nothing is sent twice.
    await checkPeopleNow(bot);
    await settled(bot);
    await new Promise((r) => setTimeout(r, 300));
    expect(dmsMentioning(bot, bot.people.deputy, question)).toHaveLength(1);
    expect(
      threadReplies(bot, opened.id).filter((m) => wordsOf(m).includes('is deactivated in Slack')),
    ).toHaveLength(1);
    expect(notices(bot)).toHaveLength(1);
    expect(bot.logs.some((l) => l.includes('a decision waiting on a deactivated person moved on'))).toBe(
      true,
    );
    bot.fake.assertNoViolations();
  });

  it('the SPoC holding a request is deactivated with no deputy: the sponsor gets it with the full time, no escalation counted', async () => {
    const bot = await start({ project: () => ({ deputy: undefined, sla: secondsLadder(600, 600, 600) }) });
    const opened = await openRequest(bot, { question: 'Archive the 2019 journals?' });
    bot.fake.workspace.deactivateUser(bot.people.spoc);
    await checkPeopleNow(bot);
    const moved = await eventually(async () => {
      const d = await decisionOf(bot, opened.id);
      return d.level === 'sponsor' ? d : undefined;
    }, 10_000);
    expect(moved.deciders).toEqual([bot.people.sponsor]);
    expect(await eventsOf(bot, opened.id, 'escalated')).toMatchObject([
      { actor: null, level: 'sponsor', data: { from: 'spoc', because: 'decider_deactivated' } },
    ]);
    await settled(bot);
    expect(optionButtons(bot, copyOf(bot, opened.id, 'request-sponsor', bot.people.sponsor))).not.toEqual([]);
    const why = threadReplies(bot, opened.id).find((m) => wordsOf(m).includes('is deactivated in Slack'));
    expect(wordsOf(why)).toContain('whose full time starts now');
    const metrics = await (await fetch(`http://127.0.0.1:${bot.bot.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/decide_escalations_total\{project="[^"]+",level="sponsor"\} 0/);
    bot.fake.assertNoViolations();
  });

  it('a deactivated SPoC with a deputy: new requests go to the deputy', async () => {
    const bot = await start();
    bot.fake.workspace.deactivateUser(bot.people.spoc);
    await checkPeopleNow(bot);
    await until(bot, () => notices(bot)[0]);
    const opened = await openRequest(bot, { question: 'Rename the cost centres?' });
    expect(opened.decision.deciders).toEqual([bot.people.deputy]);
    const text = await who(bot);
    expect(text).toContain('the deputy decides in their place');
  });
});
