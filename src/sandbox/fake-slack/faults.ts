/**
 * Faults the fake injects in place of (or before) a method's normal answer, to test how the bot copes with an
 * unreliable Slack. Injected faults are never violations.
 */
export type Fault =
  /** HTTP 200 `{ok:false, error}`. */
  | { kind: 'error'; error: string; times?: number }
  /** HTTP 429 with `Retry-After: retryAfterSec` and `{ok:false, error:'ratelimited'}`. */
  | { kind: 'rate_limited'; retryAfterSec: number; times?: number }
  /** HTTP 500 (or `status`), as during a Slack outage. */
  | { kind: 'server_error'; status?: number; times?: number }
  /**
   * The method runs (a message is posted) but the answer is HTTP 500 (or `status`): Slack processed the request
   * and the response was lost, so the caller cannot tell it succeeded.
   */
  | { kind: 'server_error_after_processing'; status?: number; times?: number }
  /** Waits `ms` of real time, then answers normally. */
  | { kind: 'latency'; ms: number; times?: number };

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

/** `times` omitted: active until cleared. Method `'*'` matches every method. */
export class Faults {
  private readonly byMethod = new Map<string, ActiveFault[]>();

  inject(method: string, fault: Fault): void {
    const list = this.byMethod.get(method) ?? [];
    list.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
    this.byMethod.set(method, list);
  }

  clear(method?: string): void {
    if (method === undefined) this.byMethod.clear();
    else this.byMethod.delete(method);
  }

  /** The fault to apply to this call, if any, counting it as used. */
  take(method: string): Fault | undefined {
    for (const key of [method, '*']) {
      const list = this.byMethod.get(key);
      const active = list?.[0];
      if (list === undefined || active === undefined) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) list.shift();
      return active.fault;
    }
    return undefined;
  }
}
