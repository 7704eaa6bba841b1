import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { DecisionCommand } from '../../../app/act-on-decision.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { ACTION_PATTERN, type ButtonValue, decodeButtonValue } from '../../ids.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Buttons that act at once, and the command each one stands for. */
const BUTTONS: readonly {
  readonly actionId: string | RegExp;
  readonly command: (v: ButtonValue) => DecisionCommand;
}[] = [
  {
    actionId: ACTION_PATTERN.option,
    command: (v) => ({ kind: 'decide', optionId: v.optionId ?? '', seen: v.stamp }),
  },
  {
    actionId: ACTION_PATTERN.vote,
    command: (v) => ({ kind: 'vote', optionId: v.optionId ?? '', seen: v.stamp }),
  },
];

/**
 * Option buttons (a decider decides) and vote buttons (a committee member votes): one tap, no form.
 * Acknowledged first; the decision is then changed under the database's write lock, so a double click or two
 * deciders at once give one outcome and the later click is told who decided what.
 */
export function registerAnswerButtons(app: ListenerRouter, ctx: SlackContext): void {
  for (const button of BUTTONS) {
    app.action(button.actionId, async ({ ack, body, action, client }: Args) => {
      await ack();
      const value = decodeButtonValue(action.value ?? '');
      await followUps(ctx).run(
        {
          kind: 'perform',
          user: body.user.id,
          decisionId: value.decisionId,
          command: button.command(value),
          channel: body.channel?.id,
        },
        client,
      );
    });
  }
}
