import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import { projectRoot } from '../reference.js';
import { HttpError } from './http.js';

/**
 * The page's files live in the source tree and are never copied to dist/, so the compiled server reads them
 * from `<project root>/src/sandbox/page/assets` too.
 */
export function assetsDir(): string {
  return path.join(projectRoot(), 'src', 'sandbox', 'page', 'assets');
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  // ES module imports need a JavaScript content type.
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/** Only plain file names of the flat assets folder: no separators, no dot-files, no `..`. */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Sends `<assets>/<encodedName>`; 404 for anything else, including every traversal attempt. */
export async function sendAsset(res: ServerResponse, dir: string, encodedName: string): Promise<void> {
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    throw new HttpError(404, 'No such file.');
  }
  if (!SAFE_NAME.test(name) || name.includes('..')) throw new HttpError(404, 'No such file.');
  const file = path.join(dir, name);
  const info = await stat(file).catch(() => undefined);
  if (info === undefined || !info.isFile()) throw new HttpError(404, `No file ${name} in the sandbox page.`);
  sendBytes(res, await readFile(file), contentTypeOf(name));
}

export function sendBytes(res: ServerResponse, bytes: Buffer, contentType: string, fileName?: string): void {
  const headers: Record<string, string | number> = {
    'content-type': contentType,
    'content-length': bytes.length,
    // The page is edited while it runs; always ask again.
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  if (fileName !== undefined)
    headers['content-disposition'] = `inline; filename="${encodeURIComponent(fileName)}"`;
  res.writeHead(200, headers);
  res.end(bytes);
}
