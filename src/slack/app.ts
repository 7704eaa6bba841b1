import type { Server } from 'node:http';
import { App, type CustomRoute, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../app/ports.js';
import type { Config } from '../config.js';
import { boltLogger } from '../logger.js';
import { answerEveryRequest } from './answer-every-request.js';
import type { HomeWorkspace, ListenerDeps } from './context.js';
import type { FollowUps } from './follow-ups.js';
import { type HealthCheck, healthRoutes } from './health.js';
import { slackFetch } from './http-fetch.js';
import { registerListeners } from './listeners/index.js';
import { guardRequests, SLACK_ENDPOINT } from './request-guard.js';
import { type SharedSignatures, SignatureMemory } from './signatures.js';

export interface SlackApp {
  readonly app: App;
  /** Starts serving; resolves with the HTTP port (the health port in Socket Mode). */
  start(port: number, host?: string): Promise<number>;
  /** Stops taking requests, then waits for the work of requests already acknowledged. */
  stop(): Promise<void>;
}

/**
 * The Bolt app: HTTP mode (signing secret) or Socket Mode (app token), chosen by the configuration.
 * `GET /healthz` is served in both modes.
 */
export function createSlackApp(
  config: Config,
  deps: ListenerDeps,
  options: {
    logger: Logger;
    health: readonly HealthCheck[];
    routes?: readonly CustomRoute[];
    /** Where the follow-up of a submission or a click runs (default: here, after the ack). */
    followUps?: FollowUps;
    /**
     * The signatures every web process has accepted (Redis), so a replay to another process is refused too;
     * without it, each process refuses the replays it saw.
     */
    signatures?: SharedSignatures;
  },
): SlackApp {
  const logger = boltLogger(options.logger, config.logLevel);
  const customRoutes = [...healthRoutes(options.health), ...(options.routes ?? [])];
  let server: Server | undefined;
  let http: HTTPReceiver | undefined;
  let socket: SocketModeReceiver | undefined;
  if (config.slack.mode === 'socket') {
    socket = new SocketModeReceiver({
      appToken: config.slack.appToken ?? '',
      logger,
      customRoutes,
      // apps.connections.open goes to SLACK_API_URL like every other call (the Socket Mode client has a
      // WebClient of its own, which would otherwise call slack.com whatever SLACK_API_URL says).
      installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slack.apiUrl } },
    });
  } else {
    const signingSecret = config.slack.signingSecret ?? '';
    http = new HTTPReceiver({ signingSecret, logger, customRoutes, endpoints: SLACK_ENDPOINT });
    guardRequests(http, {
      signingSecret,
      signatures: new SignatureMemory(options.logger, options.signatures),
      logger: options.logger,
    });
  }
  const app = new App({
    token: config.slack.botToken,
    receiver: http ?? socket,
    logger,
    clientOptions: {
      slackApiUrl: config.slack.apiUrl,
      // Listeners call Slack inside a request (views.open must land within the trigger's 3 s), and start-up
      // calls auth.test: a few quick retries, not the WebClient default of ten over half an hour, so an
      // unreachable or mistyped SLACK_API_URL fails start-up with a clear error instead of hanging.
      retryConfig: { retries: 2, factor: 2, minTimeout: 250, maxTimeout: 1000 },
      fetch: slackFetch(),
    },
    // auth.test runs in start(), not in the constructor, so a failure surfaces as a clear start-up error.
    deferInitialization: true,
  });
  answerEveryRequest(app, deps, options.logger);
  // Listener work goes on after ack(); Bolt's stop() does not wait for it. Track it so stop() can.
  const inFlight = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const work = next();
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
  });
  app.error(async (error) => {
    options.logger.error('a Slack request failed', { error: error.message, code: error.code });
  });
  // The workspace the roles belong to, from auth.test at start-up: a request from another team acts in none.
  let home: HomeWorkspace | undefined;
  registerListeners(app, {
    deps,
    home: () => home,
    ...(options.followUps ? { followUps: options.followUps } : {}),
  });

  return {
    app,
    start: async (port, host) => {
      await app.init();
      const auth = await app.client.auth.test();
      if (auth.team_id) home = { teamId: auth.team_id, enterpriseId: auth.enterprise_id || undefined };
      if (http) {
        server = await http.start({ port, ...(host ? { host } : {}) });
        const address = server.address();
        return typeof address === 'object' && address ? address.port : port;
      }
      await app.start();
      return config.port;
    },
    stop: async () => {
      await app.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
