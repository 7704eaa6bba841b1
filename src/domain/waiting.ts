import type { Decision } from './decision.js';
import type { UserId } from './project.js';

/**
 * Whom a decision waits on now: its deciders while it is open or paused for information; at the committee (and a
 * sign-off's key users) only those who have not answered yet. A returned sign-off waits on its requester, a
 * closed decision on nobody. What each person's App Home lists under "waiting on you", kept as rows by the
 * storage so that list is one indexed read, not a scan of every open decision.
 */
export function waitingOn(decision: Decision): readonly UserId[] {
  if (decision.status !== 'open' && decision.status !== 'needs_info') return [];
  const people = new Set(decision.deciders);
  if (decision.level === 'committee' || decision.level === 'key_users')
    for (const v of decision.votes) people.delete(v.member);
  return [...people];
}
