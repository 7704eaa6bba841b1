import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { buildDigest, DIGEST_WEEKS, type Digest } from '../domain/digest.js';
import { type DecisionWithFigures, WEEK_MS } from '../domain/insight/index.js';
import type { BusinessClock } from '../domain/ladder.js';
import type { Project, UserId } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { AppDeps } from './deps.js';
import { figuredDecisions } from './insight.js';
import type { DecisionStore, OutboxStore } from './ports.js';

type DigestDeps = AppDeps & { readonly outbox: OutboxStore };

/**
 * The weekly digest of a project, computed now and recorded in the outbox, to each sponsor (the scheduled
 * digest: keyed by project, local date and sponsor, so a scheduler firing twice or a restart around that time
 * sends one) or to one person who asked for it (`/decide digest`: every request sends one).
 */
export async function sendDigest(
  deps: DigestDeps,
  projectId: string,
  options: { readonly to?: UserId } = {},
): Promise<Digest | undefined> {
  const project = deps.projects.byId(projectId);
  if (!project) return undefined;
  const now = deps.clock.now();
  const digest = buildDigest({
    project,
    decisions: await digestDecisions(deps.decisions, deps.projects.calendar, project, now),
    to: now,
    now,
    clock: deps.projects.calendar,
  });
  const threads = await threadsOf(deps, [
    ...digest.waiting.map((w) => w.id),
    ...digest.slowest.map((s) => s.id),
  ]);
  const day = format(new TZDate(now, deps.projects.timezone), 'yyyy-MM-dd');
  const recipients = options.to === undefined ? project.sponsors : [options.to];
  await deps.outbox.enqueue(
    recipients.map((recipient) => ({
      dedupeKey:
        options.to === undefined
          ? `digest-${project.id}-${day}-${recipient}`
          : `digest-${project.id}-${now}-${recipient}`,
      kind: 'digest' as const,
      recipient,
      payload: { digest, threads },
    })),
    now,
  );
  await deps.deliveries.enqueue();
  return digest;
}

/**
 * The decisions the digest can see, with their figures: every open one, and every one closed within the
 * chart's weeks. Exported for the digest benchmark, which must load exactly what the bot loads.
 */
export function digestDecisions(
  decisions: DecisionStore,
  clock: BusinessClock,
  project: Project,
  now: Instant,
): Promise<DecisionWithFigures[]> {
  return figuredDecisions(decisions, clock, project, now, now - (DIGEST_WEEKS + 1) * WEEK_MS);
}

/** Where each decision's thread is in the project channel, for the digest's links. */
async function threadsOf(
  deps: DigestDeps,
  ids: readonly string[],
): Promise<Record<string, { channel: string; ts: string }>> {
  const threads: Record<string, { channel: string; ts: string }> = {};
  for (const id of new Set(ids)) {
    const head = (await deps.outbox.messagesOf(id)).find((m) => m.role === 'thread_head');
    if (head !== undefined) threads[id] = { channel: head.channel, ts: head.ts };
  }
  return threads;
}
