import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { Project } from '../../../domain/project.js';
import { notAProjectMessage } from '../../blocks/ephemeral.js';
import type { SlackContext } from '../../context.js';
import { CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { decideModal } from '../../views/decide-modal.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/** The message shortcut "Ask for a decision": the `/decide` form, filled from the message and linked to it. */
export function registerAskForDecision(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: CALLBACK.askShortcut, type: 'message_action' },
    async ({ ack, shortcut, client }: Args) => {
      await ack();
      const found = await shortcutProject(ctx, shortcut, client);
      if (found === undefined) return;
      const { project, channel, permalink } = found;
      const text = shortcut.message.text ?? '';
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
  const channel = shortcut.channel.id;
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
