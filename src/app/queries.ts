import type { Decision } from '../domain/decision.js';
import { type DecisionLatency, decisionLatency } from '../domain/latency.js';
import type { Project, UserId } from '../domain/project.js';
import type { AppDeps } from './deps.js';

export interface HomeData {
  readonly waitingOnYou: readonly Decision[];
  readonly yourRequests: readonly Decision[];
  readonly recentOutcomes: readonly { decision: Decision; latency: DecisionLatency }[];
}

const RECENT_OUTCOMES = 10;

/** What a user's App Home shows: decisions waiting on them, their open requests, recent outcomes. */
export async function homeFor(deps: AppDeps, userId: UserId): Promise<HomeData> {
  const projects = deps.projects.all().filter((p) => involves(p, userId));
  const shown = projects.length > 0 ? projects : deps.projects.all();
  const closed = await Promise.all(shown.map((p) => deps.decisions.recentlyClosed(p.id, RECENT_OUTCOMES)));
  const recent = closed
    .flat()
    .sort((a, b) => (b.closedAt ?? 0) - (a.closedAt ?? 0))
    .slice(0, RECENT_OUTCOMES);
  return {
    // At the committee (and a sign-off's key users), who has answered is no longer waited on; a returned
    // sign-off waits on its requester only.
    waitingOnYou: (await deps.decisions.listWaitingOn(userId)).filter(
      (d) =>
        d.status !== 'returned' &&
        ((d.level !== 'committee' && d.level !== 'key_users') || !d.votes.some((v) => v.member === userId)),
    ),
    yourRequests: await deps.decisions.listRequestedBy(userId),
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
