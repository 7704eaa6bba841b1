import type { SlackDriver } from '../driver/driver.js';
import type { InputValue } from '../driver/state-values.js';
import type { Target } from '../driver/targets.js';
import { inputBlocks } from '../fake-slack/blocks.js';
import type { FakeSlack } from '../fake-slack/fake-slack.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type { Conversation, SlackUser } from '../fake-slack/workspace.js';
import { isObject, type Json } from '../json.js';
import { HttpError, optionalString, requireString } from './http.js';
import type { ManifestFacts } from './manifest.js';
import { requirePersona } from './state.js';
import type { SubmissionErrors } from './submissions.js';

export interface ApiContext {
  fake: FakeSlack;
  driver: () => SlackDriver | undefined;
  command: string;
  manifest: ManifestFacts;
  submissions: SubmissionErrors;
  /** For changes only the page knows of (remembered errors), so open pages refetch. */
  changed(): void;
}

type Handler = (ctx: ApiContext, body: Json) => Promise<Json>;

/** The statuses a person can pick on the page (Slack's own presets; none expires). */
export const STATUS_CHOICES: Readonly<Record<string, { emoji: string; text: string; expiration: number }>> = {
  holiday: { emoji: ':palm_tree:', text: 'On holiday', expiration: 0 },
  sick: { emoji: ':face_with_thermometer:', text: 'Out sick', expiration: 0 },
  meeting: { emoji: ':spiral_calendar_pad:', text: 'In a meeting', expiration: 0 },
};

/** Slack's own client refuses an empty required input before the app hears of it, with this text. */
export const REQUIRED_FIELD = 'Please complete this required field.';

