import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/compose.js';
import { slackSignature } from '../../src/sandbox/driver/signing.js';
import { type Opened, openRequest, option } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, SIGNING_SECRET, startHarness } from './harness.js';
import { interactionBody, postSigned, type RawAnswer } from './support/signed-post.js';

/**
 * Signatures, from outside: missing, wrong, stale, from the far future and replayed requests are refused with
 * 401 and nothing happens (no listener runs, no row is written); a Slack retry, signed afresh, is not a replay.
 */
describe('request signatures', () => {
  let h: Harness;
  let r: Opened;
  let click: string;
  const nowSec = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    h = await startHarness();
    r = await openRequest(h);
    // The SPoC's click on the first option, as Slack would send it (the driver is not used: it would send it).
    const button = h.fake.findButtons(r.dm).find((b) => b.actionId === option(0));
    const ws = h.fake.workspace;
    click = interactionBody({
      type: 'block_actions',
      user: { id: h.people.spoc, username: 'sari.spoc', name: 'sari.spoc', team_id: ws.team.id },
      api_app_id: ws.bot.appId,
      token: 'sandbox-verification-token',
      container: { type: 'message', message_ts: r.dm.ts, channel_id: r.dm.channel, is_ephemeral: false },
      trigger_id: h.fake.tickets.issueTrigger(h.people.spoc),
      team: { id: ws.team.id, domain: ws.team.domain },
      channel: { id: r.dm.channel, name: 'directmessage' },
      actions: [
        { type: 'button', action_id: button?.actionId, block_id: button?.blockId, value: button?.value },
      ],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  /** Nothing happened since `calls` Web API calls: the decision is open, nobody was told anything. */
  async function nothingHappened(calls: number): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.calls().length).toBe(calls);
    expect((await h.bot.deps.decisions.get(r.id))?.status).not.toBe('decided');
    expect(await h.bot.deps.outbox.pending()).toEqual([]);
  }

  const refused = (answer: RawAnswer, reason: RegExp) => {
    expect(answer.status).toBe(401);
    expect(answer.text).toMatch(reason);
  };

  it('a request without signature headers is refused with 401', async () => {
    const calls = h.fake.calls().length;
    refused(await postSigned(h, click, { headers: {} }), /missing/);
    refused(
      await postSigned(h, click, { headers: { 'x-slack-request-timestamp': String(nowSec()) } }),
      /missing/,
    );
    await nothingHappened(calls);
  });

  it('a wrong signature (another secret, another body, garbage) is refused with 401', async () => {
    const calls = h.fake.calls().length;
    const ts = nowSec();
    for (const signature of [
      slackSignature(`${SIGNING_SECRET}-not`, ts, click),
      slackSignature(SIGNING_SECRET, ts, `${click}&x=1`),
      'v0=zz',
      'v1=abc',
      '',
    ]) {
      const headers = { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature };
      refused(await postSigned(h, click, { headers }), /signature/);
    }
    // The timestamp is part of what is signed: the right signature for another second does not pass.
    const headers = {
      'x-slack-request-timestamp': String(ts - 1),
      'x-slack-signature': slackSignature(SIGNING_SECRET, ts, click),
    };
    refused(await postSigned(h, click, { headers }), /does not match/);
    for (const timestamp of ['abc', '1e9', '-5', '']) {
      const garbage = { 'x-slack-request-timestamp': timestamp, 'x-slack-signature': 'v0=00' };
      expect((await postSigned(h, click, { headers: garbage })).status, timestamp).toBe(401);
    }
    await nothingHappened(calls);
  });

  it('a stale request (over five minutes old) is refused with 401', async () => {
    const calls = h.fake.calls().length;
    refused(await postSigned(h, click, { timestampSec: nowSec() - 5 * 60 - 5 }), /old/);
    refused(await postSigned(h, click, { timestampSec: nowSec() - 24 * 3600 }), /old/);
    await nothingHappened(calls);
  });

  it('a request from the far future (over five minutes ahead) is refused with 401 (Bolt lets it through)', async () => {
    const calls = h.fake.calls().length;
    refused(await postSigned(h, click, { timestampSec: nowSec() + 5 * 60 + 5 }), /future/);
    refused(await postSigned(h, click, { timestampSec: nowSec() + 365 * 24 * 3600 }), /future/);
    await nothingHappened(calls);
    expect(h.logs.some((l) => l.includes('refused a Slack request (HTTP 401)') && l.includes('future'))).toBe(
      true,
    );
  });

  it('the same signed request twice: the first decides, the replay is refused with 401 and does nothing', async () => {
    const first = await postSigned(h, click, { timestampSec: nowSec() - 60 });
    expect(first.status).toBe(200);
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await until(h, async () => (await h.bot.deps.outbox.pending()).length === 0);
    const calls = h.fake.calls().length;
    const events = (await h.bot.deps.decisions.events(r.id)).length;

    const replays = await Promise.all([1, 2, 3].map(() => postSigned(h, click, { headers: first.headers })));
    for (const replay of replays) refused(replay, /replay/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No listener ran: a second click would have told the SPoC "Too late: already decided".
    expect(h.fake.calls().length).toBe(calls);
    expect((await h.bot.deps.decisions.events(r.id)).length).toBe(events);

    // Remembered in Redis until the timestamp leaves the window (about four minutes from now).
    const redis = new Redis(h.config.redisUrl);
    try {
      const key = `${h.config.queuePrefix}:slack-signature:${first.headers['x-slack-signature']}`;
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(3 * 60_000);
      expect(ttl).toBeLessThanOrEqual(4 * 60_000 + 2000);
    } finally {
      redis.disconnect();
    }

    // Slack's retry of a delivery is signed afresh (a new timestamp): not a replay, and handled as usual.
    const retry = await postSigned(h, click, { timestampSec: nowSec() });
    expect(retry.status).toBe(200);
    await until(h, () =>
      h.fake.dmsTo(h.people.spoc).some((m) => m.text.startsWith('Too late') && m.text.includes('already')),
    );
  });

  it('a replay to another web process sharing the Redis is refused there too', async () => {
    const other: RunningBot = await startBot(h.config, {
      web: true,
      workers: false,
      host: '127.0.0.1',
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
    try {
      const ts = nowSec();
      const body = JSON.stringify({
        token: 't',
        type: 'event_callback',
        team_id: h.fake.workspace.team.id,
        api_app_id: h.fake.workspace.bot.appId,
        event: { type: 'app_home_opened', user: h.people.member, channel: 'D1', tab: 'messages' },
        event_id: 'Ev1',
        event_time: ts,
      });
      const headers = {
        'x-slack-request-timestamp': String(ts),
        'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body),
      };
      const post = (port: number | undefined) =>
        fetch(`http://127.0.0.1:${port}/slack/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
        });
      expect((await post(h.bot.port)).status).toBe(200);
      const there = await post(other.port);
      expect(there.status).toBe(401);
      expect(await there.text()).toMatch(/replay/);
    } finally {
      await other.stop();
    }
  });
});
