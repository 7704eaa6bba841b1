import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisSignatures } from '../../src/jobs/signatures.js';

const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `sigtest${process.pid}x${Math.random().toString(36).slice(2, 8)}`;

describe('RedisSignatures', () => {
  const redis = new Redis(url, { maxRetriesPerRequest: null });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('remembers a signature once, across connections, until its time is up', async () => {
    await redis.ping();
    const one = new RedisSignatures(redis, prefix);
    const other = new Redis(url);
    try {
      const two = new RedisSignatures(other, prefix);
      await other.ping();
      const until = Date.now() + 60_000;
      expect(await one.remember('v0=abc', until)).toBe('first');
      expect(await two.remember('v0=abc', until)).toBe('seen');
      expect(await one.remember('v0=abc', until)).toBe('seen');
      const ttl = await redis.pttl(`${prefix}:slack-signature:v0=abc`);
      expect(ttl).toBeGreaterThan(55_000);
      expect(ttl).toBeLessThanOrEqual(60_000);
      // Expired: may be claimed again (the timestamp check refuses it by then anyway).
      expect(await one.remember('v0=short', Date.now() + 20)).toBe('first');
      await new Promise((resolve) => setTimeout(resolve, 60));
      expect(await two.remember('v0=short', Date.now() + 60_000)).toBe('first');
    } finally {
      other.disconnect();
    }
  });

  it('answers `unknown` at once when Redis is not connected, queueing nothing', async () => {
    const away = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: null,
      retryStrategy: () => 1000,
      lazyConnect: true,
    });
    away.on('error', () => {});
    try {
      const started = Date.now();
      expect(await new RedisSignatures(away, prefix).remember('v0=x', Date.now() + 60_000)).toBe('unknown');
      expect(Date.now() - started).toBeLessThan(50);
    } finally {
      away.disconnect();
    }
  });

  it('answers `unknown` when Redis is too slow to answer (the SET still lands later)', async () => {
    // A connection whose SET never answers (not the shared Redis made slow: other tests use it).
    const stuck = { status: 'ready', set: () => new Promise(() => {}) } as unknown as Redis;
    const started = Date.now();
    expect(await new RedisSignatures(stuck, prefix, 100).remember('v0=slow', Date.now() + 60_000)).toBe(
      'unknown',
    );
    expect(Date.now() - started).toBeLessThan(400);
  });
});
