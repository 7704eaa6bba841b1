import { isAccountable, type Project, type UserId } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';
import type { FileRequest, OutboxStore } from './ports.js';

/**
 * `/decide export`: records the file to send to the caller's DM in the outbox (made and uploaded by the
 * delivery worker, with its retries). Refused, recording nothing, for anyone who may not export.
 */
export async function requestExport(
  deps: AppDeps & { readonly outbox: OutboxStore },
  project: Project,
  request: { user: UserId; format: FileRequest['format']; since?: Instant | undefined },
): Promise<{ ok: true } | { ok: false; reason: 'not_allowed' }> {
  if (!isAccountable(project, request.user)) return { ok: false, reason: 'not_allowed' };
  const at = deps.clock.now();
  const file: FileRequest = {
    kind: 'decision_log',
    projectId: project.id,
    format: request.format,
    ...(request.since === undefined ? {} : { since: request.since }),
    at,
  };
  await deps.outbox.enqueue(
    [
      {
        dedupeKey: `export-${project.id}-${request.user}-${at}`,
        kind: 'file',
        recipient: request.user,
        payload: { file },
      },
    ],
    at,
  );
  await deps.deliveries.enqueue();
  return { ok: true };
}
