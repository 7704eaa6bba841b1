import { TZDate } from '@date-fns/tz';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { format } from 'date-fns';
import type { DecisionRequest } from '../../../domain/decision.js';
import type { Project, UserId } from '../../../domain/project.js';
import { decideFormExpiredMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { CALLBACK, SIGNOFF_CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { parseDecideMetadata, parseDecideSubmission } from '../../views/decide-modal.js';
import { parseSignOffSubmission } from '../../views/signoff-modal.js';
import { type FieldErrors, type StateValues, stateValuesOf } from '../../views/state.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

interface RequestFormContext {
  readonly project: Project;
  readonly requester: UserId;
  readonly source: { readonly channel: string; readonly ts: string } | undefined;
  readonly ctx: SlackContext;
}

/** The forms that open a request, each with its parser (every problem on its own field). */
const REQUEST_FORMS: readonly {
  readonly callbackId: string;
  readonly parse: (
    values: StateValues,
    form: RequestFormContext,
  ) => { ok: true; request: DecisionRequest } | { ok: false; errors: FieldErrors };
}[] = [
  {
    callbackId: CALLBACK.decideModal,
    parse: (values, { project, requester, source, ctx }) =>
      parseDecideSubmission(values, {
        project,
        today: format(new TZDate(ctx.deps.clock.now(), ctx.deps.projects.timezone), 'yyyy-MM-dd'),
        requester,
        source,
      }),
  },
  {
    // `/decide signoff` and the "Request sign-off" shortcut: a sign-off for the key users of a domain.
    callbackId: SIGNOFF_CALLBACK.requestModal,
    parse: (values, { project, requester, source, ctx }) =>
      parseSignOffSubmission(values, { project, requester, now: ctx.deps.clock.now(), source }),
  },
];

/**
 * The `/decide` form (and the sign-off form) submitted. A mistake is shown on the exact field (`response_action: errors`) and the
 * form stays open with everything typed; a valid request is acknowledged, then opened. The view id is the
 * request key, so a replayed submission opens nothing twice.
 */
export function registerDecideSubmitted(app: ListenerRouter, ctx: SlackContext): void {
  for (const form of REQUEST_FORMS) registerRequestForm(app, ctx, form);
}

function registerRequestForm(
  app: ListenerRouter,
  ctx: SlackContext,
  form: (typeof REQUEST_FORMS)[number],
): void {
  app.view(form.callbackId, async ({ ack, body, view, client }: Args) => {
    const { deps } = ctx;
    const user = body.user.id;
    const metadata = parseDecideMetadata(view.private_metadata);
    const project = metadata && deps.projects.byId(metadata.projectId);
    if (!metadata || !project) {
      await ack();
      return tellUser(client, user, decideFormExpiredMessage());
    }
    const parsed = form.parse(stateValuesOf(view), {
      project,
      requester: user,
      source: metadata.source ? { channel: metadata.source.channel, ts: metadata.source.ts } : undefined,
      ctx,
    });
    if (!parsed.ok) return ack({ response_action: 'errors', errors: parsed.errors });
    await ack();
    await followUps(ctx).run(
      {
        kind: 'open',
        request: parsed.request,
        requestKey: `view-${view.id}`,
        user,
        channel: metadata.channel,
      },
      client,
    );
  });
}
