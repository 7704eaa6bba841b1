import {
  compareWithPrevious,
  type DecisionWithFigures,
  decisionFigures,
  type PeriodFigures,
  periodFigures,
  type Trends,
} from '../domain/insight/index.js';
import type { BusinessClock } from '../domain/ladder.js';
import type { Project } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';
import type { DecisionStore } from './ports.js';

export interface ProjectInsight {
  readonly project: Project;
  readonly current: PeriodFigures;
  readonly previous: PeriodFigures;
  readonly trends: Trends;
  /** The decisions the figures were computed from (open ones and those closed since the previous period). */
  readonly decisions: readonly DecisionWithFigures[];
}

/**
 * A project's figures over [from, to) next to the period of the same length just before it. Reads the
 * decisions that can count in either: every open one and every one closed since the previous period began.
 */
export async function projectInsight(
  deps: Pick<AppDeps, 'decisions' | 'projects' | 'clock'>,
  project: Project,
  from: Instant,
  to: Instant,
): Promise<ProjectInsight> {
  const now = deps.clock.now();
  const clock = deps.projects.calendar;
  const previousFrom = from - (to - from);
  // Sign-offs are not decisions: the figures leave them out (the digest gives them a line of their own).
  const decisions = (await figuredDecisions(deps.decisions, clock, project, now, previousFrom)).filter(
    ({ decision }) => decision.kind !== 'signoff',
  );
  const at = (f: Instant, t: Instant) =>
    periodFigures({ decisions, from: f, to: t, now, clock, rate: project.costOfDelay });
  const current = at(from, to);
  const previous = at(previousFrom, from);
  return { project, current, previous, trends: compareWithPrevious(current, previous), decisions };
}

/**
 * A project's decisions that can count in figures since `since`, each with its figures: every open one and
 * every one closed since then. The events of all of them are read in one batch: a query per decision cost more
 * than the figures themselves (the digest benchmark).
 */
export async function figuredDecisions(
  store: DecisionStore,
  clock: BusinessClock,
  project: Project,
  now: Instant,
  since: Instant,
): Promise<DecisionWithFigures[]> {
  const [active, closed] = await Promise.all([
    store.listActive(project.id),
    store.closedSince(project.id, since),
  ]);
  const byId = new Map([...active, ...closed].map((d) => [d.id, d]));
  const events = await store.eventsOf([...byId.keys()]);
  return [...byId.values()].map((decision) => ({
    decision,
    figures: decisionFigures(decision, events.get(decision.id) ?? [], clock, now, project),
  }));
}
