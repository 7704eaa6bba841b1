import { type Decision, isClosed, type Ladder } from './decision.js';
import { type DurationSpec, durationToMs } from './duration.js';
import { startOfLocalDate } from './local-date.js';
import { ALL_LEVELS, type DecisionLevel, type Impact, LEVELS, type Level, type Project } from './project.js';
import type { Instant, Span } from './time.js';

/** What the domain needs of the business calendar (implemented by BusinessCalendar). */
export interface BusinessClock {
  /** Length of one working day in ms: what `1d` means. */
  readonly workingDayMs: number;
  addBusinessTime(start: Instant, businessMs: number): Instant;
  businessTimeBetween(from: Instant, to: Instant, paused?: readonly Span[]): number;
  /** IANA zone of the calendar: where a local date ("needed by") starts and ends. */
  readonly timeZone: string;
}

/** Copies the project's SLA for this impact, from the first level onward, onto a new decision. */
export function snapshotLadder(
  project: Project,
  impact: Impact,
  firstLevel: DecisionLevel,
  clock: BusinessClock,
): Ladder {
  const sla = project.sla[impact];
  const steps = LEVELS.slice(LEVELS.indexOf(firstLevel)).map((level) => ({
    level,
    slaMs: durationToMs(sla[level], clock.workingDayMs),
  }));
  return {
    steps,
    reminders: [...project.reminders].sort((a, b) => a - b),
    quorum: project.steeringCommittee.quorum,
  };
}

/**
 * A sign-off's ladder: the key users first, then the SPoC, sponsor and committee. Each level's time comes from
 * the project's `signoff.sla` for this impact, or else from its `sla` (the key users take the SPoC's time).
 */
export function snapshotSignOffLadder(project: Project, impact: Impact, clock: BusinessClock): Ladder {
  const steps = ALL_LEVELS.map((level) => ({
    level,
    slaMs: durationToMs(signOffSla(project, impact, level), clock.workingDayMs),
  }));
  return {
    steps,
    reminders: [...project.reminders].sort((a, b) => a - b),
    quorum: project.steeringCommittee.quorum,
  };
}

/** A sign-off's time at a level: the project's `signoff.sla`, or else its `sla` (key users: the SPoC's). */
export function signOffSla(project: Project, impact: Impact, level: Level): DurationSpec {
  return project.signoff?.sla[impact]?.[level] ?? project.sla[impact][level === 'key_users' ? 'spoc' : level];
}

export function slaAt(ladder: Ladder, level: Level): number {
  const step = ladder.steps.find((s) => s.level === level);
  if (!step) throw new Error(`level ${level} is not on this decision's ladder`);
  return step.slaMs;
}

/** The level a request escalates to after `level`, or undefined at the top of the ladder. */
export function nextLevel(ladder: Ladder, level: Level): Level | undefined {
  const i = ladder.steps.findIndex((s) => s.level === level);
  return ladder.steps[i + 1]?.level;
}

/** When business time used at the level reaches `targetMs`, given the running clock. */
function instantWhenUsed(decision: Decision, targetMs: number, clock: BusinessClock): Instant | null {
  if (decision.clockStartedAt === null) return null;
  return clock.addBusinessTime(decision.clockStartedAt, Math.max(0, targetMs - decision.levelUsedMs));
}

/** When the current level runs out; null while paused. */
export function levelDueAt(decision: Decision, clock: BusinessClock): Instant | null {
  return instantWhenUsed(decision, slaAt(decision.ladder, decision.level), clock);
}

/** Business time left at the current level at `now` (never negative). */
export function remainingAt(decision: Decision, now: Instant, clock: BusinessClock): number {
  const used =
    decision.levelUsedMs +
    (decision.clockStartedAt === null ? 0 : clock.businessTimeBetween(decision.clockStartedAt, now));
  return Math.max(0, slaAt(decision.ladder, decision.level) - used);
}

/** When reminder `index` of the current level is due; null while paused or for an unknown index. */
export function reminderDueAt(decision: Decision, index: number, clock: BusinessClock): Instant | null {
  const fraction = decision.ladder.reminders[index];
  if (fraction === undefined) return null;
  return instantWhenUsed(decision, Math.round(slaAt(decision.ladder, decision.level) * fraction), clock);
}

export type Timer =
  | { readonly kind: 'remind'; readonly level: Level; readonly index: number; readonly at: Instant }
  | { readonly kind: 'escalate'; readonly level: Level; readonly at: Instant }
  /** The needed-by date has come (wall time: it does not wait for business hours, nor for a pause). */
  | { readonly kind: 'late'; readonly level: Level; readonly at: Instant };

/**
 * When a decision becomes late: the start (local midnight) of its needed-by date in the calendar's zone; null
 * without a needed-by date (or with one that is no real date).
 */
export function lateAt(
  decision: Pick<Decision, 'neededBy'>,
  clock: Pick<BusinessClock, 'timeZone'>,
): Instant | null {
  if (decision.neededBy === undefined) return null;
  return startOfLocalDate(decision.neededBy, clock.timeZone) ?? null;
}

/**
 * The timers a decision needs now: its unsent reminders at the current level and its escalation (none while
 * paused, closed or overdue), and its late mark while it is not closed and not yet late (paused or overdue
 * included: the needed-by date comes all the same). Timers may lie in the past (they fire at once): that is how
 * a restart catches up.
 */
export function pendingTimers(decision: Decision, clock: BusinessClock): Timer[] {
  const late = lateAt(decision, clock);
  const lateTimer: Timer[] =
    late !== null && !decision.late && !isClosed(decision.status)
      ? [{ kind: 'late', level: decision.level, at: late }]
      : [];
  return [...ladderTimers(decision, clock), ...lateTimer];
}

function ladderTimers(decision: Decision, clock: BusinessClock): Timer[] {
  if (decision.status !== 'open' || decision.overdue || decision.clockStartedAt === null) return [];
  const sla = slaAt(decision.ladder, decision.level);
  const timers: Timer[] = [];
  decision.ladder.reminders.forEach((_, index) => {
    if (index < decision.remindersSent) return;
    const at = reminderDueAt(decision, index, clock);
    if (at !== null) timers.push({ kind: 'remind', level: decision.level, index, at });
  });
  const at = instantWhenUsed(decision, sla, clock);
  if (at !== null) timers.push({ kind: 'escalate', level: decision.level, at });
  return timers;
}
