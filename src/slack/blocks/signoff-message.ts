import type { Decision } from '../../domain/decision.js';
import { isClosed } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { Level, UserId } from '../../domain/project.js';
import { APPROVE, approvalsNeeded, approvalsOf, REJECT } from '../../domain/signoff.js';
import type { Instant } from '../../domain/time.js';
import { ACTION, encodeButtonValue, encodeRoundValue, SIGNOFF_ACTION } from '../ids.js';
import { t } from '../text/index.js';
import type { DecisionMessageOptions } from './decision-message.js';
import { isCurrentDecider, nextLevelOf, slaOf } from './facts.js';
import {
  actions,
  type Button,
  button,
  context,
  divider,
  fields,
  header,
  type KnownBlock,
  type Message,
  section,
} from './kit.js';

/**
 * Every copy of a sign-off: a key user's DM (who approved so far, the rule's progress, their own answer, the
 * Sign off / Reject buttons), the thread head, the requester's copy (Send a new round once a round came back)
 * and, after an escalation, the SPoC's (or sponsor's) copy to answer on the key users' behalf. Each earlier
 * copy is updated to the same builder's output, so no button outlives its round.
 */
export type SignOffMessageOptions = DecisionMessageOptions & {
  /** The sign-off's event log (ordered by time): earlier rounds, answers before an escalation. */
  readonly events: readonly DecisionEvent[];
  /** The requester's first copy: led by the receipt (where it went, until when). */
  readonly receipt?: boolean | undefined;
  /** Which round and level this copy was posted for (a decider's copy); another one renders as ended. */
  readonly copy?: { readonly round: number; readonly level: Level } | undefined;
};

/** Block ids of the interactive blocks. */
export const SIGNOFF_BLOCK = { actions: 'signoff_actions', returned: 'signoff_returned_actions' } as const;

/** The role a decider's copy is remembered under: per level and round, so a new round gets fresh copies. */
export function signOffRequestRole(decision: {
  readonly level: Level;
  readonly signoff?: { readonly round: number } | undefined;
}): string {
  return `request-${decision.level}-r${decision.signoff?.round ?? 1}`;
}

/** The round and level of a decider's copy, from its role; undefined for other roles. */
export function parseSignOffRequestRole(role: string): { round: number; level: Level } | undefined {
  const match = /^request-(key_users|spoc|sponsor|committee)-r(\d+)$/.exec(role);
  return match ? { level: match[1] as Level, round: Number(match[2]) } : undefined;
}

/** The role of the DM telling the requester round `n` came back (its buttons go once the round is over). */
export function signOffReturnedRole(round: number): string {
  return `signoff_returned-${round}`;
}

export function parseSignOffReturnedRole(role: string): number | undefined {
  const match = /^signoff_returned-(\d+)$/.exec(role);
  return match ? Number(match[1]) : undefined;
}

export function signOffMessage(decision: Decision, options: SignOffMessageOptions): Message {
  const s = t.signoff;
  const signoff = decision.signoff;
  const round = signoff?.round ?? 1;
  const closed = isClosed(decision.status);
  const stale =
    options.copy !== undefined && (options.copy.round !== round || options.copy.level !== decision.level);
  // Answers are taken only while the round runs (not once it came back to the requester).
  const decider =
    options.viewer === 'decider' &&
    !stale &&
    isCurrentDecider(decision, options.viewerId) &&
    decision.status === 'open';
  const blocks: KnownBlock[] = [];
  if (options.receipt) {
    blocks.push(
      section(s.receipt(decision.domain ?? '', decision.deciders, decision.dueAt, options.timeZone)),
    );
  }
  blocks.push(header(s.header(decision.question)));
  const deliverable = s.deliverable(signoff?.deliverable.link, signoff?.deliverable.notes);
  if (deliverable !== '') blocks.push(section(deliverable));
  if (decision.source !== undefined) {
    blocks.push(context(t.decision.source(decision.source.channel, options.sourcePermalink)));
  }
  blocks.push(detailFields(decision, options));
  blocks.push(
    ...(closed ? outcomeBlocks(decision, options) : statusBlocks(decision, options, decider, stale)),
  );
  const earlier = earlierRounds(options.events, round);
  if (earlier.length > 0) blocks.push(divider(), section([s.historyTitle(), ...earlier].join('\n')));
  if (!closed) {
    const buttons = decider
      ? answerButtons(decision, options.viewerId)
      : options.viewer === 'requester'
        ? requesterButtons(decision)
        : [];
    if (buttons.length > 0) blocks.push(actions(SIGNOFF_BLOCK.actions, buttons));
  }
  return { text: fallback(decision, decider), blocks };
}

function fallback(decision: Decision, decider: boolean): string {
  const s = t.signoff;
  if (isClosed(decision.status)) return s.fallbackClosed(decision.question, outcomeShort(decision));
  return decider ? s.fallbackRequest(decision.question) : s.fallbackStatus(decision.question);
}

