import type { Decision } from '../../domain/decision.js';
import type { DecisionEvent, EscalationReason, FieldChange, RoutingReason } from '../../domain/events.js';
import type { Level, Project, UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import { ACTION, encodeButtonValue } from '../ids.js';
import { t } from '../text/index.js';
import {
  currentRole,
  type DeactivationEvent,
  holderRole,
  nextLevelOf,
  optionLabel,
  outcomeWords,
  shownLabel,
  slaOf,
  voteCounts,
  voteNotes,
  withdrawReason,
} from './facts.js';
import { actions, button, context, type KnownBlock, type Message, section } from './kit.js';

/**
 * Thread replies under a decision's thread head in the project channel, and direct messages about a decision.
 * Each names the decision it is about in a context line, so a DM read on its own makes sense.
 */

/** Block ids of the interactive blocks posted here. */
export const THREAD_BLOCK = { answer: 'info_answer_actions', opinion: 'opinion_actions' } as const;

function about(decision: Decision) {
  return context(t.thread.about(decision.question));
}

/** A committee member voted (or changed their vote): the tally as it stood then, in the thread as votes come. */
export function voteMessage(
  decision: Decision,
  params: {
    member: UserId;
    optionId: string;
    /** The member's earlier vote (null: their first); the same option again means they added a note. */
    previous: string | null;
    note?: string | undefined;
    /** Votes per option id right after this vote (from the event); the current votes when not given. */
    counts?: Readonly<Record<string, number>> | undefined;
  },
): Message {
  const { counts } = params;
  const perOption =
    counts === undefined
      ? voteCounts(decision)
      : decision.options.map((o) => ({ label: shownLabel(decision, o), count: counts[o.id] ?? 0 }));
  const tally = t.decision.tally(perOption, decision.ladder.quorum);
  const change = params.previous === null ? 'new' : params.previous === params.optionId ? 'note' : 'changed';
  const text = t.thread.voted(
    params.member,
    optionLabel(decision, params.optionId),
    change,
    tally,
    params.note,
  );
  return { text: t.thread.votedFallback(params.member), blocks: [section(text), about(decision)] };
}

/** A decider asked the requester for information; the Answer button (for the requester) opens the answer modal. */
export function infoRequestMessage(
  decision: Decision,
  params: { asker: UserId; question: string; answerButton?: boolean },
): Message {
  const blocks: KnownBlock[] = [
    section(t.thread.infoRequested(params.asker, decision.requester, params.question)),
  ];
  if (params.answerButton !== false) {
    blocks.push(
      actions(THREAD_BLOCK.answer, [
        button({
          text: t.thread.button.answer,
          actionId: ACTION.answerInfo,
          value: encodeButtonValue({ decisionId: decision.id }),
          style: 'primary',
        }),
      ]),
    );
  }
  return { text: t.thread.infoRequestedFallback(params.asker), blocks: [...blocks, about(decision)] };
}

/** The requester's answer to an information request. */
export function infoAnswerMessage(decision: Decision, params: { by: UserId; answer: string }): Message {
  return {
    text: t.thread.infoAnsweredFallback(params.by),
    blocks: [section(t.thread.infoAnswered(params.by, params.answer)), about(decision)],
  };
}

/** The SPoC (or deputy) handed the decision to someone else. */
export function delegationMessage(
  decision: Decision,
  params: { from: UserId; to: UserId; note: string },
): Message {
  return {
    text: t.thread.delegatedFallback(params.from, params.to),
    blocks: [section(t.thread.delegated(params.from, params.to, params.note)), about(decision)],
  };
}

/** DM to a domain's key users asking for their opinion, with the Give opinion button (until it closes). */
export function consultationRequestMessage(
  decision: Decision,
  params: { by: UserId; domain: string; question: string; opinionButton?: boolean },
): Message {
  const blocks: KnownBlock[] = [
    section(t.thread.consultRequest(params.by, params.domain, params.question, decision.question)),
  ];
  if (params.opinionButton !== false) {
    blocks.push(
      actions(THREAD_BLOCK.opinion, [
        button({
          text: t.thread.button.giveOpinion,
          actionId: ACTION.giveOpinion,
          value: encodeButtonValue({ decisionId: decision.id }),
          style: 'primary',
        }),
      ]),
    );
  }
  return { text: t.thread.consultRequestFallback(params.by), blocks };
}

/** Thread notice that key users were consulted. */
export function consultationPostedMessage(
  decision: Decision,
  params: { by: UserId; domain: string; keyUsers: readonly UserId[] },
): Message {
  const text = t.thread.consultPosted(params.by, params.domain, params.keyUsers);
  return { text, blocks: [section(text), about(decision)] };
}

/** A key user's opinion, posted in the thread (and to the deciders). */
export function opinionMessage(
  decision: Decision,
  params: { by: UserId; domain?: string | undefined; text: string },
): Message {
  return {
    text: t.thread.opinionFallback(params.by),
    blocks: [section(t.thread.opinion(params.by, params.domain, params.text)), about(decision)],
  };
}

/** One line with the outcome of a closed decision (and how long it took, when given). */
export function outcomeLineMessage(
  decision: Decision,
  params: {
    timeZone: string;
    latency?: { wallMs: number; businessMs: number } | undefined;
    /** The event log, for the reason given with a withdrawal. */
    history?: readonly DecisionEvent[] | undefined;
  },
): Message {
  const outcome = outcomeWords(decision, (counts) => t.decision.tally(counts, decision.ladder.quorum));
  if (outcome === undefined) throw new Error(`decision ${decision.id} has no outcome yet`);
  const lines = [t.thread.outcome(outcome, params.timeZone)];
  const rationale = decision.outcome?.rationale?.trim();
  if (rationale) lines.push(t.decision.rationale(rationale));
  const reason = withdrawReason(decision, params.history);
  if (reason !== undefined) lines.push(t.thread.withdrawnReason(reason));
  const notes = voteNotes(decision);
  if (decision.outcome?.how === 'vote' && notes.length > 0) lines.push(t.decision.voteNotes(notes));
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (params.latency !== undefined) {
    blocks.push(context(t.decision.took(params.latency.wallMs, params.latency.businessMs)));
  }
  return {
    text: t.decision.fallbackClosed(decision.question, t.decision.outcomeShort(outcome)),
    blocks: [...blocks, about(decision)],
  };
}

/**
 * Reminder to the current deciders: time left before the next level, or before the default/overdue at the
 * top; at the committee, addressed to members who have not voted yet.
 */
export function reminderMessage(decision: Decision, params: { now: Instant }): Message {
  const leftMs = decision.dueAt === null ? 0 : decision.dueAt - params.now;
  const next = nextLevelOf(decision);
  const defaultLabel =
    decision.defaultOptionId === undefined ? undefined : optionLabel(decision, decision.defaultOptionId);
  const text =
    decision.level === 'committee'
      ? t.thread.reminderVote(leftMs, defaultLabel)
      : next === undefined
        ? t.thread.reminderTop(leftMs, defaultLabel)
        : t.thread.reminderNext(leftMs, next);
  return { text: t.thread.reminderFallback(decision.question), blocks: [section(text), about(decision)] };
}

/** The decision climbed the ladder because the previous level's time ran out. */
export function escalationNoticeMessage(
  decision: Decision,
  params: {
    from: Level;
    because?: EscalationReason | undefined;
    by?: UserId | null;
    reason?: string | undefined;
  },
): Message {
  const { because, by } = params;
  if (because === 'over_authority') {
    return {
      text: t.thread.escalatedFallback(decision.level),
      blocks: [section(t.thread.overAuthority(decision.deciders)), about(decision)],
    };
  }
  if ((because === 'above_authority' || because === 'needs_committee') && by) {
    return {
      text: t.thread.sentUpFallback(by, decision.level),
      blocks: [
        section(t.thread.sentUp(by, decision.deciders, decision.level, because, params.reason ?? '')),
        about(decision),
      ],
    };
  }
  return {
    text: t.thread.escalatedFallback(decision.level),
    blocks: [
      section(
        t.thread.escalated(decision.deciders, decision.level, params.from, slaOf(decision, params.from)),
      ),
      about(decision),
    ],
  };
}

/** The SPoC went away (the deputy holds it meanwhile) or came back (the SPoC holds it again). */
export function handoverMessage(
  decision: Decision,
  params: {
    from: readonly UserId[];
    to: readonly UserId[];
    because?: 'spoc_away' | 'spoc_back' | undefined;
  },
): Message {
  return {
    text: t.thread.handedOverFallback(params.to),
    blocks: [section(t.thread.handedOver(params.from, params.to, params.because)), about(decision)],
  };
}

/**
 * Some of the people holding the request are deactivated in Slack: the others keep it (with the quorum or the
 * approvals needed when the people left changed them, and the answers the deactivated gave, which still count),
 * or it moved to whoever holds the SPoC level now, or up to the next level.
 */
export function deactivationMessage(decision: Decision, event: DeactivationEvent, project: Project): Message {
  const gone = event.data.gone ?? [];
  const to = event.data.deciders;
  const role = holderRole(to[0], event.level, project);
  let text: string;
  if (event.type === 'escalated') text = t.thread.deactivatedUp(gone, event.data.from, to, role);
  else if (to.length > 0 && to.every((u) => event.data.from.includes(u))) {
    // Their answers at this level, as they stand (a later level starts with none).
    const theirs =
      decision.level === event.level ? decision.votes.filter((v) => gone.includes(v.member)) : [];
    const counted = theirs.map((v) =>
      event.level === 'key_users'
        ? { member: v.member }
        : { member: v.member, label: optionLabel(decision, v.optionId) },
    );
    text = t.thread.deactivatedKept(gone, to, role, event.data.needed, counted);
  } else text = t.thread.deactivatedHandedOver(gone, to, role);
  return { text: t.thread.deactivatedFallback(gone, to), blocks: [section(text), about(decision)] };
}

/** Nobody decided in time and the declared default applied. */
export function defaultAppliedMessage(decision: Decision): Message {
  const optionId = decision.outcome?.optionId ?? decision.defaultOptionId;
  const text = t.thread.defaultApplied(optionId === undefined ? '' : optionLabel(decision, optionId));
  return { text, blocks: [section(text), about(decision)] };
}

/** The committee's time ran out with no default: the decision stays open, flagged overdue. */
export function overdueMessage(decision: Decision): Message {
  const text = t.thread.overdue();
  return { text, blocks: [section(text), about(decision)] };
}

/** The needed-by date came while the decision is open: a line in its thread and a DM to its deciders. */
export function lateNoticeMessage(decision: Decision): Message {
  const text = t.thread.late(decision.neededBy ?? '');
  return { text, blocks: [section(text), about(decision)] };
}

/** A permanent Slack error (e.g. channel_not_found) while delivering something about a decision. */
export function deliveryFailedMessage(params: {
  recipient: string;
  error: string;
  decision?: Decision | undefined;
}): Message {
  const blocks: KnownBlock[] = [section(t.thread.deliveryFailed(params.recipient, params.error))];
  if (params.decision !== undefined) blocks.push(about(params.decision));
  return { text: t.thread.deliveryFailedFallback(), blocks };
}

/** The requester's receipt: who holds the request and when it is due (and why it went there, if unusual). */
export function requesterReceiptMessage(
  decision: Decision,
  params: { project: Project; timeZone: string; routedBecause?: RoutingReason | undefined },
): Message {
  const text = t.thread.receipt(
    decision.deciders,
    currentRole(decision, params.project),
    decision.dueAt,
    params.timeZone,
  );
  const why =
    params.routedBecause === 'over_authority'
      ? t.thread.receiptOverAuthority()
      : params.routedBecause === 'spoc_away'
        ? t.thread.receiptSpocAway()
        : params.routedBecause === 'no_deputy_spoc_away'
          ? t.thread.receiptSpocAwayNoDeputy()
          : undefined;
  return {
    text,
    blocks: [section(why === undefined ? text : `${text}\n${why}`), about(decision)],
  };
}

/** The requester edited the request: what changed, in the thread (the copies carry an "edited" mark). */
export function editedMessage(
  decision: Decision,
  params: { by: UserId; changes: readonly FieldChange[] },
): Message {
  const changes = params.changes.map((c) => t.decision.editedField(c.field, c.before, c.after));
  return {
    text: t.thread.editedFallback(params.by),
    blocks: [section(t.thread.edited(params.by, changes)), about(decision)],
  };
}

/** To the requester: a decider sent their request up without waiting for the deadline, and why. */
export function sentUpToRequesterMessage(
  decision: Decision,
  params: { by: UserId; because: 'above_authority' | 'needs_committee'; reason: string },
): Message {
  return {
    text: t.thread.sentUpFallback(params.by, decision.level),
    blocks: [
      section(
        t.thread.sentUpToRequester(
          params.by,
          decision.deciders,
          decision.level,
          params.because,
          params.reason,
        ),
      ),
      about(decision),
    ],
  };
}

/** To the deputy when the SPoC is back: which requests returned to the SPoC and which stay with the deputy. */
export function spocBackMessage(notice: {
  spoc: UserId;
  moved: readonly { question: string }[];
  stayed: readonly { question: string }[];
}): Message {
  return {
    text: t.thread.spocBackFallback(notice.spoc),
    blocks: [section(t.thread.spocBack(notice.spoc, notice.moved, notice.stayed))],
  };
}
