import { type SlackStatus, statusSaysAway } from '../domain/availability.js';
import type { Project } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';

/** How long routing a new request waits for Slack's answer about the SPoC's status before using the cached one. */
export const STATUS_TIMEOUT_MS = 1000;

/** Whether the SPoC is away now, and why: an absence (`/decide away`, or one the status check marked) or the status. */
export interface SpocAvailability {
  readonly away: boolean;
  /** The absence running now, if any. */
  readonly absence?: { readonly from: Instant; readonly until: Instant | null } | undefined;
  /** The Slack status that makes the SPoC away (only when the project reads statuses and it says away). */
  readonly status?: SlackStatus | undefined;
}

/**
 * The SPoC's availability at `now`, asking Slack for the status (cached, bounded by `timeoutMs`) when the project
 * reads statuses. Away = an absence is running, or the status says away.
 */
export async function spocAvailability(
  deps: AppDeps,
  project: Project,
  now: Instant,
  timeoutMs = STATUS_TIMEOUT_MS,
): Promise<SpocAvailability> {
  const status =
    project.awayFromStatus === undefined || deps.statuses === undefined
      ? undefined
      : await deps.statuses.statusOf(project.spoc, { timeoutMs });
  return availability(deps, project, now, status);
}

/** The same from what is known already (the cached status): never waits for Slack. */
export function knownSpocAvailability(
  deps: AppDeps,
  project: Project,
  now: Instant,
): Promise<SpocAvailability> {
  const status = project.awayFromStatus === undefined ? undefined : deps.statuses?.known(project.spoc);
  return availability(deps, project, now, status);
}

async function availability(
  deps: AppDeps,
  project: Project,
  now: Instant,
  status: SlackStatus | undefined,
): Promise<SpocAvailability> {
  const absence = await deps.absences.awayAt(project.id, project.spoc, now);
  const byStatus = statusSaysAway(project, status, now);
  return {
    away: absence !== undefined || byStatus,
    ...(absence === undefined ? {} : { absence }),
    ...(byStatus ? { status } : {}),
  };
}
