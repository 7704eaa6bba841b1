import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BotOptions } from '../../../src/compose.js';
import type { Config } from '../../../src/config.js';
import { recordOutput } from '../../support/suite-output.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'bot-process.ts');
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A bot in a child process of its own (real `startBot`), that the test can SIGKILL and start again. */
export interface BotProcess {
  readonly child: ChildProcess;
  /** What the process wrote on stderr (its log lines). */
  readonly stderr: string[];
  /** The port it serves on: Slack requests (web), else /metrics and the probes; undefined when it has none. */
  readonly port: number | undefined;
  kill(signal: NodeJS.Signals): Promise<void>;
}

export async function startBotProcess(
  config: Config,
  options: Omit<BotOptions, 'logger' | 'clock'>,
  settingsPath: string,
  /** How long it may take to start (a loaded machine, a Slack that fails calls at start-up). */
  readyTimeoutMs = 15_000,
): Promise<BotProcess> {
  writeFileSync(settingsPath, JSON.stringify({ config, options }));
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, settingsPath], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env },
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString('utf8'));
    recordOutput(chunk.toString('utf8'));
  });
  const port = await new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`bot process not ready:\n${stderr.join('')}`)),
      readyTimeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      const ready = /ready ?(\d*)/.exec(chunk.toString('utf8'));
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1] ? Number(ready[1]) : undefined);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bot process exited (${code}) before it was ready:\n${stderr.join('')}`));
    });
  });
  return {
    child,
    stderr,
    port,
    kill: async (signal) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
