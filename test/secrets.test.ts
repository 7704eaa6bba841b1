import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signatureHeaders } from '../src/sandbox/driver/signing.js';
import { type FakeSlack, startFakeSlack } from '../src/sandbox/index.js';
import { deleteKeys } from './e2e/harness.js';
import { type EmptyPostgres, emptyPostgres } from './support/postgres.js';
import { recordOutput, SUITE_SECRETS } from './support/suite-output.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const [, , , SIGNING_SECRET, BOT_TOKEN, APP_TOKEN, DB_PASSWORD] = SUITE_SECRETS as string[];
const CANARIES = [SIGNING_SECRET, BOT_TOKEN, APP_TOKEN, DB_PASSWORD] as string[];

/**
 * The real bot (`src/main.ts`: the web process and its worker child) configured with canary secrets: the bot
 * token, the signing secret, the app token and the database password. Nothing it writes (logs at debug level,
 * start-up errors) or answers (`/livez`, `/readyz`, `/healthz`, `/metrics`, Slack requests, signed or not) may
 * contain one. The suite's secrets reporter also greps everything captured in the whole run for them.
 */
describe('secrets stay secret', () => {
  let fake: FakeSlack;
  let pg: EmptyPostgres;
  let dir: string;
  const prefix = `secrets${process.pid}`;
  const seen: string[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    pg = await emptyPostgres();
    dir = mkdtempSync(join(tmpdir(), 'decide-secrets-'));
  });
  afterAll(async () => {
    await fake?.close();
    await pg?.drop();
    await deleteKeys(REDIS_URL, prefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The database URL with the canary password (PostgreSQL trusts loopback here, so any password connects). */
  const databaseUrl = (port = 5432) => {
    const url = new URL(pg.url);
    url.password = DB_PASSWORD ?? '';
    url.port = String(port);
    return url.toString();
  };

  const start = (
    env: Record<string, string>,
  ): { child: ChildProcess; lines: string[]; exited: Promise<number | null> } => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts')],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml'),
          SLACK_BOT_TOKEN: BOT_TOKEN ?? '',
          SLACK_SIGNING_SECRET: SIGNING_SECRET ?? '',
          SLACK_API_URL: fake.apiUrl,
          PORT: '0',
          LOG_LEVEL: 'debug',
          LOG_FORMAT: 'json',
          QUEUE_PREFIX: prefix,
          REDIS_URL,
          ...env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const lines: string[] = [];
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => {
        recordOutput(chunk.toString());
        lines.push(...chunk.toString().split('\n').filter(Boolean));
      });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, lines, exited };
  };

  it('the running bot: its logs, probes, metrics and answers to Slack never show one', async () => {
    const { child, lines, exited } = start({ DATABASE_URL: databaseUrl() });
    try {
      const listening = await fake.waitFor(
        () => lines.find((l) => l.includes('listening for Slack requests')),
        25_000,
      );
      await fake.waitFor(() => lines.find((l) => l.includes('workers started in their own process')), 25_000);
      const port = Number((JSON.parse(listening) as { port: number }).port);
      const base = `http://127.0.0.1:${port}`;
      for (const path of ['/livez', '/readyz', '/healthz', '/metrics']) {
        const res = await fetch(`${base}${path}`);
        expect(res.status, path).toBe(200);
        seen.push(await res.text());
      }
      // Slack's requests: a correctly signed command, then the same with a wrong, a missing and a stale signature.
      const body = new URLSearchParams({
        command: '/decide',
        text: 'help',
        user_id: 'U0MEMBER01',
        channel_id: 'C0PROJECT1',
        team_id: 'T0SANDBOX',
        trigger_id: '1.2.3',
        response_url: `${fake.apiUrl}../response/none`,
      }).toString();
      for (const mode of ['valid', 'invalid', 'missing', 'stale'] as const) {
        const res = await fetch(`${base}/slack/events`, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...signatureHeaders(SIGNING_SECRET ?? '', body, Date.now(), mode),
          },
          body,
        });
        expect(res.status, mode).toBe(mode === 'valid' ? 200 : 401);
        seen.push(await res.text());
      }
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
    seen.push(...lines);
    expect(lines.length).toBeGreaterThan(5);
    for (const canary of CANARIES)
      expect(
        seen.filter((s) => s.includes(canary)),
        canary.slice(0, 4),
      ).toEqual([]);
  }, 60_000);

  it('a start-up that fails on the database: the message names DATABASE_URL with the password masked', async () => {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    const { lines, exited } = start({ DATABASE_URL: databaseUrl(1) });
    expect(await exited).toBe(1);
    const said = lines.join('\n');
    expect(said).toContain('DATABASE_URL');
    expect(said).toContain('***');
    for (const canary of CANARIES) expect(said).not.toContain(canary);
  }, 30_000);
});
