import { type RetentionPolicy, retentionCutoff } from '../domain/retention.js';
import type { Instant } from '../domain/time.js';
import type { Clock, Logger, ProjectDirectory, PurgeCounts, RetentionStore } from './ports.js';

/** Decisions per purge transaction: a first run over years of history holds the write lock briefly each time. */
export const PURGE_CHUNK = 500;

export interface RetentionDeps {
  readonly retention: RetentionStore;
  readonly projects: Pick<ProjectDirectory, 'all'>;
  readonly clock: Clock;
  readonly log: Logger;
  /**
   * Writes the log of these decisions of the project somewhere safe before they go (`retention.export_to`) and
   * resolves with where; absent: nothing is written. A failure keeps every one of them.
   */
  readonly archive?:
    | ((projectId: string, decisionIds: readonly string[], at: Instant) => Promise<string>)
    | undefined;
}

export interface ProjectPurge extends PurgeCounts {
  readonly projectId: string;
  /** Where the deleted decisions' log was written first, if anywhere. */
  readonly file?: string;
}

/** Some projects' decisions could not be exported or deleted; the others' were (see `done`). */
export class RetentionFailed extends Error {
  override readonly name = 'RetentionFailed';
  constructor(
    readonly done: readonly ProjectPurge[],
    readonly failed: readonly { readonly projectId: string; readonly error: string }[],
  ) {
    super(`retention failed for ${failed.map((f) => `${f.projectId} (${f.error})`).join(', ')}`);
  }
}

/**
 * The daily retention pass: for every configured project, the decisions closed more than `policy.days` ago
 * are exported first (when the policy says where) and then deleted with their events, votes, Slack message
 * references and deliveries. Open decisions are never touched. Each project's deletion is logged with its
 * counts; a project whose export or deletion fails keeps its decisions (the next run tries again) and the run
 * fails after the other projects were done.
 */
export async function applyRetention(deps: RetentionDeps, policy: RetentionPolicy): Promise<ProjectPurge[]> {
  const now = deps.clock.now();
  const cutoff = retentionCutoff(now, policy);
  const done: ProjectPurge[] = [];
  const failed: { projectId: string; error: string }[] = [];
  for (const project of deps.projects.all()) {
    try {
      const ids = await deps.retention.closedBefore(project.id, cutoff);
      if (ids.length === 0) continue;
      const file = deps.archive === undefined ? undefined : await deps.archive(project.id, ids, now);
      const counts = { decisions: 0, events: 0, deliveries: 0, votes: 0, messages: 0 };
      for (let i = 0; i < ids.length; i += PURGE_CHUNK) {
        const purged = await deps.retention.purge(project.id, ids.slice(i, i + PURGE_CHUNK), cutoff, now);
        for (const key of Object.keys(counts) as (keyof PurgeCounts)[]) counts[key] += purged[key];
      }
      const report = { projectId: project.id, ...counts, ...(file === undefined ? {} : { file }) };
      deps.log.info('deleted closed decisions past retention', {
        ...report,
        days: policy.days,
        closedBefore: new Date(cutoff).toISOString(),
      });
      done.push(report);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log.error('retention: nothing deleted for this project', {
        projectId: project.id,
        error: message,
      });
      failed.push({ projectId: project.id, error: message });
    }
  }
  if (failed.length > 0) throw new RetentionFailed(done, failed);
  return done;
}
