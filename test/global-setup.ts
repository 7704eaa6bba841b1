import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers } from '../src/sandbox-mode/redis.js';
import { assertPostgresAnswers } from './support/postgres.js';
import { SUITE_OUTPUT_ENV } from './support/suite-output.js';

const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * Tests use the real Redis and the real PostgreSQL. On a developer machine where the default local Redis is
 * not running, start one (in-memory, nothing on disk) so that `npm test` is the only command a newcomer needs.
 * PostgreSQL is not started here (that takes root; .ci/run does it): without it the run stops at once, saying
 * how to get one, rather than skipping its tests.
 */
export default async function setup(): Promise<void> {
  // Where the workers (which inherit this environment) capture their output for the secrets check.
  process.env[SUITE_OUTPUT_ENV] ??= mkdtempSync(join(tmpdir(), 'decide-suite-output-'));
  await assertPostgresAnswers();
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
