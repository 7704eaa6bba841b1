import type { Decision } from '../domain/decision.js';
import type { DecisionEvent } from '../domain/events.js';
import type { Level, Project, UserId } from '../domain/project.js';
import type { NewDelivery } from './ports.js';

/**
 * The App Homes a transition changes, as outbox rows (kind `home`, one per person): the requester, the deciders
 * after it and before it (whoever acted, whoever it was handed over or escalated from), the committee members
 * who can vote, and the key users consulted. Recorded with the change, so a Redis outage only delays them; the
 * delivery renders the person's home as it is when sent and skips a row when a newer one for the same person
 * is waiting, so a burst of changes publishes each home once. A reminder changes no home: none for it.
 */
export function homeRefreshes(
  decision: Decision,
  events: readonly DecisionEvent[],
  project: Project,
): NewDelivery[] {
  if (events.every((e) => e.type === 'reminded')) return [];
  const people = new Set<UserId>([decision.requester, ...decision.deciders]);
  for (const e of events) {
    if (e.actor !== null) people.add(e.actor);
    if (e.type === 'handed_over') for (const u of e.data.from) people.add(u);
    if (e.type === 'escalated') for (const u of holdersOf(decision, project, e.data.from)) people.add(u);
    if (e.type === 'consulted') for (const u of e.data.keyUsers) people.add(u);
  }
  return [...people].map((user) => ({
    dedupeKey: ['home', decision.id, decision.version, user].join('-'),
    kind: 'home' as const,
    recipient: user,
    payload: {},
  }));
}

/** Who may have held a level the decision escalated from (a delegate's home is repaired when they open it). */
function holdersOf(decision: Decision, project: Project, level: Level): readonly UserId[] {
  if (level === 'key_users') return decision.signoff?.keyUsers ?? [];
  if (level === 'spoc') return project.deputy === undefined ? [project.spoc] : [project.spoc, project.deputy];
  if (level === 'sponsor') return project.sponsors;
  return project.steeringCommittee.members;
}
