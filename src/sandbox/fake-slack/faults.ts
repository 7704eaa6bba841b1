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

/** Which calls of the method a fault applies to, by their arguments (e.g. only posts to one channel). */
export type FaultMatch = (args: Readonly<Record<string, unknown>>) => boolean;

interface ActiveFault {
  fault: Fault;
  remaining: number;
  match: FaultMatch | undefined;
}

/**
 * `times` omitted: active until cleared. Method `'*'` matches every method. With `match`, only the calls whose
 * arguments it accepts get the fault (and count against `times`); the others are answered normally.
 */
export class Faults {
  private readonly byMethod = new Map<string, ActiveFault[]>();

  inject(method: string, fault: Fault, match?: FaultMatch): void {
    const list = this.byMethod.get(method) ?? [];
    list.push({ fault, remaining: fault.times ?? Number.POSITIVE_INFINITY, match });
    this.byMethod.set(method, list);
  }

  clear(method?: string): void {
    if (method === undefined) this.byMethod.clear();
    else this.byMethod.delete(method);
  }

  /** The fault to apply to this call, if any, counting it as used. */
  take(method: string, args: Readonly<Record<string, unknown>> = {}): Fault | undefined {
    for (const key of [method, '*']) {
      const list = this.byMethod.get(key);
      if (list === undefined) continue;
      // The first fault injected for the method that applies to this call (a fault without `match`: any call).
      const i = list.findIndex((f) => f.match === undefined || f.match(args));
      const active = list[i];
      if (active === undefined) continue;
      active.remaining -= 1;
      if (active.remaining <= 0) list.splice(i, 1);
      return active.fault;
    }
    return undefined;
  }
}
