import type { Decision, DecisionRequest, Ladder } from '../decision.js';
import { snapshotLadder } from '../ladder.js';
import type { Level, Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { routeNewRequest } from '../routing.js';
import type { Instant } from '../time.js';
import { next, type TransitionContext } from './context.js';

export const MIN_OPTIONS = 2;
export const MAX_OPTIONS = 5;

/** Opens a request: routes it, snapshots the ladder and starts the first level's clock. */
export function openDecision(
  request: DecisionRequest,
  id: string,
  project: Project,
  spocAway: boolean,
  ctx: TransitionContext,
): Transition {
  const invalid = checkRequest(request, project);
  if (invalid) return invalid;
  const routing = routeNewRequest(project, request, spocAway);
  const draft = freshDecision(request, id, {
    level: routing.level,
    deciders: routing.deciders,
    ladder: snapshotLadder(project, request.impact, routing.level, ctx.clock),
    now: ctx.now,
  });
  return next(
    draft,
    {},
    [
      {
        type: 'opened',
        at: ctx.now,
        actor: request.requester,
        level: routing.level,
        data: { deciders: routing.deciders, routedBecause: routing.reason },
      },
    ],
    ctx.clock,
  );
}

/** A request just opened at its first level, its clock running from `now` (version 0, nothing answered). */
export function freshDecision(
  request: DecisionRequest,
  id: string,
  first: { level: Level; deciders: readonly UserId[]; ladder: Ladder; now: Instant },
): Decision {
  return {
    ...request,
    id,
    status: 'open',
    level: first.level,
    deciders: first.deciders,
    ladder: first.ladder,
    openedAt: first.now,
    levelEnteredAt: first.now,
    levelUsedMs: 0,
    clockStartedAt: first.now,
    pausedAt: null,
    dueAt: null,
    remindersSent: 0,
    overdue: false,
    votes: [],
    outcome: null,
    closedAt: null,
    late: false,
    version: 0,
  };
}

/** The domain's own guard; the Slack layer validates first and words the problems per field. */
export function checkRequest(request: DecisionRequest, project: Project): Transition | undefined {
  const invalid = (field: string, problem: string) => refuse({ code: 'invalid_request', field, problem });
  if (request.projectId !== project.id) return invalid('projectId', 'does not match the project');
  if (request.question.trim() === '') return invalid('question', 'empty');
  const ids = new Set(request.options.map((o) => o.id));
  if (request.options.length < MIN_OPTIONS || request.options.length > MAX_OPTIONS) {
    return invalid('options', `needs ${MIN_OPTIONS} to ${MAX_OPTIONS} options`);
  }
  if (ids.size !== request.options.length) return invalid('options', 'duplicate option ids');
  if (request.defaultOptionId !== undefined && !ids.has(request.defaultOptionId)) {
    return refuse({ code: 'unknown_option', optionId: request.defaultOptionId });
  }
  if (request.domain !== undefined && !Object.hasOwn(project.keyUsers, request.domain)) {
    return refuse({ code: 'unknown_domain', domain: request.domain });
  }
  if (request.budgetImpact !== undefined && !(request.budgetImpact >= 0)) {
    return invalid('budgetImpact', 'must be a number of zero or more');
  }
  return undefined;
}
