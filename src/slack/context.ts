import type { AppDeps } from '../app/deps.js';

/** What every listener gets: the use cases' dependencies (and through them the clock and projects). */
export interface SlackContext {
  readonly deps: AppDeps;
}
