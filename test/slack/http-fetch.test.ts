import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackFetch } from '../../src/slack/http-fetch.js';

/** The Web API client over `slackFetch`, against a local HTTP server playing Slack. */
describe('slackFetch', () => {
  let server: Server;
  let base: string;
  const sockets = new Set<unknown>();
  const seen: { method: string; url: string; type: string; body: string }[] = [];
  let answer: (req: IncomingMessage, res: ServerResponse, body: string) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      sockets.add(req.socket);
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          type: req.headers['content-type'] ?? '',
          body,
        });
        answer(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const client = () =>
    new webApi.WebClient('xoxb-test', {
      slackApiUrl: base,
      fetch: slackFetch(),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
    });

  it('posts the form the client builds and hands back Slack’s JSON, over one kept-alive connection', async () => {
    answer = (_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.000' }));
    };
    sockets.clear();
    seen.length = 0;
    const web = client();
    for (let i = 0; i < 3; i++) {
      const r = await web.chat.postMessage({ channel: 'C1', text: `hello ${i}`, blocks: [] });
      expect(r).toMatchObject({ ok: true, ts: '1.000' });
    }
    expect(seen.map((s) => s.url)).toEqual(Array(3).fill('/api/chat.postMessage'));
    expect(seen[0]?.type).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(seen[2]?.body).get('text')).toBe('hello 2');
    expect(sockets.size).toBe(1);
  });

  it('a 429 keeps its Retry-After, so the outbox can wait as long as Slack asked', async () => {
    answer = (_req, res) => {
      res.writeHead(429, { 'retry-after': '7' });
      res.end();
    };
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.RateLimitedError,
      retryAfter: 7,
    });
  });

  it('an HTTP error is the client’s HTTP error with the status', async () => {
    answer = (_req, res) => {
      res.writeHead(503);
      res.end('down');
    };
    await expect(client().chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toMatchObject({
      code: webApi.ErrorCode.HTTPError,
      statusCode: 503,
    });
  });

  it('a body that is not a string (a file upload’s form data) goes to the built-in fetch', async () => {
    let fellBack = 0;
    const fetchFn = slackFetch(async (input, init) => {
      fellBack++;
      return fetch(input, init);
    });
    answer = (_req, res) => res.end('ok');
    const form = new FormData();
    form.set('file', new Blob(['a,b\n']), 'log.csv');
    const res = await fetchFn(`${base}upload`, { method: 'POST', body: form });
    expect(await res.text()).toBe('ok');
    expect(fellBack).toBe(1);
    expect(seen.at(-1)?.type).toContain('multipart/form-data');
  });
});
