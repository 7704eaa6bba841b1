import type { Decision } from '../decision.js';
import type { UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { next, refuseIfClosed, type TransitionContext } from './context.js';

/** The requester takes the question back. */
export function withdraw(
  decision: Decision,
  command: { actor: UserId; reason?: string | undefined },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (command.actor !== decision.requester) return refuse({ code: 'not_requester' });
  return next(
    decision,
    { status: 'withdrawn', closedAt: ctx.now, pausedAt: null },
    [
      {
        type: 'withdrawn',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { reason: command.reason },
      },
    ],
    ctx.clock,
  );
}
