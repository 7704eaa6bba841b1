import { asString, isObject, type Json } from '../json.js';
import type { ApiDeps, HttpAnswer } from './api.js';
import { normalizeBlocks } from './blocks.js';
import { SlackApiError, violation } from './errors.js';
import type { ResponseUrlContext } from './tickets.js';

/**
 * POST to a response_url, as Slack's hooks endpoint treats it: JSON `{text, blocks, response_type,
 * replace_original, delete_original, thread_ts}`. It replaces or deletes the message the interaction came
 * from, or posts a new ephemeral (default) or in-channel message, even where the bot is not a member.
 * Success is `{"ok":true}`; refusals are plain-text bodies with a 4xx status.
 */
export function handleResponseUrl(deps: ApiDeps, token: string, body: unknown): HttpAnswer {
  const args: Json = isObject(body) ? body : { body };
  const at = deps.now();
  const use = deps.tickets.useResponseUrl(token);
  let answer: HttpAnswer;
  if (!use.ok) {
    answer = text(use.status, use.body);
    if (use.error.kind === 'violation') report(deps, args, at, use.error);
  } else {
    try {
      if (!isObject(body)) throw violation('invalid_payload', 'the body must be a JSON object');
      respond(deps, use.context, body);
      answer = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' };
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      answer = text(error.code === 'no_text' || error.code.startsWith('invalid') ? 400 : 404, error.code);
      if (error.kind === 'violation') report(deps, args, at, error);
    }
  }
  deps.recorder.record({
    method: 'response_url',
    args,
    at,
    status: answer.status,
    response: parse(answer.body),
  });
  return answer;
}

function respond(deps: ApiDeps, target: ResponseUrlContext, body: Json): void {
  const { ws } = deps;
  if (body.delete_original === true || body.delete_original === 'true') {
    if (target.messageTs === undefined)
      throw violation('message_not_found', 'this response_url has no original message');
    if (target.ephemeral) ws.deleteEphemeral(target.channel, target.messageTs);
    else ws.deleteMessage(target.channel, target.messageTs);
    return;
  }
  const content = checkedContent(deps, body);
  if (body.replace_original === true || body.replace_original === 'true') {
    if (target.messageTs === undefined)
      throw violation('message_not_found', 'this response_url has no original message');
    if (target.ephemeral) {
      const original = ws.ephemeral(target.channel, target.messageTs);
      if (original !== undefined) Object.assign(original, content);
    } else {
      ws.updateMessage(target.channel, target.messageTs, content);
    }
    return;
  }
  const threadTs = asString(body.thread_ts);
  if (body.response_type === 'in_channel') {
    ws.postMessage({
      channel: target.channel,
      user: ws.bot.userId,
      botId: ws.bot.botId,
      ...content,
      ...(threadTs === undefined ? {} : { threadTs }),
    });
  } else {
    ws.postEphemeral({
      channel: target.channel,
      user: target.user,
      ...content,
      ...(threadTs === undefined ? {} : { thread_ts: threadTs }),
    });
  }
}

function checkedContent(deps: ApiDeps, body: Json): { text: string; blocks?: Json[] } {
  const text = asString(body.text);
  if (body.blocks === undefined) {
    if (text === undefined || text === '') throw violation('no_text', 'neither text nor blocks given');
    return { text };
  }
  const errors = deps.blockKit.messageBlocks(body.blocks);
  if (errors.length > 0) throw violation('invalid_blocks', ...errors);
  return { text: text ?? '', blocks: normalizeBlocks(body.blocks, () => deps.ids.shortId()) };
}

function report(deps: ApiDeps, args: Json, at: number, error: SlackApiError): void {
  deps.violations.record({
    source: 'response_url',
    method: 'response_url',
    error: error.code,
    details: error.details,
    args,
    at,
  });
}

function text(status: number, body: string): HttpAnswer {
  return { status, headers: { 'content-type': 'text/plain' }, body };
}

function parse(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}
