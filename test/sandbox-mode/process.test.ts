import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/index.js';
import { deleteKeys } from '../e2e/harness.js';
import { startPrivateRedis } from '../e2e/support/private-redis.js';
import { recordOutput } from '../support/suite-output.js';

const ROOT = resolve(import.meta.dirname, '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcess;
  out: string;
  err: string;
  readonly exited: Promise<number | null>;
}

/** `npm start` as a process (through tsx, no build), in `cwd`, with only the given environment. */
function start(cwd: string, args: string[], env: Record<string, string>): Started {
  const child = spawn(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts'), ...args],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...env },
    },
  );
  const started: Started = {
    child,
    out: '',
    err: '',
    exited: new Promise((r) => child.once('exit', (code) => r(code))),
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    recordOutput(chunk.toString());
    started.out += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    recordOutput(chunk.toString());
    started.err += chunk.toString();
  });
  return started;
}

async function until<T>(probe: () => T | undefined, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'decide-sandbox-process-'));
  dirs.push(dir);
  return dir;
}

const sandboxUrl = (s: Started) =>
  /sandbox is running: (http:\/\/127\.0\.0\.1:\d+\/sandbox)/.exec(s.out)?.[1];

describe('npm start without Slack credentials: the sandbox', () => {
  const prefix = `sbxproc${process.pid}`;
  const env = { PORT: '0', REDIS_URL, QUEUE_PREFIX: prefix };
  const cwd = tempDir();
  afterAll(() => deleteKeys(REDIS_URL, prefix));

  it('prints where to open it, where its data lives and the demo story; listens on 127.0.0.1; Ctrl-C stops it cleanly', async () => {
    const s = start(cwd, [], env);
    const url = await until(() => sandboxUrl(s), 'the banner');
    expect(s.out).toContain(`data:   ${join(cwd, 'data', 'sandbox')}`);
    expect(s.out).toContain('--reset');
    expect(s.out).toContain('You are Rina, a consultant');
    expect(s.out).toContain('#erp-rollout');
    expect(s.out).toContain('the bundled demo project');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(url.replace('/sandbox', '/healthz'))).status).toBe(200);
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.err).toContain('stopping: finishing requests and jobs in flight');
    expect(s.err).toContain('stopped');
    for (const file of ['decide.db', 'slack-state.json'])
      expect(existsSync(join(cwd, 'data', 'sandbox', file))).toBe(true);
    // Never the production database path.
    expect(existsSync(join(cwd, 'data', 'decide.db'))).toBe(false);
  });

  it('a restart keeps the workspace and the decisions; --reset starts over', async () => {
    const first = start(cwd, [], env);
    const url = await until(() => sandboxUrl(first), 'the banner');
    const rina = 'U0RINA0001';
    const posted = await fetch(`${url}/api/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ persona: rina, channel: 'C0ERPROLL1', text: 'Kick-off is on Monday' }),
    });
    expect(posted.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const again = start(cwd, [], env);
    const url2 = await until(() => sandboxUrl(again), 'the banner');
    const state = await (await fetch(`${url2}/api/state?persona=${rina}`)).text();
    expect(state).toContain('Kick-off is on Monday');
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);

    const reset = start(cwd, ['--reset'], env);
    const url3 = await until(() => sandboxUrl(reset), 'the banner');
    expect(await (await fetch(`${url3}/api/state?persona=${rina}`)).text()).not.toContain(
      'Kick-off is on Monday',
    );
    reset.child.kill('SIGINT');
    expect(await reset.exited).toBe(0);
    // Three sandbox starts in a row: up to 16 s on a loaded 2-core machine.
  }, 45_000);

  it('a taken port: says so and how to pick another, exit 1', async () => {
    const server: Server = createServer();
    const port = await new Promise<number>((r) =>
      server.listen(0, '127.0.0.1', () => r((server.address() as { port: number }).port)),
    );
    try {
      const s = start(tempDir(), [], { ...env, PORT: String(port) });
      expect(await s.exited).toBe(1);
      expect(s.err).toContain(`port ${port} on 127.0.0.1 is taken`);
      expect(s.err).toContain(`PORT=${port + 1} npm start`);
    } finally {
      server.close();
    }
  });

  it('a REDIS_URL where nothing answers: exit 1 with the commands to get Redis', async () => {
    const s = start(tempDir(), [], { ...env, REDIS_URL: 'redis://127.0.0.1:9' });
    expect(await s.exited).toBe(1);
    expect(s.err).toContain('nothing answers at REDIS_URL redis://127.0.0.1:9');
    for (const how of ['apt-get install redis-server', 'brew install redis', 'docker run'])
      expect(s.err).toContain(how);
  });
});

describe('Redis going away while the sandbox runs', () => {
  it('one warning naming it, and Ctrl-C still stops at once instead of waiting for Redis', async () => {
    const redis = await startPrivateRedis();
    const s = start(tempDir(), [], { PORT: '0', REDIS_URL: redis.url });
    try {
      await until(() => sandboxUrl(s), 'the banner');
      await redis.stop();
      await until(() => (s.err.includes('is unreachable') ? true : undefined), 'the Redis warning');
      await new Promise((r) => setTimeout(r, 2000));
      expect(s.err.match(/is unreachable/g)).toHaveLength(1);
      s.child.kill('SIGINT');
      expect(await s.exited).toBe(0);
      expect(s.err).toContain('stopping without waiting for it');
      expect(s.err).toContain('stopped');
    } finally {
      s.child.kill('SIGKILL');
      await redis.stop();
    }
  });
});

describe('Ctrl-C during start-up while Redis is unreachable (the real bot)', () => {
  let fake: FakeSlack;
  afterAll(async () => {
    await fake?.close();
  });

  it('stops cleanly with the usual line instead of hanging or dying mid-way', async () => {
    fake = await startFakeSlack();
    const s = start(tempDir(), [], {
      DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml'),
      SLACK_BOT_TOKEN: fake.botToken,
      SLACK_SIGNING_SECRET: 'secret',
      SLACK_API_URL: fake.apiUrl,
      PORT: '0',
      REDIS_URL: 'redis://127.0.0.1:9',
    });
    // The web part listens first; the workers then wait for Redis.
    await until(() => (s.err.includes('listening for Slack requests') ? true : undefined), 'the web part');
    await until(() => (s.err.includes('is unreachable') ? true : undefined), 'the Redis warning');
    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.err).toContain('stopping: finishing requests and jobs in flight');
    expect(s.err).toContain('stopped');
    // One warning per process: the web process and its worker child (the default layout) each say it once.
    const warnings = s.err.split('\n').filter((line) => /Redis at \S+ is unreachable/.test(line));
    const pids = warnings.map((line) => /"pid":(\d+)/.exec(line)?.[1]);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(new Set(pids).size).toBe(warnings.length);
  });
});
