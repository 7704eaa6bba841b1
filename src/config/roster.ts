/** Who decides in a project beyond the SPoC: the steering committee, the key users and the SPoC's authority. */
import type { Project } from '../domain/project.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readMapping, readRequired, readSection } from './readers.js';
import { readUsers } from './slack-ids.js';

const COMMITTEE_KEYS = ['members', 'quorum'] as const;
const AUTHORITY_KEYS = ['spoc_max_budget'] as const;

export function readCommittee(
  problems: Problems,
  path: Path,
  value: unknown,
): Project['steeringCommittee'] | undefined {
  const committee = readSection(
    problems,
    path,
    value,
    'members: [user IDs] and quorum: a number of votes',
    COMMITTEE_KEYS,
  );
  if (committee === undefined) return undefined;
  const { obj } = committee;
  const membersHint = 'the Slack user IDs (or email addresses) of the committee members, e.g. [U0123ABCD]';
  const members = readRequired(problems, path, committee, 'members', membersHint, readUsers);
  if (isAbsent(obj.quorum)) {
    // Default: a simple majority of the members.
    return members === undefined ? undefined : { members, quorum: Math.floor(members.length / 2) + 1 };
  }
  const quorum = obj.quorum;
  if (typeof quorum !== 'number' || !Number.isInteger(quorum) || quorum < 1) {
    problems.add(
      [...path, 'quorum'],
      `${describe(quorum)} is not a quorum (use a whole number of votes, at least 1)`,
    );
    return undefined;
  }
  if (members !== undefined && quorum > members.length) {
    problems.add(
      [...path, 'quorum'],
      `${quorum} is more than the ${members.length} committee member${members.length === 1 ? '' : 's'} ` +
        '(the quorum can never be reached)',
    );
    return undefined;
  }
  return members === undefined ? undefined : { members, quorum };
}

/** Key users per business domain (optional). */
export function readKeyUsers(
  problems: Problems,
  path: Path,
  value: unknown,
): Record<string, string[]> | undefined {
  if (isAbsent(value)) return {};
  const obj = readMapping(problems, path, value, 'domain: [user IDs], e.g. { inventory: [U0123ABCD] }');
  if (obj === undefined) return undefined;
  const keyUsers: Record<string, string[]> = {};
  let ok = true;
  for (const [domain, users] of Object.entries(obj)) {
    const list = readUsers(problems, [...path, domain], users);
    if (list === undefined) ok = false;
    else keyUsers[domain] = list;
  }
  return ok ? keyUsers : undefined;
}

/** What the SPoC may decide alone (optional). */
export function readAuthority(
  problems: Problems,
  path: Path,
  value: unknown,
): Project['authority'] | undefined {
  if (isAbsent(value)) return {};
  const obj = readSection(problems, path, value, 'e.g. { spoc_max_budget: 5000 }', AUTHORITY_KEYS)?.obj;
  if (obj === undefined) return undefined;
  const budget = obj.spoc_max_budget;
  if (isAbsent(budget)) return {};
  if (typeof budget !== 'number' || !Number.isFinite(budget) || budget < 0) {
    problems.add(
      [...path, 'spoc_max_budget'],
      `${describe(budget)} is not an amount (use a plain number without currency or separators, e.g. 5000)`,
    );
    return undefined;
  }
  return { spocMaxBudget: budget };
}
