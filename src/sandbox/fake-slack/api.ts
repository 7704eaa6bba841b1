import { setTimeout as sleep } from 'node:timers/promises';
import type { Json } from '../json.js';
import { SlackApiError, violation } from './errors.js';
import type { Faults } from './faults.js';
import { Args, type FakeState } from './methods/context.js';
import { methods } from './methods/index.js';
import type { Recorder } from './recorder.js';
import { argumentErrors } from './validation/method-args.js';
import type { ViolationLog } from './violations.js';

export interface ApiDeps extends FakeState {
  botToken: string;
  /** The app-level token (`xapp-…`): only for the methods in `APP_TOKEN_METHODS`. */
  appToken: string;
  referenceDir: string;
  faults: Faults;
  recorder: Recorder;
  violations: ViolationLog;
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Methods that take the app-level token, and only it (in the Authorization header). */
const APP_TOKEN_METHODS = new Set(['apps.connections.open']);

/** Arguments Slack takes as JSON text inside form fields (WebClient JSON-stringifies objects and arrays). */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'metadata', 'unfurled_attachments'];

/**
 * One Web API call, in Slack's order: injected fault, authentication, known method, arguments (required ones,
 * types), then the method itself. Always HTTP 200 with `{ok:...}` except for injected 429/5xx faults.
 */
export async function handleApiCall(
  deps: ApiDeps,
  method: string,
  rawArgs: Json,
  authorization?: string,
  bodyError?: 'invalid_json',
): Promise<HttpAnswer> {
  const { token, ...rest } = decodeJsonFields(rawArgs);
  const args: Json = rest;
  const at = deps.now();
  const record = (status: number, response: unknown, fault?: string) =>
    deps.recorder.record({ method, args, at, status, response, ...(fault === undefined ? {} : { fault }) });

  const fault = deps.faults.take(method, args as Record<string, unknown>);
  if (fault?.kind === 'latency') await sleep(fault.ms);
  if (fault?.kind === 'rate_limited') {
    const body = { ok: false, error: 'ratelimited' };
    record(429, body, 'rate_limited');
    return json(429, body, { 'retry-after': String(fault.retryAfterSec) });
  }
  if (fault?.kind === 'server_error') {
    const status = fault.status ?? 500;
    record(status, 'Internal Server Error', 'server_error');
    return { status, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
  }
  if (fault?.kind === 'error') {
    const body = { ok: false, error: fault.error };
    record(200, body, 'error');
    return json(200, body);
  }

  const applied = fault?.kind === 'latency' ? 'latency' : undefined;
  let body: Json;
  try {
    if (bodyError !== undefined) throw violation(bodyError, 'the request body is not valid JSON');
    body = { ok: true, ...run(deps, method, args, tokenOf(method, authorization, token)) };
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    body = error.toBody();
    if (error.kind === 'violation') report(deps, method, args, at, error.code, error.details);
  }
  if (fault?.kind === 'server_error_after_processing') {
    // Slack did the work (the message is stored) but the answer is lost: the bot sees an HTTP 5xx.
    const status = fault.status ?? 500;
    record(status, 'Internal Server Error', 'server_error_after_processing');
    return { status, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
  }
  record(200, body, applied);
  return json(200, body);
}

function run(deps: ApiDeps, method: string, args: Json, token: string | undefined): Json {
  if (token === undefined)
    throw violation('not_authed', 'no token in the Authorization header or the token argument');
  checkTokenType(deps, method, token);
  const handler = methods.get(method);
  if (handler === undefined) throw violation('unknown_method', `the fake does not know ${method}`);
  const errors = argumentErrors(deps.referenceDir, method, args);
  if (errors.length > 0) throw violation('invalid_arguments', ...errors);
  return handler({
    ...deps,
    args: new Args(args),
    softViolation: (code, ...details) => report(deps, method, args, deps.now(), code, details),
  });
}

/** The token of the call; an app-level method reads it from the Authorization header only (as Slack does). */
function tokenOf(method: string, authorization: string | undefined, arg: unknown): string | undefined {
  const header = bearer(authorization);
  if (APP_TOKEN_METHODS.has(method)) {
    if (header === undefined && arg !== undefined)
      throw violation('not_authed', `${method} takes the app-level token in the Authorization header only`);
    return header;
  }
  return header ?? (typeof arg === 'string' ? arg : undefined);
}

/** The bot token for Web API methods, the app-level token for the app-level ones: else `not_allowed_token_type`. */
function checkTokenType(deps: ApiDeps, method: string, token: string): void {
  if (token !== deps.botToken && token !== deps.appToken)
    throw violation('invalid_auth', 'the token is neither the bot token nor the app-level token of this app');
  const wantsAppToken = APP_TOKEN_METHODS.has(method);
  if (wantsAppToken && token !== deps.appToken)
    throw violation(
      'not_allowed_token_type',
      `${method} takes the app-level token (xapp-…), not the bot token`,
    );
  if (!wantsAppToken && token === deps.appToken)
    throw violation(
      'not_allowed_token_type',
      `${method} takes the bot token (xoxb-…), not the app-level token`,
    );
}

function report(
  deps: ApiDeps,
  method: string,
  args: Json,
  at: number,
  error: string,
  details: string[],
): void {
  deps.violations.record({ source: 'web_api', method, error, details, args, at });
}

function decodeJsonFields(raw: Json): Json {
  const decoded: Json = { ...raw };
  for (const field of JSON_FIELDS) {
    const value = decoded[field];
    if (typeof value !== 'string' || value === '') continue;
    try {
      decoded[field] = JSON.parse(value);
    } catch {
      // Left as text: the method answers with its own `invalid_*` error.
    }
  }
  return decoded;
}

function bearer(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match?.[1];
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}
