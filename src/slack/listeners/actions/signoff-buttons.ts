import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Decision } from '../../../domain/decision.js';
import type { UserId } from '../../../domain/project.js';
import type { Transition } from '../../../domain/refusal.js';
import { REJECT } from '../../../domain/signoff.js';
import { answerSignOff, startNewRound, type TransitionContext } from '../../../domain/transitions/index.js';
import { decisionNotFoundMessage } from '../../blocks/ephemeral.js';
import type { ModalView } from '../../blocks/kit.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { decodeRoundValue, SIGNOFF_ACTION } from '../../ids.js';
import { refusalFor, tellUser } from '../../reply.js';
import { newRoundModal, rejectModal } from '../../views/signoff-round-modals.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

interface FormButton {
  readonly actionId: string;
  /** A dry run of the command the form leads to (nothing saved): who may not act is told at once. */
  readonly mayAct: (
    d: Decision,
    actor: UserId,
    round: number | undefined,
    ctx: TransitionContext,
  ) => Transition;
  readonly view: (d: Decision) => ModalView;
}

const FORMS: readonly FormButton[] = [
  {
    actionId: SIGNOFF_ACTION.reject,
    mayAct: (d, actor, round, ctx) => answerSignOff(d, { actor, optionId: REJECT, note: '-', round }, ctx),
    view: (d) => rejectModal({ decision: d }),
  },
  {
    actionId: SIGNOFF_ACTION.newRound,
    mayAct: (d, actor, round, ctx) => startNewRound(d, { actor, round }, ctx),
    view: (d) => newRoundModal({ decision: d }),
  },
];

/**
 * A sign-off's buttons. Sign off acts at once, for the round it was shown for (a click after that round ended
 * is refused and the person told why); Reject and Send a new round open their form, after a dry run.
 */
export function registerSignOffButtons(app: ListenerRouter, ctx: SlackContext): void {
  app.action(SIGNOFF_ACTION.approve, async ({ ack, body, action, client }: Args) => {
    await ack();
    const { decisionId, round } = decodeRoundValue(action.value ?? '');
    await followUps(ctx).run(
      {
        kind: 'perform',
        user: body.user.id,
        decisionId,
        command: { kind: 'signoff', optionId: 'approve', round },
        channel: body.channel?.id,
      },
      client,
    );
  });
  for (const form of FORMS) {
    app.action(form.actionId, async ({ ack, body, action, client }: Args) => {
      await ack();
      const { deps } = ctx;
      const user = body.user.id;
      const channel = body.channel?.id;
      const { decisionId, round } = decodeRoundValue(action.value ?? '');
      const decision = await deps.decisions.get(decisionId);
      if (!decision) return tellUser(client, user, decisionNotFoundMessage(), channel);
      const dryRun = form.mayAct(decision, user, round, {
        now: deps.clock.now(),
        clock: deps.projects.calendar,
      });
      if (!dryRun.ok) return tellUser(client, user, refusalFor(ctx, dryRun.refusal, decision), channel);
      await client.views.open({ trigger_id: body.trigger_id, view: form.view(decision) });
    });
  }
}
