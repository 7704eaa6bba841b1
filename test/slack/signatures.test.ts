import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { slackSignature } from '../../src/sandbox/driver/signing.js';
import { checkSignature, type SharedSignatures, SignatureMemory } from '../../src/slack/signatures.js';

const SECRET = 'secret';
const NOW = 1_800_000_000_000;
const nowSec = NOW / 1000;

const headersFor = (timestampSec: number, body = 'a=1', secret = SECRET) => ({
  timestamp: String(timestampSec),
  signature: slackSignature(secret, timestampSec, body),
});

function logger(lines: string[]): Logger {
  const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
  return { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

describe('checkSignature', () => {
  it('accepts a correct signature within five minutes either way', () => {
    for (const ts of [nowSec, nowSec - 300, nowSec + 300, nowSec - 1]) {
      expect(checkSignature(SECRET, headersFor(ts), 'a=1', NOW), String(ts - nowSec)).toMatchObject({
        ok: true,
        timestampSec: ts,
      });
    }
  });

  it('refuses a stale timestamp and one from the far future', () => {
    expect(checkSignature(SECRET, headersFor(nowSec - 302), 'a=1', NOW)).toEqual({
      ok: false,
      reason: 'the request timestamp is more than five minutes old',
    });
    expect(checkSignature(SECRET, headersFor(nowSec + 301), 'a=1', NOW)).toEqual({
      ok: false,
      reason: 'the request timestamp is more than five minutes in the future',
    });
  });

  it('refuses missing, malformed and wrong signatures', () => {
    const check = (headers: { timestamp: unknown; signature: unknown }, body = 'a=1') =>
      checkSignature(SECRET, headers, body, NOW);
    expect(check({ timestamp: undefined, signature: undefined })).toMatchObject({ reason: /missing/ });
    expect(check({ timestamp: ['1', '2'], signature: 'v0=1' })).toMatchObject({ reason: /missing/ });
    expect(check({ timestamp: '1e9', signature: 'v0=1' })).toMatchObject({ reason: /not a number/ });
    expect(check({ timestamp: String(nowSec), signature: 'v0=abc' })).toMatchObject({ reason: /malformed/ });
    expect(check(headersFor(nowSec, 'a=1', 'other'))).toMatchObject({ reason: /does not match/ });
    expect(check(headersFor(nowSec), 'a=2')).toMatchObject({ reason: /does not match/ });
  });
});

describe('SignatureMemory', () => {
  it('claims a signature once; a replay is refused until its timestamp leaves the window', async () => {
    const memory = new SignatureMemory(logger([]));
    expect(await memory.claim('v0=a', nowSec, NOW)).toBe(true);
    expect(await memory.claim('v0=a', nowSec, NOW + 1000)).toBe(false);
    expect(await memory.claim('v0=b', nowSec, NOW + 1000)).toBe(true);
    // Forgotten once the timestamp check would refuse it anyway.
    expect(await memory.claim('v0=a', nowSec, NOW + 302_000)).toBe(true);
  });

  it('asks the shared memory: another process saw it first, it is a replay', async () => {
    const seen = new Set<string>(['v0=elsewhere']);
    const shared: SharedSignatures = {
      remember: async (signature) => {
        if (seen.has(signature)) return 'seen';
        seen.add(signature);
        return 'first';
      },
    };
    const memory = new SignatureMemory(logger([]), shared);
    expect(await memory.claim('v0=elsewhere', nowSec, NOW)).toBe(false);
    expect(await memory.claim('v0=new', nowSec, NOW)).toBe(true);
    expect(seen.has('v0=new')).toBe(true);
  });

  it('with Redis unreachable: still refuses the replays it saw itself, and says so once', async () => {
    const lines: string[] = [];
    let down = true;
    const shared: SharedSignatures = {
      remember: async () => {
        if (down) throw new Error('ECONNREFUSED');
        return 'first';
      },
    };
    const memory = new SignatureMemory(logger(lines), shared);
    expect(await memory.claim('v0=a', nowSec, NOW)).toBe(true);
    expect(await memory.claim('v0=a', nowSec, NOW)).toBe(false);
    expect(await memory.claim('v0=b', nowSec, NOW)).toBe(true);
    expect(lines.filter((l) => l.startsWith('warn'))).toHaveLength(1);
    expect(lines[0]).toMatch(/Redis does not answer: replayed Slack requests are refused by the process/);
    down = false;
    expect(await memory.claim('v0=c', nowSec, NOW)).toBe(true);
    expect(lines.at(-1)).toMatch(/^info Redis answers again/);
  });
});
