import type { Decision, DecisionRequest, Vote } from '../decision.js';
import type { DecisionEvent } from '../events.js';
import { snapshotSignOffLadder } from '../ladder.js';
import type { Level, Project, UserId } from '../project.js';
import { refuse, type Transition } from '../refusal.js';
import { APPROVE, approvalsNeeded, approvalsOf, REJECT, SIGNOFF_OPTIONS, type SignOff } from '../signoff.js';
import type { Instant } from '../time.js';
import { tally } from '../vote.js';
import { next, refuseIfClosed, type TransitionContext } from './context.js';
import { freshDecision } from './open.js';

/** Lengths the domain accepts for a sign-off's words (the Slack layer validates first, per field). */
export const SIGNOFF_LIMIT = { title: 150, notes: 3000, link: 2000, reason: 2000 } as const;

/** What a requester asks for a sign-off: the deliverable, the domain whose key users sign, the rule, impact. */
export interface SignOffRequest {
  readonly projectId: string;
  readonly requester: UserId;
  readonly title: string;
  readonly link?: string | undefined;
  readonly notes?: string | undefined;
  readonly domain: string;
  readonly rule: { readonly kind: 'all' } | { readonly kind: 'at_least'; readonly count: number };
  readonly impact: DecisionRequest['impact'];
  readonly source?: DecisionRequest['source'];
}

/** The decision request a sign-off request stands for (kind `signoff`, options approve/reject). */
export function signOffDecisionRequest(request: SignOffRequest, now: number): DecisionRequest {
  return {
    projectId: request.projectId,
    requester: request.requester,
    question: request.title,
    context: request.notes ?? '',
    options: SIGNOFF_OPTIONS,
    impact: request.impact,
    domain: request.domain,
    ...(request.source === undefined ? {} : { source: request.source }),
    kind: 'signoff',
    signoff: {
      deliverable: {
        title: request.title,
        ...(request.link === undefined ? {} : { link: request.link }),
        ...(request.notes === undefined ? {} : { notes: request.notes }),
      },
      rule: request.rule,
      keyUsers: [],
      round: 1,
      roundOpenedAt: now,
    },
  };
}

/**
 * Opens a sign-off: round 1 goes to the key users of its domain (snapshotted with the ladder, so editing the
 * config changes nothing in flight); their level's clock starts.
 */
export function openSignOff(
  request: DecisionRequest,
  id: string,
  project: Project,
  ctx: TransitionContext,
): Transition {
  const invalid = (field: string, problem: string) => refuse({ code: 'invalid_request', field, problem });
  if (request.projectId !== project.id) return invalid('projectId', 'does not match the project');
  const signoff = request.signoff;
  if (request.kind !== 'signoff' || signoff === undefined) return invalid('kind', 'not a sign-off');
  const title = signoff.deliverable.title.trim();
  if (title === '') return invalid('title', 'empty');
  if (title.length > SIGNOFF_LIMIT.title) return invalid('title', 'too long');
  const domain = request.domain ?? '';
  const keyUsers = Object.hasOwn(project.keyUsers, domain) ? (project.keyUsers[domain] ?? []) : [];
  if (keyUsers.length === 0) return refuse({ code: 'unknown_domain', domain });
  const rule = signoff.rule;
  if (
    rule.kind === 'at_least' &&
    !(Number.isInteger(rule.count) && rule.count >= 1 && rule.count <= keyUsers.length)
  )
    return invalid('rule', `needs 1 to ${keyUsers.length} approvals`);
  const ladder = snapshotSignOffLadder(project, request.impact, ctx.clock);
  const draft = freshDecision(
    {
      ...request,
      question: title,
      options: SIGNOFF_OPTIONS,
      defaultOptionId: undefined,
      budgetImpact: undefined,
      signoff: { ...signoff, keyUsers: [...keyUsers], round: 1, roundOpenedAt: ctx.now },
    },
    id,
    { level: 'key_users', deciders: [...keyUsers], ladder, now: ctx.now },
  );

  return next(
    draft,
    {},
    [
      {
        type: 'opened',
        at: ctx.now,
        actor: request.requester,
        level: 'key_users',
        data: { deciders: draft.deciders, routedBecause: 'key_users' },
      },
    ],
    ctx.clock,
  );
}

