import { contentStamp } from '../content-stamp.js';
import type { Decision } from '../decision.js';
import type { UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { tally } from '../vote.js';
import {
  hasOption,
  next,
  refuseIfClosed,
  refuseUnlessDecider,
  type TransitionContext,
  unchanged,
} from './context.js';

/** A decider picks an option (SPoC, deputy, delegate or sponsor level). The committee votes instead. */
export function decide(
  decision: Decision,
  command: { actor: UserId; optionId: string; rationale?: string | undefined; seen?: string | undefined },
  ctx: TransitionContext,
): Transition {
  const denied = refuseUnlessDecider(decision, command.actor) ?? refuseIfEdited(decision, command.seen);
  if (denied) return denied;
  if (decision.kind === 'signoff') return refuse({ code: 'is_signoff' });
  if (decision.level === 'committee') return refuse({ code: 'vote_required' });
  if (!hasOption(decision, command.optionId))
    return refuse({ code: 'unknown_option', optionId: command.optionId });
  const rationale = command.rationale?.trim() || undefined;
  const outcome = {
    optionId: command.optionId,
    by: command.actor,
    how: 'decided' as const,
    rationale,
    at: ctx.now,
  };
  return next(
    decision,
    { status: 'decided', outcome, closedAt: ctx.now, pausedAt: null },
    [
      {
        type: 'decided',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { optionId: command.optionId, how: 'decided', rationale },
      },
    ],
    ctx.clock,
  );
}

/**
 * A committee member votes (or changes their vote). The decision closes as soon as one option reaches the
 * quorum. A tie never closes it: it waits for a changed vote or for the committee's deadline.
 */
export function vote(
  decision: Decision,
  command: { actor: UserId; optionId: string; note?: string | undefined; seen?: string | undefined },
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (decision.kind === 'signoff') return refuse({ code: 'is_signoff' });
  if (decision.level !== 'committee') {
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'vote' });
  }
  if (!decision.deciders.includes(command.actor)) return refuse({ code: 'not_committee_member' });
  const edited = refuseIfEdited(decision, command.seen);
  if (edited) return edited;
  if (!hasOption(decision, command.optionId))
    return refuse({ code: 'unknown_option', optionId: command.optionId });
  const previous = decision.votes.find((v) => v.member === command.actor);
  const note = command.note?.trim() || undefined;
  // The same vote again changes nothing, unless it comes with a new note (which then replaces the old one).
  if (previous?.optionId === command.optionId && (note === undefined || note === previous.note))
    return unchanged(decision);
  const votes = [
    ...decision.votes.filter((v) => v.member !== command.actor),
    {
      member: command.actor,
      optionId: command.optionId,
      at: ctx.now,
      ...(note === undefined ? {} : { note }),
    },
  ];
  const { counts, winner } = tally(votes, decision.ladder.quorum);
  const voted = {
    type: 'voted' as const,
    at: ctx.now,
    actor: command.actor,
    level: decision.level,
    data: {
      optionId: command.optionId,
      previous: previous?.optionId ?? null,
      tally: Object.fromEntries(counts),
      ...(note === undefined ? {} : { note }),
    },
  };
  if (winner === undefined) return next(decision, { votes }, [voted], ctx.clock);
  const outcome = { optionId: winner, by: command.actor, how: 'vote' as const, at: ctx.now };
  return next(
    decision,
    { votes, status: 'decided', outcome, closedAt: ctx.now, pausedAt: null },
    [
      voted,
      {
        type: 'decided',
        at: ctx.now,
        actor: command.actor,
        level: decision.level,
        data: { optionId: winner, how: 'vote' },
      },
    ],
    ctx.clock,
  );
}

/** `seen`: the stamp of the version the answer was given on (absent: not known, e.g. an older button). */
function refuseIfEdited(decision: Decision, seen: string | undefined): Transition | undefined {
  return seen === undefined || seen === contentStamp(decision) ? undefined : refuse({ code: 'edited_since' });
}
