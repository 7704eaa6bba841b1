import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type BufferedIncomingMessage,
  defaultBodyLimit,
  HTTPModuleFunctions,
  type HTTPReceiver,
} from '@slack/bolt';
import type { Logger } from '../app/ports.js';
import { envelopeProblem } from './envelope.js';
import { checkSignature, type SignatureMemory } from './signatures.js';

/** Where Slack posts every request (Bolt's default, set explicitly on the receiver). */
export const SLACK_ENDPOINT = '/slack/events';

export interface RequestGuardOptions {
  readonly signingSecret: string;
  readonly signatures: SignatureMemory;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Puts the checks Bolt does not do in front of its HTTP receiver, for the requests Slack posts: the signature
 * within five minutes either way (Bolt lets the far future through), the same signed request only once, and a
 * body Bolt can read (see `envelope.ts`: Bolt throws on some before any of our code runs, and on `payload=null`
 * outside any catch, which stopped the process). A refusal is a 4xx with the reason as plain text, and a warning
 * in the log; nothing else happens. What passes goes to Bolt, which checks the signature again and dispatches.
 */
export function guardRequests(receiver: HTTPReceiver, options: RequestGuardOptions): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method !== 'POST' || pathOf(req.url) !== SLACK_ENDPOINT) return bolt(req, res);
    screen(req, res, options)
      .then((pass) => {
        if (pass) bolt(req, res);
      })
      .catch((error: unknown) => {
        options.logger.error('a Slack request could not be handled', { error: String(error) });
        if (!res.headersSent) refuse(res, 500, 'the request could not be handled');
      });
  };
}

/** Whether the request may go on to Bolt; when not, it has been answered. */
async function screen(
  req: IncomingMessage,
  res: ServerResponse,
  options: RequestGuardOptions,
): Promise<boolean> {
  const { logger } = options;
  const refused = (status: number, reason: string) => {
    logger.warn(`refused a Slack request (HTTP ${status}): ${reason}`);
    refuse(res, status, reason);
    return false;
  };
  let buffered: BufferedIncomingMessage;
  try {
    // Read once here; Bolt reads the same buffer (`rawBody`) afterwards.
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, defaultBodyLimit);
  } catch (error) {
    if (HTTPModuleFunctions.isRawBodyError(error) && error.statusCode === 413) {
      // The rest of the body is dropped, and the connection closed after the answer: a client still
      // sending it would otherwise hold the connection, and the next request on it, forever.
      res.setHeader('connection', 'close');
      req.resume();
      return refused(413, `the body is larger than ${defaultBodyLimit} bytes`);
    }
    return refused(400, 'the body could not be read');
  }
  const rawBody = buffered.rawBody.toString();
  const form = req.headers['content-type'] === 'application/x-www-form-urlencoded';
  // Slack's SSL check is not signed; Bolt answers it and drops anything else it carries.
  if (form && parseQuery(rawBody).ssl_check === '1') return true;

  const nowMs = (options.now ?? Date.now)();
  const signed = checkSignature(
    options.signingSecret,
    { signature: req.headers['x-slack-signature'], timestamp: req.headers['x-slack-request-timestamp'] },
    rawBody,
    nowMs,
  );
  if (!signed.ok) return refused(401, signed.reason);

  let body: unknown;
  try {
    // Bolt's own parser, so the check sees exactly the body Bolt will dispatch.
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return refused(400, `the body is not valid ${form ? 'form data with a JSON payload' : 'JSON'}`);
  }
  const problem = envelopeProblem(body);
  if (problem !== undefined) return refused(400, problem);

  if (!(await options.signatures.claim(signed.signature, signed.timestampSec, nowMs))) {
    return refused(401, 'this signed request was received before (a replay)');
  }
  return true;
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${reason}\n`);
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}
