import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { ACTION, ACTION_PATTERN, decodeButtonValue } from '../../ids.js';
import { perform } from '../perform.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * Option buttons (a decider decides) and vote buttons (a committee member votes). Acknowledged first; the
 * decision is then changed under the database's write lock, so a double click or two deciders at once give
 * one outcome and the later click is told who decided what.
 */
export function registerAnswerButtons(app: App, ctx: SlackContext): void {
  app.action<BlockButtonAction>(ACTION_PATTERN.option, async ({ ack, body, action, client }: Args) => {
    await ack();
    const { decisionId, optionId } = decodeButtonValue(action.value ?? '');
    await perform(ctx, client, {
      user: body.user.id,
      decisionId,
      command: { kind: 'decide', optionId: optionId ?? '' },
      channel: body.channel?.id,
    });
  });
  app.action<BlockButtonAction>(ACTION_PATTERN.vote, async ({ ack, body, action, client }: Args) => {
    await ack();
    const { decisionId, optionId } = decodeButtonValue(action.value ?? '');
    await perform(ctx, client, {
      user: body.user.id,
      decisionId,
      command: { kind: 'vote', optionId: optionId ?? '' },
      channel: body.channel?.id,
    });
  });
  app.action<BlockButtonAction>(ACTION.withdraw, async ({ ack, body, action, client }: Args) => {
    await ack();
    await perform(ctx, client, {
      user: body.user.id,
      decisionId: decodeButtonValue(action.value ?? '').decisionId,
      command: { kind: 'withdraw' },
      channel: body.channel?.id,
    });
  });
}
