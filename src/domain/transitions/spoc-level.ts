import type { Decision } from '../decision.js';
import type { Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { next, refuseIfClosed, refuseUnlessDecider, type TransitionContext } from './context.js';

/**
 * The SPoC (or the deputy standing in) hands the decision to a key user or to the deputy, with a note. The
 * delegate decides from then on; the SPoC stays accountable, which the event records.
 */
export function delegate(
  decision: Decision,
  project: Project,
  command: { actor: UserId; to: UserId; note: string },
  ctx: TransitionContext,
): Transition {
  const denied = refuseUnlessDecider(decision, command.actor);
  if (denied) return denied;
  const holdsSpocRole = command.actor === project.spoc || command.actor === project.deputy;
  if (decision.level !== 'spoc' || !holdsSpocRole) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'delegate' });
  }
  const keyUsers = Object.values(project.keyUsers).flat();
  const allowed =
    command.to !== command.actor && (command.to === project.deputy || keyUsers.includes(command.to));
  if (!allowed) return refuse({ code: 'invalid_delegate', to: command.to });
  return next(
    decision,
    { deciders: [command.to] },
    [
      {
        type: 'delegated',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { to: command.to, note: command.note, accountable: project.spoc },
      },
    ],
    ctx.clock,
  );
}

/**
 * The SPoC went away: requests the SPoC holds at the SPoC level move to the deputy. Delegated requests stay
 * with their delegate. Without a deputy nothing moves (the SLA escalates them instead).
 */
export function handOverToDeputy(decision: Decision, project: Project, ctx: TransitionContext): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  const heldBySpoc = decision.deciders.length === 1 && decision.deciders[0] === project.spoc;
  if (decision.level !== 'spoc' || !heldBySpoc || project.deputy === undefined) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'hand_over' });
  }
  return next(
    decision,
    { deciders: [project.deputy] },
    [
      {
        type: 'handed_over',
        at: ctx.now,
        actor: project.spoc,
        level: decision.level,
        data: { from: decision.deciders, deciders: [project.deputy], because: 'spoc_away' },
      },
    ],
    ctx.clock,
  );
}
