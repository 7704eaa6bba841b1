import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { isObject, type Json } from '../json.js';
import { type ApiDeps, type HttpAnswer, handleApiCall } from './api.js';
import { handleResponseUrl } from './response-url.js';

/** Routes of the fake: the Web API, the upload URLs it hands out, and the response_urls. */
export const ROUTES = { api: 'api/', upload: 'upload/v1/', hooks: 'hooks/' } as const;

export interface ListeningServer {
  server: Server;
  baseUrl: string;
}

export async function listen(
  host: string,
  port: number,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<ListeningServer> {
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { server, baseUrl: `http://${host}:${address.port}/` };
}

/** The request handler; `deps` is read per request, so it can be built once the port is known. */
export function requestHandler(getDeps: () => ApiDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    route(getDeps(), req)
      .then((answer) => send(res, answer))
      .catch((error: unknown) => send(res, { status: 500, headers: {}, body: String(error) }));
  };
}

async function route(deps: ApiDeps, req: IncomingMessage): Promise<HttpAnswer> {
  const url = new URL(req.url ?? '/', 'http://fake');
  const path = url.pathname.slice(1);
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (path.startsWith(ROUTES.api)) {
    const method = path.slice(ROUTES.api.length);
    const query = Object.fromEntries(url.searchParams);
    try {
      const args = { ...query, ...(await parseArgs(contentType, body)) };
      return await handleApiCall(deps, method, args, req.headers.authorization);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      return handleApiCall(deps, method, query, req.headers.authorization, 'invalid_json');
    }
  }
  if (path.startsWith(ROUTES.upload) && req.method === 'POST') {
    return receiveUpload(deps, path.slice(ROUTES.upload.length), contentType, body);
  }
  if (path.startsWith(ROUTES.hooks) && req.method === 'POST') {
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString('utf8'));
    } catch {
      payload = body.toString('utf8');
    }
    return handleResponseUrl(deps, path.slice(ROUTES.hooks.length), payload);
  }
  return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
}

/** Form (WebClient's default), JSON (Slack's JSON POST), or multipart bodies, as Slack accepts them. */
async function parseArgs(contentType: string, body: Buffer): Promise<Json> {
  if (body.length === 0) return {};
  if (contentType.startsWith('application/json')) {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return isObject(parsed) ? parsed : {};
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    return Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === 'string'));
  }
  const fields = parseQuery(body.toString('utf8'));
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, Array.isArray(v) ? v.at(-1) : v]));
}

/**
 * The upload URL takes the file's bytes raw, as a multipart file, or as a form field (how WebClient sends
 * text `content`). Slack answers "OK - <bytes>".
 */
async function receiveUpload(
  deps: ApiDeps,
  token: string,
  contentType: string,
  body: Buffer,
): Promise<HttpAnswer> {
  const file = deps.files.byUploadToken(token);
  const at = deps.now();
  if (file === undefined) {
    deps.recorder.record({ method: 'upload', args: { token }, at, status: 404, response: 'not found' });
    return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' };
  }
  let bytes = body;
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
    const value = [...form.values()][0];
    bytes =
      value === undefined
        ? Buffer.alloc(0)
        : typeof value === 'string'
          ? Buffer.from(value)
          : Buffer.from(await value.arrayBuffer());
  } else if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const fields = parseQuery(body.toString('utf8'));
    const value = fields.body ?? fields.file ?? Object.values(fields)[0];
    bytes = Buffer.from(typeof value === 'string' ? value : '');
  }
  file.bytes = bytes;
  const answer = `OK - ${bytes.length}`;
  deps.recorder.record({
    method: 'upload',
    args: { file_id: file.id, bytes: bytes.length },
    at,
    status: 200,
    response: answer,
  });
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: answer };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, answer: HttpAnswer): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
}
