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
  const thread = (template: string, event: DecisionEvent) =>
    add('thread_reply', project.channel, template, event);
  let refresh = false;

  for (const event of events) {
    switch (event.type) {
      case 'opened':
        add('thread_head', project.channel);
        for (const u of event.data.deciders) add('decision_request', u);
        add('requester_receipt', decision.requester);
        break;
      case 'escalated':
      case 'handed_over':
        for (const u of event.data.deciders) add('decision_request', u);
        thread(event.type, event);
        refresh = true;
        break;
      case 'delegated':
        add('decision_request', event.data.to);
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
    }
  }
  if (refresh) add('refresh', decision.id);
  out.push(...homeRefreshes(decision, events, project));
  return out;
}
