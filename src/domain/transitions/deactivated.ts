import { withoutDeactivated } from '../deactivated.js';
import type { Decision } from '../decision.js';
import type { DecisionEvent } from '../events.js';
import { nextLevel } from '../ladder.js';
import type { Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { decidersAt } from '../routing.js';
import { approvalsNeeded, approvalsOf, type SignOff } from '../signoff.js';
import { tally } from '../vote.js';
import {
  committeeQuorum,
  enterLevel,
  next,
  refuseIfClosed,
  type TransitionContext,
  unchanged,
} from './context.js';
import { settleSignOff } from './signoff.js';

/** Who Slack reports deactivated now, and whether the SPoC is away (who holds the SPoC level). */
export interface Deactivations {
  readonly deactivated: ReadonlySet<UserId>;
  readonly spocAway: boolean;
}

/**
 * Some of the people a decision waits on are deactivated in Slack: it moves on now instead of waiting on them
 * until its time runs out. The bot acts (actor null).
 *
 * - Others are left at the level (other sponsors, committee members, key users): they keep it without them
 *   (`handed_over`, same level, same clock). At the committee the quorum is lowered to the members left when
 *   it was above them, so that they can still decide; a vote the deactivated member cast stays counted. At a
 *   sign-off's key users, one who had not approved leaves the key users asked (rule `all`: every one left
 *   approves) and `at_least` is lowered to the key users left when above them; an approval given stays
 *   counted. When the answers already given settle it then, it closes at once (`decided`, or the sign-off's
 *   round back with its requester after a rejection at the committee).
 * - Nobody is left at the SPoC level (the SPoC, the deputy standing in, or a delegate): it goes to who holds
 *   the SPoC level now, the deputy for a deactivated SPoC and the SPoC (or the deputy while the SPoC is away)
 *   for a deactivated delegate or deputy (`handed_over`, the level's clock goes on).
 * - Nobody is left at the level otherwise (or at the SPoC level with nobody to hold it): it goes up to the next
 *   level that has someone to decide, with that level's full time, as an escalation would (`escalated`): key
 *   users → SPoC level, SPoC level → sponsors, sponsors → committee.
 *
 * `project` is the project as the ladder sees it (its deactivated people are left out again here, so the
 * project as configured gives the same result). None of its deciders deactivated: unchanged (no event).
 * Refused (`invalid_transition`) for a returned sign-off (it waits on its requester) and when nobody is left
 * anywhere above (it stays, and its level's time runs out as usual: the default applies, or it is overdue).
 */
export function passOverDeactivated(
  decision: Decision,
  project: Project,
  people: Deactivations,
  ctx: TransitionContext,
): Transition {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  const stays = refuse({ code: 'invalid_transition', status: decision.status, attempted: 'pass_over' });
  if (decision.status === 'returned') return stays;
  const active = (user: UserId) => !people.deactivated.has(user);
  const gone = decision.deciders.filter((u) => !active(u));
  if (gone.length === 0) return unchanged(decision);
  const left = decision.deciders.filter(active);
  const base = { at: ctx.now, actor: null, level: decision.level } as const;
  if (left.length > 0) return withoutThem(decision, gone, left, ctx);

  const ladder = withoutDeactivated(project, people.deactivated).project;
  const staffed = (level: Decision['level']) =>
    decidersAt(ladder, level, people.spocAway, decision.domain).filter(active);
  if (decision.level === 'spoc') {
    const holders = staffed('spoc');
    if (holders.length > 0) {
      return next(
        decision,
        { deciders: holders },
        [
          {
            ...base,
            type: 'handed_over',
            data: { from: decision.deciders, deciders: holders, because: 'decider_deactivated', gone },
          },
        ],
        ctx.clock,
      );
    }
  }
  for (
    let to = nextLevel(decision.ladder, decision.level);
    to !== undefined;
    to = nextLevel(decision.ladder, to)
  ) {
    const deciders = staffed(to);
    if (deciders.length === 0) continue;
    return next(
      decision,
      enterLevel(decision, to, deciders, ctx.now),
      [
        {
          ...base,
          type: 'escalated',
          level: to,
          data: { from: decision.level, deciders, because: 'decider_deactivated', gone },
        },
      ],
      ctx.clock,
    );
  }
  return stays;
}

/** The level goes on with the deciders `left`, and closes when the answers given settle it without the others. */
function withoutThem(
  decision: Decision,
  gone: readonly UserId[],
  left: readonly UserId[],
  ctx: TransitionContext,
): Transition {
  let changes: Partial<Decision> = { deciders: left };
  let needed: number | undefined;
  if (decision.level === 'committee') {
    const quorum = committeeQuorum(decision.ladder.quorum, left);
    if (quorum !== decision.ladder.quorum) {
      changes = { ...changes, ladder: { ...decision.ladder, quorum } };
      needed = quorum;
    }
  } else if (decision.level === 'key_users' && decision.signoff !== undefined) {
    const signoff = withoutKeyUsers(decision.signoff, gone, decision);
    changes = { ...changes, signoff };
    const after = approvalsNeeded(signoff);
    if (after !== approvalsNeeded(decision.signoff)) needed = after;
  }
  const base = { at: ctx.now, actor: null, level: decision.level } as const;
  const handed: DecisionEvent = {
    ...base,
    type: 'handed_over',
    data: {
      from: decision.deciders,
      deciders: left,
      because: 'decider_deactivated',
      gone,
      ...(needed === undefined ? {} : { needed }),
    },
  };
  const changed: Decision = { ...decision, ...changes };
  if (decision.kind === 'signoff') {
    const settled = settleSignOff(changed, [handed], base, ctx);
    if (settled !== undefined) return settled;
  } else if (decision.level === 'committee') {
    const { winner } = tally(changed.votes, changed.ladder.quorum);
    if (winner !== undefined) {
      const outcome = { optionId: winner, by: null, how: 'vote' as const, at: ctx.now };
      return next(
        changed,
        { status: 'decided', outcome, closedAt: ctx.now, pausedAt: null },
        [handed, { ...base, type: 'decided', data: { optionId: winner, how: 'vote' } }],
        ctx.clock,
      );
    }
  }
  return next(decision, changes, [handed], ctx.clock);
}

/**
 * The sign-off's key users without those of `gone` who have not approved in this round (one who approved stays,
 * so that their approval counts toward the rule), and `at_least` lowered to the key users kept when above them.
 */
function withoutKeyUsers(signoff: SignOff, gone: readonly UserId[], decision: Decision): SignOff {
  const approved = new Set(approvalsOf(decision.votes).map((v) => v.member));
  const keyUsers = signoff.keyUsers.filter((u) => !gone.includes(u) || approved.has(u));
  const { rule } = signoff;
  return {
    ...signoff,
    keyUsers,
    rule:
      rule.kind === 'at_least' && rule.count > keyUsers.length
        ? { kind: 'at_least', count: Math.max(1, keyUsers.length) }
        : rule,
  };
}
