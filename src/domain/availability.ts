import type { Project } from './project.js';
import type { Instant } from './time.js';

/** A person's Slack status as the bot last read it: the emoji code (":palm_tree:", "" for none). */
export interface SlackStatus {
  readonly emoji: string;
  /** When Slack clears it by itself; null when it does not expire. */
  readonly expiresAt: Instant | null;
}

/**
 * Whether the project's rule reads the SPoC's status as away at `now`: the project reads statuses
 * (`awayFromStatus`), the emoji is one of its list and the status has not expired. An unknown status (never read)
 * is not away.
 */
export function statusSaysAway(project: Project, status: SlackStatus | undefined, now: Instant): boolean {
  const rule = project.awayFromStatus;
  if (rule === undefined || status === undefined || status.emoji === '') return false;
  if (status.expiresAt !== null && status.expiresAt <= now) return false;
  return rule.emoji.includes(status.emoji.toLowerCase());
}
