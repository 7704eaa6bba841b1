import { afterEach, describe, expect, it } from 'vitest';
import { moveOnFromDeactivated } from '../../src/app/deactivated-deciders.js';
import type { AppDeps } from '../../src/app/deps.js';
import { openDecision } from '../../src/app/open-decision.js';
import type { PeopleLookup } from '../../src/app/ports.js';
import { ActiveProjects, ConfiguredProjects } from '../../src/app/project-directory.js';
import { checkPeople } from '../../src/app/resolve-people.js';
import type { Decision, DecisionRequest } from '../../src/domain/decision.js';
import type { Project } from '../../src/domain/project.js';
import { HOUR } from '../../src/domain/time.js';
import { signOffDecisionRequest } from '../../src/domain/transitions/index.js';
import {
  DecisionRepository,
  OutboxRepository,
  PeopleRepository,
  ProjectRepository,
} from '../../src/storage/index.js';
import { sampleProject, sampleRequest } from '../support/sample-project.js';
import { tempDatabase } from '../support/temp-db.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const ALWAYS = { timezone: 'UTC', businessHours: 'always' as const, holidays: [] };

/** Slack's directory: everyone active but the `deleted`. */
class FakeDirectory implements PeopleLookup {
  deleted = new Set<string>();
  async byEmail() {
    return 'not_found' as const;
  }
  async info(user: string) {
    return { name: `name of ${user}`, deleted: this.deleted.has(user) };
  }
}

/**
 * The daily check of people moving on the decisions that wait on someone it finds deactivated: the use cases
 * over a real SQLite file (real migrations), the project directory as the bot builds it, Redis replaced by
 * recorders.
 */
