import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import type { FakeSlack } from '../../../src/sandbox/index.js';

export const SIGNING_SECRET = 'sandbox-signing-secret';

export interface RunningApp {
  app: App;
  /** The app's request URL, for the driver. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A bare Bolt app (default HTTPReceiver) on 127.0.0.1 and a free port, talking to the fake's Web API.
 * `register` adds listeners before the app starts. Retries are off so a refused call fails fast.
 */
export async function startBareApp(
  fake: FakeSlack,
  register: (app: App) => void = () => {},
): Promise<RunningApp> {
  const app = new App({
    signingSecret: SIGNING_SECRET,
    token: fake.botToken,
    clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  await app.init();
  register(app);
  const server = await app.start({ port: 0, host: '127.0.0.1' });
  const { port } = server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}/slack/events`, stop: async () => void (await app.stop()) };
}
