import type { Decision, DecisionRequest } from '../../../src/domain/decision.js';
import type { DecisionEvent } from '../../../src/domain/events.js';
import type { Project } from '../../../src/domain/project.js';
import type { Transition } from '../../../src/domain/refusal.js';
import { type Instant, MINUTE } from '../../../src/domain/time.js';
import {
  consultKeyUsers,
  decide,
  delegate,
  escalate,
  giveOpinion,
  openDecision,
  passOverDeactivated,
  provideInfo,
  requestInfo,
  vote,
  withdraw,
} from '../../../src/domain/transitions/index.js';

/** Monday 30 November 2026, 09:00 in Jakarta (02:00 UTC). */
export const T0: Instant = Date.UTC(2026, 10, 30, 2, 0);
export const ZONE = 'Asia/Jakarta';

export const U = {
  requester: 'UREQUEST1',
  spoc: 'USPOC0001',
  deputy: 'UDEPUTY01',
  sponsor: 'USPONSOR1',
  c1: 'UCOMMIT01',
  c2: 'UCOMMIT02',
  c3: 'UCOMMIT03',
  inventory: 'UKEYINV01',
  accounting: 'UKEYACC01',
  outsider: 'UOUTSIDE1',
} as const;

/** SLA with the 24/7 clock below: 4h at the SPoC, 8h at the sponsor, 1d at the committee. */
export function project(overrides: Partial<Project> = {}): Project {
  const ladder = {
    spoc: { amount: 4, unit: 'h' as const },
    sponsor: { amount: 8, unit: 'h' as const },
    committee: { amount: 1, unit: 'd' as const },
  };
  return {
    id: 'P1',
    name: 'Odoo rollout, PT Maju',
    channel: 'C0PROJECT1',
    spoc: U.spoc,
    deputy: U.deputy,
    sponsors: [U.sponsor],
    steeringCommittee: { members: [U.c1, U.c2, U.c3], quorum: 2 },
    keyUsers: { inventory: [U.inventory], accounting: [U.accounting], payroll: [] },
    authority: { spocMaxBudget: 10_000 },
    sla: { low: ladder, normal: ladder, high: ladder, critical: ladder },
    reminders: [0.5],
    digest: { cron: '0 9 * * MON' },
    ...overrides,
  };
}

// The domain tests' request and 24/7 clock (which also subtracts paused spans, as the real calendar does).
import { request, wallClock } from '../../domain/fixtures.js';

export { request, wallClock };

/** A decision and its event log, built with the real domain transitions. */
export class Story {
  decision: Decision;
  readonly log: DecisionEvent[] = [];
  readonly project: Project;

  constructor(options: { request?: Partial<DecisionRequest>; project?: Project } = {}) {
    this.project = options.project ?? project();
    this.decision = this.apply(openDecision(request(options.request), 'D1', this.project, false, ctx(T0)));
  }

  private apply(t: Transition): Decision {
    if (!t.ok) throw new Error(`refused: ${JSON.stringify(t.refusal)}`);
    this.decision = t.decision;
    this.log.push(...t.events);
    return t.decision;
  }

  /** Runs the current level's time out (at its due instant) and escalates. */
  escalate(): this {
    const now = this.decision.dueAt ?? T0;
    this.apply(
      escalate(this.decision, this.project, { level: this.decision.level, spocAway: false }, ctx(now)),
    );
    return this;
  }
  askInfo(actor: string, question: string, now: Instant): this {
    this.apply(requestInfo(this.decision, { actor, question }, ctx(now)));
    return this;
  }
  answerInfo(answer: string, now: Instant): this {
    this.apply(provideInfo(this.decision, { actor: this.decision.requester, answer }, ctx(now)));
    return this;
  }
  delegateTo(actor: string, to: string, note: string, now: Instant): this {
    this.apply(delegate(this.decision, this.project, { actor, to, note }, ctx(now)));
    return this;
  }
  consult(actor: string, domain: string, question: string, now: Instant): this {
    this.apply(consultKeyUsers(this.decision, this.project, { actor, domain, question }, ctx(now)));
    return this;
  }
  opinion(actor: string, text: string, now: Instant): this {
    this.apply(giveOpinion(this.decision, this.project, { actor, text }, ctx(now)));
    return this;
  }
  decide(actor: string, optionId: string, now: Instant, rationale?: string): this {
    this.apply(decide(this.decision, { actor, optionId, rationale }, ctx(now)));
    return this;
  }
  vote(actor: string, optionId: string, now: Instant): this {
    this.apply(vote(this.decision, { actor, optionId }, ctx(now)));
    return this;
  }
  /** The daily check found `users` deactivated: the decision moves on without them. */
  passOver(users: readonly string[], now: Instant, spocAway = false): this {
    const deactivated = new Set(users);
    this.apply(passOverDeactivated(this.decision, this.project, { deactivated, spocAway }, ctx(now)));
    return this;
  }
  /** The newest event of the log. */
  lastEvent(): DecisionEvent {
    const event = this.log.at(-1);
    if (event === undefined) throw new Error('no event');
    return event;
  }
  withdraw(now: Instant): this {
    this.apply(withdraw(this.decision, { actor: this.decision.requester }, ctx(now)));
    return this;
  }
}

export function ctx(now: Instant) {
  return { now, clock: wallClock };
}

export const later = (minutes: number): Instant => T0 + minutes * MINUTE;
