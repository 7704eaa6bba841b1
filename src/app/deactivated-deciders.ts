import { passOverDeactivated } from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import { knownSpocAvailability } from './availability.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import { whenWritable } from './write-lock.js';

/**
 * Every active decision waiting on someone Slack reports deactivated moves on now instead of waiting on them
 * until its time runs out (the domain's `passOverDeactivated`: the others at the level keep it, or it goes to
 * who holds the SPoC level, or up the ladder). Run by the daily check of people once the project directory
 * reads the new marks; it looks at everyone marked, not only the newly marked, so a decision a crash left
 * behind, or a new round of a sign-off that asked a deactivated key user again, moves on at the next check.
 * Each decision is re-read under the write lock, so a decision that moved meanwhile is left alone. Returns how
 * many decisions moved.
 */
export async function moveOnFromDeactivated(deps: AppDeps): Promise<number> {
  const deactivated = deps.projects.deactivated?.() ?? new Set<string>();
  if (deactivated.size === 0) return 0;
  const now = deps.clock.now();
  const ctx = { now, clock: deps.projects.calendar };
  let moved = 0;
  for (const project of deps.projects.all()) {
    const waiting = (await deps.decisions.listActive(project.id)).filter(
      (d) => d.status !== 'returned' && d.deciders.some((u) => deactivated.has(u)),
    );
    if (waiting.length === 0) continue;
    // Who holds the SPoC level depends on whether the SPoC is away (read before the transactions).
    const { away: spocAway } = await knownSpocAvailability(deps, project, now);
    for (const pending of waiting) {
      const r = await whenWritable(() =>
        deps.decisions.transact(
          pending.id,
          (d) => passOverDeactivated(d, project, { deactivated, spocAway }, ctx),
          (t) => outboxFor(t.decision, t.events, project),
          now,
        ),
      );
      if (!r.found) continue;
      const gone = pending.deciders.filter((u) => deactivated.has(u));
      if (r.ok && r.events.length > 0) {
        moved++;
        deps.log.info('a decision waiting on a deactivated person moved on without them', {
          decisionId: r.decision.id,
          projectId: project.id,
          gone,
          level: r.decision.level,
          deciders: r.decision.deciders,
          status: r.decision.status,
        });
        await afterCommit(deps, r.decision);
      } else if (!r.ok && r.refusal.code === 'invalid_transition' && r.refusal.status !== 'returned') {
        deps.log.warn(
          'a decision waits on deactivated people and nobody above them can take it: it stays until its time runs out',
          { decisionId: pending.id, projectId: project.id, gone, level: pending.level },
        );
      }
    }
  }
  return moved;
}
