import type { SpocAvailability } from '../../app/availability.js';
import { formatDuration } from '../../domain/duration.js';
import { signOffSla } from '../../domain/ladder.js';
import { ALL_LEVELS, IMPACTS, LEVELS, type Project } from '../../domain/project.js';
import { t } from '../text/index.js';
import { context, type KnownBlock, type Message, section } from './kit.js';

/**
 * `/decide who`: the channel's project roster (the SPoC and whether away, and why; the deputy, sponsors, the
 * steering committee with its quorum, key users by domain), its SLAs per impact as configured, the reminders and
 * the SPoC's authority limit.
 */
export function rosterMessage(params: {
  project: Project;
  spoc: SpocAvailability;
  timeZone: string;
}): Message {
  const r = t.roster;
  const { project, spoc } = params;
  const title = r.title(project.name);
  const away = !spoc.away
    ? undefined
    : spoc.status !== undefined
      ? ({ kind: 'status', emoji: spoc.status.emoji, until: spoc.status.expiresAt } as const)
      : ({ kind: 'marked', until: spoc.absence?.until ?? null } as const);
  const people = [
    r.spoc(project.spoc, away, params.timeZone),
    r.deputy(project.deputy),
    r.sponsors(project.sponsors),
    r.committee(project.steeringCommittee.members, project.steeringCommittee.quorum),
    r.keyUsers(Object.entries(project.keyUsers).filter(([, users]) => users.length > 0)),
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
    blocks.push(section(r.slaTable(signoffRows, true)));
  }
  blocks.push(context(r.reminders(project.reminders), r.authority(project.authority.spocMaxBudget)));
  return { text: title, blocks };
}
