import { randomUUID } from 'node:crypto';
import { type CustomRoute, webApi } from '@slack/bolt';
import { moveOnFromDeactivated } from './app/deactivated-deciders.js';
import { decisionLog } from './app/decision-log.js';
import type { DeliverDeps } from './app/deliver.js';
import { DeliveryClaims } from './app/delivery-claims.js';
import type { Clock, FileRequest, Logger } from './app/ports.js';
import { ActiveProjects, ConfiguredProjects } from './app/project-directory.js';
import { reconcile } from './app/reconcile.js';
import { checkPeople, type PeopleDeps, resolvePeople } from './app/resolve-people.js';
import { applyRetention } from './app/retention.js';
import { type Config, ConfigError } from './config.js';
import { archiveDecisions } from './export/archive.js';
import { logFile } from './export/log-file.js';
import { RedisOutageReporter, redisConnection } from './jobs/connection.js';
import { BullDeliveryQueue } from './jobs/delivery-queue.js';
import { RedisRateLimitHolds } from './jobs/rate-limit-holds.js';
import { RedisSignatures } from './jobs/signatures.js';
import { BullTimerScheduler } from './jobs/timer-scheduler.js';
import {
  createQueues,
  createWorkers,
  DELIVERY_CONCURRENCY,
  type JobQueues,
  type StartingWorkers,
  workerName,
} from './jobs/workers.js';
import { boltLogger } from './logger.js';
import { createMetrics, metricsRoute, type PlainServer, startPlainServer } from './metrics/index.js';
import { createSlackApp, type SlackApp } from './slack/app.js';
import { optionLabel } from './slack/blocks/facts.js';
import type { FollowUps } from './slack/follow-ups.js';
import { healthRoutes } from './slack/health.js';
import { homeViewFor } from './slack/home.js';
import { slackFetch } from './slack/http-fetch.js';
import { useCommandName } from './slack/ids.js';
import { SlackPeople } from './slack/people.js';
import { SlackMessageSender } from './slack/sender.js';
import { SlackStatusCache } from './slack/status-cache.js';
import { DatabaseUnavailable, DatabaseUrlInvalid, openStorage, type Storage } from './storage/index.js';

export interface BotOptions {
  /** Serve Slack requests. */
  readonly web: boolean;
  /** Run the BullMQ workers. */
  readonly workers: boolean;
  readonly logger: Logger;
  readonly clock?: Clock;
  /** How often the reconciler rebuilds timers and re-queues the outbox (default 5 min). */
  readonly reconcileEveryMs?: number;
  /** How long an App Home republish waits for more changes to the same home (default `HOME_DEBOUNCE_MS`). */
  readonly homeDebounceMs?: number;
  /** How often SPoCs' Slack statuses are checked, for projects with `away_from_status` (default 2 min). */
  readonly statusCheckEveryMs?: number;
  /**
   * How soon jobs of a worker process that hangs (still connected to Redis) are taken over (ms; default BullMQ's
   * 30 s lock). Those of a process that is gone (killed, crashed) are taken over within about two seconds anyway.
   */
  readonly jobLockMs?: number;
  /** Deliveries the workers send at once (default `DELIVERY_CONCURRENCY`; 1: one after another). */
  readonly deliveryConcurrency?: number;
  /** HTTP listen host (default all interfaces; tests and the sandbox use 127.0.0.1). */
  readonly host?: string;
  /** More HTTP routes on the bot's server (sandbox mode: its page and development controls). */
  readonly routes?: readonly CustomRoute[];
  /** Aborting it during start-up (Ctrl-C) stops whatever has started and rejects with `StartupAborted`. */
  readonly signal?: AbortSignal;
  /** Where the follow-up of a submission or a click runs (default: in this process, after the ack). */
  readonly followUps?: FollowUps;
}

export interface RunningBot {
  /** The HTTP port Slack requests go to (HTTP mode with `web`), else undefined. */
  readonly port: number | undefined;
  /**
   * Where `/metrics` and `/healthz` answer: the Slack server's port with `web` (Socket Mode included), a bare
   * server's in a workers-only process; undefined with neither.
   */
  readonly metricsPort: number | undefined;
  readonly deps: DeliverDeps;
  readonly queues: JobQueues;
  /** Graceful stop: stop taking requests, let running jobs finish, close queues, Redis and the database. */
  stop(): Promise<void>;
}

