import {
  compareWithPrevious,
  type DecisionWithFigures,
  decisionFigures,
  type PeriodFigures,
  periodFigures,
  type Trends,
} from '../domain/insight/index.js';
import type { Project } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';

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
export function projectInsight(
  deps: Pick<AppDeps, 'decisions' | 'projects' | 'clock'>,
  project: Project,
  from: Instant,
  to: Instant,
): ProjectInsight {
  const now = deps.clock.now();
  const clock = deps.projects.calendar;
  const previousFrom = from - (to - from);
  const byId = new Map(
    [...deps.decisions.listActive(project.id), ...deps.decisions.closedSince(project.id, previousFrom)].map(
      (d) => [d.id, d],
    ),
  );
  const decisions = [...byId.values()].map((decision) => ({
    decision,
    figures: decisionFigures(decision, deps.decisions.events(decision.id), clock, now, project),
  }));
  const at = (f: Instant, t: Instant) =>
    periodFigures({ decisions, from: f, to: t, now, clock, rate: project.costOfDelay });
  const current = at(from, to);
  const previous = at(previousFrom, from);
  return { project, current, previous, trends: compareWithPrevious(current, previous), decisions };
}
