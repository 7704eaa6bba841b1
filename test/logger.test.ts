import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/config/env.js';
import { boltLogger, createLogger } from '../src/logger.js';

const SECRET = '8f14e45fceea167a5a36dedd4bea2543';
const BOT_TOKEN = 'xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOpQrStUvWx';

function capture(format: 'json' | 'text', level: 'debug' | 'info' = 'info') {
  const lines: string[] = [];
  const logger = createLogger(level, (line) => lines.push(line), { format, secrets: [SECRET, BOT_TOKEN] });
  return { logger, lines };
}

const parsed = (lines: readonly string[]) => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

describe('the logger', () => {
  it('JSON: one object per line with level, time, msg, and the details as fields', () => {
    const { logger, lines } = capture('json');
    logger.info('decision escalated', { decisionId: 'd-42', level: 'sponsor', attempts: 2 });
    logger.debug('not at this level');
    logger.error('send failed', { decisionId: 'd-43', error: new Error('channel_not_found') });
    expect(lines).toHaveLength(2);
    for (const line of lines)
      expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
    const [first, second] = parsed(lines);
    expect(first).toMatchObject({
      level: 'info',
      msg: 'decision escalated',
      decisionId: 'd-42',
      attempts: 2,
    });
    // A detail named like the envelope does not overwrite it.
    expect(first?.detail_level).toBe('sponsor');
    expect(new Date(String(first?.time)).toISOString()).toBe(first?.time);
    expect(second).toMatchObject({
      level: 'error',
      decisionId: 'd-43',
      error: { message: 'channel_not_found' },
    });
  });

  it('redacts tokens and the signing secret, in the message and in the details', () => {
    const { logger, lines } = capture('json');
    logger.warn(`auth failed for ${BOT_TOKEN} with secret ${SECRET}`, {
      token: 'anything',
      headers: { authorization: `Bearer ${BOT_TOKEN}` },
      request: { body: `token=xoxp-1-2-3-user&app=xapp-1-A0-123-abc&sig=${SECRET}` },
      config: { signingSecret: 'short' },
    });
    const text = lines.join('');
    expect(text).not.toContain(BOT_TOKEN);
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('xoxp-1-2-3-user');
    expect(text).not.toContain('xapp-1-A0-123-abc');
    expect(text).not.toContain('short');
    const [line] = parsed(lines);
    expect(line?.msg).toBe('auth failed for xoxb-[redacted] with secret [redacted]');
    expect(line?.token).toBe('[redacted]');
    expect(line?.config).toEqual({ signingSecret: '[redacted]' });
  });

  it('text on demand: time, level, message, details as JSON, redacted the same way', () => {
    const { logger, lines } = capture('text', 'debug');
    logger.debug('reconciled', { decisionId: 'd-7', added: 1 });
    logger.info(`plain ${BOT_TOKEN}`);
    expect(lines[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z DEBUG reconciled \{"decisionId":"d-7","added":1\}\n$/,
    );
    expect(lines[1]).toMatch(/ INFO {2}plain xoxb-\[redacted\]\n$/);
  });

  it("routes Bolt's lines through ours, redacted", () => {
    const { logger, lines } = capture('json');
    const bolt = boltLogger(logger, 'info');
    bolt.setName('web-api:WebClient');
    bolt.warn('http request failed', new Error(`token ${BOT_TOKEN} revoked`));
    expect(parsed(lines)[0]).toMatchObject({
      level: 'warn',
      msg: '[web-api:WebClient] http request failed token xoxb-[redacted] revoked',
    });
  });
});

describe('LOG_FORMAT', () => {
  it('json or text (any case) forces the format; unset leaves the choice to the terminal; else a problem', () => {
    expect(readEnv({ LOG_FORMAT: 'JSON' }).settings?.logFormat).toBe('json');
    expect(readEnv({ LOG_FORMAT: 'text' }).settings?.logFormat).toBe('text');
    expect(readEnv({}).settings?.logFormat).toBeUndefined();
    expect(readEnv({ LOG_FORMAT: 'xml' }).problems).toEqual([
      'LOG_FORMAT: "xml" is not a log format (use json or text; unset: text on a terminal, else json)',
    ]);
  });
});
