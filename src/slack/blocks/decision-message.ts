import { contentStamp } from '../../domain/content-stamp.js';
import type { Decision } from '../../domain/decision.js';
import { isClosed } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { Project, UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import { ACTION, encodeButtonValue } from '../ids.js';
import { t } from '../text/index.js';
import {
  allowedDelegates,
  currentRole,
  holderRole,
  holderStretches,
  holdingSince,
  isCurrentDecider,
  isDeactivation,
  isEditable,
  keyUserDomains,
  lastEdit,
  nextLevelOf,
  optionLabel,
  outcomeWords,
  previousLevel,
  sendUpTargets,
  shownLabel,
  slaOf,
  voteCounts,
  voteNotes,
  voteOf,
  withdrawReason,
} from './facts.js';
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
 * Who the message is for:
 * - `decider`: a DM to one of the people holding the decision (buttons while it is open);
 * - `channel`: the thread head in the project channel (status line, no decider buttons);
 * - `requester`: the requester's copy (Withdraw while open, Answer while information is awaited);
 * - `observer`: anyone else, e.g. a former decider after escalation or delegation (says where it went).
 * A `decider` view for someone who no longer holds the decision is rendered as an observer's.
 */
export type DecisionViewer =
  | { readonly viewer: 'decider'; readonly viewerId: UserId }
  | { readonly viewer: 'channel' | 'requester' | 'observer'; readonly viewerId?: UserId | undefined };

export type DecisionMessageOptions = DecisionViewer & {
  readonly project: Project;
  readonly now: Instant;
  /** IANA zone of the project's business calendar, for every instant shown. */
  readonly timeZone: string;
  /** The decision's event log (ordered by time): shown as "How it got here", e.g. when it reaches the sponsor. */
  readonly history?: readonly DecisionEvent[] | undefined;
  /** Open-to-outcome latency of a closed decision. */
  readonly latency?: { readonly wallMs: number; readonly businessMs: number } | undefined;
  /** Permalink of the message the request was raised from (`decision.source`), when known. */
  readonly sourcePermalink?: string | undefined;
  /**
   * The whole event log, whether or not "How it got here" is shown: for the "edited" mark and the reason a
   * request was withdrawn.
   */
  readonly events?: readonly DecisionEvent[] | undefined;
};

/** Block ids of the message's interactive blocks (listeners match on action ids, not on these). */
export const DECISION_BLOCK = { actions: 'decision_actions' } as const;

/** The decision as one message; every earlier copy is updated to the same builder's output, so no stale buttons. */
export function decisionMessage(decision: Decision, options: DecisionMessageOptions): Message {
  const closed = isClosed(decision.status);
  const decider = options.viewer === 'decider' && isCurrentDecider(decision, options.viewerId);
  const blocks: KnownBlock[] = [header(decision.question)];
  if (decision.context.trim() !== '') blocks.push(section(t.decision.context(decision.context)));
  if (decision.source !== undefined) {
    blocks.push(context(t.decision.source(decision.source.channel, options.sourcePermalink)));
  }
  blocks.push(detailFields(decision, options));
  const edit = lastEdit(options.events ?? options.history);
  if (edit !== undefined) {
    const fieldsChanged = edit.changes.map((c) => t.decision.editedField(c.field, c.before, c.after));
    blocks.push(
      context(
        t.decision.edited(
          edit.by ?? decision.requester,
          edit.at,
          fieldsChanged,
          edit.count,
          options.timeZone,
        ),
      ),
    );
  }
  blocks.push(...(closed ? outcomeBlocks(decision, options) : statusBlocks(decision, options, decider)));
  if (options.history !== undefined && options.history.length > 0) {
    blocks.push(divider(), section(historySummary(options.history, options.project, options.now)));
  }
  if (!closed) {
    const buttons = decider
      ? deciderButtons(decision, options.project, options.viewerId)
      : options.viewer === 'requester'
        ? requesterButtons(decision)
        : [];
    if (buttons.length > 0) blocks.push(actions(DECISION_BLOCK.actions, buttons));
  }
  return { text: fallback(decision, decider), blocks };
}

function fallback(decision: Decision, decider: boolean): string {
  const outcome = outcomeWords(decision);
  if (outcome !== undefined)
    return t.decision.fallbackClosed(decision.question, t.decision.outcomeShort(outcome));
  return decider
    ? t.decision.fallbackRequest(decision.question)
    : t.decision.fallbackStatus(decision.question);
}

function detailFields(decision: Decision, options: DecisionMessageOptions): KnownBlock {
  const f = t.decision.field;
  const open = !isClosed(decision.status);
  const defaultLabel =
    decision.defaultOptionId === undefined ? undefined : optionLabel(decision, decision.defaultOptionId);
  return fields([
    f.requester(decision.requester),
    f.impact(decision.impact),
    decision.budgetImpact === undefined ? undefined : f.budget(decision.budgetImpact),
    decision.neededBy === undefined
      ? undefined
      : decision.late
        ? f.late(decision.neededBy)
        : f.neededBy(decision.neededBy),
    decision.blocks === undefined ? undefined : f.blocks(decision.blocks),
    decision.domain === undefined ? undefined : f.domain(decision.domain),
    open ? f.holder(decision.deciders, currentRole(decision, options.project)) : undefined,
    open ? f.heldFor(options.now - holdingSince(decision, options.history)) : undefined,
    open ? clockField(decision, options) : undefined,
    defaultLabel === undefined ? undefined : f.defaultOption(defaultLabel),
  ]);
}

function clockField(decision: Decision, options: DecisionMessageOptions): string | undefined {
  const f = t.decision.field;
  if (decision.status === 'needs_info') return f.paused(decision.requester);
  if (decision.overdue) return f.overdue();
  if (decision.dueAt === null) return undefined;
  return f.due(decision.dueAt, decision.dueAt - options.now, nextLevelOf(decision), options.timeZone);
}

function outcomeBlocks(decision: Decision, options: DecisionMessageOptions): KnownBlock[] {
  const outcome = outcomeWords(decision, (counts) => t.decision.tally(counts, decision.ladder.quorum));
  if (outcome === undefined) return [];
  const lines = [t.decision.outcome(outcome, options.timeZone)];
  const rationale = decision.outcome?.rationale;
  if (rationale !== undefined && rationale.trim() !== '') lines.push(t.decision.rationale(rationale));
  const reason = withdrawReason(decision, options.events ?? options.history);
  if (reason !== undefined) lines.push(t.decision.withdrawReason(reason));
  const notes = voteNotes(decision);
  if (decision.outcome?.how === 'vote' && notes.length > 0) lines.push(t.decision.voteNotes(notes));
  const wallMs = options.latency?.wallMs ?? (decision.closedAt ?? options.now) - decision.openedAt;
  return [section(lines.join('\n')), context(t.decision.took(wallMs, options.latency?.businessMs))];
}

function statusBlocks(decision: Decision, options: DecisionMessageOptions, decider: boolean): KnownBlock[] {
  const role = currentRole(decision, options.project);
  const lines: string[] = [];
  const heldMs = options.now - holdingSince(decision, options.history);
  if (decision.status === 'needs_info') lines.push(t.decision.pausedLine(decision.requester));
  else if (decision.overdue) lines.push(t.decision.overdueLine());

  if (decider) {
    // The decider sees the fields, and why it was sent up to them if it was; the committee also sees how
    // voting works, the tally and their own vote.
    const sentUp = sentUpInto(decision, options.events ?? options.history);
    if (sentUp !== undefined) lines.push(sentUp);
  } else if (options.viewer === 'requester') {
    if (decision.status === 'open') lines.push(t.decision.requesterLine(decision.deciders, role, heldMs));
  } else if (options.viewer === 'observer' || options.viewer === 'decider') {
    lines.push(movedNotice(decision, options));
  } else if (decision.status === 'open') {
    lines.push(t.decision.statusLine(decision.deciders, role, heldMs));
  }

  if (decision.level === 'committee') {
    lines.push(t.decision.voteIntro(decision.ladder.quorum));
    lines.push(t.decision.tally(voteCounts(decision), decision.ladder.quorum));
    const notes = voteNotes(decision);
    if (notes.length > 0) lines.push(t.decision.voteNotes(notes));
    if (decider) {
      const mine = voteOf(decision, options.viewerId);
      const label = mine === undefined ? undefined : optionLabel(decision, mine);
      lines.push(label === undefined ? t.decision.notVotedYet() : t.decision.yourVote(label));
    }
  }
  return lines.length === 0 ? [] : [section(lines.join('\n'))];
}

/** Why a decider sent it up to the level it is at now, when that is how it got there. */
function sentUpInto(decision: Decision, history: readonly DecisionEvent[] | undefined): string | undefined {
  const e = history?.findLast((x) => x.type === 'escalated');
  if (e?.type !== 'escalated' || e.level !== decision.level) return undefined;
  const { because } = e.data;
  if (because !== 'above_authority' && because !== 'needs_committee') return undefined;
  return t.decision.moved.sentUp(decision.deciders, decision.level, e.actor, because, e.data.reason ?? '');
}

/** For someone who does not hold the decision: where it is now and why it moved there. */
function movedNotice(decision: Decision, options: DecisionMessageOptions): string {
  const moved = t.decision.moved;
  const last = [...(options.history ?? [])]
    .reverse()
    .find((e) => e.type === 'escalated' || e.type === 'delegated' || e.type === 'handed_over');
  if (last?.type === 'delegated') return moved.delegated(last.data.to);
  if (isDeactivation(last))
    return moved.deactivated(last.data.gone ?? [], decision.deciders, currentRole(decision, options.project));
  if (last?.type === 'handed_over')
    return last.data.because === 'spoc_back'
      ? moved.handedBack(last.data.deciders)
      : moved.handedOver(last.data.deciders);
  if (last?.type === 'escalated' && last.data.because !== 'timeout') {
    const { because } = last.data;
    if (because === 'over_authority') return t.thread.overAuthority(decision.deciders);
    // (A deactivation was told above.)
    if (because === 'decider_deactivated')
      return moved.other(decision.deciders, currentRole(decision, options.project));
    return moved.sentUp(decision.deciders, decision.level, last.actor, because, last.data.reason ?? '');
  }
  const from = last?.type === 'escalated' ? last.data.from : previousLevel(decision);
  if (from !== undefined && decision.level !== 'spoc') {
    return moved.escalated(decision.deciders, decision.level, from, slaOf(decision, from));
  }
  return moved.other(decision.deciders, currentRole(decision, options.project));
}

function historySummary(history: readonly DecisionEvent[], project: Project, now: Instant): string {
  const h = t.decision.history;
  const lines = [h.title()];
  const stretches = holderStretches(history, now);
  let next = 0;
  const flushStretchesUntil = (at: Instant) => {
    for (; next < stretches.length; next++) {
      const s = stretches[next];
      // A stretch that starts with the event (a send-up, a delegation) comes after the event's own line.
      if (s === undefined || s.from >= at) break;
      lines.push(h.held(s.holders, holderRole(s.holders[0], s.level, project), s.to - s.from, s.ended));
    }
  };
  for (const e of history) {
    flushStretchesUntil(e.at);
    if (e.type === 'info_requested') lines.push(h.infoAsked(e.actor, e.data.question));
    else if (e.type === 'info_provided') lines.push(h.infoAnswered(e.actor, e.data.answer));
    else if (e.type === 'consulted') lines.push(h.consulted(e.actor, e.data.domain, e.data.question));
    else if (e.type === 'opinion_given') lines.push(h.opinion(e.actor, e.data.text));
    else if (e.type === 'delegated' && e.data.note.trim() !== '')
      lines.push(h.delegationNote(e.actor, e.data.to, e.data.note));
    else if (
      e.type === 'escalated' &&
      (e.data.because === 'above_authority' || e.data.because === 'needs_committee')
    )
      lines.push(h.sentUp(e.actor, e.data.because, e.data.reason ?? ''));
    else if (e.type === 'edited')
      lines.push(
        h.edited(
          e.actor,
          e.data.changes.map((c) => t.decision.editedField(c.field, c.before, c.after)),
        ),
      );
  }
  flushStretchesUntil(Number.POSITIVE_INFINITY);
  return lines.join('\n');
}

function deciderButtons(decision: Decision, project: Project, viewerId: UserId | undefined): Button[] {
  const b = t.decision.button;
  const value = encodeButtonValue({ decisionId: decision.id });
  const committee = decision.level === 'committee';
  const prefix = committee ? ACTION.votePrefix : ACTION.optionPrefix;
  const stamp = contentStamp(decision);
  const buttons: Button[] = decision.options.map((o, i) =>
    button({
      text: shownLabel(decision, o),
      actionId: `${prefix}${i}`,
      value: encodeButtonValue({ decisionId: decision.id, optionId: o.id, stamp }),
      style: o.id === 'approve' ? 'primary' : o.id === 'reject' ? 'danger' : undefined,
    }),
  );
  buttons.push(
    button({
      text: committee ? b.voteWithNote : b.decideWithNote,
      actionId: ACTION.decideWithNote,
      value,
    }),
  );
  if (decision.status === 'open')
    buttons.push(button({ text: b.needInfo, actionId: ACTION.needInfo, value }));
  const holdsSpocRole = viewerId === project.spoc || (viewerId !== undefined && viewerId === project.deputy);
  if (decision.level === 'spoc' && holdsSpocRole && allowedDelegates(project, viewerId).length > 0) {
    buttons.push(button({ text: b.delegate, actionId: ACTION.delegate, value }));
  }
  if (keyUserDomains(project).length > 0) {
    buttons.push(button({ text: b.consult, actionId: ACTION.consult, value }));
  }
  if (sendUpTargets(decision).length > 0)
    buttons.push(button({ text: b.sendUp, actionId: ACTION.sendUp, value }));
  return buttons;
}

function requesterButtons(decision: Decision): Button[] {
  const b = t.decision.button;
  const value = encodeButtonValue({ decisionId: decision.id });
  const buttons: Button[] = [];
  if (decision.status === 'needs_info') {
    buttons.push(button({ text: b.answerInfo, actionId: ACTION.answerInfo, value, style: 'primary' }));
  }
  if (isEditable(decision)) buttons.push(button({ text: b.edit, actionId: ACTION.edit, value }));
  buttons.push(button({ text: b.withdraw, actionId: ACTION.withdraw, value }));
  return buttons;
}
