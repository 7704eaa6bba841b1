import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSlack } from '../src/sandbox/index.js';
import { deleteKeys } from './e2e/harness.js';
import { recordOutput } from './support/suite-output.js';

const ROOT = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'decide-main-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real entry point as `npm start` would (through tsx, no build), with only the given environment. */
function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(
    process.execPath,
    ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts'), ...args],
    {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'decide.db'), ...env },
      encoding: 'utf8',
      timeout: 30_000,
    },
  );
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** `run`, without blocking this process's event loop (for a stand-in served from here). */
function runAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; err: string }> {
  return new Promise((done) => {
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts'), ...args],
      {
        cwd: dir,
        env: { PATH: process.env.PATH ?? '', DATABASE_PATH: join(dir, 'emails.db'), ...env },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      recordOutput(chunk.toString());
      err += chunk.toString();
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(kill);
      done({ code, err });
    });
  });
}

describe('the run command', () => {
  it('--help prints the usage and exits 0', () => {
    const { code, out } = run(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('--worker-only');
    expect(out).toContain('SLACK_BOT_TOKEN');
  });

  it('an unknown option or both split options: usage error, exit 2', () => {
    expect(run(['--frobnicate']).code).toBe(2);
    const both = run(['--web-only', '--worker-only']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('exclude each other');
  });

  it('with Slack credentials but without a project file: says so, how to start from the example, exit 1', () => {
    const { code, err } = run([], { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' });
    expect(code).toBe(1);
    expect(err).toContain('does not exist');
    expect(err).toContain('cp decide.config.example.yml decide.config.yml');
  });

  it('with a bad project file: lists every problem with its path, exit 1', () => {
    const file = join(dir, 'bad.yml');
    writeFileSync(
      file,
      [
        'timezone: Mars/Base',
        'projects:',
        '  - id: a',
        '    name: A',
        '    channel: C0PROJECT1',
        '    spoc: budi',
        '    sponsors: [U0SPONSOR1]',
        '    steering_committee: { members: [U0SPONSOR1], quorum: 3 }',
        '    sla:',
        '      low: { spoc: 3d, sponsor: 2d, committee: 5d }',
        '      normal: { spoc: 1d, sponsor: 1d, committee: 3d }',
        '      high: { spoc: 4 hours, sponsor: 4h, committee: 1d }',
        '      critical: { spoc: 1h, sponsor: 1h, committee: 4h }',
      ].join('\n'),
    );
    const { code, err } = run([], { DECIDE_CONFIG: file, SLACK_BOT_TOKEN: 'xoxb-test' });
    expect(code).toBe(1);
    expect(err).toContain('timezone (line 1)');
    expect(err).toContain('projects[0].spoc (line 6)');
    expect(err).toContain('projects[0].steering_committee.quorum');
    expect(err).toContain(
      'projects[0].sla.high.spoc (line 12): "4 hours" is not a duration (use 30s, 15m, 4h, 2d)',
    );
  });

  it('with a good file but only part of the Slack credentials: names what is missing and the sandbox, exit 1', () => {
    const { code, err } = run([], {
      DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml'),
      SLACK_APP_TOKEN: 'xapp-test',
    });
    expect(code).toBe(1);
    expect(err).toContain('SLACK_BOT_TOKEN is not set');
    expect(err).toContain('sandbox');
  });

  it('--sandbox with Slack credentials set refuses to start and says why, exit 2', () => {
    const { code, err } = run(['--sandbox'], {
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
    });
    expect(code).toBe(2);
    expect(err).toContain('--sandbox refuses to start while Slack credentials are set');
    expect(err).toContain('must never mix with a real one');
  });

  it('--reset outside the sandbox, or the sandbox split in two, is a usage error, exit 2', () => {
    const reset = run(['--reset'], { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret' });
    expect(reset.code).toBe(2);
    expect(reset.err).toContain('--reset starts the sandbox over');
    const split = run(['--sandbox', '--web-only']);
    expect(split.code).toBe(2);
    expect(split.err).toContain('one process');
  });

  it('a person named by an address Slack does not know: the file, the line and the address, exit 1', async () => {
    const fake = await startFakeSlack();
    fake.workspace.addUser({ name: 'budi', email: 'budi@majuco.co.id' });
    const file = join(dir, 'emails.yml');
    const example = readFileSync(join(ROOT, 'decide.config.example.yml'), 'utf8');
    // The first project's sponsors: one known address, one unknown.
    const edited = example.replace(
      /sponsors: \[[^\]]*\]/,
      'sponsors: [budi@majuco.co.id, nobody@majuco.co.id]',
    );
    expect(edited).not.toBe(example);
    writeFileSync(file, edited);
    const line = edited.split('\n').findIndex((l) => l.includes('nobody@majuco.co.id')) + 1;
    const prefix = `main${process.pid}emails`;
    try {
      const { code, err } = await runAsync([], {
        DECIDE_CONFIG: file,
        SLACK_BOT_TOKEN: fake.botToken,
        SLACK_SIGNING_SECRET: 'secret',
        SLACK_API_URL: fake.apiUrl,
        PORT: '0',
        QUEUE_PREFIX: prefix,
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      });
      expect(code).toBe(1);
      expect(err).toContain('decide-bot cannot start.');
      expect(err).toContain(
        `${file}: projects[0].sponsors[1] (line ${line}): \`nobody@majuco.co.id\` is not the email address of anyone`,
      );
    } finally {
      await fake.close();
      await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    }
  });

  it('with Slack unreachable: says what to check and exits 1 instead of hanging', async () => {
    const prefix = `main${process.pid}`;
    const { code, err } = run([], {
      DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml'),
      SLACK_BOT_TOKEN: 'xoxb-test',
      SLACK_SIGNING_SECRET: 'secret',
      // Port 9 (discard) on loopback: nothing listens, the connection is refused at once.
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: '0',
      QUEUE_PREFIX: prefix,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    });
    await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    expect(code).toBe(1);
    expect(err).toContain('decide-bot cannot start: could not start the Slack app');
    expect(err).toContain('Check SLACK_API_URL (http://127.0.0.1:9/api/)');
  });

  it('with credentials: serves Slack here and runs the workers in a child process; SIGTERM stops both', async () => {
    const fake = await startFakeSlack();
    const prefix = `main${process.pid}layout`;
    const child = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), join(ROOT, 'src/main.ts')],
      {
        cwd: dir,
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_PATH: join(dir, 'layout.db'),
          DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml'),
          SLACK_BOT_TOKEN: fake.botToken,
          SLACK_SIGNING_SECRET: 'secret',
          SLACK_API_URL: fake.apiUrl,
          PORT: '0',
          LOG_FORMAT: 'json',
          QUEUE_PREFIX: prefix,
          REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    const lines: Record<string, unknown>[] = [];
    child.stderr.on('data', (chunk: Buffer) => {
      recordOutput(chunk.toString());
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        try {
          lines.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          lines.push({ msg: line });
        }
      }
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await fake
        .waitFor(() => lines.find((l) => l.msg === 'workers started in their own process'), 25_000)
        .catch((e) => {
          throw new Error(`${e} ${JSON.stringify(lines)}`);
        });
      const started = lines.find((l) => l.msg === 'workers started in their own process');
      expect(lines.some((l) => l.msg === 'listening for Slack requests')).toBe(true);
      const workerPid = Number(started?.workerPid);
      expect(workerPid).not.toBe(child.pid);
      expect(() => process.kill(workerPid, 0)).not.toThrow();
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(() => process.kill(workerPid, 0)).toThrow();
    } finally {
      child.kill('SIGKILL');
      await fake.close();
      await deleteKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    }
  }, 40_000);

  it('--worker-only needs only the bot token', () => {
    const { code, err } = run(['--worker-only'], { DECIDE_CONFIG: join(ROOT, 'decide.config.example.yml') });
    expect(code).toBe(1);
    expect(err).toContain('SLACK_BOT_TOKEN is not set');
    expect(err).not.toContain('SLACK_SIGNING_SECRET');
  });
});
