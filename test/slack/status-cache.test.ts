import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/index.js';
import { SlackStatusCache, STATUS_TTL_MS } from '../../src/slack/status-cache.js';
import { webClient } from '../sandbox/helpers/web-api.js';

/** The cache against the Slack stand-in (real WebClient, real HTTP), with a clock the test moves. */
describe('SlackStatusCache', () => {
  let fake: FakeSlack;
  let sari: string;
  let now: number;
  let logs: string[];
  let cache: SlackStatusCache;
  const calls = () => fake.calls('users.profile.get').length;
  const holiday = (expiration = 0) =>
    fake.workspace.setStatus(sari, { emoji: ':palm_tree:', text: 'On holiday', expiration });

  beforeEach(async () => {
    now = Date.UTC(2026, 11, 2, 8, 0);
    fake = await startFakeSlack({ now: () => now });
    sari = fake.workspace.addUser({ name: 'sari.spoc' });
    logs = [];
    const log = (level: string) => (message: string) => logs.push(`${level} ${message}`);
    const logger: Logger = { debug: () => {}, info: log('info'), warn: log('warn'), error: log('error') };
    cache = new SlackStatusCache(
      webClient(fake, { rejectRateLimitedCalls: true }),
      { now: () => now },
      logger,
    );
  });
  afterEach(async () => {
    await fake.close();
  });

  it('reads the emoji and the expiration (epoch seconds → ms; 0 → none) with users.profile.get', async () => {
    expect(await cache.statusOf(sari)).toEqual({ emoji: '', expiresAt: null });
    holiday(Math.floor(now / 1000) + 3600);
    expect(await cache.statusOf(sari, { maxAgeMs: 0 })).toEqual({
      emoji: ':palm_tree:',
      expiresAt: now + 3600_000,
    });
    expect(fake.calls('users.profile.get').map((c) => c.args)).toEqual([{ user: sari }, { user: sari }]);
    fake.assertNoViolations();
  });

  it('keeps a status for at most 5 minutes, and never longer than asked', async () => {
    await cache.statusOf(sari);
    holiday();
    now += STATUS_TTL_MS - 1;
    expect(await cache.statusOf(sari)).toEqual({ emoji: '', expiresAt: null });
    // A longer maxAge does not stretch the 5 minutes.
    expect(await cache.statusOf(sari, { maxAgeMs: 60 * STATUS_TTL_MS })).toEqual({
      emoji: '',
      expiresAt: null,
    });
    expect(calls()).toBe(1);
    now += 1;
    expect(await cache.statusOf(sari)).toEqual({ emoji: ':palm_tree:', expiresAt: null });
    expect(calls()).toBe(2);
    expect(await cache.statusOf(sari, { maxAgeMs: 0 })).toEqual({ emoji: ':palm_tree:', expiresAt: null });
    expect(calls()).toBe(3);
    expect(cache.known(sari)).toEqual({ emoji: ':palm_tree:', expiresAt: null });
  });

  it('holds the last known status while Slack fails, warns once per outage and says when it answers again', async () => {
    holiday();
    await cache.statusOf(sari);
    fake.faults.inject('users.profile.get', { kind: 'server_error' });
    fake.workspace.setStatus(sari, { emoji: '', text: '', expiration: 0 });
    now += STATUS_TTL_MS;
    for (let i = 0; i < 3; i++) {
      expect(await cache.statusOf(sari, { maxAgeMs: 0 })).toEqual({ emoji: ':palm_tree:', expiresAt: null });
    }
    expect(calls()).toBe(4);
    expect(logs.filter((l) => l.startsWith('warn'))).toEqual([
      'warn cannot read Slack statuses: the last known ones hold until Slack answers again',
    ]);
    fake.faults.clear();
    expect(await cache.statusOf(sari, { maxAgeMs: 0 })).toEqual({ emoji: '', expiresAt: null });
    expect(logs.at(-1)).toBe('info Slack statuses can be read again');
  });

  it('a rate limit is a failure like any other; a status never known stays unknown', async () => {
    fake.faults.inject('users.profile.get', { kind: 'rate_limited', retryAfterSec: 30 });
    expect(await cache.statusOf(sari)).toBeUndefined();
    expect(cache.known(sari)).toBeUndefined();
    expect(logs.filter((l) => l.startsWith('warn'))).toHaveLength(1);
  });

  it('answers with the last known status after timeoutMs, and the late answer still fills the cache', async () => {
    holiday();
    fake.faults.inject('users.profile.get', { kind: 'latency', ms: 300, times: 1 });
    expect(await cache.statusOf(sari, { timeoutMs: 20 })).toBeUndefined();
    await fake.waitFor(() => cache.known(sari) !== undefined, 2000);
    expect(cache.known(sari)).toEqual({ emoji: ':palm_tree:', expiresAt: null });
    expect(calls()).toBe(1);
  });

  it('asks Slack once for concurrent reads of the same person', async () => {
    await Promise.all([cache.statusOf(sari), cache.statusOf(sari), cache.statusOf(sari)]);
    expect(calls()).toBe(1);
  });
});
