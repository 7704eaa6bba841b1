import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { maskedUrl } from '../jobs/connection.js';
import { SANDBOX_TEXT } from './text.js';

export interface SandboxRedis {
  readonly url: string;
  /** A redis-server the sandbox started itself (stopped with the sandbox). */
  readonly private: boolean;
  stop(): Promise<void>;
}

/** The sandbox cannot get a Redis; the message says how to get one. */
export class RedisUnavailable extends Error {
  override readonly name = 'RedisUnavailable';
}

/**
 * The Redis the sandbox uses: the one at `url` if it answers; else, when `url` is the default address and
 * `redis-server` is installed, a private one (free port, its own temporary folder, nothing persisted: the
 * sandbox's database is the source of truth and rebuilds every timer at start-up); else `RedisUnavailable`.
 */
export async function sandboxRedis(url: string, isDefaultUrl: boolean): Promise<SandboxRedis> {
  if (await answers(url)) return { url, private: false, stop: async () => undefined };
  if (!isDefaultUrl) throw new RedisUnavailable(SANDBOX_TEXT.redisNotAnswering(maskedUrl(url)));
  const started = await startPrivateRedis();
  if (started === undefined) throw new RedisUnavailable(SANDBOX_TEXT.redisMissing(maskedUrl(url)));
  return started;
}

async function startPrivateRedis(): Promise<SandboxRedis | undefined> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'decide-sandbox-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--dir',
    dir,
  ];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false)); // ENOENT: not installed
  });
  if (!spawned) {
    cleanUp();
    return undefined;
  }
  // A crash of the sandbox must not leave the server behind: kill it when this process exits, however.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = `redis://127.0.0.1:${port}`;
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    await kill(child);
    cleanUp();
  };
  for (let i = 0; i < 100; i++) {
    if (await answers(url)) return { url, private: true, stop };
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await stop();
  return undefined;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** One PING within a second, no retries. */
export async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1000,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `port` on 127.0.0.1 can be listened on now (0 always can). */
export async function portIsFree(port: number): Promise<boolean> {
  if (port === 0) return true;
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
