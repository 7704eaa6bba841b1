import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject, type Json } from '../json.js';

/** A request the page API refuses, with the sentence the page shows to the person. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Json = {},
  ) {
    super(message);
  }
}

/** Bodies are small JSON objects; anything larger is a mistake or abuse, not a person clicking. */
export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Json> {
  const tooLarge = new HttpError(413, `The request body is larger than ${limit} bytes.`);
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    // Keep reading (and dropping) so the answer can still be sent on this connection.
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  if (size > limit) throw tooLarge;
  const text = Buffer.concat(chunks).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'The request body is not valid JSON.');
  }
  if (!isObject(parsed)) throw new HttpError(400, 'The request body must be a JSON object.');
  return parsed;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { ...error.extra, error: error.message });
}

/** A required non-empty string field of a request body. */
export function requireString(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HttpError(400, `The request needs "${field}" (a non-empty string).`);
  }
  return value;
}

export function optionalString(body: Json, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `"${field}" must be a string.`);
  return value;
}
