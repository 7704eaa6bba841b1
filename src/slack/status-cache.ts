import type { webApi } from '@slack/bolt';
import type { Clock, Logger, SlackStatuses } from '../app/ports.js';
import type { SlackStatus } from '../domain/availability.js';
import type { UserId } from '../domain/project.js';
import type { Instant } from '../domain/time.js';

/** A status read from Slack is used for at most this long before Slack is asked again. */
export const STATUS_TTL_MS = 5 * 60_000;

/**
 * People's Slack statuses from `users.profile.get` (`status_emoji`, `status_expiration` in epoch seconds, 0 for
 * none), cached per person for at most `ttlMs`; one call per person at a time. When Slack cannot be asked (an
 * outage, a rate limit, an error), the last known status holds: the first failure of an outage is logged as a
 * warning, the recovery as info, nothing per call in between.
 */
export class SlackStatusCache implements SlackStatuses {
  private readonly entries = new Map<UserId, { readonly status: SlackStatus; readonly readAt: Instant }>();
  private readonly reading = new Map<UserId, Promise<SlackStatus | undefined>>();
  private failing = false;

  constructor(
    private readonly client: webApi.WebClient,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly ttlMs = STATUS_TTL_MS,
  ) {}

  async statusOf(
    user: UserId,
    options: { maxAgeMs?: number; timeoutMs?: number } = {},
  ): Promise<SlackStatus | undefined> {
    const entry = this.entries.get(user);
    const maxAgeMs = Math.min(options.maxAgeMs ?? this.ttlMs, this.ttlMs);
    if (entry !== undefined && this.clock.now() - entry.readAt < maxAgeMs) return entry.status;
    const read = this.read(user);
    if (options.timeoutMs === undefined) return read;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<SlackStatus | undefined>((resolve) => {
      // The read goes on and fills the cache when it answers.
      timer = setTimeout(() => resolve(this.known(user)), options.timeoutMs);
    });
    try {
      return await Promise.race([read, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  known(user: UserId): SlackStatus | undefined {
    return this.entries.get(user)?.status;
  }

  private read(user: UserId): Promise<SlackStatus | undefined> {
    const running = this.reading.get(user);
    if (running !== undefined) return running;
    const read = this.client.users.profile
      .get({ user })
      .then(
        (res) => {
          const expiration = res.profile?.status_expiration ?? 0;
          const status = {
            emoji: res.profile?.status_emoji ?? '',
            expiresAt: expiration > 0 ? expiration * 1000 : null,
          };
          this.entries.set(user, { status, readAt: this.clock.now() });
          if (this.failing) {
            this.failing = false;
            this.log.info('Slack statuses can be read again');
          }
          return status;
        },
        (error: unknown) => {
          if (!this.failing) {
            this.failing = true;
            this.log.warn('cannot read Slack statuses: the last known ones hold until Slack answers again', {
              user,
              lastKnown: this.known(user) ?? null,
              error: error instanceof Error ? error.message : String(error),
            });
          }
          return this.known(user);
        },
      )
      .finally(() => this.reading.delete(user));
    this.reading.set(user, read);
    return read;
  }
}
