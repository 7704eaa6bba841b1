import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerReply, ServerRequest } from './ack-server.js';
import { cleanup } from './support.js';

const SCRIPT = fileURLToPath(new URL('./ack-server.ts', import.meta.url));

/** The parent's handle on `ack-server.ts`: request/answer over IPC, killed by the cleanup if still alive. */
export class ServerProcess {
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (r: ServerReply) => void; reject: (e: Error) => void }
  >();
  private readonly forget: () => Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: { id: number; reply: ServerReply }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (message.reply.type === 'error') waiter?.reject(new Error(`bench server: ${message.reply.message}`));
      else waiter?.resolve(message.reply);
    });
    child.on('exit', (code, signal) => {
      for (const waiter of this.waiting.values())
        waiter.reject(new Error(`bench server exited (${signal ?? code}) before answering`));
      this.waiting.clear();
    });
    this.forget = cleanup.defer(() => this.kill());
  }

  /** `cpuProfileDir`: the child writes a V8 CPU profile there when it exits (open it in Chrome DevTools). */
  static spawn(cpuProfileDir?: string): ServerProcess {
    const profile = cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`] : [];
    return new ServerProcess(
      fork(SCRIPT, [], { execArgv: ['--import', 'tsx', ...profile], stdio: 'inherit' }),
    );
  }

  call<T extends ServerReply['type']>(
    request: ServerRequest,
    expected: T,
  ): Promise<Extract<ServerReply, { type: T }>> {
    const id = this.nextId++;
    return new Promise<ServerReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, request });
    }).then((reply) => {
      if (reply.type !== expected)
        throw new Error(`bench server answered ${reply.type}, expected ${expected}`);
      return reply as Extract<ServerReply, { type: T }>;
    });
  }

  /** Stops the server gracefully, then waits for the process to end. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.connected) await this.call({ type: 'stop' }, 'stopped');
    await this.forget();
  }

  /** Ends the process if it still runs (it stops its server when the IPC channel closes); idempotent. */
  end(): Promise<void> {
    return this.forget();
  }

  private async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
