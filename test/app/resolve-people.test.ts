import { afterEach, describe, expect, it } from 'vitest';
import { type NewDelivery, type PeopleLookup, PeopleUnavailable } from '../../src/app/ports.js';
import { checkPeople, type EmailAt, RESOLVED_FOR_MS, resolvePeople } from '../../src/app/resolve-people.js';
import { PeopleRepository } from '../../src/storage/index.js';
import { sampleProject } from '../support/sample-project.js';
import { tempDatabase } from '../support/temp-db.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const BUDI = 'budi@majuco.co.id';
const AT: EmailAt = { email: BUDI, where: 'projects[0].sponsors[1] (line 7)' };

/** Slack's directory as a table, counting the calls; `down` makes every call fail as unreachable. */
class FakeDirectory implements PeopleLookup {
  byAddress = new Map<string, string>([[BUDI, 'U0BUDI0001']]);
  deleted = new Set<string>();
  down = false;
  calls: string[] = [];
  async byEmail(email: string) {
    this.calls.push(`lookupByEmail ${email}`);
    if (this.down) throw new PeopleUnavailable('ECONNREFUSED');
    const id = this.byAddress.get(email);
    return id === undefined || this.deleted.has(id) ? 'not_found' : id;
  }
  async info(user: string) {
    this.calls.push(`info ${user}`);
    if (this.down) throw new PeopleUnavailable('ECONNREFUSED');
    return { name: `name of ${user}`, deleted: this.deleted.has(user) };
  }
}

