import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { buildDigest, type Digest } from '../domain/digest.js';
import type { AppDeps } from './deps.js';
import type { OutboxStore } from './ports.js';
import { latencyOf } from './queries.js';

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * The weekly digest of a project, to each sponsor. The figures are computed now and recorded in the outbox,
 * keyed by project, local date and sponsor, so a scheduler firing twice on one day sends one digest.
 */
export async function sendDigest(
  deps: AppDeps & { readonly outbox: OutboxStore },
  projectId: string,
): Promise<Digest | undefined> {
  const project = deps.projects.byId(projectId);
  if (!project) return undefined;
  const now = deps.clock.now();
  const from = now - WEEK_MS;
  const decisions = [
    ...deps.decisions.listActive(project.id),
    ...deps.decisions.closedSince(project.id, from),
  ];
  const digest = buildDigest(
    project.id,
    decisions.map((decision) => ({ decision, latency: latencyOf(deps, decision) })),
    from,
    now,
  );
  const day = format(new TZDate(now, deps.projects.timezone), 'yyyy-MM-dd');
  deps.outbox.enqueue(
    project.sponsors.map((sponsor) => ({
      dedupeKey: `digest-${project.id}-${day}-${sponsor}`,
      kind: 'digest' as const,
      recipient: sponsor,
      payload: { digest },
    })),
    now,
  );
  await deps.deliveries.enqueue();
  return digest;
}