/** The composition root: config → database → queues → use cases → Slack app and workers. */
export async function startBot(config: Config, options: BotOptions): Promise<RunningBot> {
  const { logger } = options;
  const clock: Clock = options.clock ?? { now: () => Date.now() };
  const storage = await openConfiguredStorage(config, { clock, log: logger });
  const client = new webApi.WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    // Retries belong to the outbox (BullMQ backoff, Retry-After honoured), not to each HTTP call.
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: slackFetch(),
    logger: boltLogger(logger, config.logLevel),
  });
  const peopleDeps: PeopleDeps = {
    people: storage.people,
    lookup: new SlackPeople(client),
    clock,
    log: logger,
  };
  const { outbox, decisions, languages } = storage;
  let configuredProjects: ConfiguredProjects;
  let projects: ActiveProjects;
  try {
    // People named by email become user IDs before anything sees the projects (the domain knows only IDs).
    const configured = await resolveConfiguredPeople(config, peopleDeps);
    await storage.projects.sync(configured, clock.now());
    configuredProjects = new ConfiguredProjects(configured, config.calendar);
    projects = new ActiveProjects(configuredProjects, storage.people, logger, () => clock.now());
    await projects.refresh();
    await languages.refresh();
  } catch (error) {
    await storage.close();
    throw error;
  }
  const redis = redisConnection(config.redisUrl, 'decide-bot');
  const outage = new RedisOutageReporter(config.redisUrl, logger);
  outage.watch(redis);
  const queues = createQueues(redis, config.queuePrefix);
  // The decision log a `file` delivery uploads, made from the database when it is sent, in its reader's language.
  const makeFile = async (request: FileRequest) =>
    logFile(
      await decisionLog({ decisions, projects, clock }, request.projectId, request.since, optionLabel),
      request.format,
      {
        projectId: request.projectId,
        timeZone: projects.timezone,
        at: request.at,
      },
    );
  // Slack's rate limits are per method and workspace: a 429 holds the method for every process (Redis).
  const holds = new RedisRateLimitHolds(redis, config.queuePrefix, async () => {
    const { team_id: team } = await client.auth.test();
    if (team === undefined) throw new Error('auth.test returned no team_id');
    return team;
  });
  // The words the bot writes name the command as this installation's manifest does (SLASH_COMMAND).
  useCommandName(config.slack.command);
  // This process's name: its BullMQ workers' and its outbox claims' (a claim left behind names its process).
  const processName = workerName();
  const deps: DeliverDeps = {
    decisions,
    projects,
    absences: storage.projects,
    clock,
    deliveries: new BullDeliveryQueue(queues.deliveries, outbox, options.homeDebounceMs),
    timers: new BullTimerScheduler(queues.timers, projects.calendar, clock),
    log: logger,
    statuses: new SlackStatusCache(client, clock, logger),
    newId: () => randomUUID(),
    languages,
    outbox,
    claims: new DeliveryClaims(outbox, processName, logger),
    sender: new SlackMessageSender(
      client,
      projects,
      makeFile,
      (user) => homeViewFor(deps, user),
      languages,
      holds,
    ),
  };
  const metrics = createMetrics({
    source: storage.metrics,
    calendar: projects.calendar,
    projects: config.projects.map((p) => p.id),
    queues: [queues.deliveries, queues.timers, queues.maintenance],
    redisDown: () => outage.isDown,
  });
  const health = [
    { name: 'database', check: () => storage.ping() },
    { name: 'redis', check: async () => void (await redis.ping()) },
  ];

  let workers: StartingWorkers | undefined;
  let slack: SlackApp | undefined;
  let plain: PlainServer | undefined;
  let port: number | undefined;
  let metricsPort: number | undefined;
  /** `force`: close without waiting for Redis (start-up stopped, or Redis away: jobs in flight cannot finish). */
  let closed: Promise<void> | undefined;
  const stop = async (force = false) => {
    await slack?.stop().catch(() => undefined);
    await plain?.close();
    await workers?.close(force);
    if (force) redis.disconnect();
    await queues.close();
    if (!force) await redis.quit().catch(() => redis.disconnect());
    closed ??= storage.close();
    await closed;
  };
  /**
   * The graceful stop, bounded: with Redis away, or when closing takes longer than STOP_GRACE_MS, what is left
   * stops without waiting (a job that was running is taken up again after the restart; the database is the truth).
   */
  const stopGracefully = async () => {
    if (outage.isDown) {
      logger.warn('Redis is unreachable: stopping without waiting for it');
      return stop(true);
    }
    const graceful = stop(false);
    const late = await Promise.race([
      graceful.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(resolve, STOP_GRACE_MS, true).unref()),
    ]);
    if (!late) return;
    logger.warn(
      `stopping without waiting any longer: work in flight did not finish within ${STOP_GRACE_MS / 1000} s`,
    );
    await stop(true);
  };
  // Ctrl-C while start-up waits (for Redis, say): the step under way is abandoned at once (a BullMQ call
  // waiting for Redis would not end on its own) and the catch below stops what had started, without waiting.
  const { signal } = options;
  const aborted = new Promise<never>((_, reject) => {
    if (signal?.aborted) reject(new StartupAborted());
    signal?.addEventListener('abort', () => reject(new StartupAborted()), { once: true });
  });
  aborted.catch(() => undefined); // only the steps below listen
  const step = <T>(work: Promise<T>): Promise<T> => Promise.race([work, aborted]);
  try {
    await step(Promise.resolve());
    if (options.web) {
      slack = createSlackApp(config, deps, {
        logger,
        health,
        routes: [metricsRoute(metrics.registry), ...(options.routes ?? [])],
        ...(options.followUps ? { followUps: options.followUps } : {}),
        signatures: new RedisSignatures(redis, config.queuePrefix),
      });
      port = await step(startSlack(slack, config, options.host));
      metricsPort = port;
      const mode =
        config.slack.mode === 'socket'
          ? 'connected to Slack with Socket Mode'
          : 'listening for Slack requests';
      logger.info(mode, { port });
    } else if (options.workers) {
      // No Slack server in a workers-only process: a bare one, so it is still scraped and health-checked.
      plain = await startBareServer(
        [...healthRoutes(health), metricsRoute(metrics.registry)],
        config,
        options.host,
      );
      metricsPort = plain.port;
      logger.info('serving /metrics, /livez and /readyz', { port: metricsPort });
    }
    // Workers after the web part: Slack requests are served even while Redis is still unreachable (their
    // follow-up waits a bounded time and the reconciler catches up), and the start-up pass below takes
    // seconds with many open decisions (about 0.1 ms each); it is safe alongside requests (a decision that
    // changes meanwhile is re-read).
    if (options.workers) {
      workers = createWorkers(deps, queues, {
        connection: redis,
        prefix: config.queuePrefix,
        workerName: processName,
        reconcileEveryMs: options.reconcileEveryMs ?? 5 * 60_000,
        statusCheckEveryMs: options.statusCheckEveryMs ?? 2 * 60_000,
        jobLockMs: options.jobLockMs,
        // PostgreSQL: several at once (a delivery waits on its round trips). SQLite: one, since its reads and
        // writes run on this event loop, and deliveries side by side (App Homes counting 100,000 waiting rows)
        // delayed the timers beside them: escalation lateness p99 558 ms against 78 ms with one at a time.
        deliveryConcurrency: options.deliveryConcurrency ?? (config.databaseUrl ? DELIVERY_CONCURRENCY : 1),
        outage,
        timerLateness: metrics.timerLateness,
        peopleCheck: async () => {
          const report = await checkPeople(
            configuredProjects.all(),
            (config.emails ?? []).map((e) => e.email),
            {
              ...peopleDeps,
              outbox,
              deliveries: deps.deliveries,
              onPeopleChanged: () => projects.refresh(),
              moveOnFromDeactivated: () => moveOnFromDeactivated(deps),
            },
          );
          logger.info("checked the projects' people with Slack", { ...report });
          return report;
        },
        retention: retentionJob(config, storage, deps),
      });
      await step(workers.schedule());
      const report = await step(reconcile(deps));
      logger.info('reconciled timers and outbox from the database', { ...report });
    }
  } catch (error) {
    // Whatever started must stop, or its connections keep the process alive after the failure.
    await stop(true).catch(() => undefined);
    throw signal?.aborted ? new StartupAborted() : error;
  }
  return { port, metricsPort, deps, queues, stop: stopGracefully };
}

