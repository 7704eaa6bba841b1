import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CustomRoute } from '@slack/bolt';
import type { Logger } from '../app/ports.js';
import { type RunningBot, StartupAborted, startBot } from '../compose.js';
import { type Config, ENV_DEFAULTS, loadConfig, sandboxConfigPath } from '../config.js';
import { maskedUrl } from '../jobs/connection.js';
import { StateFileError } from '../sandbox/fake-slack/state-file.js';
import {
  createSandboxPage,
  type FakeSlack,
  type SandboxPage,
  SlackDriver,
  startFakeSlack,
} from '../sandbox/index.js';
import { projectRoot } from '../sandbox/reference.js';
import { SandboxClock } from './clock.js';
import { CONTROLS_PATH, SandboxControls } from './controls.js';
import { DEMO_CHANNEL } from './demo-people.js';
import { portIsFree, type SandboxRedis, sandboxRedis } from './redis.js';
import { seedWorkspace } from './seed.js';
import { SANDBOX_TEXT } from './text.js';

export interface SandboxOptions {
  /** Where the sandbox keeps its database and the fake workspace (default `./data/sandbox`). */
  readonly dataDir?: string;
  /** Delete the data first. */
  readonly reset?: boolean;
  readonly env?: NodeJS.ProcessEnv;
  /** Use the bundled demo project even where a project file exists (tests). */
  readonly demo?: boolean;
  /** Overrides PORT (tests: 0, any free port). */
  readonly port?: number;
  readonly logger: Logger;
  /** Aborting it during start-up stops what has started and rejects with `StartupAborted`. */
  readonly signal?: AbortSignal;
}

export interface RunningSandbox {
  /** `http://127.0.0.1:<port>/sandbox` */
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly fake: FakeSlack;
  readonly driver: SlackDriver;
  readonly bot: RunningBot;
  readonly clock: SandboxClock;
  readonly config: Config;
  readonly redis: SandboxRedis;
  /** What the terminal shows once it runs. */
  readonly banner: string;
  stop(): Promise<void>;
}

/** A start-up problem of the sandbox, worded for the person who ran it. */
export class SandboxStartError extends Error {
  override readonly name = 'SandboxStartError';
}

const DEMO_CONFIG = () => join(projectRoot(), 'src', 'sandbox-mode', 'demo.config.yml');

/**
 * Sandbox mode's composition: the real bot (HTTP mode, on 127.0.0.1 only) against the Slack stand-in, with the
 * stand-in's page and the bot's development controls on the bot's own HTTP server. Everything it keeps lives
 * in `dataDir`: the bot's SQLite database, the fake workspace, the sandbox clock.
 */
