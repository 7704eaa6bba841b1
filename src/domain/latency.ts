import type { Ladder } from './decision.js';
import type { DecisionEvent } from './events.js';
import type { BusinessClock } from './ladder.js';
import type { Level, UserId } from './project.js';
import type { Instant, Span } from './time.js';

/** Wall-clock and business durations of one stretch of time. */
export interface Elapsed {
  readonly wallMs: number;
  /** Business time, excluding the spans paused while waiting for the requester. */
  readonly businessMs: number;
}

export interface LevelLatency extends Elapsed {
  readonly level: Level;
  readonly enteredAt: Instant;
  /** When the decision left the level; null while it is still there. */
  readonly leftAt: Instant | null;
  readonly slaMs: number;
  /**
   * true: answered within the SLA; false: ran out (escalated or overdue); null: still running with time left,
   * withdrawn before anyone answered, or left because everyone holding it was deactivated in Slack (neither
   * met nor missed).
   */
  readonly slaMet: boolean | null;
  /**
   * `decider_deactivated`: entered because everyone who held the level before is deactivated in Slack; not an
   * escalation (nothing ran out, nobody sent it up). Absent otherwise.
   */
  readonly enteredBecause?: 'decider_deactivated' | undefined;
}

export interface DecisionLatency {
  readonly openedAt: Instant;
  /** First act of a decider (answer, vote, info request, delegation, consultation). */
  readonly firstResponse: (Elapsed & { readonly at: Instant }) | null;
  /** Open to the end (decided, expired on timeout, or withdrawn by the requester); null while open. */
  readonly outcome:
    | (Elapsed & { readonly at: Instant; readonly how: 'decided' | 'expired' | 'withdrawn' })
    | null;
  readonly pausedMs: number;
  readonly levels: readonly LevelLatency[];
  /** Some level ran out of time. */
  readonly breached: boolean;
}

const RESPONSES: ReadonlySet<DecisionEvent['type']> = new Set([
  'decided',
  'voted',
  'info_requested',
  'delegated',
  'consulted',
  'signoff_approved',
  'signoff_rejected',
]);
const OUTCOMES: ReadonlySet<DecisionEvent['type']> = new Set(['decided', 'expired', 'withdrawn']);

/**
 * Latency of one decision from its event log (ordered by time). `now` bounds the spans still running, so an
 * open decision's current level and pause are counted up to now.
 */
export function decisionLatency(
  events: readonly DecisionEvent[],
  ladder: Ladder,
  requester: UserId,
  clock: BusinessClock,
  now: Instant,
): DecisionLatency {
  const opened = events.find((e) => e.type === 'opened');
  if (!opened) throw new Error('a decision log starts with an opened event');
  const end = events.find((e) => OUTCOMES.has(e.type));
  const until = end?.at ?? now;
  const paused = pausedSpans(events, until);
  const elapsed = (from: Instant, to: Instant): Elapsed => ({
    wallMs: Math.max(0, to - from),
    businessMs: clock.businessTimeBetween(from, to, paused),
  });
  const response = events.find((e) => RESPONSES.has(e.type) && e.actor !== null && e.actor !== requester);

  // A sign-off's new round enters its first level again.
  const entries = events.filter(
    (e) => e.type === 'opened' || e.type === 'escalated' || e.type === 'round_started',
  );
  const levels = entries.map((entry, i): LevelLatency => {
    const leftBy = entries[i + 1] ?? end;
    const to = leftBy?.at ?? now;
    const spent = elapsed(entry.at, to);
    const slaMs = ladder.steps.find((s) => s.level === entry.level)?.slaMs ?? 0;
    // Left because nobody was left to answer there: not a time that ran out.
    const nobodyLeft = leftBy !== undefined && byDeactivation(leftBy);
    const ranOut =
      (leftBy?.type === 'escalated' && !nobodyLeft) ||
      leftBy?.type === 'expired' ||
      events.some((e) => e.type === 'marked_overdue' && e.level === entry.level) ||
      spent.businessMs > slaMs;
    return {
      level: entry.level,
      enteredAt: entry.at,
      leftAt: leftBy?.at ?? null,
      slaMs,
      ...spent,
      slaMet: ranOut ? false : nobodyLeft ? null : leftBy && leftBy.type !== 'withdrawn' ? true : null,
      ...(byDeactivation(entry) ? { enteredBecause: 'decider_deactivated' as const } : {}),
    };
  });

  return {
    openedAt: opened.at,
    firstResponse: response ? { at: response.at, ...elapsed(opened.at, response.at) } : null,
    outcome: end ? { at: end.at, how: outcomeKind(end), ...elapsed(opened.at, end.at) } : null,
    pausedMs: paused.reduce((sum, s) => sum + (s.to - s.from), 0),
    levels,
    breached: levels.some((l) => l.slaMet === false),
  };
}

/**
 * Spans between an info request and its answer (or `until`, if still unanswered), and a sign-off's spans back
 * with its requester (a round returned until the next one starts).
 */
export function pausedSpans(events: readonly DecisionEvent[], until: Instant): Span[] {
  const spans: Span[] = [];
  let pausedAt: Instant | null = null;
  for (const e of events) {
    if ((e.type === 'info_requested' || e.type === 'round_returned') && pausedAt === null) pausedAt = e.at;
    if (
      (e.type === 'info_provided' || e.type === 'round_started' || OUTCOMES.has(e.type)) &&
      pausedAt !== null
    ) {
      spans.push({ from: pausedAt, to: e.at });
      pausedAt = null;
    }
  }
  if (pausedAt !== null && until > pausedAt) spans.push({ from: pausedAt, to: until });
  return spans;
}

/** An escalation because everyone holding the level is deactivated in Slack. */
function byDeactivation(e: DecisionEvent): boolean {
  return e.type === 'escalated' && e.data.because === 'decider_deactivated';
}

function outcomeKind(end: DecisionEvent): 'decided' | 'expired' | 'withdrawn' {
  return end.type === 'expired' ? 'expired' : end.type === 'withdrawn' ? 'withdrawn' : 'decided';
}
