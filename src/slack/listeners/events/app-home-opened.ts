import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import { homeFor } from '../../../app/queries.js';
import type { SlackContext } from '../../context.js';
import { appHome } from '../../views/app-home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the user's App Home each time they open it, so it is always current. */
export function registerAppHomeOpened(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }: Args) => {
    if (event.tab !== 'home') return;
    const { deps } = ctx;
    const home = homeFor(deps, event.user);
    await client.views.publish({
      user_id: event.user,
      view: appHome({
        userId: event.user,
        waitingOnYou: home.waitingOnYou,
        yourRequests: home.yourRequests,
        recentOutcomes: home.recentOutcomes.flatMap(({ decision, latency }) =>
          latency.outcome ? [{ decision, latency: latency.outcome }] : [],
        ),
        projectsById: Object.fromEntries(deps.projects.all().map((p) => [p.id, p])),
        histories: Object.fromEntries(
          [...home.waitingOnYou, ...home.yourRequests, ...home.recentOutcomes.map((o) => o.decision)].map(
            (d) => [d.id, deps.decisions.events(d.id)],
          ),
        ),
        now: deps.clock.now(),
        timeZone: deps.projects.timezone,
      }),
    });
  });
}