export async function startSandbox(options: SandboxOptions): Promise<RunningSandbox> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const { logger, signal } = options;
  const dataDir = resolve(options.dataDir ?? join('data', 'sandbox'));
  const config = sandboxConfig(env, dataDir, options.port, options.demo ?? false);
  if (!(await portIsFree(config.port))) throw new SandboxStartError(SANDBOX_TEXT.portTaken(config.port));
  if (options.reset) rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  const step = async <T>(work: Promise<T>): Promise<T> => {
    const value = await work;
    if (signal?.aborted) throw new StartupAborted();
    return value;
  };
  try {
    const redis = await step(sandboxRedis(config.redisUrl, config.redisUrl === ENV_DEFAULTS.REDIS_URL));
    cleanups.push(() => redis.stop());
    const clock = SandboxClock.load(join(dataDir, 'clock.json'));
    const fake = await step(openFake(dataDir, clock));
    cleanups.push(() => fake.close());
    seedWorkspace(fake, config.projects, config.configSource === 'demo');

    let driver: SlackDriver | undefined;
    const story =
      config.configSource === 'demo'
        ? SANDBOX_TEXT.story(DEMO_CHANNEL.name)
        : SANDBOX_TEXT.ownStory(channelNames(fake, config));
    const page = createSandboxPage({ fake, driver: () => driver, controlsPath: CONTROLS_PATH, story });
    cleanups.push(async () => page.close());
    const controls = new SandboxControls(clock);
    const signingSecret = randomBytes(16).toString('hex');
    const botConfig: Config = {
      ...config,
      redisUrl: redis.url,
      slack: { botToken: fake.botToken, signingSecret, apiUrl: fake.apiUrl, mode: 'http' },
    };
    const bot = await startBot(botConfig, {
      web: true,
      workers: true,
      logger,
      clock,
      host: '127.0.0.1',
      routes: [...pageRoutes(page), ...controls.routes()],
      // A status set on the page is noticed within seconds (in Slack, within the 2 minutes of the default).
      statusCheckEveryMs: 10_000,
      ...(signal === undefined ? {} : { signal }),
    });
    controls.attach(bot);
    cleanups.push(async () => {
      controls.attach(undefined);
      page.close();
      await bot.stop();
    });
    const port = bot.port ?? config.port;
    driver = new SlackDriver({ fake, url: `http://127.0.0.1:${port}/slack/events`, signingSecret });
    const url = `http://127.0.0.1:${port}/sandbox`;
    const banner = SANDBOX_TEXT.banner({
      url,
      dataDir,
      redis: redis.private
        ? SANDBOX_TEXT.redisPrivate(redis.url)
        : SANDBOX_TEXT.redisShared(maskedUrl(redis.url), config.queuePrefix),
      config:
        config.configSource === 'demo' ? SANDBOX_TEXT.configDemo : SANDBOX_TEXT.configFile(config.configPath),
      story,
      startedMs: performance.now() - started,
    });
    return {
      url,
      port,
      dataDir,
      fake,
      driver,
      bot,
      clock,
      config: botConfig,
      redis,
      banner,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

type SandboxConfig = Config & { readonly configSource: 'file' | 'demo' };

/**
 * The environment and the project file as the real bot reads them, with the sandbox's own places: the SQLite
 * database under `dataDir` (never the production DATABASE_PATH or DATABASE_URL) and a BullMQ prefix of its own.
 */
function sandboxConfig(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  port: number | undefined,
  demo: boolean,
): SandboxConfig {
  const { path, source } = demo
    ? { path: DEMO_CONFIG(), source: 'demo' as const }
    : sandboxConfigPath(DEMO_CONFIG(), env);
  // Slack's variables are unset here (the entry point checked); the stand-in's replace them below.
  const loaded = loadConfig(env, { configPath: path });
  return {
    ...loaded,
    configSource: source,
    port: port ?? loaded.port,
    databasePath: join(dataDir, 'decide.db'),
    // Always its own SQLite file: a DATABASE_URL in the environment is a real deployment's database.
    databaseUrl: undefined,
    queuePrefix: env.QUEUE_PREFIX?.trim() ? loaded.queuePrefix : 'decide-sandbox',
  };
}

async function openFake(dataDir: string, clock: SandboxClock): Promise<FakeSlack> {
  try {
    return await startFakeSlack({
      statePath: join(dataDir, 'slack-state.json'),
      now: clock.now,
      // A fresh workspace gets fresh IDs: a view id from before a --reset can never look like a replay.
      seed: randomBytes(4).readUInt32BE(0),
      recorderLimit: 2000,
      teamName: 'PT Maju (sandbox)',
      teamDomain: 'ptmaju-sandbox',
    });
  } catch (error) {
    if (error instanceof StateFileError)
      throw new SandboxStartError(SANDBOX_TEXT.stateProblem(error.message));
    throw error;
  }
}

/** The page answers every path under /sandbox (GET and POST); Bolt matches the routes, the page the rest. */
function pageRoutes(page: SandboxPage): CustomRoute[] {
  const handler: CustomRoute['handler'] = (req, res) => {
    if (!page.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  };
  return ['/sandbox', '/sandbox/{*rest}'].map((path) => ({ path, method: ['GET', 'POST'], handler }));
}

function channelNames(fake: FakeSlack, config: Config): string {
  return config.projects
    .map((p) => `#${fake.workspace.conversation(p.channel)?.name ?? p.channel}`)
    .join(', ');
}
