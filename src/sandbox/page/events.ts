import type { IncomingMessage, ServerResponse } from 'node:http';

export interface ChangeStreamOptions {
  /** A burst of changes (one bot reply makes several Web API calls) is sent as one event. Default 50 ms. */
  coalesceMs?: number;
  /** A comment line now and then keeps proxies and the browser from dropping an idle stream. Default 15 s. */
  heartbeatMs?: number;
}

/**
 * The version counter of what the page shows and the server-sent event streams that announce it: `change`
 * events carry the newest version, so a page refetches its state only when it is stale.
 */
export class ChangeStream {
  private current = 1;
  private readonly clients = new Set<ServerResponse>();
  private pending: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly coalesceMs: number;
  private readonly heartbeatMs: number;

  constructor(options: ChangeStreamOptions = {}) {
    this.coalesceMs = options.coalesceMs ?? 50;
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
  }

  get version(): number {
    return this.current;
  }

  /** Something a person could see may have changed: a new version now, one event per burst. */
  bump(): void {
    this.current += 1;
    if (this.closed || this.pending !== undefined || this.clients.size === 0) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.broadcast(changeEvent(this.current));
    }, this.coalesceMs);
    this.pending.unref();
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    if (this.closed) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The sandbox is shutting down.');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // The page reconnects after a second if the stream drops, and refetches on the first event it gets.
    res.write(`retry: 1000\n\n${changeEvent(this.current)}`);
    this.clients.add(res);
    req.on('close', () => this.detach(res));
    this.startHeartbeat();
  }

  /** Ends every stream so the HTTP server can close; later requests get 503. */
  close(): void {
    this.closed = true;
    clearTimeout(this.pending);
    clearInterval(this.heartbeat);
    this.pending = undefined;
    this.heartbeat = undefined;
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private detach(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0) {
      clearInterval(this.heartbeat);
      this.heartbeat = undefined;
    }
  }

  private startHeartbeat(): void {
    if (this.heartbeat !== undefined) return;
    this.heartbeat = setInterval(() => this.broadcast(': heartbeat\n\n'), this.heartbeatMs);
    this.heartbeat.unref();
  }

  private broadcast(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}

function changeEvent(version: number): string {
  return `event: change\ndata: ${JSON.stringify({ version })}\n\n`;
}