/** The outcome in a few plain words (App Home, fallbacks). */
export function outcomeShort(decision: Decision): string {
  const how =
    decision.status === 'decided' && decision.outcome?.optionId === APPROVE
      ? 'signed_off'
      : decision.status === 'withdrawn'
        ? 'withdrawn'
        : 'other';
  return t.signoff.outcomeShort(how, decision.signoff?.round ?? 1);
}

function detailFields(decision: Decision, options: SignOffMessageOptions): KnownBlock {
  const f = t.signoff.field;
  const signoff = decision.signoff;
  const keyUsers = signoff?.keyUsers ?? [];
  const open = decision.status === 'open';
  return fields([
    t.decision.field.requester(decision.requester),
    f.keyUsers(decision.domain ?? '', keyUsers),
    signoff === undefined ? undefined : f.rule(signoff.rule, keyUsers.length),
    f.round(signoff?.round ?? 1),
    t.decision.field.impact(decision.impact),
    // At the key users' level the field above says who holds it.
    open && decision.level !== 'key_users' ? f.holder(decision.deciders, decision.level) : undefined,
    decision.status === 'returned' ? f.returned(decision.requester) : undefined,
    open && decision.overdue ? t.decision.field.overdue() : undefined,
    open && !decision.overdue && decision.dueAt !== null
      ? t.decision.field.due(
          decision.dueAt,
          decision.dueAt - options.now,
          nextLevelOf(decision),
          options.timeZone,
        )
      : undefined,
  ]);
}

function outcomeBlocks(decision: Decision, options: SignOffMessageOptions): KnownBlock[] {
  const line = outcomeLine(decision, options.timeZone);
  const wallMs = options.latency?.wallMs ?? (decision.closedAt ?? options.now) - decision.openedAt;
  return [section(line), context(t.decision.took(wallMs, options.latency?.businessMs))];
}

/** Signed off (by whom, on whose behalf, in which round) or withdrawn. */
function outcomeLine(decision: Decision, timeZone: string): string {
  const s = t.signoff;
  const at = decision.closedAt ?? decision.levelEnteredAt;
  if (decision.status === 'withdrawn') return s.withdrawn(decision.requester, at, timeZone);
  const o = decision.outcome;
  const round = decision.signoff?.round ?? 1;
  if (o?.how === 'decided' && o.by !== null) return s.signedOff([], round, o.at, timeZone, o.by);
  const approvers = approvalsOf(decision.votes).map((v) => v.member);
  return s.signedOff(approvers, round, o?.at ?? at, timeZone, undefined);
}

function statusBlocks(
  decision: Decision,
  options: SignOffMessageOptions,
  decider: boolean,
  stale: boolean,
): KnownBlock[] {
  const s = t.signoff;
  const signoff = decision.signoff;
  const round = signoff?.round ?? 1;
  const lines: string[] = [];
  if (stale && options.copy !== undefined) {
    lines.push(
      options.copy.round !== round
        ? s.roundEnded(options.copy.round)
        : s.movedOn(decision.deciders, decision.level),
    );
  }
  if (decision.status === 'returned') {
    lines.push(
      options.viewer === 'requester' ? s.returnedToYou(round) : s.returnedLine(round, decision.requester),
    );
    const reasons = decision.votes
      .filter((v) => v.optionId === REJECT)
      .map((v) => ({ by: v.member, reason: v.note ?? '' }));
    if (reasons.length > 0) lines.push(s.reasons(reasons));
    return [section(lines.join('\n'))];
  }
  if (signoff?.roundNote !== undefined && round > 1) lines.push(s.roundNote(round, signoff.roundNote));
  if (decision.level === 'key_users') {
    if (!decider && !stale) lines.push(s.statusLine(decision.level, decision.deciders));
    if (signoff !== undefined)
      lines.push(s.progress(approvalsOf(decision.votes).length, approvalsNeeded(signoff)));
    for (const user of signoff?.keyUsers ?? decision.deciders) {
      const vote = decision.votes.find((v) => v.member === user);
      lines.push(
        s.answered(
          user,
          vote === undefined ? 'waiting' : vote.optionId === APPROVE ? 'approved' : 'rejected',
          vote?.note,
        ),
      );
    }
    if (decider) {
      const mine = decision.votes.find((v) => v.member === options.viewerId);
      lines.push(s.yourAnswer(mine?.optionId === APPROVE ? 'approved' : 'none'));
    }
  } else {
    lines.push(decider ? s.onBehalf(decision.level) : s.statusLine(decision.level, decision.deciders));
    // What the key users said in this round before it left them.
    for (const e of options.events) {
      if (e.type === 'signoff_approved' && e.level === 'key_users' && e.data.round === round)
        lines.push(s.answered(e.actor ?? '', 'approved', e.data.note));
    }
    if (decision.overdue) lines.push(t.decision.overdueLine());
  }
  return [section(lines.join('\n'))];
}

