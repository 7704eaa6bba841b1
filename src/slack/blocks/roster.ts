import type { SpocAvailability } from '../../app/availability.js';
import type { Notice } from '../../app/ports.js';
import { formatDuration } from '../../domain/duration.js';
import { signOffSla } from '../../domain/ladder.js';
import { ALL_LEVELS, IMPACTS, LEVELS, type Project } from '../../domain/project.js';
import { commandName } from '../ids.js';
import type { Deactivated } from '../text/en.js';
import { t } from '../text/index.js';
import { context, type KnownBlock, type Message, section } from './kit.js';

/**
 * `/decide who`: the channel's project roster (the SPoC and whether away, and why; the deputy, sponsors, the
 * steering committee with its quorum, key users by domain), its SLAs per impact as configured, the reminders and
 * the SPoC's authority limit. The people are mentions (Slack shows their names); those Slack reports deactivated
 * (`deactivated`, with their names when known) are shown struck out, by name, and marked as skipped.
 */
export function rosterMessage(params: {
  /** As configured (deactivated people included). */
  project: Project;
  spoc: SpocAvailability;
  timeZone: string;
  deactivated?: Deactivated | undefined;
}): Message {
  const r = t.roster;
  const { project, spoc, deactivated } = params;
  const title = r.title(project.name);
  const away = !spoc.away
    ? undefined
    : spoc.status !== undefined
      ? ({ kind: 'status', emoji: spoc.status.emoji, until: spoc.status.expiresAt } as const)
      : ({ kind: 'marked', until: spoc.absence?.until ?? null } as const);
  const people = [
    r.spoc(project.spoc, away, params.timeZone, deactivated),
    r.deputy(project.deputy, deactivated),
    r.sponsors(project.sponsors, deactivated),
    r.committee(project.steeringCommittee.members, project.steeringCommittee.quorum, deactivated),
    r.keyUsers(
      Object.entries(project.keyUsers).filter(([, users]) => users.length > 0),
      deactivated,
    ),
  ];
  const rows = IMPACTS.map((impact) => ({
    impact,
    durations: LEVELS.map((level) => formatDuration(project.sla[impact][level])),
  }));
  const blocks: KnownBlock[] = [section(`${title}\n${people.join('\n')}`), section(r.slaTable(rows))];
  // Sign-offs need key users; their ladder starts with them.
  if (Object.values(project.keyUsers).some((users) => users.length > 0)) {
    const signoffRows = IMPACTS.map((impact) => ({
      impact,
      durations: ALL_LEVELS.map((level) => formatDuration(signOffSla(project, impact, level))),
    }));
    blocks.push(section(r.slaTable(signoffRows, true, commandName())));
  }
  blocks.push(context(r.reminders(project.reminders), r.authority(project.authority.spocMaxBudget)));
  return { text: title, blocks };
}

/** In the project's channel: Slack reports one of its people deactivated; the ladder skips them now. */
export function personDeactivatedMessage(notice: Extract<Notice, { kind: 'person_deactivated' }>): Message {
  const r = t.roster;
  const roles = notice.roles.map((role) => r.role[role]);
  return {
    text: r.personDeactivatedFallback(notice.user, notice.name),
    blocks: [section(r.personDeactivated(notice.user, notice.name, roles))],
  };
}
