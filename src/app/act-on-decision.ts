import type { Decision } from '../domain/decision.js';
import type { Project, UserId } from '../domain/project.js';
import type { Transition } from '../domain/refusal.js';
import {
  answerSignOff,
  consultKeyUsers,
  decide,
  delegate,
  editRequest,
  giveOpinion,
  provideInfo,
  type RequestEdit,
  requestInfo,
  type SendUpTarget,
  sendUp,
  startNewRound,
  type TransitionContext,
  vote,
  withdraw,
} from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import { whenWritable } from './write-lock.js';

/** What a person can do to a decision from Slack. */
export type DecisionCommand =
  | {
      readonly kind: 'decide';
      readonly optionId: string;
      readonly rationale?: string | undefined;
      /** The content stamp of the version the decider answered (refused if the request was edited since). */
      readonly seen?: string | undefined;
    }
  | {
      readonly kind: 'vote';
      readonly optionId: string;
      readonly note?: string | undefined;
      readonly seen?: string | undefined;
    }
  | { readonly kind: 'send_up'; readonly target: SendUpTarget; readonly reason: string }
  | { readonly kind: 'edit'; readonly edit: RequestEdit }
  | { readonly kind: 'request_info'; readonly question: string }
  | { readonly kind: 'provide_info'; readonly answer: string }
  | { readonly kind: 'withdraw'; readonly reason?: string | undefined }
  | { readonly kind: 'delegate'; readonly to: UserId; readonly note: string }
  | { readonly kind: 'consult'; readonly domain: string; readonly question: string }
  | { readonly kind: 'opinion'; readonly text: string }
  // Sign-offs: an answer (a key user, or above them on their behalf) for the round it was shown for; a new round.
  | {
      readonly kind: 'signoff';
      readonly optionId: string;
      readonly note?: string | undefined;
      readonly round?: number | undefined;
    }
  | { readonly kind: 'new_round'; readonly note?: string | undefined; readonly round?: number | undefined };

/** What a sign-off accepts besides its own commands; the rest are a decision's (decide, vote, need info…). */
const SIGNOFF_ALSO: ReadonlySet<DecisionCommand['kind']> = new Set(['withdraw']);

export type ActResult = { readonly found: false } | ({ readonly found: true } & Transition);

/**
 * Applies a person's command. The decision is re-read under the write lock, so a double click, a replayed
 * request or two deciders at once give exactly one outcome; the later one gets `already_decided`. A form
 * submission passes its view id as `requestKey`: replaying it is a silent no-op rather than a refusal.
 */
export async function actOnDecision(
  deps: AppDeps,
  decisionId: string,
  actor: UserId,
  command: DecisionCommand,
  requestKey?: string,
): Promise<ActResult> {
  const now = deps.clock.now();
  const ctx: TransitionContext = { now, clock: deps.projects.calendar };
  let project: Project | undefined;
  const result = await whenWritable(() =>
    deps.decisions.transact(
      decisionId,
      (current) => {
        project = deps.projects.byId(current.projectId);
        if (!project)
          return { ok: false, refusal: { code: 'invalid_request', field: 'projectId', problem: 'unknown' } };
        return apply(current, project, actor, command, ctx);
      },
      (t) => (project ? outboxFor(t.decision, t.events, project) : []),
      now,
      requestKey,
    ),
  );
  if (result.found && result.ok && result.events.length > 0) await afterCommit(deps, result.decision);
  return result;
}

function apply(
  d: Decision,
  project: Project,
  actor: UserId,
  command: DecisionCommand,
  ctx: TransitionContext,
): Transition {
  const signoffCommand = command.kind === 'signoff' || command.kind === 'new_round';
  if (d.kind === 'signoff' && !signoffCommand && !SIGNOFF_ALSO.has(command.kind))
    return { ok: false, refusal: { code: 'is_signoff' } };
  switch (command.kind) {
    case 'decide':
      return decide(d, { actor, ...command }, ctx);
    case 'vote':
      return vote(d, { actor, ...command }, ctx);
    case 'send_up':
      return sendUp(d, project, { actor, target: command.target, reason: command.reason }, ctx);
    case 'edit':
      return editRequest(d, project, { actor, edit: command.edit }, ctx);
    case 'request_info':
      return requestInfo(d, { actor, question: command.question }, ctx);
    case 'provide_info':
      return provideInfo(d, { actor, answer: command.answer }, ctx);
    case 'withdraw':
      return withdraw(d, { actor, reason: command.reason }, ctx);
    case 'delegate':
      return delegate(d, project, { actor, to: command.to, note: command.note }, ctx);
    case 'consult':
      return consultKeyUsers(d, project, { actor, domain: command.domain, question: command.question }, ctx);
    case 'opinion':
      return giveOpinion(d, project, { actor, text: command.text }, ctx);
    case 'signoff':
      return answerSignOff(
        d,
        { actor, optionId: command.optionId, note: command.note, round: command.round },
        ctx,
      );
    case 'new_round':
      return startNewRound(d, { actor, note: command.note, round: command.round }, ctx);
  }
}
