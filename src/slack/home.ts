import type { AppDeps } from '../app/deps.js';
import { homeFor } from '../app/queries.js';
import type { UserId } from '../domain/project.js';
import type { Home } from './blocks/kit.js';
import { appHome, HOME_CAP } from './views/app-home.js';

/**
 * A person's App Home as it is now: what waits on them, their open requests, recent outcomes. Published when they
 * open the tab and, through the outbox, after every change that concerns them.
 */
export async function homeViewFor(deps: AppDeps, user: UserId): Promise<Home> {
  const home = await homeFor(deps, user, Math.max(HOME_CAP.waiting, HOME_CAP.requests));
  const shown = [...home.waitingOnYou, ...home.yourRequests, ...home.recentOutcomes.map((o) => o.decision)];
  const histories = await deps.decisions.eventsOf(shown.map((d) => d.id));
  return appHome({
    userId: user,
    waitingOnYou: home.waitingOnYou,
    waitingTotal: home.waitingTotal,
    yourRequests: home.yourRequests,
    requestsTotal: home.requestsTotal,
    recentOutcomes: home.recentOutcomes.flatMap(({ decision, latency }) =>
      latency.outcome ? [{ decision, latency: latency.outcome }] : [],
    ),
    projectsById: Object.fromEntries(deps.projects.all().map((p) => [p.id, p])),
    histories: Object.fromEntries(histories),
    now: deps.clock.now(),
    timeZone: deps.projects.timezone,
  });
}
