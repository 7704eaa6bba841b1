/** Slack user and channel IDs in the project file, with hints on where to find them. */
import type { Path, Problems } from './problems.js';
import { describe, readList } from './readers.js';

export const USER_HINT = "they look like U0123ABCD: in Slack open the person's profile, ⋮ → Copy member ID";
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

/** A non-empty list of distinct user IDs (a single ID is not accepted: lists stay lists). */
export function readUsers(problems: Problems, path: Path, value: unknown): string[] | undefined {
  return readList(problems, path, value, {
    expected: 'a list of Slack user IDs (e.g. [U0123ABCD])',
    empty: 'the list is empty (give at least 1 Slack user ID, e.g. [U0123ABCD])',
    item: (itemPath, item) => readSlackId(problems, itemPath, item, 'user'),
    repeats: 'report',
  });
}
