import type { DecisionRequest } from '../domain/decision.js';
import type { Transition } from '../domain/refusal.js';
import { openDecision as open, openSignOff } from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import { spocAvailability } from './availability.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import { whenWritable } from './write-lock.js';

/**
 * A team member asks for a decision. The domain routes it (SPoC, deputy while away, sponsor above the SPoC's
 * authority); the decision, its first event and its messages are written in one transaction. A replayed
 * submission (same `requestKey`) opens nothing.
 */
export async function openDecision(
  deps: AppDeps,
  request: DecisionRequest,
  requestKey?: string,
): Promise<Transition | { readonly ok: 'replay' }> {
  const project = deps.projects.byId(request.projectId);
  if (!project)
    return { ok: false, refusal: { code: 'invalid_request', field: 'projectId', problem: 'unknown' } };
  const now = deps.clock.now();
  // Away: marked away, or (projects that read statuses) the Slack status says so; Slack's answer is awaited
  // briefly, the cached status used otherwise.
  const spocAway = (await spocAvailability(deps, project, now)).away;
  const ctx = { now, clock: deps.projects.calendar };
  // A sign-off goes to the key users of its domain first; the SPoC (or deputy) only after their time runs out.
  const t =
    request.kind === 'signoff'
      ? openSignOff(request, deps.newId(), project, ctx)
      : open(request, deps.newId(), project, spocAway, ctx);
  if (!t.ok) return t;
  const created = await whenWritable(() =>
    deps.decisions.create(t.decision, t.events, outboxFor(t.decision, t.events, project), now, requestKey),
  );
  if (!created) return { ok: 'replay' };
  await afterCommit(deps, t.decision);
  return t;
}
