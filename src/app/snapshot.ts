/**
 * A value read from the database and kept in memory, for what is read on every lookup or every message (who is
 * deactivated, who reads which language) where a database round trip each time would cost more than the work.
 * `get` never waits: once the value is older than `maxAgeMs` it starts a refresh in the background and answers
 * with what it has, so another process's change is seen within about `maxAgeMs`. After a change of its own a
 * caller `reload`s, and reads its own write from then on.
 */
export class Snapshot<T> {
  private value: T;
  private readAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly load: () => Promise<T>,
    initial: T,
    private readonly now: () => number,
    private readonly maxAgeMs: number,
    /** A background refresh failed (the database is unreachable): the last value holds. */
    private readonly onError: (error: unknown) => void,
  ) {
    this.value = initial;
  }

  get(): T {
    if (this.now() - this.readAt >= this.maxAgeMs) this.refresh().catch(this.onError);
    return this.value;
  }

  /** Reads the value now (joining a read under way); rejects when the database cannot be read. */
  refresh(): Promise<void> {
    this.loading ??= this.load()
      .then((value) => {
        this.value = value;
        this.readAt = this.now();
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }

  /** Reads the value anew after a change: a read already under way may predate it, so it does not count. */
  async reload(): Promise<void> {
    await this.loading?.catch(() => undefined);
    await this.refresh();
  }
}
