import { type Logger, LogLevel, webApi } from '@slack/bolt';
import type { FakeSlack } from '../../../src/sandbox/index.js';

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  setLevel: () => {},
  getLevel: () => LogLevel.ERROR,
  setName: () => {},
};

/** A real WebClient against the fake, quiet and without retries unless asked. */
export function webClient(
  fake: FakeSlack,
  options: ConstructorParameters<typeof webApi.WebClient>[1] = {},
): webApi.WebClient {
  return new webApi.WebClient(fake.botToken, {
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    logger: silentLogger,
    ...options,
  });
}

/**
 * A raw call as WebClient makes it (form fields, objects JSON-encoded, Bearer token), returning Slack's JSON
 * whether ok or not, so tests can assert on refusals without catching.
 */
export async function callApi(
  fake: FakeSlack,
  method: string,
  args: Record<string, unknown> = {},
  token: string | null = fake.botToken,
): Promise<Record<string, unknown>> {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    form.set(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${fake.apiUrl}${method}`, { method: 'POST', headers, body: form.toString() });
  return (await response.json()) as Record<string, unknown>;
}
