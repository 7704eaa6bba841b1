import type { Decision } from '../decision.js';
import { isClosed } from '../decision.js';
import type { DecisionEvent } from '../events.js';
import { type BusinessClock, levelDueAt } from '../ladder.js';
import type { Level, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import type { Instant } from '../time.js';

/** What every transition needs besides the decision: the instant it happens and the business calendar. */
export interface TransitionContext {
  readonly now: Instant;
  readonly clock: BusinessClock;
}

/** Applies changes as a new version and re-derives the due instant. */
export function next(
  decision: Decision,
  changes: Partial<Decision>,
  events: readonly DecisionEvent[],
  clock: BusinessClock,
): Transition {
  const changed: Decision = { ...decision, ...changes, version: decision.version + 1 };
  const dueAt = isClosed(changed.status) || changed.overdue ? null : levelDueAt(changed, clock);
  return { ok: true, decision: { ...changed, dueAt }, events };
}

/**
 * The changes that put a decision at a new level held by `deciders`: its full time starts now, or when the
 * requester answers if it is paused for information; reminders and votes start afresh. At the committee the
 * quorum the decision opened with is lowered to the members it reaches, when fewer (some were deactivated in
 * Slack since), so that they can still decide.
 */
export function enterLevel(
  decision: Decision,
  level: Level,
  deciders: readonly UserId[],
  now: Instant,
): Partial<Decision> {
  const quorum = committeeQuorum(decision.ladder.quorum, deciders);
  return {
    level,
    deciders,
    levelEnteredAt: now,
    levelUsedMs: 0,
    clockStartedAt: decision.status === 'needs_info' ? null : now,
    remindersSent: 0,
    votes: [],
    ...(level === 'committee' && quorum !== decision.ladder.quorum
      ? { ladder: { ...decision.ladder, quorum } }
      : {}),
  };
}

/** The quorum `members` can reach: `quorum`, or all of them when fewer (never below one). */
export function committeeQuorum(quorum: number, members: readonly UserId[]): number {
  return Math.max(1, Math.min(quorum, members.length));
}

/** A command that changes nothing (e.g. the same vote twice): storage writes nothing for it. */
export function unchanged(decision: Decision): Transition {
  return { ok: true, decision, events: [] };
}

/** Refuses any command on a closed decision, telling who decided what. */
export function refuseIfClosed(decision: Decision): Transition | undefined {
  if (!isClosed(decision.status)) return undefined;
  return refuse({ code: 'already_decided', status: decision.status, outcome: decision.outcome });
}

/** Refuses unless the decision is still open and `actor` is one of its current deciders. */
export function refuseUnlessDecider(decision: Decision, actor: string): Transition | undefined {
  return (
    refuseIfClosed(decision) ??
    (decision.deciders.includes(actor)
      ? undefined
      : refuse({ code: 'not_your_decision', deciders: decision.deciders }))
  );
}

export function hasOption(decision: Decision, optionId: string): boolean {
  return decision.options.some((o) => o.id === optionId);
}
