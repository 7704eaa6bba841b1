import type { CustomRoute } from '@slack/bolt';

export interface HealthCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it is down. */
  check(): Promise<void>;
}

const TIMEOUT_MS = 1000;

/**
 * The probes a load balancer or an orchestrator asks:
 * - `GET /livez`: 200 while the process answers at all (restart it when this fails);
 * - `GET /readyz`: 200 when every dependency (the database, Redis) answers, else 503 naming what is down (send it
 *   no Slack requests meanwhile; it recovers by itself when they are back);
 * - `GET /healthz`: the same as `/readyz`, as earlier versions served it.
 */
export function healthRoutes(checks: readonly HealthCheck[]): CustomRoute[] {
  return [livenessRoute(), readinessRoute('/readyz', checks), readinessRoute('/healthz', checks)];
}

function livenessRoute(): CustomRoute {
  return {
    path: '/livez',
    method: ['GET'],
    handler: (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) }));
    },
  };
}

function readinessRoute(path: string, checks: readonly HealthCheck[]): CustomRoute {
  return {
    path,
    method: ['GET'],
    handler: (_req, res) => {
      void Promise.all(
        checks.map(async (c) => {
          try {
            await withTimeout(c.check(), TIMEOUT_MS);
            return [c.name, 'ok'] as const;
          } catch (error) {
            return [c.name, `down: ${error instanceof Error ? error.message : String(error)}`] as const;
          }
        }),
      ).then((results) => {
        const healthy = results.every(([, status]) => status === 'ok');
        res.writeHead(healthy ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: healthy ? 'ok' : 'degraded', checks: Object.fromEntries(results) }));
      });
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
