import { beforeEach, expect, it } from 'vitest';
import { withoutDeactivated } from '../../src/domain/deactivated.js';
import type { Decision } from '../../src/domain/decision.js';
import { decide, openDecision, passOverDeactivated, withdraw } from '../../src/domain/transitions/index.js';
import { EventLogReader } from '../../src/metrics/event-log.js';
import type { MetricsSource } from '../../src/metrics/source.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';
import { contract } from './helpers/dialects.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const ctx = (now: number) => ({ now, clock: alwaysCalendar });
const project = sampleProject();

contract('MetricsSource', (stores) => {
  const open = async (id: string): Promise<Decision> => {
    const t = openDecision(sampleRequest(), id, project, false, ctx(T0));
    if (!t.ok) throw new Error(t.refusal.code);
    await stores().decisions.create(t.decision, t.events, [], T0);
    return t.decision;
  };
  const close = async (id: string, how: 'decide' | 'withdraw', at: number) =>
    stores().decisions.transact(
      id,
      (d) =>
        how === 'decide'
          ? decide(d, { actor: project.spoc, optionId: 'approve' }, ctx(at))
          : withdraw(d, { actor: d.requester }, ctx(at)),
      () => [],
      at,
    );

  beforeEach(async () => {
    await stores().projects.sync([project], T0);
  });

  it('counts events in an id range, and what is open, from the database', async () => {
    const { metrics } = stores();
    expect(await metrics.lastEventId()).toBe(0);
    expect(await metrics.eventCounts(0, 0)).toEqual([]);
    await open('d1');
    await open('d2');
    await open('d3');
    await close('d1', 'decide', T0 + 60_000);
    await close('d2', 'withdraw', T0 + 120_000);
    const last = await metrics.lastEventId();
    expect(last).toBe(5);
    const counts = await metrics.eventCounts(0, last);
    expect(counts).toHaveLength(3);
    expect(counts).toEqual(
      expect.arrayContaining([
        { project: project.id, type: 'opened', level: 'spoc', count: 3 },
        { project: project.id, type: 'decided', level: 'spoc', count: 1 },
        { project: project.id, type: 'withdrawn', level: 'spoc', count: 1 },
      ]),
    );
    expect(await metrics.eventCounts(3, 4)).toEqual([
      { project: project.id, type: 'decided', level: 'spoc', count: 1 },
    ]);
    expect(await metrics.openDecisions()).toEqual([{ project: project.id, level: 'spoc', count: 1 }]);
    expect(await metrics.undelivered()).toEqual([]);
  });

  it('leaves out a level left because its deciders were deactivated in Slack: no escalation', async () => {
    const { metrics } = stores();
    await open('d1');
    // The SPoC and the deputy deactivated: nobody holds the SPoC level, the request goes up to the sponsors.
    const deactivated = new Set([project.spoc, project.deputy ?? '']);
    const seen = withoutDeactivated(project, deactivated).project;
    const moved = await stores().decisions.transact(
      'd1',
      (d) => passOverDeactivated(d, seen, { deactivated, spocAway: false }, ctx(T0 + 1000)),
      () => [],
      T0 + 1000,
    );
    expect(moved).toMatchObject({ found: true, ok: true, decision: { level: 'sponsor' } });
    const counts = await metrics.eventCounts(0, await metrics.lastEventId());
    expect(counts).toEqual([{ project: project.id, type: 'opened', level: 'spoc', count: 1 }]);
  });

  it('gives the timelines of the decisions closed in a range, oldest closing first, at most `limit`', async () => {
    const { metrics } = stores();
    for (const id of ['d1', 'd2', 'd3']) await open(id);
    await close('d2', 'decide', T0 + 1000);
    await close('d1', 'withdraw', T0 + 2000);
    const timelines = await metrics.closedTimelines(0, await metrics.lastEventId(), 10);
    expect(timelines.map((t) => [t.eventId, t.project, t.events.map((e) => e.type)])).toEqual([
      [4, project.id, ['opened', 'decided']],
      [5, project.id, ['opened', 'withdrawn']],
    ]);
    expect(timelines[0]?.events.at(-1)).toMatchObject({ at: T0 + 1000, actor: project.spoc });
    expect((await metrics.closedTimelines(0, 5, 1)).map((t) => t.eventId)).toEqual([4]);
    expect(await metrics.closedTimelines(4, 5, 10)).toHaveLength(1);
    expect(await metrics.closedTimelines(5, 5, 10)).toEqual([]);
  });

  it('each refresh reads only what was appended since the last one, and joins a refresh under way', async () => {
    const asked: string[] = [];
    const source = stores().metrics;
    const spy: MetricsSource = {
      lastEventId: () => source.lastEventId(),
      eventCounts: (after, upto) => {
        asked.push(`counts ${after}-${upto}`);
        return source.eventCounts(after, upto);
      },
      closedTimelines: (after, upto, limit) => {
        asked.push(`timelines ${after}-${upto}`);
        return source.closedTimelines(after, upto, limit);
      },
      openDecisions: () => source.openDecisions(),
      undelivered: () => source.undelivered(),
    };
    const opened: number[] = [];
    const closed: number[] = [];
    const reader = new EventLogReader(spy, alwaysCalendar, {
      opened: (_p, n) => opened.push(n),
      closed: (_p, _o, n) => closed.push(n),
      escalated: () => {},
      timeToOutcome: () => {},
    });
    await open('d1');
    await open('d2');
    await Promise.all([reader.refresh(), reader.refresh()]);
    await close('d1', 'decide', T0 + 1000);
    await reader.refresh();
    await reader.refresh();
    expect(asked).toEqual(['counts 0-2', 'timelines 0-2', 'counts 2-3', 'timelines 2-3']);
    expect(opened).toEqual([2]);
    expect(closed).toEqual([1]);
  });
});
