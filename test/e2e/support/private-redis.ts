import { type ChildProcess, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import { answers, freePort } from '../../../src/sandbox-mode/redis.js';

/**
 * A Redis server of the test's own (in memory, nothing on disk), for tests that flush or stop Redis: the default
 * Redis is shared by every test file and every engineer's run, so it is never flushed.
 */
export interface PrivateRedis {
  readonly url: string;
  readonly process: ChildProcess;
  /** A client for the test's own commands (FLUSHALL, DBSIZE…). */
  client(): Redis;
  /** Stops the server (every client sees it go away). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (nothing is persisted). */
  restart(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  let child = await spawnServer(port, url);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  };
  return {
    url,
    get process() {
      return child;
    },
    client: () => {
      const c = new Redis(url);
      c.on('error', () => {});
      clients.push(c);
      return c;
    },
    stop: async () => {
      for (const c of clients.splice(0)) c.disconnect();
      await stop();
    },
    restart: async () => {
      await stop();
      child = await spawnServer(port, url);
    },
  };
}

async function spawnServer(port: number, url: string): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 5000;
  while (!(await answers(url))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return child;
}
