import type { Decision } from '../decision.js';
import { nextLevel, reminderDueAt } from '../ladder.js';
import type { Level, Project } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { staffedLevelFrom } from '../routing.js';
import { enterLevel, next, refuseIfClosed, type TransitionContext } from './context.js';

/**
 * Who a reminder goes to: the deciders, or at the committee (and a sign-off's key users) those who have not
 * answered yet.
 */
export function reminderRecipients(decision: Decision): readonly string[] {
  if (decision.level !== 'committee' && decision.level !== 'key_users') return decision.deciders;
  const voted = new Set(decision.votes.map((v) => v.member));
  return decision.deciders.filter((m) => !voted.has(m));
}

/**
 * A reminder timer fired. It applies only if the decision is still open at that level, this reminder has not
 * been sent and its instant has come: a late, repeated or early timer changes nothing.
 */
export function remind(
  decision: Decision,
  timer: { level: Level; index: number },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (decision.status !== 'open' || decision.level !== timer.level || decision.overdue) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'remind' });
  }
  if (timer.index < decision.remindersSent || timer.index >= decision.ladder.reminders.length) {
    return refuse({ code: 'reminders_exhausted' });
  }
  const dueAt = reminderDueAt(decision, timer.index, ctx.clock);
  if (dueAt === null || ctx.now < dueAt) return refuse({ code: 'not_due', dueAt });
  return next(
    decision,
    { remindersSent: timer.index + 1 },
    [
      {
        type: 'reminded',
        at: ctx.now,
        actor: null,
        level: decision.level,
        data: {
          deciders: reminderRecipients(decision),
          index: timer.index,
          dueAt: decision.dueAt ?? ctx.now,
        },
      },
    ],
    ctx.clock,
  );
}

/**
 * The level's time ran out: the request climbs the ladder to the next level that has someone to decide (a level
 * whose people are all deactivated is skipped). At the top, the declared default applies (the
 * decision expires with that outcome) or, without one, it stays with the committee marked overdue.
 * Refused when the timer is stale (the decision moved on) or early (its due instant has not come).
 */
export function escalate(
  decision: Decision,
  project: Project,
  timer: { level: Level; spocAway: boolean },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (decision.status !== 'open' || decision.level !== timer.level || decision.overdue) {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'escalate' });
  }
  if (decision.dueAt === null || ctx.now < decision.dueAt)
    return refuse({ code: 'not_due', dueAt: decision.dueAt });
  const up = staffedLevelFrom(
    decision.ladder,
    nextLevel(decision.ladder, decision.level),
    project,
    timer.spocAway,
  );
  if (up !== undefined) {
    const { level: to, deciders } = up;
    return next(
      decision,
      enterLevel(decision, to, deciders, ctx.now),
      [
        {
          type: 'escalated',
          at: ctx.now,
          actor: null,
          level: to,
          data: { from: decision.level, deciders, because: 'timeout' },
        },
      ],
      ctx.clock,
    );
  }
  const defaultOptionId = decision.defaultOptionId;
  if (defaultOptionId !== undefined) {
    const outcome = { optionId: defaultOptionId, by: null, how: 'default' as const, at: ctx.now };
    return next(
      decision,
      { status: 'expired', outcome, closedAt: ctx.now },
      [
        {
          type: 'expired',
          at: ctx.now,
          actor: null,
          level: decision.level,
          data: { optionId: defaultOptionId },
        },
      ],
      ctx.clock,
    );
  }
  return next(
    decision,
    { overdue: true },
    [{ type: 'marked_overdue', at: ctx.now, actor: null, level: decision.level, data: {} }],
    ctx.clock,
  );
}
