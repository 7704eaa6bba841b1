import { inputBlocks, normalizeBlocks } from '../fake-slack/blocks.js';
import { SlackApiError, violation } from '../fake-slack/errors.js';
import type { FakeSlack } from '../fake-slack/fake-slack.js';
import { checkedView } from '../fake-slack/methods/views.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type { Conversation } from '../fake-slack/workspace.js';
import { asString, isObject, type Json } from '../json.js';
import type { Ack } from './transport.js';

/** What Slack did with the modal after the bot's answer to a view_submission. */
export type SubmitOutcome =
  /** Empty 200: the submitted view closed (the one below it, if any, shows again). */
  | 'closed'
  /** `response_action: errors`: the view stays and shows the errors. */
  | 'errors'
  | 'updated'
  | 'pushed'
  /** `response_action: clear`: the whole modal closed. */
  | 'cleared'
  /** No 200, or an answer Slack rejects: the view stays and the user sees an error. */
  | 'failed';

export interface SubmitEffect {
  outcome: SubmitOutcome;
  /** `block_id → message` of `response_action: errors`. */
  errors?: Record<string, string>;
}

/**
 * Applies the bot's answer to a view_submission to the user's modal stack, checking it as Slack does: views
 * in `update`/`push` like views.open, `errors` keyed by input block_ids of the submitted view.
 */
export function applySubmissionAck(fake: FakeSlack, user: string, view: StoredView, ack: Ack): SubmitEffect {
  if (ack.status !== 200) return { outcome: 'failed' };
  const body = ack.body;
  if (!isObject(body) || body.response_action === undefined) {
    fake.views.pop(user);
    return { outcome: 'closed' };
  }
  try {
    switch (body.response_action) {
      case 'errors':
        return { outcome: 'errors', errors: checkedErrors(view, body.errors) };
      case 'update':
        fake.views.update(view.id, checkedView(fake.blockKit, body.view, 'modal'));
        return { outcome: 'updated' };
      case 'push':
        fake.views.push(user, checkedView(fake.blockKit, body.view, 'modal'));
        return { outcome: 'pushed' };
      case 'clear':
        fake.views.clear(user);
        return { outcome: 'cleared' };
      default:
        throw violation(
          'invalid_response_action',
          `unknown response_action ${JSON.stringify(body.response_action)}`,
        );
    }
  } catch (error) {
    if (!(error instanceof SlackApiError)) throw error;
    fake.recordViolation({
      source: 'ack',
      method: 'view_submission',
      error: error.code,
      details: error.details,
      args: body,
    });
    return { outcome: 'failed' };
  }
}

function checkedErrors(view: StoredView, errors: unknown): Record<string, string> {
  if (!isObject(errors) || Object.keys(errors).length === 0) {
    throw violation('invalid_response_action', '`errors` must be an object of block_id → message');
  }
  const inputs = new Set(inputBlocks(view.blocks).map((i) => i.blockId));
  const unknown = Object.keys(errors).filter((key) => !inputs.has(key));
  if (unknown.length > 0) {
    throw violation(
      'invalid_response_action',
      `errors name ${unknown.join(', ')}, which are not input block_ids of the view`,
    );
  }
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, String(v)]));
}

/**
 * A slash command answered with a message in the ack body: Slack shows it to the user only
 * (`response_type: ephemeral`, the default) or in the channel.
 */
export function applyCommandAck(fake: FakeSlack, user: string, channel: Conversation, ack: Ack): void {
  if (ack.status !== 200 || ack.body === '') return;
  const body: Json = isObject(ack.body) ? ack.body : { text: String(ack.body) };
  const text = asString(body.text) ?? '';
  let blocks: Json[] | undefined;
  if (body.blocks !== undefined) {
    const errors = fake.blockKit.messageBlocks(body.blocks);
    if (errors.length > 0) {
      fake.recordViolation({
        source: 'ack',
        method: 'slash_command',
        error: 'invalid_blocks',
        details: errors,
        args: body,
      });
      return;
    }
    blocks = normalizeBlocks(body.blocks, () => fake.ids.shortId());
  }
  const ws = fake.workspace;
  if (body.response_type === 'in_channel') {
    ws.postMessage({
      channel: channel.id,
      user: ws.bot.userId,
      botId: ws.bot.botId,
      text,
      ...(blocks ? { blocks } : {}),
    });
  } else {
    ws.postEphemeral({ channel: channel.id, user, text, ...(blocks ? { blocks } : {}) });
  }
}