/** The daily retention pass the project file asks for (`retention:`), exporting first with `export_to`. */
function retentionJob(
  config: Config,
  storage: Storage,
  deps: DeliverDeps,
): (() => Promise<unknown>) | undefined {
  const policy = config.retention;
  if (policy === undefined) return undefined;
  const dir = policy.exportTo;
  return () =>
    applyRetention(
      {
        retention: storage.retention,
        projects: deps.projects,
        clock: deps.clock,
        log: deps.log,
        archive:
          dir === undefined
            ? undefined
            : (projectId, ids, at) => archiveDecisions(deps, dir, projectId, ids, at),
      },
      policy,
    );
}

/**
 * The projects with every person the file names by email replaced by their Slack user ID. An address Slack does
 * not know is a config problem (the file's path, the line, the address: main prints it like any other); Slack
 * unreachable with nothing cached is a StartupError.
 */
async function resolveConfiguredPeople(config: Config, deps: PeopleDeps): Promise<Config['projects']> {
  if (config.emails === undefined || config.emails.length === 0) return config.projects;
  const resolution = await resolvePeople(config.projects, config.emails, deps);
  if (resolution.ok) return resolution.projects;
  if ('problems' in resolution)
    throw new ConfigError(resolution.problems.map((p) => `${config.configPath}: ${p}`));
  throw new StartupError(
    `Slack could not be asked who ${resolution.unavailable.join(', ')} ${resolution.unavailable.length === 1 ? 'is' : 'are'} ` +
      `(users.lookupByEmail: ${resolution.reason}), and no earlier answer is cached. Check SLACK_API_URL ` +
      `(${config.slack.apiUrl}), the network and SLACK_BOT_TOKEN, or name ${resolution.unavailable.length === 1 ? 'that person' : 'those people'} by Slack user ID in ${config.configPath}.`,
  );
}

