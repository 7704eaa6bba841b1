import type { Decision } from '../domain/decision.js';
import { type DecisionLatency, decisionLatency } from '../domain/latency.js';
import type { Project, UserId } from '../domain/project.js';
import type { AppDeps } from './deps.js';

export interface HomeData {
  /** The oldest of the decisions waiting on the person, and how many there are in all. */
  readonly waitingOnYou: readonly Decision[];
  readonly waitingTotal: number;
  /** The oldest of the person's open requests, and how many there are in all. */
  readonly yourRequests: readonly Decision[];
  readonly requestsTotal: number;
  readonly recentOutcomes: readonly { decision: Decision; latency: DecisionLatency }[];
}

const RECENT_OUTCOMES = 10;

/**
 * What a user's App Home shows: decisions waiting on them, their open requests (the first `listed` of each,
 * oldest first, with their totals), recent outcomes.
 */
export async function homeFor(deps: AppDeps, userId: UserId, listed: number): Promise<HomeData> {
  const projects = deps.projects.all().filter((p) => involves(p, userId));
  const shown = projects.length > 0 ? projects : deps.projects.all();
  const closed = await Promise.all(shown.map((p) => deps.decisions.recentlyClosed(p.id, RECENT_OUTCOMES)));
  const recent = closed
    .flat()
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, RECENT_OUTCOMES);
  // Who is waited on (at the committee, who has not voted yet) is the domain's `waitingOn`, kept by the store.
  const waiting = await deps.decisions.waitingOn(userId, listed);
  const requests = await deps.decisions.requestedBy(userId, listed);
  return {
    waitingOnYou: waiting.decisions,
    waitingTotal: waiting.total,
    yourRequests: requests.decisions,
    requestsTotal: requests.total,
    recentOutcomes: await Promise.all(
      recent.map(async (decision) => ({ decision, latency: await latencyOf(deps, decision) })),
    ),
  };
}

export async function latencyOf(deps: AppDeps, decision: Decision): Promise<DecisionLatency> {
  return decisionLatency(
    await deps.decisions.events(decision.id),
    decision.ladder,
    decision.requester,
    deps.projects.calendar,
    deps.clock.now(),
  );
}

/** Open decisions of a project, oldest first. */
export function openDecisionsOf(deps: AppDeps, projectId: string): Promise<Decision[]> {
  return deps.decisions.listActive(projectId);
}

function involves(p: Project, userId: UserId): boolean {
  return (
    p.spoc === userId ||
    p.deputy === userId ||
    p.sponsors.includes(userId) ||
    p.steeringCommittee.members.includes(userId) ||
    Object.values(p.keyUsers).some((users) => users.includes(userId))
  );
}
