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
 * Faults drawn at random, call by call, from a seeded generator (a soak's chaos): each rate is the share of
 * calls that get that fault; `except` lists methods never touched (e.g. `apps.connections.open`).
 */
export interface RandomFaults {
  readonly seed: number;
  readonly rates: readonly { readonly fault: Fault; readonly rate: number }[];
  readonly except?: readonly string[];
}

/**
 * `times` omitted: active until cleared. Method `'*'` matches every method. With `match`, only the calls whose
 * arguments it accepts get the fault (and count against `times`); the others are answered normally.
 */
export class Faults {
  private readonly byMethod = new Map<string, ActiveFault[]>();
  private random: { config: RandomFaults; next: () => number } | undefined;
  /** Faults applied so far, by kind (injected and random alike). */
  readonly applied = new Map<Fault['kind'], number>();

  /** From now on, every call not given an injected fault may get one at random (undefined: stop). */
  randomly(config: RandomFaults | undefined): void {
    this.random = config === undefined ? undefined : { config, next: mulberry32(config.seed) };
  }

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
    const fault = this.injected(method, args) ?? this.drawn(method);
    if (fault !== undefined) this.applied.set(fault.kind, (this.applied.get(fault.kind) ?? 0) + 1);
    return fault;
  }

  private injected(method: string, args: Readonly<Record<string, unknown>>): Fault | undefined {
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

  private drawn(method: string): Fault | undefined {
    const random = this.random;
    if (random === undefined || random.config.except?.includes(method)) return undefined;
    let roll = random.next();
    for (const { fault, rate } of random.config.rates) {
      if (roll < rate) return fault;
      roll -= rate;
    }
    return undefined;
  }
}

/** A small seeded generator of numbers in [0, 1): the same seed gives the same faults for the same calls. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