/** POST /sandbox/api/<name>: what a person does, each turned into the driver call Slack would make. */
export const POST_HANDLERS: Record<string, Handler> = {
  async command(ctx, body) {
    const user = persona(ctx, body);
    const channel = memberConversation(ctx.fake, user, requireString(body, 'channel'));
    const text = body.text;
    if (typeof text !== 'string' || text.trim() === '') throw new HttpError(400, 'Type a message first.');
    const threadTs = optionalString(body, 'threadTs');
    if (threadTs !== undefined && ctx.fake.workspace.message(channel.id, threadTs) === undefined) {
      throw new HttpError(404, `There is no thread ${threadTs} in ${label(channel)}.`);
    }
    const driver = requireDriver(ctx);
    const slash = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
    if (slash !== null) {
      const command = `/${slash[1]}`;
      if (command !== ctx.command) {
        throw new HttpError(
          400,
          `${command} is not a command in this workspace. The commands here: ${ctx.command}.`,
        );
      }
      const ack = await drive(() =>
        driver.slashCommand({ user: user.id, channel: channel.id, command, text: slash[2] ?? '' }),
      );
      return { kind: 'command', status: ack.status };
    }
    const posted = await drive(() =>
      driver.userPosts({ user: user.id, channel: channel.id, text, ...(threadTs ? { threadTs } : {}) }),
    );
    return { kind: 'message', ts: posted.message.ts, status: posted.status };
  },

  async action(ctx, body) {
    const user = persona(ctx, body);
    const actionId = requireString(body, 'actionId');
    const blockId = optionalString(body, 'blockId');
    const where = target(ctx.fake, user, body.where);
    const driver = requireDriver(ctx);
    const query = { actionId, in: where, ...(blockId ? { blockId } : {}) };
    const ack =
      body.value === undefined
        ? await drive(() => driver.clickButton(user.id, query))
        : await drive(() => driver.choose(user.id, { ...query, value: inputValue(body.value, 'value') }));
    return { status: ack.status };
  },

  async submit(ctx, body) {
    const user = persona(ctx, body);
    const viewId = requireString(body, 'viewId');
    const values = inputValues(body.values);
    const top = ctx.fake.openView(user.id);
    if (top === undefined || top.id !== viewId) {
      throw new HttpError(409, 'That form is no longer open: it was closed or replaced.');
    }
    const missing = emptyRequiredInputs(top, values);
    if (Object.keys(missing).length > 0) {
      ctx.submissions.remember(user.id, top, missing);
      ctx.changed();
      return { outcome: 'errors', errors: missing };
    }
    const driver = requireDriver(ctx);
    const result = await drive(() => driver.submitView(user.id, { viewId, values }));
    if (result.outcome === 'errors' && result.errors !== undefined) {
      ctx.submissions.remember(user.id, result.view, result.errors);
    } else {
      ctx.submissions.forget(user.id);
    }
    ctx.changed();
    return {
      outcome: result.outcome,
      ...(result.errors ? { errors: result.errors } : {}),
      status: result.status,
    };
  },

  async close(ctx, body) {
    const user = persona(ctx, body);
    if (ctx.fake.openView(user.id) === undefined) throw new HttpError(409, 'No form is open.');
    const driver = requireDriver(ctx);
    await drive(() => driver.closeView(user.id));
    ctx.submissions.forget(user.id);
    return { ok: true };
  },

  async home(ctx, body) {
    const user = persona(ctx, body);
    const tab = optionalString(body, 'tab') ?? 'home';
    if (tab !== 'home' && tab !== 'messages') throw new HttpError(400, '"tab" must be "home" or "messages".');
    const driver = requireDriver(ctx);
    const ack = await drive(() => driver.appHomeOpened(user.id, tab));
    return { status: ack.status };
  },

  async shortcut(ctx, body) {
    const user = persona(ctx, body);
    const callbackId = requireString(body, 'callbackId');
    const known = ctx.manifest.shortcuts.map((s) => s.callbackId);
    if (!known.includes(callbackId)) {
      throw new HttpError(
        400,
        `The app has no message shortcut "${callbackId}". Its shortcuts: ${known.join(', ') || 'none'}.`,
      );
    }
    const channel = memberConversation(ctx.fake, user, requireString(body, 'channel'));
    const ts = requireString(body, 'ts');
    if (ctx.fake.workspace.message(channel.id, ts) === undefined) throw messageGone();
    const driver = requireDriver(ctx);
    const ack = await drive(() =>
      driver.messageShortcut(user.id, { callbackId, message: { channel: channel.id, ts } }),
    );
    return { status: ack.status };
  },

  /**
   * The person sets or clears their custom status, as in Slack's profile menu (the app is not told: it reads
   * statuses with users.profile.get). `status`: one of STATUS_CHOICES, or "clear".
   */
  async status(ctx, body) {
    const user = persona(ctx, body);
    const choice = requireString(body, 'status');
    const status =
      choice === 'clear'
        ? { emoji: '', text: '', expiration: 0 }
        : Object.hasOwn(STATUS_CHOICES, choice)
          ? STATUS_CHOICES[choice]
          : undefined;
    if (status === undefined) {
      throw new HttpError(
        400,
        `"status" must be one of ${[...Object.keys(STATUS_CHOICES), 'clear'].join(', ')}.`,
      );
    }
    ctx.fake.workspace.setStatus(user.id, status);
    ctx.fake.changed();
    return { ok: true };
  },

  /** Slack's client removes a dismissed ephemeral message; the app is not told. */
  async dismiss(ctx, body) {
    const user = persona(ctx, body);
    const channel = requireString(body, 'channel');
    const ts = requireString(body, 'ts');
    const ws = ctx.fake.workspace;
    if (ws.ephemeral(channel, ts)?.user !== user.id) throw messageGone();
    ws.deleteEphemeral(channel, ts);
    ctx.fake.changed();
    return { ok: true };
  },
};

function persona(ctx: ApiContext, body: Json): SlackUser {
  return requirePersona(ctx.fake, requireString(body, 'persona'));
}

