import { TZDate } from '@date-fns/tz';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { format } from 'date-fns';
import { decideFormExpiredMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { followUps } from '../../follow-ups.js';
import { CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { parseDecideMetadata, parseDecideSubmission } from '../../views/decide-modal.js';
import type { StateValues } from '../../views/state.js';
import type { ListenerRouter } from '../router.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * The `/decide` form submitted. A mistake is shown on the exact field (`response_action: errors`) and the
 * form stays open with everything typed; a valid request is acknowledged, then opened. The view id is the
 * request key, so a replayed submission opens nothing twice.
 */
export function registerDecideSubmitted(app: ListenerRouter, ctx: SlackContext): void {
  app.view(CALLBACK.decideModal, async ({ ack, body, view, client }: Args) => {
    const { deps } = ctx;
    const user = body.user.id;
    const metadata = parseDecideMetadata(view.private_metadata);
    const project = metadata && deps.projects.byId(metadata.projectId);
    if (!metadata || !project) {
      await ack();
      return tellUser(client, user, decideFormExpiredMessage());
    }
    const today = format(new TZDate(deps.clock.now(), deps.projects.timezone), 'yyyy-MM-dd');
    const parsed = parseDecideSubmission(view.state.values as StateValues, {
      project,
      today,
      requester: user,
      source: metadata.source ? { channel: metadata.source.channel, ts: metadata.source.ts } : undefined,
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
