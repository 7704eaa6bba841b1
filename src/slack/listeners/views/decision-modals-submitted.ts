import { TZDate } from '@date-fns/tz';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { format } from 'date-fns';
import type { DecisionCommand } from '../../../app/act-on-decision.js';
import type { Decision } from '../../../domain/decision.js';
import type { Project, UserId } from '../../../domain/project.js';
import { REJECT } from '../../../domain/signoff.js';
import { decisionNotFoundMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { CALLBACK, SIGNOFF_CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { parseAnswerInfoSubmission } from '../../views/answer-info-modal.js';
import { parseConsultSubmission } from '../../views/consult-modal.js';
import { parseDecideNoteSubmission } from '../../views/decide-note-modal.js';
import { parseDelegateSubmission } from '../../views/delegate-modal.js';
import { parseEditSubmission } from '../../views/edit-modal.js';
import { parseNeedInfoSubmission } from '../../views/need-info-modal.js';
import { parseOpinionSubmission } from '../../views/opinion-modal.js';
import { parseSendUpSubmission } from '../../views/send-up-modal.js';
import {
  parseNewRoundSubmission,
  parseRejectSubmission,
  parseRoundMetadata,
} from '../../views/signoff-round-modals.js';
import {
  type FieldErrors,
  parseDecisionMetadata,
  type StateValues,
  stateValuesOf,
} from '../../views/state.js';
import { parseWithdrawSubmission } from '../../views/withdraw-modal.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

type ParsedCommand = { ok: true; command: DecisionCommand } | { ok: false; errors: FieldErrors };

/** What a form's parser may need besides its values. */
interface FormContext {
  readonly project: Project;
  readonly actor: UserId;
  readonly decision: Decision;
  /** Today's local date in the calendar's zone ("YYYY-MM-DD"). */
  readonly today: string;
  /** The content stamp of the version the form showed (forms that answer the decision). */
  readonly stamp: string | undefined;
  /** The form's private_metadata as sent (a sign-off's forms carry their round in it). */
  readonly metadata: string;
}

interface DecisionModal {
  readonly callbackId: string;
  readonly parse: (values: StateValues, form: FormContext) => ParsedCommand;
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
    parse: (v, { project, actor }) =>
      as(parseDelegateSubmission(v, { project, actor }), ({ to, note }) => ({ kind: 'delegate', to, note })),
  },
  {
    callbackId: CALLBACK.consultModal,
    parse: (v, { project }) =>
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
  {
    callbackId: CALLBACK.decideNoteModal,
    parse: (v, { decision, stamp }) =>
      as(parseDecideNoteSubmission(v, decision), ({ optionId, note }) =>
        decision.level === 'committee'
          ? { kind: 'vote', optionId, note, seen: stamp }
          : { kind: 'decide', optionId, rationale: note, seen: stamp },
      ),
  },
  {
    callbackId: CALLBACK.sendUpModal,
    parse: (v, { decision }) =>
      as(parseSendUpSubmission(v, decision), ({ target, reason }) => ({ kind: 'send_up', target, reason })),
  },
  {
    callbackId: CALLBACK.editModal,
    parse: (v, { decision, today }) =>
      as(parseEditSubmission(v, { decision, today }), (edit) => ({ kind: 'edit', edit })),
  },
  {
    callbackId: CALLBACK.withdrawModal,
    parse: (v) => as(parseWithdrawSubmission(v), ({ reason }) => ({ kind: 'withdraw', reason })),
  },
  // A sign-off's Reject (the reason) and Send a new round, for the round the form was opened for.
  {
    callbackId: SIGNOFF_CALLBACK.rejectModal,
    parse: (v, { metadata }) =>
      as(parseRejectSubmission(v), ({ reason }) => ({
        kind: 'signoff',
        optionId: REJECT,
        note: reason,
        round: parseRoundMetadata(metadata)?.round,
      })),
  },
  {
    callbackId: SIGNOFF_CALLBACK.newRoundModal,
    parse: (v, { metadata }) =>
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
      const decision = metadata && (await ctx.deps.decisions.get(metadata.decisionId));
      const project = decision && ctx.deps.projects.byId(decision.projectId);
      if (!decision || !project) {
        await ack();
        return tellUser(client, user, decisionNotFoundMessage());
      }
      const today = format(new TZDate(ctx.deps.clock.now(), ctx.deps.projects.timezone), 'yyyy-MM-dd');
      const parsed = modal.parse(stateValuesOf(view), {
        project,
        actor: user,
        decision,
        today,
        stamp: metadata.stamp,
        metadata: view.private_metadata,
      });
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
