import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CustomRoute } from '@slack/bolt';
import type { RunningBot } from '../compose.js';
import { fireDueTimers, pendingTimerJobs, runDigestsNow } from '../jobs/run-now.js';
import type { SandboxClock } from './clock.js';
import { SANDBOX_TEXT } from './text.js';

export const CONTROLS_PATH = '/sandbox-dev';

/**
 * The bot's development-only interface, mounted only in sandbox mode: what the page's side panel calls over
 * HTTP. `GET status`, `POST timers/run-due {withinMinutes}`, `POST digest/send`. The bot is attached once it
 * runs; until then (and after a stop) the controls answer 503.
 */
export class SandboxControls {
  private bot: RunningBot | undefined;

  constructor(private readonly clock: SandboxClock) {}

  attach(bot: RunningBot | undefined): void {
    this.bot = bot;
  }

  routes(): CustomRoute[] {
    return [
      { path: `${CONTROLS_PATH}/status`, method: ['GET'], handler: this.answer(() => this.status()) },
      {
        path: `${CONTROLS_PATH}/timers/run-due`,
        method: ['POST'],
        handler: this.answer((body) => this.runDue(body)),
      },
      { path: `${CONTROLS_PATH}/digest/send`, method: ['POST'], handler: this.answer(() => this.digest()) },
    ];
  }

  private async status(): Promise<Answer> {
    const bot = this.running();
    const pending = await pendingTimerJobs(bot.queues.timers);
    return {
      status: 200,
      body: {
        now: this.clock.now(),
        aheadMs: this.clock.aheadMs,
        timers: pending.map((job) => job.data),
      },
    };
  }

  private async runDue(body: unknown): Promise<Answer> {
    const minutes = isRecord(body) ? body.withinMinutes : undefined;
    if (typeof minutes !== 'number' || !Number.isInteger(minutes) || minutes < 1 || minutes > 10_080) {
      return { status: 400, body: { error: SANDBOX_TEXT.badMinutes } };
    }
    const fired = await fireDueTimers(this.running().queues.timers, this.clock, minutes * 60_000);
    const ahead = Math.round(this.clock.aheadMs / 60_000);
    return {
      status: 200,
      body: {
        fired,
        aheadMs: this.clock.aheadMs,
        message: SANDBOX_TEXT.firedTimers(fired.length, minutes, ahead),
      },
    };
  }

  private async digest(): Promise<Answer> {
    const bot = this.running();
    const projects = await runDigestsNow(bot.queues.maintenance, bot.deps.projects);
    return { status: 200, body: { projects, message: SANDBOX_TEXT.digestSent(projects) } };
  }

  private running(): RunningBot {
    if (this.bot === undefined) throw new NotRunning();
    return this.bot;
  }

  /** JSON in, JSON out; a bad body is a 400, a failure a 500 with its message, never a crash. */
  private answer(work: (body: unknown) => Promise<Answer>) {
    return (req: IncomingMessage, res: ServerResponse): void => {
      readJson(req)
        .then((body) =>
          body === INVALID ? { status: 400, body: { error: 'the body is not JSON' } } : work(body),
        )
        .catch(
          (error: unknown): Answer =>
            error instanceof NotRunning
              ? { status: 503, body: { error: 'the bot is not running (starting or stopping)' } }
              : { status: 500, body: { error: error instanceof Error ? error.message : String(error) } },
        )
        .then((answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer.body));
        });
    };
  }
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

class NotRunning extends Error {}

const INVALID = Symbol('invalid');
const MAX_BODY = 64 * 1024;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return INVALID;
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
