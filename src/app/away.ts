import type { Instant } from '../domain/time.js';
import { handOverToDeputy } from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import { whenWritable } from './write-lock.js';

export type AwayResult =
  | { readonly ok: true; readonly handedOver: number; readonly deputy: string | undefined }
  | { readonly ok: false; readonly reason: 'unknown_project' | 'not_spoc' };

/**
 * The SPoC marks an absence: new requests go to the deputy until `until` (null: until marked back), and the
 * requests the SPoC holds now move to the deputy too. Without a deputy nothing moves; the SLA escalates.
 */
export async function markAway(
  deps: AppDeps,
  projectId: string,
  userId: string,
  until: Instant | null,
): Promise<AwayResult> {
  const project = deps.projects.byId(projectId);
  if (!project) return { ok: false, reason: 'unknown_project' };
  if (project.spoc !== userId) return { ok: false, reason: 'not_spoc' };
  const now = deps.clock.now();
  deps.absences.markAway(project.id, userId, now, until);
  let handedOver = 0;
  if (project.deputy !== undefined) {
    const ctx = { now, clock: deps.projects.calendar };
    for (const pending of deps.decisions.listActive(project.id)) {
      const r = await whenWritable(() =>
        deps.decisions.transact(
          pending.id,
          (d) => handOverToDeputy(d, project, ctx),
          (t) => outboxFor(t.decision, t.events, project),
          now,
        ),
      );
      if (r.found && r.ok) {
        handedOver++;
        await afterCommit(deps, r.decision);
      }
    }
  }
  return { ok: true, handedOver, deputy: project.deputy };
}

/** The SPoC is back: new requests come to the SPoC again; requests the deputy took stay with the deputy. */
export function markBack(deps: AppDeps, projectId: string, userId: string): AwayResult {
  const project = deps.projects.byId(projectId);
  if (!project) return { ok: false, reason: 'unknown_project' };
  if (project.spoc !== userId) return { ok: false, reason: 'not_spoc' };
  deps.absences.markBack(project.id, userId, deps.clock.now());
  return { ok: true, handedOver: 0, deputy: project.deputy };
}
