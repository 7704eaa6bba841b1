import type { App, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../app/ports.js';
import { requestUnreadableMessage } from './blocks/ephemeral.js';
import type { ListenerDeps } from './context.js';
import { envelopeProblem } from './envelope.js';
import { requestLocale } from './listeners/locale.js';
import { inLocale } from './text/index.js';

/**
 * Bolt's dispatch, made to answer every request and never to throw, in both modes (HTTP and Socket Mode):
 *
 * - a body Bolt cannot read (see `envelope.ts`; over HTTP the request guard refused it already with a 400) is
 *   acknowledged and nothing runs;
 * - anything Bolt throws outside a listener is logged (a listener's own error goes to `app.error`);
 * - a request nobody acknowledged (no listener for it, or one that failed before its ack) is acknowledged when
 *   dispatch ends, instead of Bolt's "not acknowledged within 3 seconds" 404 — a command with a word for the
 *   person that nothing was done.
 */
export function answerEveryRequest(app: App, deps: ListenerDeps, logger: Logger): void {
  const dispatch = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent): Promise<void> => {
    let acked = false;
    const ack: ReceiverEvent['ack'] = async (response) => {
      acked = true;
      await event.ack(response);
    };
    const problem = envelopeProblem(event.body);
    if (problem !== undefined) {
      logger.warn(`ignored a Slack request Bolt could not read: ${problem}`);
      await ack().catch(() => undefined);
      return;
    }
    try {
      await dispatch({ ...event, ack });
    } catch (error) {
      logger.error('a Slack request could not be dispatched', { error: describe(error) });
    }
    if (acked) return;
    try {
      await ack(await fallbackAnswer(deps, event.body));
    } catch (error) {
      logger.warn('a Slack request could not be acknowledged', { error: describe(error) });
    }
  };
}

/** A command's refusal, in the person's language; other requests are acknowledged without a word. */
async function fallbackAnswer(deps: ListenerDeps, body: Record<string, unknown>): Promise<unknown> {
  if (body.command === undefined) return undefined;
  const locale = await requestLocale(deps, body).catch(() => 'en' as const);
  const message = inLocale(locale, requestUnreadableMessage);
  return { response_type: 'ephemeral', text: message.text, blocks: message.blocks };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
