/**
 * `away_from_status: true` and `away_status_emoji: [":palm_tree:", …]`: the SPoC counts as away while their
 * Slack status shows one of these emoji (off by default).
 */
import type { Project } from '../domain/project.js';
import type { Path, Problems } from './problems.js';
import { describe, isAbsent, readList } from './readers.js';

/** The statuses that mean "away" unless the project names its own. */
export const DEFAULT_AWAY_STATUS_EMOJI: readonly string[] = [
  ':palm_tree:',
  ':airplane:',
  ':face_with_thermometer:',
];

/** An emoji code as Slack writes it in a status: its name between colons. */
const EMOJI = /^:[a-z0-9_+'-]+:$/;

/**
 * undefined: off (the default); null: invalid (reported). The list is read (and checked) even while the rule is
 * off, so turning it on later cannot reveal a problem.
 */
export function readAwayFromStatus(
  problems: Problems,
  path: Path,
  values: { readonly enabled: unknown; readonly emoji: unknown },
): Project['awayFromStatus'] | null | undefined {
  const emoji = isAbsent(values.emoji)
    ? DEFAULT_AWAY_STATUS_EMOJI
    : readEmoji(problems, [...path, 'away_status_emoji'], values.emoji);
  const enabled = values.enabled;
  if (!isAbsent(enabled) && typeof enabled !== 'boolean') {
    problems.add([...path, 'away_from_status'], `expected true or false, found ${describe(enabled)}`);
    return null;
  }
  if (emoji === undefined) return null;
  return enabled === true ? { emoji: [...emoji] } : undefined;
}

function readEmoji(problems: Problems, path: Path, value: unknown): string[] | undefined {
  return readList(problems, path, value, {
    expected: 'a list of emoji codes (e.g. [":palm_tree:", ":airplane:"])',
    empty: 'give at least one emoji code (e.g. [":palm_tree:"]), or leave the key out for the default list',
    repeats: 'drop',
    item: (itemPath, raw) => {
      const code = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      if (code !== undefined && EMOJI.test(code)) return code;
      const bare = typeof raw === 'string' && /^[a-z0-9_+'-]+$/i.test(raw.trim());
      problems.add(
        itemPath,
        `${describe(raw)} is not an emoji code (write its name between colons${bare ? `: ":${String(raw).trim()}:"` : ', e.g. ":palm_tree:"'})`,
      );
      return undefined;
    },
  });
}
