import type { DurationSpec } from './duration.js';

/** A Slack user ID (`U…` or `W…`). */
export type UserId = string;
/** A Slack channel ID (`C…` or `G…`). */
export type ChannelId = string;

/** The decision ladder: who holds a decision, from first to last. */
export const LEVELS = ['spoc', 'sponsor', 'committee'] as const;
export type DecisionLevel = (typeof LEVELS)[number];
/** Every level, with a sign-off's first one: the key users of its domain, before the decision ladder. */
export const ALL_LEVELS = ['key_users', ...LEVELS] as const;
/** Who currently holds a decision (or a sign-off). */
export type Level = (typeof ALL_LEVELS)[number];

export const IMPACTS = ['low', 'normal', 'high', 'critical'] as const;
export type Impact = (typeof IMPACTS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Working hours of the business calendar; `'always'` means a 24/7 wall clock. */
export type BusinessHours =
  | 'always'
  | {
      readonly days: readonly Weekday[];
      /** "HH:MM", local time in the calendar's zone. */
      readonly start: string;
      /** "HH:MM", after start. */
      readonly end: string;
    };

export interface CalendarSpec {
  /** IANA time zone, e.g. "Asia/Jakarta". */
  readonly timezone: string;
  readonly businessHours: BusinessHours;
  /** Local dates "YYYY-MM-DD" that are not worked. */
  readonly holidays: readonly string[];
}

/** Time allowed at each level, per impact. */
export type SlaPolicy = Readonly<Record<Impact, Readonly<Record<DecisionLevel, DurationSpec>>>>;

/**
 * A sign-off's time per level and impact, as configured (`signoff.sla`); what it leaves out comes from the
 * project's `sla` (the key users take the SPoC's time).
 */
export type SignOffSlaPolicy = Readonly<
  Partial<Record<Impact, Readonly<Partial<Record<Level, DurationSpec>>>>>
>;

export interface SteeringCommittee {
  readonly members: readonly UserId[];
  readonly quorum: number;
}

/** The languages the bot speaks: a project's `locale`, a person's `/decide language`. */
export const LOCALES = ['en', 'id'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A project's roster and decision policy, as configured. */
export interface Project {
  readonly id: string;
  readonly name: string;
  readonly channel: ChannelId;
  readonly spoc: UserId;
  readonly deputy?: UserId | undefined;
  readonly sponsors: readonly UserId[];
  readonly steeringCommittee: SteeringCommittee;
  /** Domain name (e.g. "inventory") → key users of that domain. */
  readonly keyUsers: Readonly<Record<string, readonly UserId[]>>;
  readonly authority: { readonly spocMaxBudget?: number | undefined };
  readonly sla: SlaPolicy;
  /** The sign-offs' own SLA (`signoff:` in the project file); absent: sign-offs follow `sla`. */
  readonly signoff?: { readonly sla: SignOffSlaPolicy } | undefined;
  /** Fractions (0..1) of a level's time at which the current deciders are reminded. */
  readonly reminders: readonly number[];
  readonly digest: { readonly cron: string };
  /** What one business day of waiting costs (the digest's cost of delay); absent: no cost is shown. */
  readonly costOfDelay?: { readonly perDay: number; readonly currency: string } | undefined;
  /**
   * Set: the SPoC also counts as away while their Slack status shows one of these emoji (":palm_tree:"), until
   * the status expires. Absent: only `/decide away` marks the SPoC away.
   */
  readonly awayFromStatus?: { readonly emoji: readonly string[] } | undefined;
  /**
   * The language of the project's channel messages and digest, and of its people who chose none (`locale` in
   * the project file); absent: English.
   */
  readonly locale?: Locale | undefined;
}

/**
 * The people accountable for a project's decisions: the SPoC, the sponsors and the steering committee. They may
 * read the digest on demand and take the decision log away.
 */
export function isAccountable(project: Project, user: UserId): boolean {
  return (
    project.spoc === user ||
    project.sponsors.includes(user) ||
    project.steeringCommittee.members.includes(user)
  );
}