/**
 * The database the config names (PostgreSQL with DATABASE_URL, else the SQLite file). PostgreSQL not answering
 * is a StartupError: the operator reads which URL (password masked) and why.
 */
async function openConfiguredStorage(
  config: Config,
  options: Parameters<typeof openStorage>[1],
): Promise<Storage> {
  try {
    return await openStorage(config, options);
  } catch (error) {
    if (error instanceof DatabaseUnavailable || error instanceof DatabaseUrlInvalid)
      throw new StartupError(`${error.message}. Check DATABASE_URL, the network and that PostgreSQL runs.`);
    throw error;
  }
}

/** How long a graceful stop may wait for requests and jobs in flight. */
const STOP_GRACE_MS = 10_000;

/** Start-up was stopped by the signal (Ctrl-C) before it finished; what had started is stopped again. */
export class StartupAborted extends Error {
  override readonly name = 'StartupAborted';
  constructor() {
    super('start-up stopped before it finished');
  }
}

/** A start-up failure with a sentence for the operator (no stack trace needed). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

async function startBareServer(
  routes: Parameters<typeof startPlainServer>[0],
  config: Config,
  host: string | undefined,
): Promise<PlainServer> {
  try {
    return await startPlainServer(routes, config.port, host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `could not serve /metrics and /healthz: ${reason}. Check that PORT ${config.port} is free.`,
    );
  }
}

async function startSlack(slack: SlackApp, config: Config, host: string | undefined): Promise<number> {
  try {
    return await slack.start(config.port, host);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `could not start the Slack app: ${reason}. Check SLACK_API_URL (${config.slack.apiUrl}), the network, ` +
        `SLACK_BOT_TOKEN${config.slack.mode === 'socket' ? ' and SLACK_APP_TOKEN' : ''}, and that PORT ${config.port} is free.`,
    );
  }
}
