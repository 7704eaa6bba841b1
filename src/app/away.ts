import type { Decision } from '../domain/decision.js';
import type { Instant } from '../domain/time.js';
import { handBackToSpoc, handOverToDeputy } from '../domain/transitions/index.js';
import { afterCommit } from './after-commit.js';
import type { AppDeps } from './deps.js';
import { outboxFor } from './outbox-plan.js';
import type { OutboxStore } from './ports.js';
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
  await deps.absences.markAway(project.id, userId, now, until);
  let handedOver = 0;
  if (project.deputy !== undefined) {
    const ctx = { now, clock: deps.projects.calendar };
    for (const pending of await deps.decisions.listActive(project.id)) {
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

/** The requests `/decide back` looked at: those that returned to the SPoC and those that stay with the deputy. */
export interface HandBack {
  readonly moved: readonly Decision[];
  readonly stayed: readonly Decision[];
}

export type BackResult =
  | ({ readonly ok: true; readonly wasAway: boolean; readonly deputy: string | undefined } & HandBack)
  | { readonly ok: false; readonly reason: 'unknown_project' | 'not_spoc' };

/**
 * The SPoC is back: new requests come to the SPoC again, and the requests the deputy holds only because the
 * SPoC was away, and has not acted on, return to the SPoC. The rest stay with the deputy. The deputy is told
 * which moved and which stayed (the SPoC reads it in the command's reply).
 */
export async function markBack(
  deps: AppDeps & { readonly outbox: OutboxStore },
  projectId: string,
  userId: string,
): Promise<BackResult> {
  const project = deps.projects.byId(projectId);
  if (!project) return { ok: false, reason: 'unknown_project' };
  if (project.spoc !== userId) return { ok: false, reason: 'not_spoc' };
  const now = deps.clock.now();
  const wasAway = await deps.absences.isAway(project.id, userId, now);
  await deps.absences.markBack(project.id, userId, now);
  const { deputy } = project;
  const moved: Decision[] = [];
  const stayed: Decision[] = [];
  if (deputy === undefined) return { ok: true, wasAway, deputy, moved, stayed };
  const ctx = { now, clock: deps.projects.calendar };
  for (const pending of await deps.decisions.listActive(project.id)) {
    if (pending.level !== 'spoc' || !pending.deciders.includes(deputy)) continue;
    const r = await whenWritable(() =>
      deps.decisions.transact(
        pending.id,
        (d, events) => handBackToSpoc(d, project, events, ctx),
        (t) => outboxFor(t.decision, t.events, project),
        now,
        undefined,
        { withEvents: true },
      ),
    );
    if (r.found && r.ok) {
      moved.push(r.decision);
      await afterCommit(deps, r.decision);
    } else if (r.found && r.refusal.code !== 'already_decided') {
      stayed.push(pending);
    }
  }
  if (moved.length + stayed.length > 0) {
    const brief = (d: Decision) => ({ id: d.id, question: d.question });
    await deps.outbox.enqueue(
      [
        {
          dedupeKey: `notice-spoc_back-${project.id}-${now}`,
          kind: 'notice',
          recipient: deputy,
          payload: {
            notice: {
              kind: 'spoc_back',
              projectId: project.id,
              spoc: project.spoc,
              moved: moved.map(brief),
              stayed: stayed.map(brief),
            },
          },
        },
      ],
      now,
    );
    await deps.deliveries.enqueue();
  }
  return { ok: true, wasAway, deputy, moved, stayed };
}