/** One line per earlier round that came back, with its reasons. */
function earlierRounds(events: readonly DecisionEvent[], current: number): string[] {
  return events.flatMap((e) =>
    e.type === 'round_returned' && e.data.round < current
      ? [t.signoff.earlierRound(e.data.round, e.data.reasons)]
      : [],
  );
}

function answerButtons(decision: Decision, viewerId: UserId | undefined): Button[] {
  const b = t.signoff.button;
  const value = encodeRoundValue({ decisionId: decision.id, round: decision.signoff?.round ?? 1 });
  const mine = decision.votes.find((v) => v.member === viewerId);
  const buttons: Button[] = [];
  if (mine?.optionId !== APPROVE) {
    buttons.push(
      button({
        text: decision.level === 'key_users' ? b.approve : b.approveOnBehalf,
        actionId: SIGNOFF_ACTION.approve,
        value,
        style: 'primary',
      }),
    );
  }
  buttons.push(button({ text: b.reject, actionId: SIGNOFF_ACTION.reject, value, style: 'danger' }));
  return buttons;
}

function requesterButtons(decision: Decision): Button[] {
  const b = t.signoff.button;
  const buttons: Button[] = [];
  if (decision.status === 'returned') {
    buttons.push(
      button({
        text: b.newRound,
        actionId: SIGNOFF_ACTION.newRound,
        value: encodeRoundValue({ decisionId: decision.id, round: decision.signoff?.round ?? 1 }),
        style: 'primary',
      }),
    );
  }
  buttons.push(
    button({
      text: b.withdraw,
      actionId: ACTION.withdraw,
      value: encodeButtonValue({ decisionId: decision.id }),
    }),
  );
  return buttons;
}

function about(decision: Decision): KnownBlock {
  return context(t.thread.about(decision.question));
}

/**
 * A line in the sign-off's thread for one of its events; undefined for events worded as for a decision
 * (a hand-over, overdue, a failed delivery).
 */
export function signOffThreadMessage(
  decision: Decision,
  event: DecisionEvent,
  options: { timeZone: string; latency?: { wallMs: number; businessMs: number } | undefined },
): Message | undefined {
  const s = t.signoff;
  const line = (text: string, fallbackText: string, extra: KnownBlock[] = []): Message => ({
    text: fallbackText,
    blocks: [section(text), ...extra, about(decision)],
  });
  switch (event.type) {
    case 'signoff_approved':
      return line(
        s.thread.approved(
          event.actor ?? '',
          event.data.approvals,
          event.data.needed,
          event.data.onBehalf,
          event.data.note,
        ),
        s.thread.approvedFallback(event.actor ?? ''),
      );
    case 'signoff_rejected':
      return line(
        s.answered(event.actor ?? '', 'rejected', event.data.reason),
        s.thread.returnedFallback(event.data.round),
      );
    case 'round_returned':
      return line(
        s.thread.returned(event.data.round, event.data.reasons, decision.requester),
        s.thread.returnedFallback(event.data.round),
      );
    case 'round_started':
      return line(
        s.thread.roundStarted(event.data.round, event.data.deciders, event.data.note),
        s.thread.roundStartedFallback(event.data.round),
      );
    case 'escalated':
      return line(
        s.thread.escalated(event.data.deciders, event.level, slaOf(decision, event.data.from)),
        s.thread.escalatedFallback(event.level),
      );
    case 'decided':
    case 'withdrawn': {
      const took =
        options.latency === undefined
          ? []
          : [context(t.decision.took(options.latency.wallMs, options.latency.businessMs))];
      return line(outcomeLine(decision, options.timeZone), fallback(decision, false), took);
    }
    default:
      return undefined;
  }
}

/**
 * The DM telling the requester round `round` came back, with the reasons; Send a new round and Withdraw while
 * that round is the one returned, a note of what followed once it is not.
 */
export function signOffReturnedMessage(
  decision: Decision,
  round: number,
  events: readonly DecisionEvent[],
): Message {
  const s = t.signoff;
  const returned = events.find((e) => e.type === 'round_returned' && e.data.round === round);
  const reasons = returned?.type === 'round_returned' ? returned.data.reasons : [];
  const blocks: KnownBlock[] = [
    section([s.returnedDm(decision.question, round), s.reasons(reasons)].join('\n')),
  ];
  const current = decision.status === 'returned' && decision.signoff?.round === round;
  if (current) blocks.push(actions(SIGNOFF_BLOCK.returned, requesterButtons(decision)));
  else if ((decision.signoff?.round ?? 1) > round) blocks.push(context(s.returnedDmDone(round)));
  blocks.push(about(decision));
  return { text: s.returnedDmFallback(decision.question), blocks };
}

/** A reminder to the key users who have not answered (or to whoever holds it above them). */
export function signOffReminderMessage(decision: Decision, params: { now: Instant }): Message {
  const leftMs = decision.dueAt === null ? 0 : decision.dueAt - params.now;
  const text = t.signoff.thread.reminder(leftMs, nextLevelOf(decision));
  return { text: t.thread.reminderFallback(decision.question), blocks: [section(text), about(decision)] };
}
