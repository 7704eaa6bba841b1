import type { webApi } from '@slack/bolt';
import type { DecisionCommand } from '../app/act-on-decision.js';
import { projectOfDecision, readerLocale } from '../app/languages.js';
import { openDecision } from '../app/open-decision.js';
import type { DecisionRequest } from '../domain/decision.js';
import type { SlackContext } from './context.js';
import { perform } from './listeners/perform.js';
import { refusalFor, tellUser } from './reply.js';
import { inLocale } from './text/index.js';

/**
 * What a request does after its ack: the decision's own change (one SQLite transaction, its Redis follow-up)
 * and, when the change is refused, a word to the person. Plain data, so it can run in another process.
 */
export type FollowUp =
  | {
      readonly kind: 'open';
      readonly request: DecisionRequest;
      /** The view id: a replayed submission opens nothing twice. */
      readonly requestKey: string;
      readonly user: string;
      readonly channel?: string | undefined;
    }
  | {
      readonly kind: 'perform';
      readonly user: string;
      readonly decisionId: string;
      readonly command: DecisionCommand;
      readonly channel?: string | undefined;
      readonly requestKey?: string | undefined;
    };

/**
 * Where follow-ups run. In this process by default; in the default layout the worker child process runs
 * them, so the web process's event loop only acks (src/layout.ts).
 */
export interface FollowUps {
  run(task: FollowUp, client: webApi.WebClient): Promise<void>;
}

/** Runs a follow-up in this process, with the client that tells the person about a refusal. */
export async function runFollowUp(
  ctx: SlackContext,
  client: webApi.WebClient,
  task: FollowUp,
): Promise<void> {
  // It may run in another process than the request's (the worker child): its words are in the person's
  // language again, as the request's were.
  const { deps } = ctx;
  const project =
    task.kind === 'perform'
      ? projectOfDecision(deps, await deps.decisions.get(task.decisionId))
      : deps.projects.byId(task.request.projectId);
  return inLocale(readerLocale(deps, task.user, project), () => runFollowUpHere(ctx, client, task));
}

async function runFollowUpHere(ctx: SlackContext, client: webApi.WebClient, task: FollowUp): Promise<void> {
  if (task.kind === 'perform') {
    await perform(ctx, client, task);
    return;
  }
  const result = await openDecision(ctx.deps, task.request, task.requestKey);
  if (result.ok === false) await tellUser(client, task.user, refusalFor(ctx, result.refusal), task.channel);
}

/** The context's follow-ups, or in this process when it names none. */
export function followUps(ctx: SlackContext): FollowUps {
  return ctx.followUps ?? { run: (task, client) => runFollowUp(ctx, client, task) };
}
