import type { Decision } from '../decision.js';
import { nextLevel } from '../ladder.js';
import type { Level, Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { decidersAt, staffedLevelFrom } from '../routing.js';
import { enterLevel, next, refuseUnlessDecider, type TransitionContext } from './context.js';

/** Where a decider sends a decision at once: one level up (above my authority), or to the committee. */
export type SendUpTarget = 'above_authority' | 'needs_committee';

/**
 * The current decider at the SPoC or sponsor level sends the decision up now, with a reason, instead of
 * waiting for the level's time to run out. The next level starts with its full time; a decision paused for
 * information stays paused (its clock starts when the requester answers).
 */
export function sendUp(
  decision: Decision,
  project: Project,
  command: { actor: UserId; target: SendUpTarget; reason: string },
  ctx: TransitionContext,
): Transition {
  const denied = refuseUnlessDecider(decision, command.actor);
  if (denied) return denied;
  const target = targetLevel(decision, command.target);
  // One level up means the next that has someone to decide (its people may all be deactivated).
  const to =
    command.target === 'above_authority'
      ? staffedLevelFrom(decision.ladder, target, project, false)?.level
      : target;
  if (to === undefined) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'send_up' });
  }
  const reason = command.reason.trim();
  if (reason === '') return refuse({ code: 'invalid_request', field: 'reason', problem: 'empty' });
  const deciders = decidersAt(project, to, false);
  return next(
    decision,
    enterLevel(decision, to, deciders, ctx.now),
    [
      {
        type: 'escalated',
        at: ctx.now,
        actor: command.actor,
        level: to,
        data: { from: decision.level, deciders, because: command.target, reason },
      },
    ],
    ctx.clock,
  );
}

/** The level a decision would go to; undefined where it cannot be sent up (the committee, an overdue one). */
export function targetLevel(decision: Decision, target: SendUpTarget): Level | undefined {
  if (decision.level === 'committee' || decision.overdue) return undefined;
  const to = target === 'needs_committee' ? 'committee' : nextLevel(decision.ladder, decision.level);
  return to !== undefined && decision.ladder.steps.some((s) => s.level === to) ? to : undefined;
}
