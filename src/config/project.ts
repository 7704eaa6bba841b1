/** One entry of `projects:` in the project file, with what it inherits from the `defaults:` block. */
import type { Project } from '../domain/project.js';
import { readAwayFromStatus } from './away-status.js';
import { readCostOfDelay } from './cost.js';
import { DEFAULT_DIGEST_CRON, DEFAULT_REMINDERS } from './defaults.js';
import { readLocale } from './locale.js';
import type { Path, Problems } from './problems.js';
import type { Defaults } from './project-defaults.js';
import { complete, given, isAbsent, type Reader, readRequired, readSection, readText } from './readers.js';
import { readAuthority, readCommittee, readKeyUsers } from './roster.js';
import { readDigestCron, readReminders } from './schedule.js';
import { readPartialSla, readSignOffPolicy, resolveSla } from './sla.js';
import { CHANNEL_HINT, readPerson, readSlackId, readUsers, USER_HINT } from './slack-ids.js';

const PROJECT_KEYS = [
  'id',
  'name',
  'channel',
  'spoc',
  'deputy',
  'sponsors',
  'steering_committee',
  'key_users',
  'authority',
  'sla',
  'signoff',
  'reminders',
  'digest',
  'cost_of_delay',
  'away_from_status',
  'away_status_emoji',
  'locale',
] as const;
const PROJECT_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function readProject(
  problems: Problems,
  path: Path,
  value: unknown,
  defaults: Defaults,
): Project | undefined {
  const example = 'id, name, channel, spoc, sponsors, steering_committee, sla, …';
  const project = readSection(problems, path, value, example, PROJECT_KEYS);
  if (project === undefined) return undefined;
  const { obj, misspelt } = project;
  const at = (key: string): Path => [...path, key];
  /** A required key, reported missing (with `hint`) when not given. */
  const required = <T>(key: string, hint: string, read: Reader<T>): T | undefined =>
    readRequired(problems, path, project, key, hint, read);

  const id = required('id', 'a short unique name for the project, e.g. odoo-rollout', readProjectId);
  const name = required('name', 'the project name shown in Slack, e.g. "Odoo rollout, PT Maju"', readName);
  const channel = required('channel', `the Slack channel ID of the project; ${CHANNEL_HINT}`, readChannel);
  const spoc = required(
    'spoc',
    `the Slack user ID of the SPoC (or their email address), the first decider; ${USER_HINT}`,
    readUser,
  );
  const deputy = readDeputy(problems, at('deputy'), obj.deputy, spoc);
  const sponsors = required(
    'sponsors',
    'a list of Slack user IDs or email addresses, e.g. [U0123ABCD]',
    readUsers,
  );
  const committeeHint = 'members: [user IDs] and quorum: a number of votes';
  const steeringCommittee = required('steering_committee', committeeHint, readCommittee);
  const keyUsers = readKeyUsers(problems, at('key_users'), obj.key_users);
  const authority = readAuthority(problems, at('authority'), obj.authority);

  const ownSla = readPartialSla(problems, at('sla'), obj.sla);
  const sla =
    misspelt.has('sla') && isAbsent(obj.sla)
      ? undefined
      : resolveSla(problems, at('sla'), ownSla, defaults.sla);
  const signoff = readSignOffPolicy(problems, at('signoff'), obj.signoff);
  const ownReminders = readReminders(problems, at('reminders'), obj.reminders);
  const reminders = given(ownReminders, given(defaults.reminders, DEFAULT_REMINDERS));
  const ownCron = readDigestCron(problems, at('digest'), obj.digest);
  const cron = given(ownCron, given(defaults.cron, DEFAULT_DIGEST_CRON));
  const costOfDelay = readCostOfDelay(problems, at('cost_of_delay'), obj.cost_of_delay);
  const awayFromStatus = readAwayFromStatus(problems, path, {
    enabled: obj.away_from_status,
    emoji: obj.away_status_emoji,
  });
  const locale = given(readLocale(problems, at('locale'), obj.locale), defaults.locale);

  // Two groups, so that the project keeps the key order of the file's documentation (deputy after spoc).
  const who = { id, name, channel, spoc };
  const rules = { sponsors, steeringCommittee, keyUsers, authority, sla };
  if (
    deputy === null ||
    signoff === null ||
    reminders === null ||
    cron === null ||
    costOfDelay === null ||
    awayFromStatus === null ||
    locale === null ||
    !complete(who) ||
    !complete(rules)
  ) {
    return undefined;
  }
  return {
    ...who,
    ...(deputy === undefined ? {} : { deputy }),
    ...rules,
    ...(signoff === undefined ? {} : { signoff }),
    reminders: [...reminders],
    digest: { cron },
    ...(costOfDelay === undefined ? {} : { costOfDelay }),
    ...(awayFromStatus === undefined ? {} : { awayFromStatus }),
    ...(locale === undefined ? {} : { locale }),
  };
}

const readName: Reader<string> = (problems, path, value) =>
  readText(problems, path, value, 'the project name as text');
const readChannel: Reader<string> = (problems, path, value) => readSlackId(problems, path, value, 'channel');
const readUser: Reader<string> = readPerson;

function readProjectId(problems: Problems, path: Path, value: unknown): string | undefined {
  const id = readText(problems, path, value, 'a short name');
  if (id === undefined || PROJECT_ID.test(id)) return id;
  problems.add(path, `"${id}" may contain only letters, digits, "-" and "_" (at most 64, e.g. odoo-rollout)`);
  return undefined;
}

/** undefined: no deputy; null: invalid (reported), including the SPoC as their own deputy. */
function readDeputy(
  problems: Problems,
  path: Path,
  value: unknown,
  spoc: string | undefined,
): string | null | undefined {
  if (isAbsent(value)) return undefined;
  const deputy = readUser(problems, path, value);
  if (deputy === undefined) return null;
  if (deputy !== spoc) return deputy;
  problems.add(path, `${deputy} is the SPoC; the deputy must be someone else (or leave deputy out)`);
  return null;
}
