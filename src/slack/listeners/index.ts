import type { App } from '@slack/bolt';
import type { SlackContext } from '../context.js';
import { actingIdentityGuard } from './acting-identity.js';
import { registerActions } from './actions/index.js';
import { registerCommands } from './commands/index.js';
import { registerEvents } from './events/index.js';
import { localeMiddleware } from './locale.js';
import { ListenerRouter } from './router.js';
import { registerShortcuts } from './shortcuts/index.js';
import { registerViews } from './views/index.js';

/** Registers every listener, one index per kind. */
export function registerListeners(app: App, ctx: SlackContext): void {
  // First: every listener below answers in the acting person's language.
  app.use(localeMiddleware(ctx.deps));
  // Then: a request from another team, or from someone deactivated, acts in no role (told why, in their words).
  app.use(actingIdentityGuard(ctx.deps, ctx.home ?? (() => undefined)));
  registerCommands(app, ctx);
  const router = new ListenerRouter();
  registerActions(router, ctx);
  registerViews(router, ctx);
  router.attach(app);
  registerShortcuts(app, ctx);
  registerEvents(app, ctx);
}
