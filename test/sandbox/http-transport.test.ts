import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formRequest, HttpTransport } from '../../src/sandbox/driver/transport.js';

/** Web replicas behind a load balancer: the driver sends each request to the next request URL in turn. */
describe('HttpTransport with several request URLs', () => {
  const servers: Server[] = [];
  const seen: string[][] = [[], []];
  const urls: string[] = [];

  beforeAll(async () => {
    for (const [i, log] of seen.entries()) {
      const server = createServer((req, res) => {
        log.push(String(req.headers['x-slack-signature']).slice(0, 3));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ replica: i }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      servers.push(server);
      urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it('round-robins signed requests and says which URL answered', async () => {
    const transport = new HttpTransport(urls, 'secret', Date.now);
    const acks = [];
    for (let i = 0; i < 4; i++)
      acks.push(await transport.send(formRequest('slash_command', { text: `${i}` })));
    expect(acks.map((a) => (a.body as { replica: number }).replica)).toEqual([0, 1, 0, 1]);
    expect(acks.map((a) => a.url)).toEqual([urls[0], urls[1], urls[0], urls[1]]);
    expect(seen.map((s) => s.length)).toEqual([2, 2]);
    expect(seen.flat().every((sig) => sig === 'v0=')).toBe(true);
  });

  it('refuses an empty list of URLs', () => {
    expect(() => new HttpTransport([], 'secret', Date.now)).toThrow(/at least one request URL/);
  });
});
