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

  /** `onRecord` runs after each call is recorded (the fake's change notification). */
  constructor(private readonly onRecord: () => void = () => {}) {}

  record(call: Omit<RecordedCall, 'seq'>): RecordedCall {
    const recorded = { seq: this.log.length + 1, ...call };
    this.log.push(recorded);
    this.onRecord();
    return recorded;
  }

  calls(method?: string): RecordedCall[] {
    return method === undefined ? [...this.log] : this.log.filter((c) => c.method === method);
  }

  clear(): void {
    this.log.length = 0;
  }
}
