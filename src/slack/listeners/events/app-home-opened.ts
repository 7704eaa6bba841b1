import type { AllMiddlewareArgs, App, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { homeViewFor } from '../../home.js';

type Args = SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs;

/** Publishes the user's App Home each time they open it, so it is always current. */
export function registerAppHomeOpened(app: App, ctx: SlackContext): void {
  app.event('app_home_opened', async ({ event, client }: Args) => {
    // Nobody to publish a home for without a user (Slack always names one).
    if (event.tab !== 'home' || typeof event.user !== 'string' || event.user === '') return;
    await client.views.publish({ user_id: event.user, view: await homeViewFor(ctx.deps, event.user) });
  });
}
