import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';

/** An HTTP route, in the shape Bolt's custom routes take (so the same object serves both servers). */
export interface Route {
  readonly path: string;
  readonly method: string | string[];
  handler(req: IncomingMessage, res: ServerResponse): void;
}

/** `GET /metrics`: the registry in the Prometheus text format. */
export function metricsRoute(registry: Registry): Route {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'content-type': registry.contentType });
          res.end(body);
        },
        (error: unknown) => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(`metrics failed: ${error instanceof Error ? error.message : String(error)}\n`);
        },
      );
    },
  };
}
