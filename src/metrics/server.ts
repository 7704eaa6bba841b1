import { createServer, type Server } from 'node:http';
import type { Route } from './route.js';

export interface PlainServer {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * A bare `node:http` server for a process that serves no Slack requests (`--worker-only`): only the given
 * routes (`/metrics`, `/healthz`), 404 for anything else.
 */
export async function startPlainServer(
  routes: readonly Route[],
  port: number,
  host?: string,
): Promise<PlainServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.path === path && [r.method].flat().includes(req.method ?? 'GET'));
    if (route) return route.handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
