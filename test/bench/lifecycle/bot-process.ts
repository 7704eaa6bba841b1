/** The bot: `node dist/main.js` as a process of its own, in production mode against the stand-in. */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { answers } from '../bot-dist.js';
import { cleanup, waitUntil } from '../support.js';
import { MAIN, ROOT } from './build.js';

function listen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port P with P + 1 free too (the default layout's worker child serves /metrics on PORT + 1). */
export async function freePortPair(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await listen(port)) && (await listen(port + 1))) return port;
  }
  throw new Error('no two free neighbouring ports found');
}

/** The bot as a process of its own; `stop` ends it (SIGTERM, then its whole process group after 30 s). */
export class BotProcess {
  private readonly exited: Promise<void>;
  readonly stop: () => Promise<void>;

  private constructor(
    private readonly child: ChildProcess,
    readonly pid: number,
    readonly logPath: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.stop = cleanup.defer(async () => {
      if (this.running()) {
        process.kill(this.pid, 'SIGTERM');
        const late = await Promise.race([this.exited.then(() => false), sleep(30_000).then(() => true)]);
        if (late) this.killGroup();
      }
      // A descendant left behind (the main process died first) goes with the group.
      await waitUntil(() => !this.groupAlive(), 15_000, 100);
      this.killGroup();
    });
  }

  static async start(env: NodeJS.ProcessEnv, port: number, logPath: string): Promise<BotProcess> {
    const log = openSync(logPath, 'a');
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env,
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    if (child.pid === undefined) throw new Error('could not spawn node dist/main.js');
    const bot = new BotProcess(child, child.pid, logPath);
    const up = await waitUntil(async () => !bot.running() || (await answers(port)), 60_000, 50);
    if (!up || !bot.running()) {
      await bot.stop();
      throw new Error(`the bot did not start:\n${bot.logTail(20)}`);
    }
    return bot;
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  logTail(lines: number): string {
    try {
      return readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  private groupAlive(): boolean {
    try {
      process.kill(-this.pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  private killGroup(): void {
    try {
      process.kill(-this.pid, 'SIGKILL');
    } catch {
      // nothing left
    }
  }
}
