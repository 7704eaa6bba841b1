/**
 * A call real Slack would refuse because the bot got it wrong, or an interaction the bot answered badly
 * (slow or failed ack). Tests end with `assertNoViolations()` so such a bug fails the run.
 */
export interface Violation {
  /**
   * Where it happened: a Web API call, a POST to a response_url, the bot's answer to a driver request, or a
   * Socket Mode message the bot sent that Slack would not take.
   */
  source: 'web_api' | 'response_url' | 'ack' | 'socket_mode';
  /** Web API method, `response_url`, or the interaction type (e.g. `view_submission`). */
  method: string;
  /** Slack's error code, or `slow_ack` / `ack_failed` for acks. */
  error: string;
  details: string[];
  args: unknown;
  /** Fake clock time in ms. */
  at: number;
}

export class ViolationLog {
  private readonly items: Violation[] = [];

  constructor(private readonly onRecord: () => void = () => {}) {}

  record(violation: Violation): void {
    this.items.push(violation);
    this.onRecord();
  }

  list(): Violation[] {
    return [...this.items];
  }

  clear(): void {
    this.items.length = 0;
  }

  assertNone(): void {
    if (this.items.length > 0) throw new Error(formatViolations(this.items));
  }
}

export function formatViolations(violations: Violation[]): string {
  const lines = [`${violations.length} Slack contract violation(s):`];
  violations.forEach((v, i) => {
    lines.push(`${i + 1}. [${v.source}] ${v.method} -> ${v.error}`);
    for (const detail of v.details) lines.push(`     ${detail}`);
    lines.push(`     args: ${truncate(JSON.stringify(v.args) ?? 'undefined', 400)}`);
  });
  return lines.join('\n');
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}
