import { spawnSync } from 'node:child_process';
import { answers } from '../src/sandbox-mode/redis.js';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Tests use the real Redis. On a developer machine where the default local Redis is not running, start one
 * (in-memory, nothing on disk) so that `npm test` is the only command a newcomer needs.
 */
export default async function setup(): Promise<void> {
  const url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
  process.env.REDIS_URL = url;
  if (await answers(url)) return;
  if (url === DEFAULT_REDIS_URL) {
    const started = spawnSync(
      'redis-server',
      ['--daemonize', 'yes', '--bind', '127.0.0.1', '--port', '6379', '--save', '', '--appendonly', 'no'],
      { stdio: 'inherit' },
    );
    if (started.error === undefined && started.status === 0) {
      for (let i = 0; i < 50; i++) {
        if (await answers(url)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
  throw new Error(
    `Redis does not answer at ${url}. Tests need a real Redis: install it (apt-get install redis-server) ` +
      'or point REDIS_URL at one.',
  );
}
