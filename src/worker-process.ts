/**
 * The worker child of the default production layout (src/layout.ts): runs the BullMQ workers (outbox
 * deliveries, reminders, escalations, the reconciler, digests) in a process of their own, so their work never
 * shares an event loop with the acks. Started by the web process over an IPC channel, never by hand: it gets
 * its configuration from the parent and stops when told to or when the parent goes away.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from './app/ports.js';
import { StartupAborted, StartupError, startBot } from './compose.js';
import { type Config, ConfigError, secretsOf } from './config.js';
import { createLogger } from './logger.js';
import type { SlackContext } from './slack/context.js';
import { type FollowUp, runFollowUp } from './slack/follow-ups.js';
import { slackFetch } from './slack/http-fetch.js';

export type ToWorker =
  | { readonly type: 'start'; readonly config: Config }
  /** A request's follow-up, acked by the web process: run it and answer `done` with its id. */
  | { readonly type: 'follow-up'; readonly id: number; readonly task: FollowUp }
  | { readonly type: 'stop' };
export type FromWorker =
  | { readonly type: 'ready'; readonly metricsPort: number | undefined }
  | { readonly type: 'done'; readonly id: number }
  | { readonly type: 'failed'; readonly message: string };

if (!process.send) {
  process.stderr.write(
    'decide-bot: this is the worker process of `npm start`; it is started by the web process. To run the ' +
      'workers on their own, use `npm start -- --worker-only`.\n',
  );
  process.exit(2);
}

const send = (message: FromWorker) => process.send?.(message);
const stopping = new AbortController();
let bot: Awaited<ReturnType<typeof startBot>> | undefined;
/** What follow-ups run with, once the workers have started (follow-ups that arrive earlier wait for it). */
let markStarted: (running: { ctx: SlackContext; client: webApi.WebClient; logger: Logger }) => void;
const started = new Promise<{ ctx: SlackContext; client: webApi.WebClient; logger: Logger }>((resolve) => {
  markStarted = resolve;
});

async function start(config: Config): Promise<void> {
  const { slack } = config;
  const logger = createLogger(config.logLevel, undefined, {
    format: config.logFormat,
    secrets: secretsOf(config),
  });
  try {
    bot = await startBot(config, { web: false, workers: true, logger, signal: stopping.signal });
    // The client a refused follow-up tells the person with, set up as the Slack listeners' own.
    const client = new webApi.WebClient(slack.botToken, {
      slackApiUrl: slack.apiUrl,
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
      fetch: slackFetch(),
    });
    markStarted({ ctx: { deps: bot.deps }, client, logger });
    send({ type: 'ready', metricsPort: bot.metricsPort });
  } catch (error) {
    if (error instanceof StartupAborted) return;
    const plain = error instanceof StartupError || error instanceof ConfigError || !(error instanceof Error);
    const message = plain ? String(error) : error.stack;
    send({ type: 'failed', message: message ?? String(error) });
    process.exitCode = 1;
    process.disconnect();
  }
}

async function stop(): Promise<void> {
  stopping.abort();
  await bot?.stop().catch(() => undefined);
  // A library timer left behind must not hold the process (see main.ts).
  setTimeout(() => process.exit(0), 1000).unref();
  if (process.connected) process.disconnect();
}

async function followUp(id: number, task: FollowUp): Promise<void> {
  const { ctx, client, logger } = await started;
  try {
    await runFollowUp(ctx, client, task);
  } catch (error) {
    logger.error('a Slack request failed', { error: String(error), kind: task.kind });
  }
  send({ type: 'done', id });
}

process.on('message', (message: ToWorker) => {
  if (message.type === 'start') void start(message.config);
  else if (message.type === 'follow-up') void followUp(message.id, message.task);
  else void stop();
});
// The web process went away (crashed, killed): no orphan keeps working on its own.
process.on('disconnect', () => void stop());
// Ctrl-C reaches the whole process group: the web process decides when the workers stop.
process.on('SIGINT', () => undefined);