describe('people named by email', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());
  function rig() {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    const people = new PeopleRepository(temp.database.db);
    const lookup = new FakeDirectory();
    const logs: string[] = [];
    let now = T0;
    const clock = {
      now: () => now,
      advance: (ms: number) => {
        now += ms;
      },
    };
    const log = {
      debug: () => {},
      info: (m: string) => logs.push(`info ${m}`),
      warn: (m: string) => logs.push(`warn ${m}`),
      error: (m: string) => logs.push(`error ${m}`),
    };
    return { people, lookup, logs, clock, deps: { people, lookup, clock, log } };
  }
  const project = sampleProject({ sponsors: ['U0SPONSOR1', BUDI] });

  it('a miss asks Slack, caches the answer and puts the ID in the project', async () => {
    const { deps, lookup, people } = rig();
    const r = await resolvePeople([project], [AT], deps);
    expect(r).toEqual({ ok: true, projects: [{ ...project, sponsors: ['U0SPONSOR1', 'U0BUDI0001'] }] });
    expect(lookup.calls).toEqual([`lookupByEmail ${BUDI}`]);
    expect(await people.byEmail(BUDI)).toEqual({ userId: 'U0BUDI0001', resolvedAt: T0 });
  });

  it('an answer cached within 24 h is used without asking Slack; an older one is asked again', async () => {
    const { deps, lookup, people } = rig();
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - RESOLVED_FOR_MS + 1);
    const fresh = await resolvePeople([project], [AT], deps);
    expect(fresh.ok).toBe(true);
    expect(lookup.calls).toEqual([]);
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - RESOLVED_FOR_MS);
    await resolvePeople([project], [AT], deps);
    expect(lookup.calls).toEqual([`lookupByEmail ${BUDI}`]);
  });

  it('an address Slack does not know is a problem naming where it is and the address', async () => {
    const { deps } = rig();
    const r = await resolvePeople([project], [{ email: 'nobody@majuco.co.id', where: AT.where }], deps);
    expect(r).toEqual({
      ok: false,
      problems: [
        'projects[0].sponsors[1] (line 7): `nobody@majuco.co.id` is not the email address of anyone in this ' +
          'Slack workspace (check the address, or give the Slack user ID instead)',
      ],
    });
  });

  it('Slack down: the cached answer however old, with a warning; nothing cached: unavailable', async () => {
    const { deps, lookup, people, logs } = rig();
    lookup.down = true;
    expect(await resolvePeople([project], [AT], deps)).toEqual({
      ok: false,
      unavailable: [BUDI],
      reason: 'ECONNREFUSED',
    });
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - 30 * RESOLVED_FOR_MS);
    const r = await resolvePeople([project], [AT], deps);
    expect(r.ok && r.projects[0]?.sponsors).toEqual(['U0SPONSOR1', 'U0BUDI0001']);
    expect(logs).toContain('warn Slack cannot be asked about an address: using the user ID it had before');
  });

  it('someone resolved before and now deactivated keeps their ID (the daily check reports them)', async () => {
    const { deps, lookup, people } = rig();
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - 2 * RESOLVED_FOR_MS);
    lookup.deleted.add('U0BUDI0001');
    const r = await resolvePeople([project], [AT], deps);
    expect(r.ok && r.projects[0]?.sponsors).toEqual(['U0SPONSOR1', 'U0BUDI0001']);
  });

  it('one person by ID and by address in a list is kept once; a deputy resolving to the SPoC is a problem', async () => {
    const { deps } = rig();
    const twice = sampleProject({ sponsors: ['U0BUDI0001', BUDI] });
    const r = await resolvePeople([twice], [AT], deps);
    expect(r.ok && r.projects[0]?.sponsors).toEqual(['U0BUDI0001']);
    const self = sampleProject({ spoc: 'U0BUDI0001', deputy: BUDI });
    const bad = await resolvePeople([self], [{ email: BUDI, where: 'projects[0].deputy (line 8)' }], deps);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && 'problems' in bad && bad.problems[0]).toContain('projects[0].deputy');
  });

  it('the daily check: a newly deactivated person is marked, logged and announced once per project channel (again if deactivated again later)', async () => {
    const { deps, lookup, people, logs, clock } = rig();
    const recorded: NewDelivery[] = [];
    let woken = 0;
    const check = {
      ...deps,
      outbox: { enqueue: async (rows: readonly NewDelivery[]) => void recorded.push(...rows) },
      deliveries: { enqueue: async () => void woken++ },
    };
    const resolved = sampleProject({ sponsors: ['U0SPONSOR1', 'U0BUDI0001'] });
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - RESOLVED_FOR_MS);
    const first = await checkPeople([resolved], [BUDI], check);
    expect(first).toMatchObject({ emails: 1, deactivated: 0, failed: 0 });
    expect(recorded).toEqual([]);

    lookup.deleted.add('U0BUDI0001');
    const second = await checkPeople([resolved], [BUDI], check);
    expect(second).toMatchObject({ deactivated: 1 });
    expect(await people.deactivated()).toEqual(new Set(['U0BUDI0001']));
    expect(recorded).toEqual([
      {
        dedupeKey: 'notice-person_deactivated-odoo-rollout-U0BUDI0001-2026-11-02',
        kind: 'notice',
        recipient: resolved.channel,
        payload: {
          notice: {
            kind: 'person_deactivated',
            projectId: 'odoo-rollout',
            user: 'U0BUDI0001',
            name: 'name of U0BUDI0001',
            roles: ['sponsor'],
          },
        },
      },
    ]);
    expect(woken).toBe(1);
    expect(logs).toContain(
      'warn a person of the projects is deactivated in Slack: the ladder skips them from now on',
    );

    // Again: nothing new.
    expect(await checkPeople([resolved], [BUDI], check)).toMatchObject({ deactivated: 0 });
    expect(recorded).toHaveLength(1);
    // Back in Slack: active again.
    lookup.deleted.clear();
    expect(await checkPeople([resolved], [BUDI], check)).toMatchObject({ reactivated: 1 });
    expect(await people.deactivated()).toEqual(new Set());
    // Deactivated again some days later: announced again.
    clock.advance(3 * 24 * 3600_000);
    lookup.deleted.add('U0BUDI0001');
    expect(await checkPeople([resolved], [BUDI], check)).toMatchObject({ deactivated: 1 });
    expect(recorded.map((r) => r.dedupeKey)).toEqual([
      'notice-person_deactivated-odoo-rollout-U0BUDI0001-2026-11-02',
      'notice-person_deactivated-odoo-rollout-U0BUDI0001-2026-11-05',
    ]);
  });

  it('the daily check: an address now owned by someone else is recorded and logged; Slack down is counted', async () => {
    const { deps, lookup, people, logs } = rig();
    const check = { ...deps, outbox: { enqueue: async () => {} }, deliveries: { enqueue: async () => {} } };
    await people.recordResolved(BUDI, 'U0BUDI0001', T0 - 1000);
    lookup.byAddress.set(BUDI, 'U0BUDI0002');
    expect(await checkPeople([], [BUDI], check)).toMatchObject({ moved: 1 });
    expect((await people.byEmail(BUDI))?.userId).toBe('U0BUDI0002');
    expect(logs).toContain('warn an address of the project file belongs to another Slack user now');
    lookup.down = true;
    expect(await checkPeople([sampleProject()], [BUDI], check)).toMatchObject({ failed: 1 + 7 });
    expect((await people.byEmail(BUDI))?.userId).toBe('U0BUDI0002');
  });
});
