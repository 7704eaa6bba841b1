import type { DecisionStatus, Ladder } from './decision.js';
import type { DecisionEvent } from './events.js';
import type { BusinessClock } from './ladder.js';
import type { Level, UserId } from './project.js';
import type { Instant } from './time.js';

/**
 * What a decision's event log alone says about it: the part of its state every transition records. Replaying
 * the log and comparing with the stored decision finds a write that changed the state without its event (or
 * the other way round).
 */
export interface ReplayedState {
  readonly status: DecisionStatus;
  readonly level: Level;
  readonly deciders: readonly UserId[];
  readonly outcome: { readonly optionId: string; readonly how: 'decided' | 'vote' | 'default' } | null;
  readonly closedAt: Instant | null;
  readonly overdue: boolean;
  readonly late: boolean;
  readonly remindersSent: number;
  /** The current level's answers: member → option (votes, sign-off approvals and rejections). */
  readonly votes: Readonly<Record<UserId, string>>;
  /** How many outcome events (decided, withdrawn, expired) the log holds: one at most. */
  readonly outcomes: number;
  /** Events after the outcome: none in a sound log. */
  readonly afterClose: number;
  /**
   * Each time a level's time ran out (a timeout escalation, the default applied at the top, or marked overdue),
   * with the instant the level was due; needs `ladder` and `clock`.
   */
  readonly timeouts: readonly { readonly at: Instant; readonly from: Level; readonly dueAt: Instant }[];
}

/**
 * Folds a decision's events (oldest first) into the state they describe. With the decision's ladder and the
 * business clock it also follows each level's clock (pauses for information, returned rounds), so every
 * timeout escalation comes with the instant it was due.
 */
export function replay(
  events: readonly DecisionEvent[],
  timing?: { readonly ladder: Ladder; readonly clock: BusinessClock },
): ReplayedState {
  const first = events[0];
  if (first === undefined || first.type !== 'opened')
    throw new Error('a decision’s log starts with `opened`');
  let status: DecisionStatus = 'open';
  let level: Level = first.level;
  let deciders: readonly UserId[] = [];
  let outcome: ReplayedState['outcome'] = null;
  let closedAt: Instant | null = null;
  let overdue = false;
  let late = false;
  let remindersSent = 0;
  let votes: Record<UserId, string> = {};
  let outcomes = 0;
  let afterClose = 0;
  // The level's clock: business time used before `clockStartedAt`, and when it last started (null: stopped).
  let usedMs = 0;
  let clockStartedAt: Instant | null = first.at;
  const timeouts: { at: Instant; from: Level; dueAt: Instant }[] = [];
  const stopClock = (at: Instant) => {
    if (clockStartedAt !== null) usedMs += timing ? timing.clock.businessTimeBetween(clockStartedAt, at) : 0;
    clockStartedAt = null;
  };
  const timedOut = (at: Instant, from: Level) => {
    const step = timing?.ladder.steps.find((s) => s.level === from);
    if (timing === undefined || step === undefined || clockStartedAt === null) return;
    const dueAt = timing.clock.addBusinessTime(clockStartedAt, Math.max(0, step.slaMs - usedMs));
    timeouts.push({ at, from, dueAt });
  };
  const enter = (to: Level, who: readonly UserId[], at: Instant) => {
    level = to;
    deciders = who;
    usedMs = 0;
    clockStartedAt = status === 'needs_info' ? null : at;
    remindersSent = 0;
    votes = {};
  };

  for (const e of events) {
    if (outcomes > 0) {
      afterClose += 1;
      continue;
    }
    switch (e.type) {
      case 'opened':
        level = e.level;
        deciders = e.data.deciders;
        break;
      case 'reminded':
        remindersSent = e.data.index + 1;
        break;
      case 'escalated': {
        if (e.data.because === 'timeout') timedOut(e.at, e.data.from);
        enter(e.level, e.data.deciders, e.at);
        break;
      }
      case 'handed_over':
        deciders = e.data.deciders;
        if (e.data.gone !== undefined) for (const gone of e.data.gone) votes = withoutKey(votes, gone);
        break;
      case 'delegated':
        deciders = [e.data.to];
        break;
      case 'info_requested':
        status = 'needs_info';
        stopClock(e.at);
        break;
      case 'info_provided':
        status = 'open';
        clockStartedAt = e.at;
        break;
      case 'voted':
        if (e.actor !== null) votes = { ...votes, [e.actor]: e.data.optionId };
        break;
      case 'signoff_approved':
        if (e.actor !== null) votes = { ...votes, [e.actor]: 'approve' };
        break;
      case 'signoff_rejected':
        if (e.actor !== null) votes = { ...votes, [e.actor]: 'reject' };
        break;
      case 'round_returned':
        status = 'returned';
        stopClock(e.at);
        break;
      case 'round_started':
        status = 'open';
        overdue = false;
        enter('key_users', e.data.deciders, e.at);
        break;
      case 'edited': {
        const neededBy = e.data.changes.some((c) => c.field === 'neededBy');
        if (neededBy) late = false;
        break;
      }
      case 'marked_overdue':
        timedOut(e.at, e.level);
        overdue = true;
        break;
      case 'marked_late':
        late = true;
        break;
      case 'decided':
        status = 'decided';
        outcome = { optionId: e.data.optionId, how: e.data.how };
        closedAt = e.at;
        outcomes += 1;
        break;
      case 'expired':
        timedOut(e.at, e.level);
        status = 'expired';
        outcome = { optionId: e.data.optionId, how: 'default' };
        closedAt = e.at;
        outcomes += 1;
        break;
      case 'withdrawn':
        status = 'withdrawn';
        closedAt = e.at;
        outcomes += 1;
        break;
      case 'consulted':
      case 'opinion_given':
        break;
    }
  }
  return {
    status,
    level,
    deciders,
    outcome,
    closedAt,
    overdue,
    late,
    remindersSent,
    votes,
    outcomes,
    afterClose,
    timeouts,
  };
}

function withoutKey(record: Record<string, string>, key: string): Record<string, string> {
  const { [key]: _, ...rest } = record;
  return rest;
}
