import type { Decision } from '../decision.js';
import type { Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { next, refuseIfClosed, refuseUnlessDecider, type TransitionContext } from './context.js';

/** A decider asks a domain's key users for an opinion. They advise; they do not decide. */
export function consultKeyUsers(
  decision: Decision,
  project: Project,
  command: { actor: UserId; domain: string; question: string },
  ctx: TransitionContext,
): Transition {
  const denied = refuseUnlessDecider(decision, command.actor);
  if (denied) return denied;
  // hasOwn: a domain called "constructor" must not find Object's prototype.
  const keyUsers = Object.hasOwn(project.keyUsers, command.domain)
    ? project.keyUsers[command.domain]
    : undefined;
  if (keyUsers === undefined || keyUsers.length === 0)
    return refuse({ code: 'unknown_domain', domain: command.domain });
  return next(
    decision,
    {},
    [
      {
        type: 'consulted',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { domain: command.domain, keyUsers, question: command.question },
      },
    ],
    ctx.clock,
  );
}

/** A key user's opinion, added to the log. */
export function giveOpinion(
  decision: Decision,
  project: Project,
  command: { actor: UserId; text: string },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (!Object.values(project.keyUsers).some((users) => users.includes(command.actor))) {
    return refuse({ code: 'not_a_key_user' });
  }
  return next(
    decision,
    {},
    [
      {
        type: 'opinion_given',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { text: command.text },
      },
    ],
    ctx.clock,
  );
}
