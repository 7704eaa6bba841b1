import type { Decision } from '../decision.js';
import type { DecisionEvent } from '../events.js';
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
  return handOver(decision, project, project.deputy, 'spoc_away', ctx);
}

/** What the deputy may do to a request that makes it theirs: it stays with them when the SPoC is back. */
const DEPUTY_ACTS: ReadonlySet<DecisionEvent['type']> = new Set([
  'info_requested',
  'delegated',
  'consulted',
  'escalated',
  'edited',
]);

/**
 * The SPoC is back: a request the deputy holds only because the SPoC was away, and has not acted on (no
 * information request, delegation, consultation or escalation since it reached them), returns to the SPoC.
 * Refused for any other request, which stays where it is. `history` is the decision's event log.
 */
export function handBackToSpoc(
  decision: Decision,
  project: Project,
  history: readonly DecisionEvent[],
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  const stays = refuse({ code: 'invalid_transition', status: decision.status, attempted: 'hand_back' });
  const { deputy } = project;
  const heldByDeputy =
    deputy !== undefined && decision.deciders.length === 1 && decision.deciders[0] === deputy;
  if (decision.level !== 'spoc' || !heldByDeputy) return stays;
  const arrival = history.findLastIndex(
    (e) =>
      e.type === 'opened' || e.type === 'handed_over' || e.type === 'delegated' || e.type === 'escalated',
  );
  const came = history[arrival];
  const becauseAway =
    (came?.type === 'opened' && came.data.routedBecause === 'spoc_away') ||
    (came?.type === 'handed_over' && came.data.because === 'spoc_away');
  if (!becauseAway) return stays;
  const acted = history.slice(arrival + 1).some((e) => e.actor === deputy && DEPUTY_ACTS.has(e.type));
  if (acted || decision.status !== 'open') return stays;
  return handOver(decision, project, project.spoc, 'spoc_back', ctx);
}

/** The SPoC level changes hands (the SPoC's absence or return), on the SPoC's account, keeping its clock. */
function handOver(
  decision: Decision,
  project: Project,
  to: UserId,
  because: 'spoc_away' | 'spoc_back',
  ctx: TransitionContext,
): Transition {
  return next(
    decision,
    { deciders: [to] },
    [
      {
        type: 'handed_over',
        at: ctx.now,
        actor: project.spoc,
        level: decision.level,
        data: { from: decision.deciders, deciders: [to], because },
      },
    ],
    ctx.clock,
  );
}
