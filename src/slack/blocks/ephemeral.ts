import type { Decision } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { Locale, Project, UserId } from '../../domain/project.js';
import type { Refusal } from '../../domain/refusal.js';
import type { Instant } from '../../domain/time.js';
import { commandName } from '../ids.js';
import { t } from '../text/index.js';
import { currentRole, holdingSince, optionLabel } from './facts.js';
import { capList, context, type KnownBlock, type Message, section } from './kit.js';

/** Ephemeral answers to `/decide` and to refused clicks: short, one or a few sections. */

function simple(text: string): Message {
  return { text, blocks: [section(text)] };
}

/**
 * The help, naming `command`: the slash command it answers (the `command` Slack sent), else the configured one
 * (a DM to the bot, which received no command).
 */
export function helpMessage(command: string = commandName()): Message {
  return { text: t.command.helpFallback, blocks: [section(t.command.help(command))] };
}

/**
 * `/decide language`: the language was changed (said in the new one: render it in that locale), which one the
 * person reads now and how to change it, or what is accepted when the word was not a language.
 */
export function languageMessage(
  params:
    | { kind: 'set'; locale: Locale }
    | { kind: 'current'; chosen: Locale | undefined; reading: Locale }
    | { kind: 'invalid'; given: string },
): Message {
  const c = t.command;
  switch (params.kind) {
    case 'set':
      return simple(c.languageSet(params.locale));
    case 'current':
      return simple(c.languageCurrent(params.chosen, params.reading, commandName()));
    case 'invalid':
      return simple(c.languageInvalid(params.given, commandName()));
  }
}

/** How many decisions `/decide list` shows before "and N more". */
export const LIST_CAP = 20;

/** `/decide list`: the project's open decisions, oldest first, who holds each and for how long. */
export function listMessage(params: {
  project: Project;
  decisions: readonly Decision[];
  now: Instant;
  /** Each decision's event log, so time held counts from a delegation or hand-over too. */
  histories?: Readonly<Record<string, readonly DecisionEvent[]>> | undefined;
}): Message {
  const c = t.command;
  const open = params.decisions
    .filter((d) => d.status === 'open' || d.status === 'needs_info')
    .sort((a, b) => a.openedAt - b.openedAt);
  if (open.length === 0) return simple(c.listEmpty(params.project.name));
  const { shown, more } = capList(open, LIST_CAP);
  const title = c.listTitle(params.project.name, open.length);
  const blocks: KnownBlock[] = [section(title)];
  for (const d of shown) {
    const state = d.status === 'needs_info' ? 'paused' : d.overdue ? 'overdue' : 'running';
    blocks.push(
      section(
        c.listItem(
          d.question,
          d.requester,
          d.deciders,
          currentRole(d, params.project),
          params.now - holdingSince(d, params.histories?.[d.id]),
          state,
        ),
      ),
    );
  }
  if (more > 0) blocks.push(context(c.more(more)));
  return { text: title, blocks };
}

/** `/decide` outside a project channel: which channels are projects, and how to add one. */
export function notAProjectMessage(params: { projectChannels: readonly string[] }): Message {
  const text = t.command.notAProject(params.projectChannels);
  return { text, blocks: [section(text), context(t.command.howToAddProject())] };
}

/** `/decide away <until>` accepted. `movedCount`: open requests handed to the deputy. */
export function awayMessage(params: {
  until: Instant;
  timeZone: string;
  deputy?: UserId | undefined;
  movedCount?: number | undefined;
}): Message {
  const c = t.command;
  const text = [
    c.awaySet(params.until, params.timeZone),
    params.deputy === undefined ? c.awayNoDeputy() : c.awayDeputy(params.deputy, params.movedCount ?? 0),
  ].join(' ');
  return simple(text);
}

/** `/decide away <until>` with an unreadable or past date. */
export function awayInvalidMessage(params: { input: string; inPast?: boolean }): Message {
  return simple(params.inPast ? t.command.awayInPast() : t.command.awayInvalid(params.input, commandName()));
}

/** The message a file arrives with in a DM (the decision log export). */
export function fileMessage(projectName: string, filename: string): Message {
  return simple(t.command.exportFile(projectName, filename));
}

