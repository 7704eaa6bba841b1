import type { Json } from '../json.js';

/** One request the bot made to the fake: Web API call, file upload or response_url POST. */
export interface RecordedCall {
  seq: number;
  /** Web API method, or `upload` / `response_url`. */
  method: string;
  /** Parsed arguments: JSON fields (`blocks`, `view`, `attachments`, `files`) decoded to objects; no token. */
  args: Json;
  /** Fake clock time in ms. */
  at: number;
  status: number;
  /** The JSON body answered, or the text body for non-JSON answers (faults, response_url refusals). */
  response: unknown;
  /** Set when an injected fault shaped the answer. */
  fault?: string;
}

export class Recorder {
  private readonly log: RecordedCall[] = [];
  private lastSeq = 0;

  /**
   * `onRecord` runs after each call is recorded (the fake's change notification). `limit` keeps only the
   * newest calls, so a long-running sandbox does not grow without bound; default all of them.
   */
  constructor(
    private readonly onRecord: () => void = () => {},
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {
    if (limit !== Number.POSITIVE_INFINITY && !(Number.isInteger(limit) && limit >= 0)) {
      throw new RangeError(`recorder limit must be a whole number of calls, got ${limit}`);
    }
  }

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    this.lastSeq += 1;
    const recorded = { seq: this.lastSeq, ...call };
    this.log.push(recorded);
    if (this.log.length > this.limit) this.log.splice(0, this.log.length - this.limit);
    this.onRecord();
    return recorded;
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.log] : this.log.filter((c) => c.method === method);
  }

  /** Forgets the calls; `seq` goes on increasing, so a seq still names one call only. */
  clear(): void {
    this.log.length = 0;
  }
}
