/**
 * Slack user and channel IDs in the project file, with hints on where to find them. A person may be named by
 * email address instead of user ID: the address stands in the person's place until start-up resolves it
 * (`src/app/resolve-people.ts`), and is noted with where it is in the file.
 */
import type { Path, Problems } from './problems.js';
import { describe, readList } from './readers.js';

export const USER_HINT =
  "they look like U0123ABCD: in Slack open the person's profile, ⋮ → Copy member ID; or give the email address " +
  'the person uses in Slack';

/**
 * An email address as a person field takes it: one `@`, no spaces, a domain with a dot. Deliberately loose
 * (Slack is the judge of whether it exists); it only catches what cannot be an address.
 */
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Whether a person field's value is an email address (else it is a user ID). */
export function isEmail(value: string): boolean {
  return value.includes('@');
}
export const CHANNEL_HINT =
  'they look like C0123ABCD: open the channel, click its name, the ID is at the bottom of About';

const KINDS = {
  user: {
    pattern: /^[UW][A-Z0-9]{2,}$/,
    what: 'user ID',
    sigil: '@',
    notTheName: 'use the member ID, not the name',
    hint: USER_HINT,
  },
  channel: {
    pattern: /^[CG][A-Z0-9]{2,}$/,
    what: 'channel ID',
    sigil: '#',
    notTheName: 'use the channel ID, not its name',
    hint: CHANNEL_HINT,
  },
} as const;

export function readSlackId(
  problems: Problems,
  path: Path,
  value: unknown,
  kind: keyof typeof KINDS,
): string | undefined {
  const { pattern, what, sigil, notTheName, hint } = KINDS[kind];
  if (typeof value === 'string' && pattern.test(value)) return value;
  const named = typeof value === 'string' && value.startsWith(sigil);
  problems.add(
    path,
    `${describe(value)} is not a Slack ${what} (${named ? `${notTheName}; ${hint}` : hint})`,
  );
  return undefined;
}

/**
 * A person: a Slack user ID, or an email address (lower-cased, noted in `problems.emails` with where it is). A
 * value with an `@` inside that is not an address says what is accepted.
 */
export function readPerson(problems: Problems, path: Path, value: unknown): string | undefined {
  if (typeof value === 'string' && value.includes('@') && !value.startsWith('@')) {
    const email = value.trim().toLowerCase();
    if (EMAIL.test(email)) {
      problems.emails.push({ email, where: problems.where(path) });
      return email;
    }
    problems.add(
      path,
      `\`${value}\` is neither a Slack user ID (U… or W…) nor an email address (e.g. budi@majuco.co.id)`,
    );
    return undefined;
  }
  return readSlackId(problems, path, value, 'user');
}

/** A non-empty list of distinct people (a single one is not accepted: lists stay lists). */
export function readUsers(problems: Problems, path: Path, value: unknown): string[] | undefined {
  return readList(problems, path, value, {
    expected: 'a list of Slack user IDs or email addresses (e.g. [U0123ABCD, budi@majuco.co.id])',
    empty: 'the list is empty (give at least 1 Slack user ID or email address, e.g. [U0123ABCD])',
    item: (itemPath, item) => readPerson(problems, itemPath, item),
    repeats: 'report',
  });
}