/** `/decide export` answers: sent by DM, not allowed, or input that does not parse. */
export function exportMessage(
  answer:
    | { kind: 'sending'; format: string }
    | { kind: 'not_allowed'; spoc: string; sponsors: readonly string[]; committee: readonly string[] }
    | { kind: 'bad_format'; given: string }
    | { kind: 'bad_since'; given: string }
    | { kind: 'future_since'; given: string },
): Message {
  const c = t.command;
  switch (answer.kind) {
    case 'sending':
      return simple(c.exportSending(answer.format));
    case 'not_allowed':
      return simple(c.exportNotAllowed(answer.spoc, answer.sponsors, answer.committee));
    case 'bad_format':
      return simple(c.exportBadFormat(answer.given, commandName()));
    case 'bad_since':
      return simple(c.exportBadSince(answer.given, commandName()));
    case 'future_since':
      return simple(c.exportFutureSince(answer.given));
  }
}

/** `/decide digest`: sent by DM, or who may ask for it. */
export function digestCommandMessage(
  answer:
    | { kind: 'sending' }
    | { kind: 'not_allowed'; spoc: string; sponsors: readonly string[]; committee: readonly string[] },
): Message {
  const c = t.command;
  return simple(
    answer.kind === 'sending'
      ? c.digestSending()
      : c.digestNotAllowed(answer.spoc, answer.sponsors, answer.committee, commandName()),
  );
}

/** `/decide stats <period>` with a period that does not parse, ends before it starts, or lies ahead. */
export function periodInvalidMessage(error: 'bad_range' | 'reversed' | 'future'): Message {
  const w = t.insight;
  return simple(
    error === 'reversed'
      ? w.reversedRange()
      : error === 'future'
        ? w.futureRange()
        : w.badRange(commandName()),
  );
}

/** `/decide back`. `movedCount`: open requests handed back from the deputy. */
export function backMessage(params: {
  wasAway: boolean;
  deputy?: UserId | undefined;
  moved: readonly { question: string }[];
  stayed: readonly { question: string }[];
}): Message {
  const { moved, stayed } = params;
  if (!params.wasAway && moved.length === 0) return simple(t.command.notAway());
  const lines = [t.command.back(moved.length)];
  if (moved.length > 0) lines.push(t.command.backMoved(moved.map((d) => d.question)));
  if (stayed.length > 0 && params.deputy !== undefined)
    lines.push(
      t.command.backStayed(
        params.deputy,
        stayed.map((d) => d.question),
      ),
    );
  return { text: lines.join('\n'), blocks: lines.map((line) => section(line)) };
}

/** `/decide away|back` by someone who is not the project's SPoC. */
export function notSpocMessage(params: { spoc: UserId }): Message {
  return simple(t.command.notSpoc(params.spoc));
}

/** A `/decide` form whose metadata is garbage or names a project that no longer exists. */
export function decideFormExpiredMessage(): Message {
  return simple(t.command.decideFormExpired(commandName()));
}

/** A request missing what Slack always sends, or one a listener failed on before answering: nothing was done. */
export function requestUnreadableMessage(): Message {
  return simple(t.command.requestUnreadable(commandName()));
}

/** A button or modal about a decision the store no longer knows. */
export function decisionNotFoundMessage(): Message {
  return simple(t.command.decisionNotFound(commandName()));
}

/** Refused: the person acts from another organisation's workspace (Slack Connect). */
export function otherWorkspaceMessage(): Message {
  return simple(t.command.otherWorkspace(commandName()));
}

/** Refused: Slack reports the person deactivated. */
export function deactivatedActorMessage(): Message {
  return simple(t.command.deactivatedActor(commandName()));
}

/** One sentence for a domain refusal; the decision (when known) gives option labels and who withdrew it. */
export function refusalMessage(
  refusal: Refusal,
  ctx: {
    timeZone: string;
    decision?: Decision | undefined;
    /** What the person typed with the refused command (a note, a reason), given back so it is not lost. */
    typed?: string | undefined;
  },
): Message {
  const decision = ctx.decision;
  const message = simple(
    t.refusal(refusal, {
      timeZone: ctx.timeZone,
      optionLabel: decision === undefined ? undefined : (id) => optionLabel(decision, id),
      requester: decision?.requester,
      closedAt: decision?.closedAt,
    }),
  );
  const typed = ctx.typed?.trim();
  if (typed === undefined || typed === '') return message;
  return { text: message.text, blocks: [...message.blocks, section(t.command.notSaved(typed))] };
}
