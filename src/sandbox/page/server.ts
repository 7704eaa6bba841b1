import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { SlackDriver } from '../driver/driver.js';
import type { FakeSlack } from '../fake-slack/fake-slack.js';
import { type ApiContext, POST_HANDLERS } from './api.js';
import { ChangeStream } from './events.js';
import { HttpError, readJsonBody, sendError, sendJson } from './http.js';
import { readManifest } from './manifest.js';
import { buildState, personas, requirePersona } from './state.js';
import { assetsDir, contentTypeOf, sendAsset, sendBytes } from './static.js';
import { SubmissionErrors } from './submissions.js';

export interface SandboxPageOptions {
  fake: FakeSlack;
  /** The driver, available once the bot listens (its URL is known only then). */
  driver: () => SlackDriver | undefined;
  /** The slash command the composer treats as the bot's (default '/decide'). */
  command?: string;
  /** Where the bot's development-only controls answer (e.g. '/sandbox-dev'); the page calls them directly over HTTP. */
  controlsPath?: string;
  /** The paragraphs the page shows in its welcome panel (the demo story), plain text. */
  story?: string[];
}

export interface SandboxPage {
  /** Handles a request whose path is /sandbox or starts with /sandbox/; returns false for any other path. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Ends open event streams (so the HTTP server can close). */
  close(): void;
}

const BASE = '/sandbox';

/**
 * The sandbox page: one person plays every role of the workspace in a Slack-like web page. Serves the page's
 * files and a JSON API over the fake (what each person sees) and the driver (what each person does).
 */
export function createSandboxPage(options: SandboxPageOptions): SandboxPage {
  const { fake } = options;
  const stream = new ChangeStream();
  const unsubscribe = fake.onChange(() => stream.bump());
  const dir = assetsDir();
  const manifest = readManifest();
  const submissions = new SubmissionErrors();
  const command = options.command ?? '/decide';
  const story = options.story ?? [];
  const ctx: ApiContext = {
    fake,
    driver: options.driver,
    command,
    manifest,
    submissions,
    changed: () => stream.bump(),
  };

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const sub = url.pathname.slice(BASE.length);
    const method = req.method ?? 'GET';
    if (sub === '' || sub === '/' || sub === '/index.html') {
      allow(method, 'GET');
      return sendAsset(res, dir, 'index.html');
    }
    if (sub.startsWith('/assets/')) {
      allow(method, 'GET');
      return sendAsset(res, dir, sub.slice('/assets/'.length));
    }
    if (sub === '/api/state') {
      allow(method, 'GET');
      // No person named (a first visit): the first one, so the page has someone to show.
      const named = url.searchParams.get('persona') ?? personas(fake)[0]?.id;
      const user = requirePersona(fake, named);
      const state = buildState(fake, user, {
        version: stream.version,
        command,
        controlsPath: options.controlsPath,
        story,
        manifest,
        errorsFor: (persona, view) => submissions.for(persona, view),
      });
      return sendJson(res, 200, state);
    }
    if (sub === '/api/events') {
      allow(method, 'GET');
      return stream.attach(req, res);
    }
    if (sub.startsWith('/api/files/')) {
      allow(method, 'GET');
      const id = decodeSafely(sub.slice('/api/files/'.length));
      const file = fake.files.get(id);
      if (file?.bytes === undefined) throw new HttpError(404, `No file ${id} in this sandbox.`);
      return sendBytes(res, file.bytes, contentTypeOf(file.name), path.basename(file.name));
    }
    const handler = sub.startsWith('/api/') ? POST_HANDLERS[sub.slice('/api/'.length)] : undefined;
    if (handler !== undefined) {
      allow(method, 'POST');
      const body = await readJsonBody(req);
      return sendJson(res, 200, await handler(ctx, body));
    }
    throw new HttpError(404, `Nothing at ${url.pathname}.`);
  }

  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
      // '/sandbox-dev' (the bot's controls) is not ours, so match the segment, not the prefix.
      if (url.pathname !== BASE && !url.pathname.startsWith(`${BASE}/`)) return false;
      route(req, res, url).catch((error: unknown) => {
        const failure =
          error instanceof HttpError
            ? error
            : new HttpError(
                500,
                `The sandbox page failed: ${error instanceof Error ? error.message : String(error)}`,
              );
        if (res.headersSent) res.end();
        else sendError(res, failure);
      });
      return true;
    },
    close() {
      unsubscribe();
      stream.close();
    },
  };
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, `Use ${expected} here.`);
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(404, 'No such file.');
  }
}
