import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { DecisionCommand } from '../../../app/act-on-decision.js';
import type { Project, UserId } from '../../../domain/project.js';
import { REJECT } from '../../../domain/signoff.js';
import { decisionNotFoundMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { CALLBACK, SIGNOFF_CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { parseAnswerInfoSubmission } from '../../views/answer-info-modal.js';
import { parseConsultSubmission } from '../../views/consult-modal.js';
import { parseDelegateSubmission } from '../../views/delegate-modal.js';
import { parseNeedInfoSubmission } from '../../views/need-info-modal.js';
import { parseOpinionSubmission } from '../../views/opinion-modal.js';
import {
  parseNewRoundSubmission,
  parseRejectSubmission,
  parseRoundMetadata,
} from '../../views/signoff-round-modals.js';
import { type FieldErrors, parseDecisionMetadata, type StateValues } from '../../views/state.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

type ParsedCommand = { ok: true; command: DecisionCommand } | { ok: false; errors: FieldErrors };

interface DecisionModal {
  readonly callbackId: string;
  /** `metadata`: the form's private_metadata as sent (a sign-off's forms carry their round in it). */
  readonly parse: (values: StateValues, project: Project, actor: UserId, metadata: string) => ParsedCommand;
}

/** Lifts a form parser's result into the command it stands for. */
function as<T>(
  parsed: { ok: true; value: T } | { ok: false; errors: FieldErrors },
  command: (value: T) => DecisionCommand,
): ParsedCommand {
  return parsed.ok ? { ok: true, command: command(parsed.value) } : parsed;
}

const MODALS: readonly DecisionModal[] = [
  {
    callbackId: CALLBACK.needInfoModal,
    parse: (v) => as(parseNeedInfoSubmission(v), ({ question }) => ({ kind: 'request_info', question })),
  },
  {
    callbackId: CALLBACK.answerInfoModal,
    parse: (v) => as(parseAnswerInfoSubmission(v), ({ answer }) => ({ kind: 'provide_info', answer })),
  },
  {
    callbackId: CALLBACK.delegateModal,
    parse: (v, project, actor) =>
      as(parseDelegateSubmission(v, { project, actor }), ({ to, note }) => ({ kind: 'delegate', to, note })),
  },
  {
    callbackId: CALLBACK.consultModal,
    parse: (v, project) =>
      as(parseConsultSubmission(v, { project }), ({ domain, question }) => ({
        kind: 'consult',
        domain,
        question,
      })),
  },
  {
    callbackId: CALLBACK.opinionModal,
    parse: (v) => as(parseOpinionSubmission(v), ({ text }) => ({ kind: 'opinion', text })),
  },
  // A sign-off's Reject (the reason) and Send a new round, for the round the form was opened for.
  {
    callbackId: SIGNOFF_CALLBACK.rejectModal,
    parse: (v, _p, _a, metadata) =>
      as(parseRejectSubmission(v), ({ reason }) => ({
        kind: 'signoff',
        optionId: REJECT,
        note: reason,
        round: parseRoundMetadata(metadata)?.round,
      })),
  },
  {
    callbackId: SIGNOFF_CALLBACK.newRoundModal,
    parse: (v, _p, _a, metadata) =>
      as(parseNewRoundSubmission(v), ({ note }) => ({
        kind: 'new_round',
        note,
        round: parseRoundMetadata(metadata)?.round,
      })),
  },
];

/**
 * The small forms about one decision. Field mistakes stay in the form; a valid command is acknowledged
 * (closing the form) and then applied, and a refusal (someone decided meanwhile) is told to the person.
 */
export function registerDecisionModalsSubmitted(app: ListenerRouter, ctx: SlackContext): void {
  for (const modal of MODALS) {
    app.view(modal.callbackId, async ({ ack, body, view, client }: Args) => {
      const user = body.user.id;
      const metadata = parseDecisionMetadata(view.private_metadata);
      const decision = metadata && ctx.deps.decisions.get(metadata.decisionId);
      const project = decision && ctx.deps.projects.byId(decision.projectId);
      if (!decision || !project) {
        await ack();
        return tellUser(client, user, decisionNotFoundMessage());
      }
      const parsed = modal.parse(view.state.values as StateValues, project, user, view.private_metadata);
      if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
      await ack();
      await followUps(ctx).run(
        {
          kind: 'perform',
          user,
          decisionId: decision.id,
          command: parsed.command,
          requestKey: `view-${view.id}`,
        },
        client,
      );
    });
  }
}
