import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Web API call seen by the gate: the method and its form or JSON arguments. */
export interface GateCall {
  readonly method: string;
  readonly args: Record<string, string>;
}

/**
 * A pass-through HTTP proxy between a bot process and the Slack stand-in that can hold calls: a held call never
 * reaches the stand-in (Slack never saw it) and gets no answer, so the bot's delivery stays in flight until the
 * test kills the process. `dropHeld` then closes those connections without forwarding them.
 */
export class SlackGate {
  /** Every call that came through, held or forwarded, in order. */
  readonly calls: GateCall[] = [];
  readonly held: GateCall[] = [];
  private rule: ((call: GateCall) => boolean) | undefined;
  private readonly heldResponses: ServerResponse[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
    readonly apiUrl: string,
  ) {}

  static async start(targetApiUrl: string): Promise<SlackGate> {
    let gate: SlackGate | undefined;
    const server = createServer((req, res) => {
      gate?.handle(req, res).catch(() => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const target = new URL(targetApiUrl);
    gate = new SlackGate(server, target, `http://127.0.0.1:${port}${target.pathname}`);
    return gate;
  }

  /** Holds every call matching `rule` from now on (until `open`). */
  hold(rule: (call: GateCall) => boolean): void {
    this.rule = rule;
  }

  /** Forwards everything again. */
  open(): void {
    this.rule = undefined;
  }

  /** Closes the held connections; the stand-in never sees those calls. */
  dropHeld(): void {
    for (const res of this.heldResponses.splice(0)) res.destroy();
  }

  async close(): Promise<void> {
    this.dropHeld();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const call: GateCall = {
      method: (req.url ?? '').split('?')[0]?.split('/').pop() ?? '',
      args: parseArgs(body.toString('utf8'), req.headers['content-type'] ?? ''),
    };
    this.calls.push(call);
    if (this.rule?.(call)) {
      this.held.push(call);
      this.heldResponses.push(res);
      return;
    }
    const upstream = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: this.target.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }
}

function parseArgs(body: string, contentType: string): Record<string, string> {
  if (contentType.includes('application/json')) {
    try {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      );
    } catch {
      return {};
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}
