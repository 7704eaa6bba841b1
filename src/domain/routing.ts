import type { Ladder } from './decision.js';
import type { RoutingReason } from './events.js';
import { nextLevel } from './ladder.js';
import type { DecisionLevel, Level, Project, UserId } from './project.js';

export interface Routing {
  readonly level: DecisionLevel;
  readonly deciders: readonly UserId[];
  readonly reason: RoutingReason;
}

/**
 * Who gets a new request first: the SPoC; the deputy while the SPoC is away; the sponsors when the budget
 * impact exceeds the SPoC's authority (the committee when no sponsor is left: all deactivated). A SPoC who is
 * away with no deputy still gets it (someone must hold it; the SLA will escalate it) and the reason says so.
 */
export function routeNewRequest(
  project: Project,
  request: { readonly budgetImpact?: number | undefined },
  spocAway: boolean,
): Routing {
  const limit = project.authority.spocMaxBudget;
  if (limit !== undefined && request.budgetImpact !== undefined && request.budgetImpact > limit) {
    const level = (['sponsor', 'committee'] as const).find(
      (l) => decidersAt(project, l, spocAway).length > 0,
    );
    if (level !== undefined)
      return { level, deciders: decidersAt(project, level, spocAway), reason: 'over_authority' };
  }
  return { level: 'spoc', ...spocLevelDeciders(project, spocAway) };
}

/** Who decides at the SPoC level, given whether the SPoC is away. */
export function spocLevelDeciders(
  project: Project,
  spocAway: boolean,
): { deciders: readonly UserId[]; reason: RoutingReason } {
  if (!spocAway) return { deciders: [project.spoc], reason: 'spoc' };
  if (project.deputy !== undefined) return { deciders: [project.deputy], reason: 'spoc_away' };
  return { deciders: [project.spoc], reason: 'no_deputy_spoc_away' };
}

/** Who decides at a level the request escalates to (at `key_users`: those of `domain`). */
export function decidersAt(
  project: Project,
  level: Level,
  spocAway: boolean,
  domain?: string | undefined,
): readonly UserId[] {
  switch (level) {
    case 'key_users':
      return domain !== undefined && Object.hasOwn(project.keyUsers, domain)
        ? (project.keyUsers[domain] ?? [])
        : [];
    case 'spoc':
      return spocLevelDeciders(project, spocAway).deciders;
    case 'sponsor':
      return project.sponsors;
    case 'committee':
      return project.steeringCommittee.members;
  }
}

/**
 * The first level from `from` up the ladder (`from` itself included) that has someone to decide, with its
 * deciders: a level whose people are all deactivated is skipped. Undefined when none is left.
 */
export function staffedLevelFrom(
  ladder: Ladder,
  from: Level | undefined,
  project: Project,
  spocAway: boolean,
): { readonly level: Level; readonly deciders: readonly UserId[] } | undefined {
  for (let level = from; level !== undefined; level = nextLevel(ladder, level)) {
    const deciders = decidersAt(project, level, spocAway);
    if (deciders.length > 0) return { level, deciders };
  }
  return undefined;
}
