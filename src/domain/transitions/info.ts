import type { Decision } from '../decision.js';
import { remainingAt } from '../ladder.js';
import type { UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { next, refuseIfClosed, refuseUnlessDecider, type TransitionContext } from './context.js';

/** A decider needs information from the requester: the level's clock pauses until the requester answers. */
export function requestInfo(
  decision: Decision,
  command: { actor: UserId; question: string },
  ctx: TransitionContext,
): Transition {
  const denied = refuseUnlessDecider(decision, command.actor);
  if (denied) return denied;
  if (decision.status !== 'open') {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'request_info' });
  }
  const remainingMs = remainingAt(decision, ctx.now, ctx.clock);
  const used =
    decision.clockStartedAt === null ? 0 : ctx.clock.businessTimeBetween(decision.clockStartedAt, ctx.now);
  return next(
    decision,
    {
      status: 'needs_info',
      levelUsedMs: decision.levelUsedMs + used,
      clockStartedAt: null,
      pausedAt: ctx.now,
    },
    [
      {
        type: 'info_requested',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { question: command.question, remainingMs },
      },
    ],
    ctx.clock,
  );
}

/** The requester answers: the clock resumes with exactly the business time that was left. */
export function provideInfo(
  decision: Decision,
  command: { actor: UserId; answer: string },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (command.actor !== decision.requester) return refuse({ code: 'not_requester' });
  if (decision.status !== 'needs_info' || decision.pausedAt === null) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'provide_info' });
  }
  return next(
    decision,
    { status: 'open', clockStartedAt: ctx.now, pausedAt: null },
    [
      {
        type: 'info_provided',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { answer: command.answer, pausedMs: ctx.now - decision.pausedAt },
      },
    ],
    ctx.clock,
  );
}
