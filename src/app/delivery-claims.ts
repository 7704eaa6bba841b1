import type { DeliveryClaim, Logger, OutboxStore } from './ports.js';

/**
 * How long a claim on an outbox row lasts unless renewed: the rows of a process that died mid-send wait this
 * long at most before another run takes them (a crash's deliveries resume within seconds).
 */
export const CLAIM_LEASE_MS = 3000;

/** How often the claims of the runs under way are renewed: a third of the lease, so two renewals may fail. */
export const CLAIM_RENEW_MS = 1000;

/**
 * One process's claims on the outbox rows it is sending. A run claims its row before calling Slack, and the
 * claim is renewed while the run lasts, however long Slack takes: a second run of the same job (BullMQ hands a
 * job out again when its lock lapsed, as in a Redis outage longer than the lock) finds the row claimed and waits
 * instead of posting a second copy. A run that dies stops renewing, and its claim runs out after the lease.
 *
 * A run whose renewals fail (the database away for it alone) may lose its claim while it is still alive: it
 * asks `stillHolds` before each post, which is true only while the last claim or renewal that reached the
 * database was asked for less than the lease minus one renewal period ago (by this process's monotonic clock),
 * so that a post starts at least that long before anyone else could take the row over.
 */
export class DeliveryClaims {
  /** Claims taken and not yet ended: holder → its row, and when its last successful claim or renewal was asked. */
  private readonly held = new Map<string, { readonly id: number; asked: number }>();
  private taken = 0;
  private timer: NodeJS.Timeout | undefined;
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly outbox: OutboxStore,
    /** This process's name (a claim's holder is it and a number of its own, so two runs never share one). */
    private readonly owner: string,
    private readonly log: Logger,
    private readonly leaseMs = CLAIM_LEASE_MS,
    private readonly renewMs = CLAIM_RENEW_MS,
    /** A clock for durations only (never set back); not the business clock, which tests stop. */
    private readonly monotonic: () => number = () => performance.now(),
  ) {}

  /** Claims the row for one run; `holder` names the claim for `stillHolds` and `end`. */
  async take(id: number): Promise<{ readonly claim: DeliveryClaim; readonly holder: string }> {
    const holder = `${this.owner}#${++this.taken}`;
    const asked = this.monotonic();
    const claim = await this.outbox.claim(id, holder, this.leaseMs);
    if (claim.kind === 'taken') {
      this.held.set(holder, { id, asked });
      this.timer ??= setInterval(() => void this.renew(), this.renewMs).unref();
    }
    return { claim, holder };
  }

  /** Whether the claim certainly lasts long enough for a post to start now (see the class). */
  stillHolds(holder: string): boolean {
    const claim = this.held.get(holder);
    return claim !== undefined && this.monotonic() - claim.asked < this.leaseMs - this.renewMs;
  }

  /** The run is over: the row's last write (sent, failed, an error recorded with the holder) ended the claim. */
  end(holder: string): void {
    this.held.delete(holder);
    if (this.held.size > 0) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** How many claims this process holds now. */
  get size(): number {
    return this.held.size;
  }

  private renew(): Promise<void> {
    // One renewal at a time: a slow database must not pile them up.
    this.renewing ??= this.renewOnce().finally(() => {
      this.renewing = undefined;
    });
    return this.renewing;
  }

  private async renewOnce(): Promise<void> {
    const asked = this.monotonic();
    const claims = [...this.held].map(([holder, { id }]) => ({ id, holder }));
    try {
      const renewed = new Set(await this.outbox.renewClaims(claims, this.leaseMs));
      for (const { holder, id } of claims) {
        const claim = this.held.get(holder);
        if (claim === undefined) continue; // ended meanwhile
        if (renewed.has(holder)) {
          claim.asked = asked;
          continue;
        }
        // Not renewed: ended by the run's own last write (sent, failed) just now, or run out and perhaps taken
        // over while renewals failed. Either way this run must not post any more; only the second is news.
        if (!this.stillHolds(holder))
          this.log.warn('an outbox claim ran out while its run was still going; it will not post', {
            deliveryId: id,
          });
        claim.asked = Number.NEGATIVE_INFINITY;
      }
    } catch (error) {
      this.log.warn('outbox claims not renewed; another process may take these rows over', {
        rows: claims.map((c) => c.id),
        error: String(error),
      });
    }
  }
}
