import type { Decision } from '../domain/decision.js';
import type { DecisionEvent } from '../domain/events.js';
import type { Project } from '../domain/project.js';
import { reminderRecipients } from '../domain/transitions/index.js';
import { homeRefreshes } from './home-plan.js';
import type { DeliveryKind, NewDelivery } from './ports.js';

/**
 * The Slack messages a transition needs, derived from its events. Pure; the keys include the decision's new
 * version, so replaying the same transition records nothing new.
 */
export function outboxFor(
  decision: Decision,
  events: readonly DecisionEvent[],
  project: Project,
): NewDelivery[] {
  const out: NewDelivery[] = [];
  const add = (kind: DeliveryKind, recipient: string, template?: string, event?: DecisionEvent) =>
    out.push({
      dedupeKey: [kind, decision.id, decision.version, recipient, template ?? ''].join('-'),
      kind,
      recipient,
      decisionId: decision.id,
      payload: { template, event },
    });
  // A decider's copy names the level (and round) it is for: it may be sent after the decision moved on.
  const request = (recipient: string, event: DecisionEvent) =>
    out.push({
      dedupeKey: ['decision_request', decision.id, decision.version, recipient, ''].join('-'),
      kind: 'decision_request',
      recipient,
      decisionId: decision.id,
      payload: { copy: { level: event.level, round: roundOf(decision, event) } },
    });
  const thread = (template: string, event: DecisionEvent) =>
    add('thread_reply', project.channel, template, event);
  let refresh = false;

  for (const event of events) {
    switch (event.type) {
      case 'opened':
        add('thread_head', project.channel);
        for (const u of event.data.deciders) request(u, event);
        add('requester_receipt', decision.requester);
        break;
      case 'escalated':
        for (const u of event.data.deciders) request(u, event);
        thread(event.type, event);
        // Sent up by a decider: the requester hears it at once, with the reason.
        if (event.data.because === 'above_authority' || event.data.because === 'needs_committee')
          add('direct_message', decision.requester, 'sent_up', event);
        refresh = true;
        break;
      case 'handed_over':
        // Only those who did not hold it get the request: a level going on without a deactivated decider
        // keeps the others, who have theirs already.
        for (const u of event.data.deciders) if (!event.data.from.includes(u)) request(u, event);
        thread(event.type, event);
        refresh = true;
        break;
      case 'edited':
        thread('edited', event);
        refresh = true;
        break;
      case 'delegated':
        request(event.data.to, event);
        thread('delegated', event);
        refresh = true;
        break;
      case 'info_requested':
        thread('info_requested', event);
        refresh = true;
        break;
      case 'info_provided':
        thread('info_provided', event);
        refresh = true;
        break;
      case 'consulted':
        for (const u of event.data.keyUsers) add('direct_message', u, 'consulted', event);
        thread('consulted', event);
        break;
      case 'opinion_given':
        // The deciders hear it directly (their request is a DM, they may not follow the channel's thread).
        for (const u of decision.deciders) add('direct_message', u, 'opinion_given', event);
        thread('opinion_given', event);
        refresh = true;
        break;
      case 'reminded':
        for (const u of reminderRecipients(decision)) add('direct_message', u, 'reminded', event);
        break;
      case 'voted':
        thread('voted', event);
        refresh = true;
        break;
      case 'marked_late':
        for (const u of decision.deciders) add('direct_message', u, 'marked_late', event);
        thread('marked_late', event);
        refresh = true;
        break;
      case 'decided':
      case 'withdrawn':
      case 'expired':
      case 'marked_overdue':
        thread(event.type, event);
        refresh = true;
        break;
      // Sign-offs: answers and rounds (see signOffOutbox).
      case 'signoff_approved':
      case 'signoff_rejected':
      case 'round_returned':
      case 'round_started':
        signOffOutbox(decision, event, events, { add, thread, request });
        refresh = true;
        break;
    }
  }
  if (refresh) add('refresh', decision.id);
  out.push(...homeRefreshes(decision, events, project));
  return out;
}

/**
 * A sign-off's messages: each answer in the thread (a rejection that ends the round is told by the return
 * itself), the return with its reasons in the thread and to the requester (whose DM offers a new round), and
 * a new round as a fresh request to each key user.
 */
function signOffOutbox(
  decision: Decision,
  event: DecisionEvent,
  events: readonly DecisionEvent[],
  out: {
    add: (kind: DeliveryKind, recipient: string, template?: string, event?: DecisionEvent) => void;
    thread: (template: string, event: DecisionEvent) => void;
    request: (recipient: string, event: DecisionEvent) => void;
  },
): void {
  switch (event.type) {
    case 'signoff_approved':
      out.thread(event.type, event);
      break;
    case 'signoff_rejected':
      if (!events.some((e) => e.type === 'round_returned')) out.thread(event.type, event);
      break;
    case 'round_returned':
      out.thread(event.type, event);
      out.add('direct_message', decision.requester, event.type, event);
      break;
    case 'round_started':
      for (const u of event.data.deciders) out.request(u, event);
      out.thread(event.type, event);
      break;
    default:
      break;
  }
}

/** A sign-off's round an event belongs to (a new round's own number; else the round it is in now). */
function roundOf(decision: Decision, event: DecisionEvent): number | undefined {
  if (decision.kind !== 'signoff') return undefined;
  return event.type === 'round_started' ? event.data.round : (decision.signoff?.round ?? 1);
}