/**
 * An answer to a sign-off: a key user approves or rejects (a reason is required to reject); after an
 * escalation the SPoC (or a sponsor) answers on the key users' behalf, and the committee by vote. The rule
 * met signs it off; a rejection ends the round and returns it to the requester with the reasons.
 * `round` is the round the button was shown for: a click on an older round is refused, never applied to
 * the next one.
 */
export function answerSignOff(
  decision: Decision,
  command: { actor: UserId; optionId: string; note?: string | undefined; round?: number | undefined },
  ctx: TransitionContext,
): Transition {
  const refused = refuseUnlessSignOff(decision, 'signoff');
  if (refused) return refused;
  const signoff = decision.signoff as SignOff;
  if (decision.status === 'returned' || (command.round !== undefined && command.round !== signoff.round))
    return refuse({ code: 'round_over', round: command.round ?? signoff.round, status: decision.status });
  if (decision.status !== 'open')
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'signoff' });
  if (!decision.deciders.includes(command.actor)) {
    return decision.level === 'key_users'
      ? refuse({
          code: 'not_a_key_user',
          signoff: { domain: decision.domain ?? '', keyUsers: decision.deciders },
        })
      : refuse({ code: 'not_your_decision', deciders: decision.deciders });
  }
  if (command.optionId !== APPROVE && command.optionId !== REJECT)
    return refuse({ code: 'unknown_option', optionId: command.optionId });
  const note = command.note?.trim() ?? '';
  if (command.optionId === REJECT && note === '') return refuse({ code: 'reason_required' });
  const previous = decision.votes.find((v) => v.member === command.actor);
  if (previous?.optionId === command.optionId)
    return refuse({ code: 'already_answered', optionId: command.optionId });

  const vote: Vote = {
    member: command.actor,
    optionId: command.optionId,
    at: ctx.now,
    ...(note === '' ? {} : { note }),
  };
  const votes = [...decision.votes.filter((v) => v.member !== command.actor), vote];
  const onBehalf = decision.level !== 'key_users';
  const base = { at: ctx.now, actor: command.actor, level: decision.level };
  const answered: DecisionEvent =
    command.optionId === APPROVE
      ? {
          ...base,
          type: 'signoff_approved',
          data: {
            round: signoff.round,
            approvals: approvalsOf(votes).length,
            needed: neededAt(decision),
            onBehalf,
            ...(note === '' ? {} : { note }),
          },
        }
      : { ...base, type: 'signoff_rejected', data: { round: signoff.round, reason: note, onBehalf } };

  return (
    settleSignOff({ ...decision, votes }, [answered], base, ctx) ??
    next(decision, { votes }, [answered], ctx.clock)
  );
}

/**
 * What the answers of `decision` settle, with `events` before the outcome: signed off (`decided`), or the round
 * back with its requester (`round_returned`, the level's clock stopped); undefined while nothing is settled.
 * `base` is who and where the settling event is recorded (the answer's actor; null for the bot).
 */
