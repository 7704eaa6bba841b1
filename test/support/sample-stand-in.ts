import { webApi } from '@slack/bolt';
import { afterAll, beforeAll } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/index.js';

/**
 * A Slack stand-in with `sampleProject`'s people and channel, started once for the test file, and a Web API
 * client of it without retries (the outbox retries), for tests that run the real sender.
 */
export function sampleStandIn(): { fake(): FakeSlack; client(): webApi.WebClient } {
  let fake: FakeSlack | undefined;
  let client: webApi.WebClient | undefined;
  beforeAll(async () => {
    fake = await startFakeSlack();
    const people = ['U0SPOC0001', 'U0DEPUTY01', 'U0SPONSOR1', 'U0CFO00001', 'U0PMDIR001', 'U0MEMBER01'];
    for (const id of people) fake.workspace.addUser({ id, name: id.toLowerCase() });
    fake.workspace.addChannel({ id: 'C0PROJECT1', name: 'odoo-rollout', members: people });
    client = new webApi.WebClient(fake.botToken, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await fake?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the stand-in starts in beforeAll');
    return value;
  };
  return { fake: () => started(fake), client: () => started(client) };
}
