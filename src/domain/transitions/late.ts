import type { Decision } from '../decision.js';
import { lateAt } from '../ladder.js';
import { refuse, type Transition } from '../refusal.js';
import { next, refuseIfClosed, type TransitionContext } from './context.js';

/**
 * The decision's needed-by date has come while it is still open (or paused for information): from now on every
 * message about it says it is late. Refused when it is closed, has no needed-by date, is already late, or the
 * date has not come yet (an early or repeated timer changes nothing).
 */
export function markLate(decision: Decision, ctx: TransitionContext): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  const at = lateAt(decision, ctx.clock);
  if (at === null || decision.neededBy === undefined || decision.late) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'mark_late' });
  }
  if (ctx.now < at) return refuse({ code: 'not_due', dueAt: at });
  return next(
    decision,
    { late: true },
    [
      {
        type: 'marked_late',
        at: ctx.now,
        actor: null,
        level: decision.level,
        data: { neededBy: decision.neededBy },
      },
    ],
    ctx.clock,
  );
}
