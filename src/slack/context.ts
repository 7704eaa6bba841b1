import type { AppDeps } from '../app/deps.js';
import type { OutboxStore } from '../app/ports.js';
import type { FollowUps } from './follow-ups.js';

/** The use cases' dependencies, with the outbox for the messages a command records outside a decision. */
export type ListenerDeps = AppDeps & { readonly outbox: OutboxStore };

/** The workspace the bot is installed in, as auth.test names it at start-up. */
export interface HomeWorkspace {
  readonly teamId: string;
  /** Its Enterprise Grid organisation, if any: the org's other workspaces are the same people. */
  readonly enterpriseId?: string | undefined;
}

/** What every listener gets: the use cases' dependencies (and through them the clock and projects). */
export interface SlackContext {
  readonly deps: ListenerDeps;
  /** Where the follow-up of a submission or a click runs (default: in this process, after the ack). */
  readonly followUps?: FollowUps;
  /** The workspace the bot is installed in (known once started): requests from other teams act in no role. */
  readonly home?: () => HomeWorkspace | undefined;
}
