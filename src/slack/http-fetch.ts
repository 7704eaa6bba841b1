import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * The `fetch` the Web API client calls Slack with: node:http(s) over keep-alive connections. The client posts
 * a small URL-encoded form per call; Node's built-in fetch (undici) spent more CPU per call than the rest of
 * the client, and every views.open shares the event loop with the acks. Anything else (a file upload's
 * FormData, a stream) goes to the built-in fetch.
 */
export function slackFetch(fallback: typeof fetch = globalThis.fetch): typeof fetch {
  const agents = {
    'http:': new HttpAgent({ keepAlive: true, maxSockets: 50 }),
    'https:': new HttpsAgent({ keepAlive: true, maxSockets: 50 }),
  };
  return (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const body = init?.body;
    if ((body !== undefined && body !== null && typeof body !== 'string') || input instanceof Request) {
      return fallback(input, init);
    }
    const url = new URL(input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback(input, init);
    const headers = new Headers(init?.headers);
    if (body !== undefined && body !== null) headers.set('content-length', String(Buffer.byteLength(body)));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, {
        method: init?.method ?? 'GET',
        headers: Object.fromEntries(headers),
        agent: agents[url.protocol as 'http:' | 'https:'],
        ...(init?.signal ? { signal: init.signal } : {}),
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(body ?? undefined);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of response) chunks.push(chunk as Buffer);
    const received = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) received.append(name, v);
    }
    const status = response.statusCode ?? 500;
    // A Response cannot carry a body with these statuses.
    const empty = status === 204 || status === 304 || (init?.method ?? 'GET') === 'HEAD';
    return new Response(empty ? null : Buffer.concat(chunks), {
      status,
      statusText: response.statusMessage ?? '',
      headers: received,
    });
  }) as typeof fetch;
}
