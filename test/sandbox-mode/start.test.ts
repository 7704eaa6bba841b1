import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { StartupAborted } from '../../src/compose.js';
import { answers, RedisUnavailable, sandboxRedis } from '../../src/sandbox-mode/redis.js';
import { type RunningSandbox, startSandbox } from '../../src/sandbox-mode/start.js';
import { deleteKeys } from '../e2e/harness.js';

const ROOT = resolve(import.meta.dirname, '../..');
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `sbxstart${process.pid}`;
const dirs: string[] = [];
const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
let sandbox: RunningSandbox | undefined;

afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});
afterAll(async () => {
  await deleteKeys(REDIS_URL, prefix);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'decide-sandbox-start-'));
  dirs.push(dir);
  return join(dir, 'data', 'sandbox');
}

const env = (more: Record<string, string> = {}) => ({ QUEUE_PREFIX: prefix, REDIS_URL, ...more });

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('startSandbox', () => {
  it('a person the project file names by email: a workspace user with that address, resolved by the bot', async () => {
    const dir = dataDir();
    const file = join(dir, '..', 'emails.yml');
    mkdirSync(dirname(file), { recursive: true });
    const example = readFileSync(join(ROOT, 'decide.config.example.yml'), 'utf8');
    writeFileSync(file, example.replace(/sponsors: \[[^\]]*\]/, 'sponsors: [budi@majuco.co.id]'));
    sandbox = await startSandbox({ dataDir: dir, port: 0, env: env({ DECIDE_CONFIG: file }), logger: quiet });
    const budi = sandbox.fake.workspace.userByEmail('budi@majuco.co.id');
    expect(budi?.name).toBe('budi');
    expect(budi?.title).toBe('Sponsor');
    const project = sandbox.bot.deps.projects.all()[0];
    expect(project?.sponsors).toEqual([budi?.id]);
  });

  it('with a project file: seeds the fake workspace with its people and channels, placeholders where it has only IDs', async () => {
    sandbox = await startSandbox({
      dataDir: dataDir(),
      port: 0,
      env: env({ DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml') }),
      logger: quiet,
    });
    const ws = sandbox.fake.workspace;
    const spoc = ws.user('U0SPOC0001');
    expect(spoc?.title).toBe('SPoC');
    expect(spoc?.realName).toBe('SPoC U0SPOC0001');
    expect(ws.user('U0SPONSOR1')?.title).toBe('Sponsor · Steering committee');
    expect(ws.user('U0KEYINV01')?.title).toBe('Key user · inventory');
    const channel = ws.conversation('C0PROJECT1');
    expect(channel?.name).toBe('odoo-rollout');
    // Someone who can ask: a team member in every project channel.
    expect(channel?.members.has('U0TEAMMEM1')).toBe(true);
    expect(sandbox.banner).toContain('decide.config.example.yml');
    expect(sandbox.banner).toContain('Team member');
  });

  it('the development controls: timers within a window fire through the real path; bad input is a 400; the digest runs', async () => {
    sandbox = await startSandbox({ dataDir: dataDir(), port: 0, demo: true, env: env(), logger: quiet });
    const controls = sandbox.url.replace('/sandbox', '/sandbox-dev');
    const { fake, driver } = sandbox;
    const rina = 'U0RINA0001';
    await driver.slashCommand({ user: rina, channel: 'C0ERPROLL1', command: '/decide' });
    await fake.waitFor(() => fake.openView(rina));
    await driver.submitView(rina, { values: { question: 'Go live on 1 March?' } });
    const status = async () => (await (await fetch(`${controls}/status`)).json()) as { timers: unknown[] };
    for (let i = 0; i < 100 && (await status()).timers.length < 1; i++)
      await new Promise((r) => setTimeout(r, 50));
    // The decision's one timer job, due at its first reminder (then the second, then the escalation).
    expect((await status()).timers).toMatchObject([
      { decisionId: expect.any(String), at: expect.any(Number) },
    ]);

    expect((await post(`${controls}/timers/run-due`, { withinMinutes: 0 })).status).toBe(400);
    expect((await post(`${controls}/timers/run-due`, { withinMinutes: 'soon' })).json.error).toContain(
      'minutes',
    );
    const nothing = await post(`${controls}/timers/run-due`, { withinMinutes: 1 });
    expect(nothing.json.message).toContain('No reminder or escalation is due within 1 min');

    const fired = await post(`${controls}/timers/run-due`, { withinMinutes: 5 });
    expect(fired.status).toBe(200);
    expect(fired.json.fired).toMatchObject([
      { kind: 'remind', level: 'spoc' },
      { kind: 'remind', level: 'spoc' },
      { kind: 'escalate', level: 'spoc' },
    ]);
    expect(sandbox.clock.aheadMs).toBeGreaterThan(4 * 60_000);
    await fake.waitFor(
      () => fake.dmsTo('U0BUDI0001').some((m) => m.text.includes('Go live on 1 March?')),
      5000,
    );

    const digest = await post(`${controls}/digest/send`, {});
    expect(digest.json.message).toContain('1 project');
    await fake.waitFor(() => fake.dmsTo('U0BUDI0001').length >= 2, 5000);
    expect(fake.violations).toEqual([]);
  });

  it('stopped during start-up: rejects with StartupAborted and leaves nothing running', async () => {
    const controller = new AbortController();
    const starting = startSandbox({
      dataDir: dataDir(),
      port: 0,
      demo: true,
      env: env(),
      logger: quiet,
      signal: controller.signal,
    });
    setImmediate(() => controller.abort('SIGINT'));
    await expect(starting).rejects.toBeInstanceOf(StartupAborted);
  });
});

describe('the sandbox’s Redis', () => {
  it('starts a private redis-server when nothing answers at the default address, and stops it', async () => {
    const redis = await sandboxRedis('redis://127.0.0.1:9', true);
    expect(redis.private).toBe(true);
    expect(await answers(redis.url)).toBe(true);
    await redis.stop();
    expect(await answers(redis.url)).toBe(false);
  });

  it('without redis-server installed: says how to get Redis', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const error = await sandboxRedis('redis://127.0.0.1:9', true).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RedisUnavailable);
      expect(String(error)).toContain('redis-server is not installed');
      expect(String(error)).toContain('sudo apt-get install redis-server');
    } finally {
      process.env.PATH = path;
    }
  });

  it('uses the Redis at REDIS_URL when it answers', async () => {
    const redis = await sandboxRedis(REDIS_URL, false);
    expect(redis).toMatchObject({ url: REDIS_URL, private: false });
  });
});
