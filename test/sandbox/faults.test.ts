import { webApi } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, mulberry32, startFakeSlack } from '../../src/sandbox/index.js';
import { callApi, webClient } from './helpers/web-api.js';

describe('fault injection', () => {
  let fake: FakeSlack;
  let channel: string;

  beforeEach(async () => {
    fake = await startFakeSlack();
    channel = fake.workspace.addChannel({ name: 'proj' });
  });

  afterEach(() => fake.close());

  it('answers 429 with Retry-After, which WebClient observes', async () => {
    fake.faults.inject('chat.postMessage', { kind: 'rate_limited', retryAfterSec: 1, times: 1 });
    const client = webClient(fake, { rejectRateLimitedCalls: true });
    const error = await client.chat.postMessage({ channel, text: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: webApi.ErrorCode.RateLimitedError, retryAfter: 1 });
    expect(fake.calls('chat.postMessage')).toMatchObject([{ status: 429, fault: 'rate_limited' }]);
    expect(await client.chat.postMessage({ channel, text: 'x' })).toMatchObject({ ok: true });
  });

  it('lets WebClient wait Retry-After and retry', async () => {
    fake.faults.inject('chat.postMessage', { kind: 'rate_limited', retryAfterSec: 0, times: 2 });
    const client = webClient(fake, { retryConfig: { retries: 3, minTimeout: 1, maxTimeout: 1 } });
    const waits: number[] = [];
    client.on(webApi.WebClientEvent.RATE_LIMITED, (seconds: number) => waits.push(seconds));
    expect(await client.chat.postMessage({ channel, text: 'x' })).toMatchObject({ ok: true });
    expect(waits).toEqual([0, 0]);
    expect(fake.calls('chat.postMessage').map((c) => c.status)).toEqual([429, 429, 200]);
  });

  it('answers HTTP 500, which WebClient retries', async () => {
    fake.faults.inject('users.info', { kind: 'server_error', times: 1 });
    const user = fake.workspace.addUser({ name: 'alice' });
    const client = webClient(fake, { retryConfig: { retries: 1, minTimeout: 1, maxTimeout: 1 } });
    expect((await client.users.info({ user })).user?.id).toBe(user);
    expect(fake.calls('users.info').map((c) => c.status)).toEqual([500, 200]);
  });

  it('server_error_after_processing: posts the message, then answers HTTP 500', async () => {
    fake.faults.inject('chat.postMessage', { kind: 'server_error_after_processing', times: 1 });
    const answer = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fake.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel, text: 'stored anyway' }),
    });
    expect(answer.status).toBe(500);
    expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['stored anyway']);
    expect(fake.calls('chat.postMessage')).toMatchObject([
      { status: 500, fault: 'server_error_after_processing' },
    ]);
    expect(fake.violations).toEqual([]);
  });

  it('answers ok:false with the chosen error until cleared, and never counts it as a violation', async () => {
    fake.faults.inject('*', { kind: 'error', error: 'fatal_error' });
    expect(await callApi(fake, 'auth.test')).toEqual({ ok: false, error: 'fatal_error' });
    expect(await callApi(fake, 'chat.postMessage', { channel, text: 'x' })).toEqual({
      ok: false,
      error: 'fatal_error',
    });
    fake.faults.clear();
    expect(await callApi(fake, 'auth.test')).toMatchObject({ ok: true });
    expect(fake.violations).toEqual([]);
  });

  it('adds latency for the next N calls', async () => {
    fake.faults.inject('auth.test', { kind: 'latency', ms: 120, times: 1 });
    const timed = async () => {
      const started = performance.now();
      await callApi(fake, 'auth.test');
      return performance.now() - started;
    };
    expect(await timed()).toBeGreaterThanOrEqual(115);
    expect(await timed()).toBeLessThan(100);
  });

  it('random faults: seeded, at about their rates, never on excepted methods, counted by kind', async () => {
    const client = webClient(fake, { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const config = {
      seed: 7,
      rates: [
        { fault: { kind: 'server_error' as const }, rate: 0.2 },
        { fault: { kind: 'server_error_after_processing' as const }, rate: 0.1 },
      ],
      except: ['auth.test'],
    };
    fake.faults.randomly(config);
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const r = await client.chat.postMessage({ channel, text: `m${i}` }).then(
        () => 200,
        () => 500,
      );
      statuses.push(r);
    }
    for (let i = 0; i < 20; i += 1) await client.auth.test();
    const failed = statuses.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(30);
    expect(failed).toBeLessThan(90);
    const applied = Object.fromEntries(fake.faults.applied);
    expect((applied.server_error ?? 0) + (applied.server_error_after_processing ?? 0)).toBe(failed);
    // Stored, then 500: the message is there although the call failed.
    expect(fake.messagesIn(channel)).toHaveLength(200 - (applied.server_error ?? 0));
    expect(fake.calls('auth.test').every((c) => c.fault === undefined)).toBe(true);
    // The same seed draws the same faults.
    const again = mulberry32(7);
    const first = mulberry32(7);
    expect([again(), again()]).toEqual([first(), first()]);
    fake.faults.randomly(undefined);
    await client.chat.postMessage({ channel, text: 'after' });
    expect(fake.calls('chat.postMessage').at(-1)?.status).toBe(200);
  });
});
