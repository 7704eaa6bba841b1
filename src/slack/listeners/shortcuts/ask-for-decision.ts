import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Project } from '../../../domain/project.js';
import { notAProjectMessage, requestUnreadableMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { decideModal } from '../../views/decide-modal.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** A message's timestamp as Slack writes it. */
const SLACK_TS = /^\d{1,12}\.\d{1,8}$/;

/** The message shortcut "Ask for a decision": the `/decide` form, filled from the message and linked to it. */
export function registerAskForDecision(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: CALLBACK.askShortcut, type: 'message_action' },
    async ({ ack, shortcut, client }: Args) => {
      await ack();
      const found = await shortcutProject(ctx, shortcut, client);
      if (found === undefined) return;
      const { project, channel, permalink } = found;
      const text = messageText(shortcut);
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: decideModal({
          project,
          prefill: { question: text.split('\n')[0], context: text },
          metadata: {
            projectId: project.id,
            channel,
            source: { channel, ts: shortcut.message.ts, permalink },
          },
        }),
      });
    },
  );
}

/**
 * The project of the channel a message shortcut was used in, and the message's permalink (undefined when
 * Slack cannot give one); undefined, after telling the person, outside a project channel.
 */
export async function shortcutProject(
  ctx: SlackContext,
  shortcut: MessageShortcut,
  client: Args['client'],
): Promise<{ project: Project; channel: string; permalink: string | undefined } | undefined> {
  const { deps } = ctx;
  // Slack always sends the channel and the message (its ts is "seconds.micro"); without them there is nothing
  // to fill a form from, nor a message to link the request to (a ts of any length overflowed the form's
  // private_metadata, and Slack refused to open it).
  const channel: unknown = shortcut.channel?.id;
  const ts: unknown = shortcut.message?.ts;
  if (typeof channel !== 'string' || typeof ts !== 'string' || !SLACK_TS.test(ts)) {
    await tellUser(client, shortcut.user.id, requestUnreadableMessage());
    return undefined;
  }
  const project = deps.projects.byChannel(channel);
  if (!project) {
    const projectChannels = deps.projects.all().map((p) => p.channel);
    await tellUser(client, shortcut.user.id, notAProjectMessage({ projectChannels }), channel);
    return undefined;
  }
  const permalink = await client.chat
    .getPermalink({ channel, message_ts: shortcut.message.ts })
    .then((r) => r.permalink)
    .catch(() => undefined);
  return { project, channel, permalink };
}

/** The text of the message a shortcut was used on ('' when it has none, a file or an attachment only). */
export function messageText(shortcut: MessageShortcut): string {
  const text: unknown = shortcut.message.text;
  return typeof text === 'string' ? text : '';
}
