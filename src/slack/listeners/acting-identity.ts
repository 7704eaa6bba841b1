import type { AnyMiddlewareArgs, Middleware, webApi } from '@slack/bolt';
import { deactivatedActorMessage, otherWorkspaceMessage } from '../blocks/ephemeral.js';
import type { Message } from '../blocks/kit.js';
import type { HomeWorkspace, ListenerDeps } from '../context.js';
import { tellUser } from '../reply.js';

/**
 * `/decide` subcommands that only show something (nothing is written, nobody else is told): anyone may run
 * them, from any workspace. Every other request acts (opens, decides, votes, marks away, sends a digest…).
 */
const SHOWING = new Set(['help', 'who', 'list', 'stats']);

/**
 * Who may act at all, in one place, before any listener: users are identified by team and user ID together.
 * The project's roles name user IDs of the bot's own workspace, so a request from another team (a Slack
 * Connect guest in a shared channel, whose user ID may even equal a role holder's) acts in no role and is
 * refused, as is a request from someone Slack reports deactivated. They are told why privately (the ack's
 * ephemeral reply, an ephemeral message in the channel, or a DM) and nothing changes. Commands that only show
 * something pass; events pass (they act on nothing). Until the home workspace is known, team checks wait.
 */
export function actingIdentityGuard(
  deps: ListenerDeps,
  home: () => HomeWorkspace | undefined,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const body = asRecord(args.body) ?? {};
    const request = actingRequest(body);
    if (request === undefined || request.showsOnly) return args.next();
    const workspace = home();
    const foreign = workspace !== undefined && !sameWorkspace(workspace, request);
    const deactivated = !foreign && deps.projects.deactivated?.().has(request.user) === true;
    if (!foreign && !deactivated) return args.next();
    const message = foreign ? otherWorkspaceMessage() : deactivatedActorMessage();
    const ack = (args as { ack?: (response?: unknown) => Promise<void> }).ack;
    if (request.kind === 'command') {
      await ack?.({ response_type: 'ephemeral', text: message.text, blocks: message.blocks });
      return;
    }
    await ack?.();
    await tellPrivately(args.client, request.user, message, request.channel);
  };
}

interface ActingRequest {
  readonly kind: 'command' | 'interaction';
  readonly user: string;
  readonly teamId: string | undefined;
  readonly enterpriseId: string | undefined;
  readonly channel: string | undefined;
  readonly showsOnly: boolean;
}

/** The person, team and place of a command, click, form or shortcut; undefined for events and the rest. */
function actingRequest(body: Record<string, unknown>): ActingRequest | undefined {
  if (typeof body.command === 'string') {
    const user = text(body.user_id);
    if (user === undefined) return undefined;
    const [word = '', ...rest] = (text(body.text) ?? '').trim().split(/\s+/);
    const sub = word.toLowerCase();
    return {
      kind: 'command',
      user,
      teamId: text(body.team_id),
      enterpriseId: text(body.enterprise_id),
      channel: text(body.channel_id),
      // `language` alone says which one the person reads; with a word it records a choice.
      showsOnly: SHOWING.has(sub) || (sub === 'language' && rest.length === 0),
    };
  }
  const type = text(body.type);
  if (
    type !== 'block_actions' &&
    type !== 'view_submission' &&
    type !== 'shortcut' &&
    type !== 'message_action'
  )
    return undefined;
  const user = asRecord(body.user);
  const id = text(user?.id);
  if (id === undefined) return undefined;
  const team = asRecord(body.team);
  return {
    kind: 'interaction',
    user: id,
    // The user's own team first: in a shared channel it is theirs, whatever team the payload is for.
    teamId: text(user?.team_id) ?? text(team?.id),
    enterpriseId: text(asRecord(body.enterprise)?.id) ?? text(team?.enterprise_id),
    channel: text(asRecord(body.channel)?.id),
    showsOnly: false,
  };
}

function sameWorkspace(home: HomeWorkspace, request: ActingRequest): boolean {
  if (request.teamId === undefined || request.teamId === home.teamId) return true;
  return home.enterpriseId !== undefined && request.enterpriseId === home.enterpriseId;
}

/** In the channel the request came from (ephemeral), else by DM; a failure to tell is not the request's. */
async function tellPrivately(
  client: webApi.WebClient,
  user: string,
  message: Message,
  channel: string | undefined,
): Promise<void> {
  await tellUser(client, user, message, channel).catch(() => undefined);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