describe('the daily check moves on what waits on a deactivated person', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function rig(project: Project) {
    const temp = tempDatabase();
    cleanup = temp.cleanup;
    let now = T0;
    const clock = { now: () => now };
    const people = new PeopleRepository(temp.database.db);
    const absences = new ProjectRepository(temp.database.db);
    await absences.sync([project], now);
    const projects = new ActiveProjects(new ConfiguredProjects([project], ALWAYS), people, silent, clock.now);
    await projects.refresh();
    const synced: Decision[] = [];
    const logs: string[] = [];
    let woken = 0;
    const deps: AppDeps = {
      decisions: new DecisionRepository(temp.database),
      projects,
      absences,
      clock,
      deliveries: { enqueue: async () => void woken++, enqueueAll: async () => {} },
      timers: {
        sync: async (d) => void synced.push(d),
        syncAll: async () => ({ added: 0, replaced: 0, active: 0 }),
        retryLater: () => {},
        takeRetries: () => [],
      },
      log: {
        debug: () => {},
        info: (m, d) => logs.push(`info ${m} ${JSON.stringify(d ?? {})}`),
        warn: (m, d) => logs.push(`warn ${m} ${JSON.stringify(d ?? {})}`),
        error: (m) => logs.push(`error ${m}`),
      },
      newId: (() => {
        let n = 0;
        return () => `D${++n}`;
      })(),
    };
    const lookup = new FakeDirectory();
    const outbox = new OutboxRepository(temp.database.db);
    const check = () =>
      checkPeople([project], [], {
        people,
        lookup,
        clock,
        log: deps.log,
        outbox,
        deliveries: deps.deliveries,
        onPeopleChanged: () => projects.refresh(),
        moveOnFromDeactivated: () => moveOnFromDeactivated(deps),
      });
    const open = async (request: Partial<DecisionRequest> = {}) => {
      const t = await openDecision(deps, sampleRequest(request));
      if (t.ok !== true) throw new Error('not opened');
      return t.decision;
    };
    const rows = (decisionId: string) =>
      (
        temp.database.sqlite
          .prepare(
            'SELECT kind, recipient, payload_json AS payload FROM deliveries WHERE decision_id = ? ORDER BY id',
          )
          .all(decisionId) as { kind: string; recipient: string; payload: string }[]
      ).map((r) => ({ kind: r.kind, recipient: r.recipient, template: JSON.parse(r.payload).template }));
    return {
      deps,
      people,
      lookup,
      check,
      open,
      rows,
      synced,
      logs,
      woken: () => woken,
      advance: (ms: number) => {
        now += ms;
      },
    };
  }
  const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

  it('the SPoC’s request goes to the deputy, a second sponsor keeps theirs; once, with messages and timers', async () => {
    const project = sampleProject({ sponsors: ['U0SPONSOR1', 'U0SPONSOR2'] });
    const r = await rig(project);
    const atSpoc = await r.open({ question: 'Rename the cost centres?' });
    const atSponsors = await r.open({ question: 'Buy the licences?', budgetImpact: 9000 });
    const untouched = await r.open(
      signOffDecisionRequest(
        {
          projectId: project.id,
          requester: 'U0MEMBER01',
          title: 'Chart of accounts',
          domain: 'accounting',
          rule: { kind: 'all' },
          impact: 'normal',
        },
        T0,
      ),
    );
    expect(atSponsors.deciders).toEqual(['U0SPONSOR1', 'U0SPONSOR2']);
    const before = {
      atSpoc: r.rows(atSpoc.id).length,
      atSponsors: r.rows(atSponsors.id).length,
      untouched: r.rows(untouched.id).length,
    };

    r.advance(HOUR / 2);
    r.lookup.deleted.add(project.spoc).add('U0SPONSOR1');
    const report = await r.check();
    expect(report).toMatchObject({ deactivated: 2, decisionsMoved: 2 });

    const spocsOwn = await r.deps.decisions.get(atSpoc.id);
    expect(spocsOwn).toMatchObject({ level: 'spoc', deciders: [project.deputy], dueAt: atSpoc.dueAt });
    expect((await r.deps.decisions.get(atSponsors.id))?.deciders).toEqual(['U0SPONSOR2']);
    // The sign-off waits on its key users, none deactivated: nothing for it.
    expect(await r.deps.decisions.get(untouched.id)).toEqual(untouched);
    expect(r.rows(untouched.id)).toHaveLength(before.untouched);

    // The deputy gets the request; the thread says why; every copy is refreshed.
    const added = r.rows(atSpoc.id).slice(before.atSpoc);
    expect(added.filter((d) => d.kind !== 'home')).toEqual([
      { kind: 'decision_request', recipient: project.deputy, template: undefined },
      { kind: 'thread_reply', recipient: project.channel, template: 'handed_over' },
      { kind: 'refresh', recipient: atSpoc.id, template: undefined },
    ]);
    // The sponsor left keeps the request they have: no second one.
    const kept = r.rows(atSponsors.id).slice(before.atSponsors);
    expect(kept.filter((d) => d.kind !== 'home')).toEqual([
      { kind: 'thread_reply', recipient: project.channel, template: 'handed_over' },
      { kind: 'refresh', recipient: atSponsors.id, template: undefined },
    ]);
    // Timers re-synced after the move (after the opening too).
    expect(r.synced.slice(3).map((d) => [d.id, d.deciders])).toEqual([
      [atSpoc.id, [project.deputy]],
      [atSponsors.id, ['U0SPONSOR2']],
    ]);
    expect(r.woken()).toBeGreaterThan(0);
    expect(
      r.logs.filter((l) => l.startsWith('info a decision waiting on a deactivated person moved on')),
    ).toHaveLength(2);

    // The next day's check: nothing new.
    const rowsBefore = r.rows(atSpoc.id).length + r.rows(atSponsors.id).length;
    expect(await r.check()).toMatchObject({ deactivated: 0, decisionsMoved: 0 });
    expect(r.rows(atSpoc.id).length + r.rows(atSponsors.id).length).toBe(rowsBefore);
  });

  it('someone marked before (a crash between the mark and the move): their decisions move at the next check', async () => {
    const project = sampleProject();
    const r = await rig(project);
    const d = await r.open();
    await r.people.setDeactivated(project.spoc, true, T0);
    r.lookup.deleted.add(project.spoc);
    // The directory reads the marks again (at start-up, or within DEACTIVATED_MAX_AGE_MS).
    await (r.deps.projects as ActiveProjects).refresh();
    expect(await r.check()).toMatchObject({ deactivated: 0, decisionsMoved: 1 });
    expect((await r.deps.decisions.get(d.id))?.deciders).toEqual([project.deputy]);
  });

  it('nobody left to take it: it stays, with a warning; the SLA still escalates it', async () => {
    const project = sampleProject({
      deputy: undefined,
      sponsors: ['U0SPONSOR1'],
      steeringCommittee: { members: ['U0SPONSOR1'], quorum: 1 },
    });
    const r = await rig(project);
    const d = await r.open();
    r.lookup.deleted.add(project.spoc).add('U0SPONSOR1');
    expect(await r.check()).toMatchObject({ deactivated: 2, decisionsMoved: 0 });
    expect((await r.deps.decisions.get(d.id))?.deciders).toEqual([project.spoc]);
    expect(
      r.logs.some((l) => l.startsWith('warn a decision waits on deactivated people and nobody above')),
    ).toBe(true);
  });
});
