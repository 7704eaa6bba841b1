import type { Level } from '../domain/project.js';
import type { Transition } from '../domain/refusal.js';
import { escalate, markLate, remind } from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import { knownSpocAvailability } from './availability.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import { whenWritable } from './write-lock.js';

export type FiredTimer =
  | { readonly decisionId: string; readonly kind: 'remind'; readonly level: Level; readonly index: number }
  | { readonly decisionId: string; readonly kind: 'escalate'; readonly level: Level }
  | { readonly decisionId: string; readonly kind: 'late' };

/**
 * A reminder, escalation or late timer fired. The decision is re-read under the write lock and the domain refuses a
 * stale timer (decision closed, paused or moved on), so a late, repeated or racing job changes nothing. A timer
 * that fired early (its deadline moved later) is refused as `not_due`; the worker re-aligns the decision's
 * timers once that job has completed (a running job cannot be replaced under its own id).
 */
export async function fireTimer(deps: AppDeps, timer: FiredTimer): Promise<Transition | { found: false }> {
  const now = deps.clock.now();
  const ctx = { now, clock: deps.projects.calendar };
  // Whether the SPoC is away is read before the transaction (absences are not part of the decision's state).
  const read = timer.kind === 'escalate' ? await deps.decisions.get(timer.decisionId) : undefined;
  const readProject = read && deps.projects.byId(read.projectId);
  const spocAway = readProject ? (await knownSpocAvailability(deps, readProject, now)).away : false;
  const result = await whenWritable(() =>
    deps.decisions.transact(
      timer.decisionId,
      (d) => {
        if (timer.kind === 'remind') return remind(d, timer, ctx);
        if (timer.kind === 'late') return markLate(d, ctx);
        const project = deps.projects.byId(d.projectId);
        if (!project)
          return { ok: false, refusal: { code: 'invalid_request', field: 'projectId', problem: 'unknown' } };
        return escalate(d, project, { level: timer.level, spocAway }, ctx);
      },
      (t) => {
        const project = deps.projects.byId(t.decision.projectId);
        return project ? outboxFor(t.decision, t.events, project) : [];
      },
      now,
    ),
  );
  if (result.found && result.ok) await afterCommit(deps, result.decision);
  return result;
}
