import { expect } from 'vitest';
import type { Decision, DecisionRequest } from '../../src/domain/decision.js';
import { APPROVE_REJECT } from '../../src/domain/decision.js';
import type { DecisionEvent } from '../../src/domain/events.js';
import type { BusinessClock } from '../../src/domain/ladder.js';
import type { Project } from '../../src/domain/project.js';
import type { Refusal, Transition } from '../../src/domain/refusal.js';
import { HOUR, type Instant, type Span } from '../../src/domain/time.js';
import { openDecision, type TransitionContext } from '../../src/domain/transitions/index.js';

/** Monday 2 November 2026, 09:00 UTC: the instant every scenario starts from. */
export const T0: Instant = Date.UTC(2026, 10, 2, 9, 0);

/** Slack user ids of the test roster. */
export const U = {
  requester: 'UREQUEST1',
  spoc: 'USPOC0001',
  deputy: 'UDEPUTY01',
  sponsor1: 'USPONSOR1',
  sponsor2: 'USPONSOR2',
  c1: 'UCOMMIT01',
  c2: 'UCOMMIT02',
  c3: 'UCOMMIT03',
  c4: 'UCOMMIT04',
  inventory: 'UKEYINV01',
  accounting1: 'UKEYACC01',
  accounting2: 'UKEYACC02',
  outsider: 'UOUTSIDE1',
} as const;

export const COMMITTEE = [U.c1, U.c2, U.c3, U.c4] as const;
export const SPONSORS = [U.sponsor1, U.sponsor2] as const;

/**
 * A project with every role filled. SLA (with the wall clock, `1d` = 24 h):
 * normal 8h / 1d / 2d, high 4h / 8h / 1d. Reminders at 50 % and 75 %. Committee of four, quorum three.
 * The SPoC may decide up to 10 000 of budget.
 */
export function project(overrides: Partial<Project> = {}): Project {
  return {
    id: 'P1',
    name: 'Odoo rollout',
    channel: 'C0PROJECT1',
    spoc: U.spoc,
    deputy: U.deputy,
    sponsors: [...SPONSORS],
    steeringCommittee: { members: [...COMMITTEE], quorum: 3 },
    keyUsers: { inventory: [U.inventory], accounting: [U.accounting1, U.accounting2], payroll: [] },
    authority: { spocMaxBudget: 10_000 },
    sla: {
      low: {
        spoc: { amount: 3, unit: 'd' },
        sponsor: { amount: 2, unit: 'd' },
        committee: { amount: 5, unit: 'd' },
      },
      normal: {
        spoc: { amount: 8, unit: 'h' },
        sponsor: { amount: 1, unit: 'd' },
        committee: { amount: 2, unit: 'd' },
      },
      high: {
        spoc: { amount: 4, unit: 'h' },
        sponsor: { amount: 8, unit: 'h' },
        committee: { amount: 1, unit: 'd' },
      },
      critical: {
        spoc: { amount: 30, unit: 'm' },
        sponsor: { amount: 1, unit: 'h' },
        committee: { amount: 4, unit: 'h' },
      },
    },
    reminders: [0.5, 0.75],
    digest: { cron: '0 9 * * MON' },
    ...overrides,
  };
}

export function request(overrides: Partial<DecisionRequest> = {}): DecisionRequest {
  return {
    projectId: 'P1',
    requester: U.requester,
    question: 'Value raw materials with FIFO?',
    context: 'Costing workshop, 28 Oct',
    options: APPROVE_REJECT,
    impact: 'normal',
    ...overrides,
  };
}

/** Merges spans (clipped to [from, to)) so that overlapping pauses are not subtracted twice. */
export function mergeSpans(spans: readonly Span[], from: Instant, to: Instant): Span[] {
  const clipped = spans
    .map((s) => ({ from: Math.max(s.from, from), to: Math.min(s.to, to) }))
    .filter((s) => s.to > s.from)
    .sort((a, b) => a.from - b.from);
  const merged: Span[] = [];
  for (const s of clipped) {
    const last = merged.at(-1);
    if (last !== undefined && s.from <= last.to)
      merged[merged.length - 1] = { from: last.from, to: Math.max(last.to, s.to) };
    else merged.push(s);
  }
  return merged;
}

/** A 24/7 clock: business time is wall time minus the paused spans; one working day is 24 h. */
export const wallClock: BusinessClock = {
  workingDayMs: 24 * HOUR,
  timeZone: 'UTC',
  addBusinessTime: (start, businessMs) => start + businessMs,
  businessTimeBetween(from, to, paused = []) {
    if (!(to > from)) return 0;
    const pausedMs = mergeSpans(paused, from, to).reduce((sum, s) => sum + (s.to - s.from), 0);
    return to - from - pausedMs;
  },
};

export function at(now: Instant): TransitionContext {
  return { now, clock: wallClock };
}

/** The successful result of a transition; fails the test with the refusal otherwise. */
export function accepted(t: Transition): { decision: Decision; events: readonly DecisionEvent[] } {
  if (!t.ok) throw new Error(`expected the transition to succeed, got refusal ${JSON.stringify(t.refusal)}`);
  return { decision: t.decision, events: t.events };
}

/** The new decision after a successful transition. */
export function ok(t: Transition): Decision {
  return accepted(t).decision;
}

/** The refusal of a transition; fails the test if it succeeded. */
export function refused(t: Transition): Refusal {
  if (t.ok) throw new Error(`expected a refusal, got a new decision (status ${t.decision.status})`);
  return t.refusal;
}

/** Opens a decision at `now` (T0 by default) on the given project. */
export function opened(
  options: { request?: Partial<DecisionRequest>; project?: Project; spocAway?: boolean; now?: Instant } = {},
): Decision {
  return ok(
    openDecision(
      request(options.request),
      'D1',
      options.project ?? project(),
      options.spocAway ?? false,
      at(options.now ?? T0),
    ),
  );
}

/**
 * Applies transitions one after the other, keeping the event log as storage would. `step` returns the
 * decision after a successful transition; a refusal throws.
 */
export class Scenario {
  readonly log: DecisionEvent[] = [];
  decision: Decision;

  constructor(first: Transition) {
    const { decision, events } = accepted(first);
    this.decision = decision;
    this.log.push(...events);
  }

  step(apply: (d: Decision) => Transition): Decision {
    const { decision, events } = accepted(apply(this.decision));
    expect(decision.version).toBe(this.decision.version + (events.length > 0 ? 1 : 0));
    this.decision = decision;
    this.log.push(...events);
    return decision;
  }
}