function requireDriver(ctx: ApiContext): SlackDriver {
  const driver = ctx.driver();
  if (driver === undefined) throw new HttpError(503, 'The bot is not listening yet; try again in a moment.');
  return driver;
}

/** A channel ID, or the app's DM (`D…`), that the person is in. */
function memberConversation(fake: FakeSlack, user: SlackUser, ref: string): Conversation {
  const conversation = fake.workspace.conversation(ref);
  if (conversation === undefined || conversation.deleted) {
    throw new HttpError(404, `There is no conversation ${ref} in this sandbox.`);
  }
  if (!conversation.members.has(user.id)) {
    throw new HttpError(400, `${user.realName} is not a member of ${label(conversation)}.`);
  }
  return conversation;
}

function label(c: Conversation): string {
  return c.kind === 'channel' ? `#${c.name}` : `conversation ${c.id}`;
}

function messageGone(): HttpError {
  return new HttpError(404, 'That message is no longer there: it was deleted or replaced.');
}

/** Where the click happened, checked against what the person can see now. */
function target(fake: FakeSlack, user: SlackUser, where: unknown): Target {
  if (where === 'modal') {
    if (fake.openView(user.id) === undefined) throw new HttpError(409, 'No form is open.');
    return 'modal';
  }
  if (where === 'home') {
    if (fake.homeView(user.id) === undefined) throw new HttpError(409, 'The App Home is not published yet.');
    return 'home';
  }
  if (isObject(where) && typeof where.viewId === 'string') {
    const found = fake.views.byId(where.viewId);
    if (found === undefined || found.user !== user.id) {
      throw new HttpError(409, 'That view is no longer open: it was closed or replaced.');
    }
    return { viewId: where.viewId };
  }
  if (isObject(where) && typeof where.channel === 'string' && typeof where.ts === 'string') {
    const ws = fake.workspace;
    if (ws.ephemeral(where.channel, where.ts)?.user === user.id)
      return { channel: where.channel, ts: where.ts };
    memberConversation(fake, user, where.channel);
    if (ws.message(where.channel, where.ts) === undefined) throw messageGone();
    return { channel: where.channel, ts: where.ts };
  }
  throw new HttpError(400, 'The request needs "where": {channel, ts}, {viewId}, "modal" or "home".');
}

function inputValue(value: unknown, field: string): InputValue {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new HttpError(400, `"${field}" must be a string, a number, a list of strings or null.`);
}

function inputValues(values: unknown): Record<string, InputValue> {
  if (values === undefined) return {};
  if (!isObject(values)) throw new HttpError(400, '"values" must be an object of block_id → value.');
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, inputValue(v, `values.${k}`)]));
}

/** Required inputs the person left empty (values keyed by block_id or action_id, as the driver takes them). */
function emptyRequiredInputs(view: StoredView, values: Record<string, InputValue>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { blockId, actionId, block } of inputBlocks(view.blocks)) {
    if (block.optional === true) continue;
    const value = blockId in values ? values[blockId] : values[actionId];
    const isEmpty = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (isEmpty) errors[blockId] = REQUIRED_FIELD;
  }
  return errors;
}

/**
 * Runs a driver call. The driver throws a plain Error for what the person could not have done (it lists
 * what is there instead): a 400 with its first line as the sentence. A network failure or timeout talking to
 * the bot, or an answer that is not JSON, is a 502.
 */
async function drive<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof HttpError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    const [first = 'The request failed.', ...details] = message.split('\n');
    if (isTransportFailure(error)) {
      const cause = error instanceof Error && error.cause instanceof Error ? ` (${error.cause.message})` : '';
      throw new HttpError(502, `The bot did not answer: ${first}${cause}`);
    }
    throw new HttpError(400, first, details.length > 0 ? { details } : {});
  }
}

function isTransportFailure(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error instanceof TypeError ||
    error instanceof SyntaxError ||
    error.name === 'TimeoutError' ||
    error.name === 'AbortError'
  );
}
