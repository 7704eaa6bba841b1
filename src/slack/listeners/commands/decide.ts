import type { AllMiddlewareArgs, App, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { spocAvailability } from '../../../app/availability.js';
import { markAway, markBack } from '../../../app/away.js';
import { chooseLanguage } from '../../../app/choose-language.js';
import { projectInsight } from '../../../app/insight.js';
import { openDecisionsOf } from '../../../app/queries.js';
import { requestExport } from '../../../app/request-export.js';
import { sendDigest } from '../../../app/send-digest.js';
import { peopleOf } from '../../../domain/deactivated.js';
import { parsePeriod } from '../../../domain/insight/index.js';
import { startOfLocalDate } from '../../../domain/local-date.js';
import { isAccountable, isLocale, type Project, type UserId } from '../../../domain/project.js';
import type { Instant } from '../../../domain/time.js';
import {
  awayInvalidMessage,
  awayMessage,
  backMessage,
  digestCommandMessage,
  exportMessage,
  helpMessage,
  languageMessage,
  listMessage,
  notAProjectMessage,
  notSpocMessage,
  periodInvalidMessage,
} from '../../blocks/ephemeral.js';
import { statsMessage } from '../../blocks/insight.js';
import type { Message } from '../../blocks/kit.js';
import { rosterMessage } from '../../blocks/roster.js';
import type { SlackContext } from '../../context.js';
import { ANY_COMMAND } from '../../ids.js';
import { parseUntil } from '../../parse-until.js';
import { SlackPeople } from '../../people.js';
import { currentLocale, inLocale } from '../../text/index.js';
import { decideModal } from '../../views/decide-modal.js';
import { openSignOffForm } from './signoff.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** How long `/decide who` waits for the names of deactivated people (a mention stands in without one). */
const NAME_TIMEOUT_MS = 800;

/** The project's deactivated people with their Slack names (undefined where Slack did not answer in time). */
async function deactivatedNames(
  client: Args['client'],
  project: Project,
  deactivated: ReadonlySet<UserId> | undefined,
): Promise<Map<UserId, string | undefined>> {
  const gone = peopleOf(project).filter((u) => deactivated?.has(u));
  const lookup = new SlackPeople(client, NAME_TIMEOUT_MS);
  const names = await Promise.all(
    gone.map((u) =>
      lookup.info(u).then(
        (info) => (info === 'not_found' ? undefined : info.name),
        () => undefined,
      ),
    ),
  );
  return new Map(gone.map((u, i) => [u, names[i]]));
}

/**
 * `/decide [question] | help | language [en|id] | list | who | stats [period] | digest | export [csv|json] [since <date>] | signoff [title] | away <until> | back`. Answers are acknowledged at once (ephemeral
 * replies travel in the ack itself); a question opens the modal within the trigger's 3 seconds.
 */
export function registerDecideCommand(app: App, ctx: SlackContext): void {
  app.command(ANY_COMMAND, async ({ command, ack, client }: Args) => {
    const reply = (m: Message) => ack({ response_type: 'ephemeral', text: m.text, blocks: m.blocks });
    // After an ack without a reply (work that writes to the database): the answer as an ephemeral message.
    const replyLater = async (m: Message) => {
      await client.chat.postEphemeral({
        channel: command.channel_id,
        user: command.user_id,
        text: m.text,
        blocks: m.blocks,
      });
    };
    const { deps } = ctx;
    // Slack always sends `text` ('' for none); a body without it is read as a command without words.
    const text = typeof command.text === 'string' ? command.text.trim() : '';
    const [word = '', ...rest] = text.split(/\s+/);
    const sub = word.toLowerCase();
    if (sub === 'help' && rest.length === 0) return reply(helpMessage(command.command));
    if (sub === 'language') return reply(await language(ctx, command.user_id, rest));

    const project = deps.projects.byChannel(command.channel_id);
    if (!project)
      return reply(notAProjectMessage({ projectChannels: deps.projects.all().map((p) => p.channel) }));
    const now = deps.clock.now();

    if (sub === 'list' && rest.length === 0) {
      const decisions = await openDecisionsOf(deps, project.id);
      const histories = Object.fromEntries(await deps.decisions.eventsOf(decisions.map((d) => d.id)));
      return reply(listMessage({ project, decisions, now, histories }));
    }
    if (sub === 'stats') {
      const period = parsePeriod(rest.join(' '), now, deps.projects.timezone);
      if ('error' in period) return reply(periodInvalidMessage(period.error));
      const insight = await projectInsight(deps, project, period.from, period.to);
      const { timezone, calendar } = deps.projects;
      return reply(statsMessage(insight, { timeZone: timezone, workingDayMs: calendar.workingDayMs }));
    }
    if (sub === 'digest' && rest.length === 0) {
      if (!isAccountable(project, command.user_id)) {
        return reply(
          digestCommandMessage({
            kind: 'not_allowed',
            spoc: project.spoc,
            sponsors: project.sponsors,
            committee: project.steeringCommittee.members,
          }),
        );
      }
      await sendDigest(deps, project.id, { to: command.user_id });
      return reply(digestCommandMessage({ kind: 'sending' }));
    }
    if (sub === 'export') {
      const parsed = parseExport(rest, now, deps.projects.timezone);
      if ('problem' in parsed) return reply(exportMessage(parsed.problem));
      const result = await requestExport(deps, project, { user: command.user_id, ...parsed });
      if (!result.ok) {
        return reply(
          exportMessage({
            kind: 'not_allowed',
            spoc: project.spoc,
            sponsors: project.sponsors,
            committee: project.steeringCommittee.members,
          }),
        );
      }
      return reply(exportMessage({ kind: 'sending', format: parsed.format }));
    }
    if (sub === 'signoff') {
      return openSignOffForm({
        client,
        triggerId: command.trigger_id,
        project,
        metadata: { projectId: project.id, channel: command.channel_id },
        prefill: { title: rest.join(' ') },
        ack: (m) => (m === undefined ? ack() : reply(m)),
      });
    }
    if (sub === 'who' && rest.length === 0) {
      // The roster as configured, its deactivated people marked (by name: asked of Slack briefly, alongside
      // the SPoC's status, cached otherwise): the answer travels in the ack.
      const configured = deps.projects.asConfigured?.(project.id) ?? project;
      const [spoc, deactivated] = await Promise.all([
        spocAvailability(deps, configured, now),
        deactivatedNames(client, configured, deps.projects.deactivated?.()),
      ]);
      return reply(
        rosterMessage({ project: configured, spoc, timeZone: deps.projects.timezone, deactivated }),
      );
    }
    if (sub === 'back' && rest.length === 0) {
      if (project.spoc !== command.user_id) return reply(notSpocMessage({ spoc: project.spoc }));
      // Moving requests back writes to the database: ack first, then answer with what moved and what stayed.
      await ack();
      const result = await markBack(deps, project.id, command.user_id);
      if (!result.ok) return;
      return replyLater(backMessage(result));
    }
    if (sub === 'away') {
      const input = rest.join(' ');
      const until = parseUntil(input, now, deps.projects.timezone);
      if (!until.ok) return reply(awayInvalidMessage({ input, inPast: until.reason === 'past' }));
      if (project.spoc !== command.user_id) return reply(notSpocMessage({ spoc: project.spoc }));
      await ack();
      const result = await markAway(deps, project.id, command.user_id, until.until);
      if (!result.ok) return;
      return replyLater(
        awayMessage({
          until: until.until,
          timeZone: deps.projects.timezone,
          deputy: result.deputy,
          movedCount: result.handedOver,
        }),
      );
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

/**
 * `/decide language [en|id]`, anywhere (a project channel or not): records the person's choice and says so in
 * the new language; alone, says which one they read and how to change it; anything else changes nothing.
 */
async function language(ctx: SlackContext, user: string, words: readonly string[]): Promise<Message> {
  const { deps } = ctx;
  const given = words.join(' ');
  if (given === '') {
    const chosen = deps.languages?.choiceOf(user);
    return languageMessage({ kind: 'current', chosen, reading: currentLocale() });
  }
  const locale = given.toLowerCase();
  if (!isLocale(locale) || deps.languages === undefined) return languageMessage({ kind: 'invalid', given });
  await chooseLanguage(deps, user, locale);
  return inLocale(locale, () => languageMessage({ kind: 'set', locale }));
}

type ExportProblem = Parameters<typeof exportMessage>[0];

/** `export [csv|json] [since YYYY-MM-DD]`, in any order; what does not parse is named back. */
function parseExport(
  words: readonly string[],
  now: Instant,
  timeZone: string,
): { format: 'csv' | 'json'; since?: Instant } | { problem: ExportProblem } {
  let format: 'csv' | 'json' = 'csv';
  let since: Instant | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const lower = word.toLowerCase();
    if (lower === 'csv' || lower === 'json') format = lower;
    else if (lower === 'since') {
      const given = words[i + 1] ?? '';
      since = startOfLocalDate(given, timeZone);
      if (since === undefined) return { problem: { kind: 'bad_since', given } };
      if (since > now) return { problem: { kind: 'future_since', given } };
      i++;
    } else return { problem: { kind: 'bad_format', given: word } };
  }
  return since === undefined ? { format } : { format, since };
}