export function settleSignOff(
  decision: Decision,
  events: readonly DecisionEvent[],
  base: { readonly at: Instant; readonly actor: UserId | null; readonly level: Level },
  ctx: TransitionContext,
): Transition | undefined {
  const signoff = decision.signoff;
  if (signoff === undefined) return undefined;
  const { votes } = decision;
  const verdict = verdictOf(decision, votes);
  if (verdict === undefined) return undefined;
  if (verdict === APPROVE) {
    const how = decision.level === 'committee' || decision.level === 'key_users' ? 'vote' : 'decided';
    const outcome = { optionId: APPROVE, by: base.actor, how, at: ctx.now } as const;
    return next(
      decision,
      { status: 'decided', outcome, closedAt: ctx.now, pausedAt: null },
      [...events, { ...base, type: 'decided', data: { optionId: APPROVE, how } }],
      ctx.clock,
    );
  }
  const reasons = votes
    .filter((v) => v.optionId === REJECT)
    .map((v) => ({ by: v.member, reason: v.note ?? '' }));
  const used =
    decision.clockStartedAt === null ? 0 : ctx.clock.businessTimeBetween(decision.clockStartedAt, ctx.now);
  return next(
    decision,
    {
      status: 'returned',
      levelUsedMs: decision.levelUsedMs + used,
      clockStartedAt: null,
      pausedAt: null,
    },
    [...events, { ...base, type: 'round_returned', data: { round: signoff.round, reasons } }],
    ctx.clock,
  );
}

/** Refuses a closed request, or one that is not a sign-off. */
function refuseUnlessSignOff(decision: Decision, attempted: string): Transition | undefined {
  const closed = refuseIfClosed(decision);
  if (closed) return closed;
  if (decision.kind === 'signoff' && decision.signoff !== undefined) return undefined;
  return refuse({ code: 'invalid_transition', status: decision.status, attempted });
}

/** How many approvals close the current level: the rule at the key users, one above them, the quorum at the committee. */
function neededAt(decision: Decision): number {
  if (decision.level === 'key_users' && decision.signoff !== undefined)
    return approvalsNeeded(decision.signoff);
  return decision.level === 'committee' ? decision.ladder.quorum : 1;
}

/**
 * What the answers so far settle: at the key users any rejection returns it and the rule signs it off; one
 * answer settles it at the SPoC and sponsor levels; the committee's quorum settles it there.
 */
function verdictOf(decision: Decision, votes: readonly Vote[]): string | undefined {
  if (decision.level === 'committee') return tally(votes, decision.ladder.quorum).winner;
  if (votes.some((v) => v.optionId === REJECT)) return REJECT;
  return approvalsOf(votes).length >= neededAt(decision) ? APPROVE : undefined;
}

/**
 * The requester sends a returned sign-off back for a new round (optionally saying what changed; `round`
 * is the round the form was opened for): the round
 * count goes up, the key users are asked again with their votes cleared, and their level's clock and
 * reminders start over.
 */
export function startNewRound(
  decision: Decision,
  command: { actor: UserId; note?: string | undefined; round?: number | undefined },
  ctx: TransitionContext,
): Transition {
  const refused = refuseUnlessSignOff(decision, 'new_round');
  if (refused) return refused;
  const signoff = decision.signoff as SignOff;
  if (command.actor !== decision.requester) return refuse({ code: 'not_requester' });
  // A form opened for an earlier round: that round's new round was sent already.
  if (command.round !== undefined && command.round !== signoff.round)
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'new_round' });
  if (decision.status !== 'returned')
    return refuse({ code: 'invalid_transition', status: decision.status, attempted: 'new_round' });
  const note = command.note?.trim() ?? '';
  const round = signoff.round + 1;
  const deciders = signoff.keyUsers;
  return next(
    decision,
    {
      status: 'open',
      level: 'key_users',
      deciders,
      votes: [],
      levelEnteredAt: ctx.now,
      levelUsedMs: 0,
      clockStartedAt: ctx.now,
      pausedAt: null,
      remindersSent: 0,
      overdue: false,
      signoff: {
        deliverable: signoff.deliverable,
        rule: signoff.rule,
        keyUsers: signoff.keyUsers,
        round,
        roundOpenedAt: ctx.now,
        ...(note === '' ? {} : { roundNote: note }),
      },
    },
    [
      {
        type: 'round_started',
        at: ctx.now,
        actor: command.actor,
        level: 'key_users',
        data: { round, deciders, ...(note === '' ? {} : { note }) },
      },
    ],
    ctx.clock,
  );
}
