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
 */
export class DeliveryClaims {
  /** Claims taken and not yet ended: holder → row id. */
  private readonly held = new Map<string, number>();
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
  ) {}

  /** Claims the row for one run; `holder` names the claim for `end`. */
  async take(id: number): Promise<{ readonly claim: DeliveryClaim; readonly holder: string }> {
    const holder = `${this.owner}#${++this.taken}`;
    const claim = await this.outbox.claim(id, holder, this.leaseMs);
    if (claim.kind === 'taken') {
      this.held.set(holder, id);
      this.timer ??= setInterval(() => void this.renew(), this.renewMs).unref();
    }
    return { claim, holder };
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
    this.renewing ??= this.outbox
      .renewClaims(
        [...this.held].map(([holder, id]) => ({ id, holder })),
        this.leaseMs,
      )
      .catch((error: unknown) =>
        this.log.warn('outbox claims not renewed; another process may take these rows over', {
          rows: [...this.held.values()],
          error: String(error),
        }),
      )
      .finally(() => {
        this.renewing = undefined;
      });
    return this.renewing;
  }
}
