import type { SendContext } from '../app/ports.js';
import type { Decision } from '../domain/decision.js';
import type { DecisionEvent } from '../domain/events.js';
import type { Project } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import { isDeactivation } from './blocks/facts.js';
import type { Message } from './blocks/kit.js';
import {
  signOffReminderMessage,
  signOffReturnedMessage,
  signOffThreadMessage,
} from './blocks/signoff-message.js';
import {
  consultationPostedMessage,
  consultationRequestMessage,
  deactivationMessage,
  defaultAppliedMessage,
  delegationMessage,
  deliveryFailedMessage,
  editedMessage,
  escalationNoticeMessage,
  handoverMessage,
  infoAnswerMessage,
  infoRequestMessage,
  lateNoticeMessage,
  opinionMessage,
  outcomeLineMessage,
  overdueMessage,
  reminderMessage,
  sentUpToRequesterMessage,
  voteMessage,
} from './blocks/thread.js';

/** What every rendering of a decision needs besides the decision. */
export interface ViewBase {
  readonly project: Project;
  readonly now: Instant;
  readonly timeZone: string;
  readonly history: readonly DecisionEvent[] | undefined;
  readonly latency: { readonly wallMs: number; readonly businessMs: number } | undefined;
  /** Link to the message the request was raised from, when it was (message shortcut). */
  readonly sourcePermalink?: string | undefined;
  /** The whole event log (the "edited" mark, a withdrawal's reason), whether or not `history` is shown. */
  readonly events?: readonly DecisionEvent[] | undefined;
}

/** The thread reply an outbox row stands for, from its template and the event that caused it. */
export function threadMessage(ctx: SendContext, decision: Decision, base: ViewBase): Message {
  const { template, event, detail } = ctx.delivery.payload;
  if (template === 'delivery_failed') {
    return deliveryFailedMessage({
      recipient: ctx.delivery.recipient,
      error: detail?.error ?? 'unknown',
      decision,
    });
  }
  // People holding it deactivated in Slack: worded alike for a decision and a sign-off.
  if (isDeactivation(event)) return deactivationMessage(decision, event, base.project);
  // A sign-off words its own answers, rounds, escalation and outcome; the rest as for a decision.
  const signoff =
    decision.kind === 'signoff' && event !== undefined
      ? signOffThreadMessage(decision, event, { timeZone: base.timeZone, latency: base.latency })
      : undefined;
  if (signoff !== undefined) return signoff;
  switch (event?.type) {
    case 'escalated':
      return escalationNoticeMessage(decision, {
        from: event.data.from,
        because: event.data.because,
        by: event.actor,
        reason: event.data.reason,
      });
    case 'edited':
      return editedMessage(decision, { by: event.actor ?? decision.requester, changes: event.data.changes });
    case 'handed_over':
      return handoverMessage(decision, {
        from: event.data.from,
        to: event.data.deciders,
        because: event.data.because === 'decider_deactivated' ? undefined : event.data.because,
      });
    case 'delegated':
      return delegationMessage(decision, {
        from: event.actor ?? '',
        to: event.data.to,
        note: event.data.note,
      });
    case 'info_requested':
      return infoRequestMessage(decision, { asker: event.actor ?? '', question: event.data.question });
    case 'info_provided':
      return infoAnswerMessage(decision, { by: event.actor ?? '', answer: event.data.answer });
    case 'consulted':
      return consultationPostedMessage(decision, {
        by: event.actor ?? '',
        domain: event.data.domain,
        keyUsers: event.data.keyUsers,
      });
    case 'voted':
      return voteMessage(decision, {
        member: event.actor ?? '',
        optionId: event.data.optionId,
        previous: event.data.previous,
        note: event.data.note,
        counts: event.data.tally,
      });
    case 'opinion_given':
      return opinionMessage(decision, { by: event.actor ?? '', text: event.data.text });
    case 'decided':
    case 'withdrawn':
      return outcomeLineMessage(decision, {
        timeZone: base.timeZone,
        latency: base.latency,
        history: ctx.events,
      });
    case 'expired':
      return defaultAppliedMessage(decision);
    case 'marked_overdue':
      return overdueMessage(decision);
    case 'marked_late':
      return lateNoticeMessage(decision);
    default:
      throw new Error(`no thread template for ${template ?? event?.type ?? 'nothing'}`);
  }
}

/** A DM that is not the request itself: a consultation request to a key user, a key user's opinion, a reminder. */
export function directMessage(ctx: SendContext, decision: Decision, base: ViewBase): Message {
  const { event } = ctx.delivery.payload;
  if (event?.type === 'round_returned') return signOffReturnedMessage(decision, event.data.round, ctx.events);
  if (event?.type === 'reminded' && decision.kind === 'signoff')
    return signOffReminderMessage(decision, { now: base.now });
  switch (event?.type) {
    case 'consulted':
      return consultationRequestMessage(decision, {
        by: event.actor ?? '',
        domain: event.data.domain,
        question: event.data.question,
      });
    case 'reminded':
      return reminderMessage(decision, { now: base.now });
    case 'opinion_given':
      return opinionMessage(decision, { by: event.actor ?? '', text: event.data.text });
    case 'escalated':
      if (event.data.because === 'above_authority' || event.data.because === 'needs_committee') {
        return sentUpToRequesterMessage(decision, {
          by: event.actor ?? '',
          because: event.data.because,
          reason: event.data.reason ?? '',
        });
      }
      throw new Error(`no direct-message template for an escalation because of ${event.data.because}`);
    case 'marked_late':
      return lateNoticeMessage(decision);
    default:
      throw new Error(`no direct-message template for ${event?.type ?? 'nothing'}`);
  }
}
