import type { webApi } from '@slack/bolt';
import { actOnDecision, type DecisionCommand } from '../../app/act-on-decision.js';
import { decisionNotFoundMessage } from '../blocks/ephemeral.js';
import type { SlackContext } from '../context.js';
import { refusalFor, tellUser } from '../reply.js';

/**
 * Runs a person's command on a decision and tells them, and only them, when it was refused (someone else
 * decided first, they are not a decider…). Success needs no reply: the updated messages are the answer.
 */
export async function perform(
  ctx: SlackContext,
  client: webApi.WebClient,
  args: {
    user: string;
    decisionId: string;
    command: DecisionCommand;
    channel?: string | undefined;
    /** Makes a replay of the same request a no-op (form submissions pass their view id). */
    requestKey?: string | undefined;
  },
): Promise<boolean> {
  const result = await actOnDecision(ctx.deps, args.decisionId, args.user, args.command, args.requestKey);
  if (!result.found) {
    await tellUser(client, args.user, decisionNotFoundMessage(), args.channel);
    return false;
  }
  if (!result.ok) {
    const decision = await ctx.deps.decisions.get(args.decisionId);
    const message = refusalFor(ctx, result.refusal, decision, typedText(args.command));
    await tellUser(client, args.user, message, args.channel);
    return false;
  }
  return true;
}

/** The free text a person typed with a command, if any: given back with a refusal so it is not lost. */
function typedText(command: DecisionCommand): string | undefined {
  switch (command.kind) {
    case 'decide':
      return command.rationale;
    case 'vote':
      return command.note;
    case 'withdraw':
      return command.reason;
    case 'send_up':
      return command.reason;
    case 'request_info':
      return command.question;
    case 'provide_info':
      return command.answer;
    case 'delegate':
      return command.note;
    case 'consult':
      return command.question;
    case 'opinion':
      return command.text;
    case 'edit':
      return undefined;
  }
}
