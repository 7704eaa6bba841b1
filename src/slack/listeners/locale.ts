import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { projectLocale, readerLocale } from '../../app/languages.js';
import type { Locale, Project } from '../../domain/project.js';
import type { ListenerDeps } from '../context.js';
import { decodeButtonValue } from '../ids.js';
import { inLocale } from '../text/index.js';
import { parseJsonObject } from '../views/state.js';

/**
 * Every request is answered in the acting person's language: modals, ephemeral replies, refusals and App Home
 * (`t` speaks it for the whole listener, awaits included). Their choice, else the language of the project at
 * hand (the decision's, the form's, the channel's), else their first project's.
 */
export function localeMiddleware(deps: ListenerDeps): Middleware<AnyMiddlewareArgs> {
  return async ({ body, next }) => inLocale(await requestLocale(deps, body), next);
}

/** The acting person's language for a Slack request body (a command, an action, a view, an event…). */
export async function requestLocale(deps: ListenerDeps, body: unknown): Promise<Locale> {
  const b = asRecord(body) ?? {};
  const event = asRecord(b.event);
  const user =
    text(b.user_id) ??
    text(asRecord(b.user)?.id) ??
    text(event?.user) ??
    text(asRecord(event?.message)?.user);
  if (user === undefined) return 'en';
  // The person's own choice needs no project (nor the decision read to find it).
  const chosen = deps.languages?.choiceOf(user);
  if (chosen !== undefined) return chosen;
  // Nor do projects that all speak one language. This runs before every ack: on PostgreSQL the decision's read
  // waits for a pooled connection, which a burst of clicks keeps busy.
  const spoken = new Set(deps.projects.all().map(projectLocale));
  if (spoken.size <= 1) return [...spoken][0] ?? 'en';
  return readerLocale(deps, user, await projectAtHand(deps, b, event));
}

/** The project a request is about: its decision's (button, form), the form's own, or the channel's. */
async function projectAtHand(
  deps: ListenerDeps,
  body: Record<string, unknown>,
  event: Record<string, unknown> | undefined,
): Promise<Project | undefined> {
  const action = asRecord(Array.isArray(body.actions) ? body.actions[0] : undefined);
  const metadata = parseJsonObject(text(asRecord(body.view)?.private_metadata));
  const value = text(action?.value);
  const decisionId =
    text(metadata?.decisionId) ?? (value === undefined ? undefined : decodeButtonValue(value).decisionId);
  const decision = decisionId ? await deps.decisions.get(decisionId) : undefined;
  const projectId = decision?.projectId ?? text(metadata?.projectId);
  const byId = projectId === undefined ? undefined : deps.projects.byId(projectId);
  const channel = text(body.channel_id) ?? text(asRecord(body.channel)?.id) ?? text(event?.channel);
  return byId ?? (channel === undefined ? undefined : deps.projects.byChannel(channel));
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
