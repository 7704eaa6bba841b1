import type { CustomRoute } from '@slack/bolt';

export interface HealthCheck {
  readonly name: string;
  /** Resolves when the dependency answers; rejects (or times out) when it is down. */
  check(): Promise<void>;
}

const TIMEOUT_MS = 1000;

/** `GET /healthz`: 200 when every dependency answers, 503 naming what is down. */
export function healthRoute(checks: readonly HealthCheck[]): CustomRoute {
  return {
    path: '/healthz',
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
