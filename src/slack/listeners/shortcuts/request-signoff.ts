import type { AllMiddlewareArgs, App, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { SIGNOFF_CALLBACK } from '../../ids.js';
import { tellUser } from '../../reply.js';
import { openSignOffForm } from '../commands/signoff.js';
import { messageText, shortcutProject } from './ask-for-decision.js';

type Args = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * The message shortcut "Request sign-off": the sign-off form, its deliverable filled from the message (first
 * line as the title, the whole text as notes) and linked to it.
 */
export function registerRequestSignOff(app: App, ctx: SlackContext): void {
  app.shortcut<MessageShortcut>(
    { callback_id: SIGNOFF_CALLBACK.shortcut, type: 'message_action' },
    async ({ ack, shortcut, client }: Args) => {
      await ack();
      const found = await shortcutProject(ctx, shortcut, client);
      if (found === undefined) return;
      const { project, channel, permalink } = found;
      const user = shortcut.user.id;
      const text = messageText(shortcut);
      await openSignOffForm({
        client,
        triggerId: shortcut.trigger_id,
        project,
        metadata: { projectId: project.id, channel, source: { channel, ts: shortcut.message.ts, permalink } },
        prefill: { title: text.split('\n')[0], notes: text },
        // Acknowledged already: a word for the person goes as an ephemeral message in the channel.
        ack: async (m) => {
          if (m !== undefined) await tellUser(client, user, m, channel);
        },
      });
    },
  );
}
