import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markAway } from '../../src/app/away.js';
import { StatusWatch } from '../../src/app/status-away.js';
import { JOB } from '../../src/jobs/names.js';
import { STATUS_CHECK_SCHEDULER } from '../../src/jobs/workers.js';
import { eventsOf, openRequest, rosterShown, settled, shown } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

/**
 * The SPoC counts as away while their Slack status says so (`away_from_status: true`): new requests go to the
 * deputy, the periodic status check hands the SPoC's requests over and marks the SPoC back when it clears.
 */
describe('away from the Slack status', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      project: () => ({
        awayFromStatus: { emoji: [':palm_tree:', ':airplane:', ':face_with_thermometer:'] },
      }),
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Runs the status check now, as its scheduler does, and waits until the job has run. */
  async function checkStatuses(): Promise<void> {
    const queue = h.bot.queues.maintenance;
    const job = await queue.add(JOB.statusCheck, {});
    for (;;) {
      const state = await queue.getJobState(job.id ?? '');
      if (state === 'completed' || state === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  const who = () => rosterShown(h);

  const spocAway = async () => await h.bot.deps.absences.isAway(h.project.id, h.people.spoc, Date.now());

  it('/decide who: the roster, its SLAs per impact, the reminders and the authority limit', async () => {
    const text = await who();
    expect(text).toContain('Who decides in Odoo rollout, PT Maju');
    expect(text).toContain(`*SPoC:* <@${h.people.spoc}>, available`);
    expect(text).toContain(`*Deputy:* <@${h.people.deputy}>`);
    expect(text).toContain(`*Sponsor:* <@${h.people.sponsor}>`);
    expect(text).toContain('2 votes of 3 decide');
    expect(text).toContain(`inventory: <@${h.people.keyUser}>`);
    expect(text).toMatch(/Impact +SPoC +Sponsor +Committee/);
    expect(text).toMatch(/Critical +1h +1h +2h/);
    expect(text).toContain('Reminders at 50% and 80%');
    expect(text).toContain('budget impact up to 5,000');
    h.fake.assertNoViolations();
  });

  it('is scheduled: a job scheduler runs the status check every few minutes', async () => {
    const scheduler = await h.bot.queues.maintenance.getJobScheduler(STATUS_CHECK_SCHEDULER);
    expect(scheduler).toMatchObject({ name: JOB.statusCheck, every: 120_000 });
  });

  it('a holiday status hands the SPoC’s requests to the deputy, and new ones go there too', async () => {
    const held = await openRequest(h, { question: 'Status: keep the old supplier codes?' });
    expect(held.decision.deciders).toEqual([h.people.spoc]);

    h.fake.workspace.setStatus(h.people.spoc, { emoji: ':palm_tree:', text: 'On holiday', expiration: 0 });
    await checkStatuses();
    await until(h, async () => (await h.bot.deps.decisions.get(held.id))?.deciders[0] === h.people.deputy);
    expect(await eventsOf(h, held.id, 'handed_over')).toMatchObject([{ data: { because: 'spoc_away' } }]);
    expect(await spocAway()).toBe(true);
    expect(h.logs.some((l) => l.includes('Slack status says away: marked away'))).toBe(true);

    const fresh = await openRequest(h, { question: 'Status: print the labels in Bahasa?' });
    expect(fresh.decision.deciders).toEqual([h.people.deputy]);
    expect(shown(fresh.receipt)).toContain('The SPoC is away, so the deputy decides.');
    expect(await who()).toContain('away (Slack status :palm_tree:)');
    await settled(h);
    h.fake.assertNoViolations();
  });

  it('while Slack cannot be asked, the last known status holds and the log says so once', async () => {
    h.fake.faults.inject('users.profile.get', { kind: 'server_error' });
    h.fake.workspace.setStatus(h.people.spoc, { emoji: '', text: '', expiration: 0 });
    await checkStatuses();
    await checkStatuses();
    const warnings = h.logs.filter((l) => l.startsWith('warn cannot read Slack statuses'));
    expect(warnings).toHaveLength(1);
    expect(await spocAway()).toBe(true);
    const during = await openRequest(h, { question: 'Status: order the spare scanners?' });
    expect(during.decision.deciders).toEqual([h.people.deputy]);
  });

  it('once the status has cleared (and Slack answers), the SPoC is marked back and gets new requests', async () => {
    h.fake.faults.clear();
    await checkStatuses();
    await until(h, async () => !(await spocAway()));
    expect(h.logs.some((l) => l.includes('away status cleared or expired: marked back'))).toBe(true);
    expect(h.logs.some((l) => l.includes('Slack statuses can be read again'))).toBe(true);
    const after = await openRequest(h, { question: 'Status: archive the 2019 orders?' });
    expect(after.decision.deciders).toEqual([h.people.spoc]);
    expect(await who()).toContain(`<@${h.people.spoc}>, available`);
  });

  it('an expiring status counts only until it expires, and /decide who says until when', async () => {
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    h.fake.workspace.setStatus(h.people.spoc, { emoji: ':airplane:', text: 'Flying', expiration: inAnHour });
    await checkStatuses();
    await until(h, () => spocAway());
    const absence = await h.bot.deps.absences.awayAt(h.project.id, h.people.spoc, Date.now());
    expect(absence?.until).toBe(inAnHour * 1000);
    expect(await who()).toMatch(/away until \w{3} \d+ \w{3}, \d{2}:\d{2} \(Slack status :airplane:\)/);
    // A status that has already expired (Slack clears it) is not away.
    h.fake.workspace.setStatus(h.people.spoc, { emoji: ':airplane:', text: 'Flying', expiration: 1 });
    await checkStatuses();
    await until(h, async () => !(await spocAway()));
    h.fake.assertNoViolations();
  });

  it('after a restart (a check that saw nothing yet): an open-ended absence ends with the status, a dated one stays', async () => {
    h.fake.workspace.setStatus(h.people.spoc, { emoji: '', text: '', expiration: 0 });
    // Only a status marks an open-ended absence (`/decide away` always has a date).
    await markAway(h.bot.deps, h.project.id, h.people.spoc, null);
    expect(await new StatusWatch(h.bot.deps).check()).toMatchObject({ checked: 1, cameBack: 1 });
    expect(await spocAway()).toBe(false);

    await markAway(h.bot.deps, h.project.id, h.people.spoc, Date.now() + 3600_000);
    expect(await new StatusWatch(h.bot.deps).check()).toMatchObject({ checked: 1, wentAway: 0, cameBack: 0 });
    expect(await spocAway()).toBe(true);
    h.fake.assertNoViolations();
  });
});
