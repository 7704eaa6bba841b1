const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** What a restart needs to go on where the generator stopped: its position and every ID it gave out. */
export interface IdFactoryState {
  prng: number;
  issued: string[];
}

/**
 * Slack-shaped identifiers: a type prefix and 10 characters of [A-Z0-9], which satisfies the ID patterns of
 * Slack's OpenAPI spec (e.g. channels `^[CGD][A-Z0-9]{8,}$`). A seeded generator keeps every run identical,
 * so test output and snapshots are deterministic.
 */
export class IdFactory {
  private state: number;
  private readonly issued = new Set<string>();

  constructor(seed = 0x5eed) {
    this.state = seed >>> 0;
  }

  /** Restored, the generator continues its sequence, so no ID of an earlier run comes out again. */
  static restore(saved: IdFactoryState): IdFactory {
    const ids = new IdFactory(saved.prng);
    for (const id of saved.issued) ids.issued.add(id);
    return ids;
  }

  snapshot(): IdFactoryState {
    return { prng: this.state, issued: [...this.issued] };
  }

  /** `prefix` is one of Slack's: T team, U user, B bot, A app, C channel, D DM, G group DM, V view, F file, Ev event. */
  next(prefix: string, length = 10): string {
    for (;;) {
      const id = prefix + this.chars(length, ALPHABET);
      if (!this.issued.has(id)) {
        this.issued.add(id);
        return id;
      }
    }
  }

  /** Marks an ID given from outside (a fixed user or channel ID) as taken, so `next` never issues it. */
  reserve(id: string): void {
    this.issued.add(id);
  }

  hex(length: number): string {
    return this.chars(length, '0123456789abcdef');
  }

  digits(length: number): string {
    return this.chars(length, '0123456789');
  }

  /** Block and action ids Slack generates for elements sent without one (short, mixed case). */
  shortId(): string {
    return this.chars(5, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789');
  }

  private chars(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.random() % alphabet.length];
    return out;
  }

  /** mulberry32: tiny, fast and good enough for unique-looking ids. */
  private random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
}

/**
 * Message timestamps ("1700000000.000100"): seconds and microseconds from the injected clock, strictly
 * increasing even when the clock stands still, because Slack uses `ts` as the message's unique key.
 */
export class TsClock {
  private last = 0;

  constructor(private readonly now: () => number) {}

  /** `last` is the last ts issued (from `snapshot()`): a restarted clock stays above it even if `now` went back. */
  static restore(now: () => number, last: number): TsClock {
    const clock = new TsClock(now);
    clock.last = last;
    return clock;
  }

  /** The last ts issued, in microseconds. */
  snapshot(): number {
    return this.last;
  }

  next(): string {
    const ms = this.now();
    let micros = Math.floor(ms / 1000) * 1_000_000 + (ms % 1000) * 1000;
    if (micros <= this.last) micros = this.last + 100;
    this.last = micros;
    return formatTs(micros);
  }
}

export function formatTs(micros: number): string {
  const seconds = Math.floor(micros / 1_000_000);
  return `${String(seconds).padStart(10, '0')}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
