import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { markAway, markBack } from '../../../app/away.js';
import { openDecisionsOf } from '../../../app/queries.js';
import {
  awayInvalidMessage,
  awayMessage,
  backMessage,
  helpMessage,
  listMessage,
  notAProjectMessage,
  notSpocMessage,
} from '../../blocks/ephemeral.js';
import type { Message } from '../../blocks/kit.js';
import type { SlackContext } from '../../context.js';
import { COMMAND } from '../../ids.js';
import { parseUntil } from '../../parse-until.js';
import { decideModal } from '../../views/decide-modal.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/decide [question] | help | list | away <until> | back`. Answers are acknowledged at once (ephemeral
 * replies travel in the ack itself); a question opens the modal within the trigger's 3 seconds.
 */
export function registerDecideCommand(app: App, ctx: SlackContext): void {
  app.command(COMMAND, async ({ command, ack, client }: Args) => {
    const reply = (m: Message) => ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
    const { deps } = ctx;
    const text = command.text.trim();
    const [word = '', ...rest] = text.split(/\s+/);
    const sub = word.toLowerCase();
    if (sub === 'help' && rest.length === 0) return reply(helpMessage());

    const project = deps.projects.byChannel(command.channel_id);
    if (!project)
      return reply(notAProjectMessage({ projectChannels: deps.projects.all().map((p) => p.channel) }));
    const now = deps.clock.now();

    if (sub === 'list' && rest.length === 0) {
      const decisions = openDecisionsOf(deps, project.id);
      const histories = Object.fromEntries(decisions.map((d) => [d.id, deps.decisions.events(d.id)]));
      return reply(listMessage({ project, decisions, now, histories }));
    }
    if (sub === 'back' && rest.length === 0) {
      const wasAway = deps.absences.isAway(project.id, command.user_id, now);
      const result = markBack(deps, project.id, command.user_id);
      return reply(result.ok ? backMessage({ wasAway }) : notSpocMessage({ spoc: project.spoc }));
    }
    if (sub === 'away') {
      const input = rest.join(' ');
      const until = parseUntil(input, now, deps.projects.timezone);
      if (!until.ok) return reply(awayInvalidMessage({ input, inPast: until.reason === 'past' }));
      if (project.spoc !== command.user_id) return reply(notSpocMessage({ spoc: project.spoc }));
      await ack();
      const result = await markAway(deps, project.id, command.user_id, until.until);
      if (!result.ok) return;
      const message = awayMessage({
        until: until.until,
        timeZone: deps.projects.timezone,
        deputy: result.deputy,
        movedCount: result.handedOver,
      });
      await client.chat.postEphemeral({
        channel: command.channel_id,
        user: command.user_id,
        text: message.text,
        blocks: message.blocks,
      });
      return;
    }

    await ack();
    await client.views.open({
      trigger_id: command.trigger_id,
      view: decideModal({
        project,
        prefill: { question: text },
        metadata: { projectId: project.id, channel: command.channel_id },
      }),
    });
  });
}
