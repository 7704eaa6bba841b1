import type { DecisionRequest } from '../../../src/domain/decision.js';
import { type DecisionWithFigures, decisionFigures } from '../../../src/domain/insight/index.js';
import type { BusinessClock } from '../../../src/domain/ladder.js';
import type { Project } from '../../../src/domain/project.js';
import { HOUR, type Instant } from '../../../src/domain/time.js';
import { decide, escalate, openDecision } from '../../../src/domain/transitions/index.js';
import { at, project, request, Scenario, T0, U, wallClock } from '../fixtures.js';

/** The fixture project (normal impact: 8 h at the SPoC, 24 h at the sponsors, 48 h at the committee). */
export const P = project();

/** `hours` after T0 (Monday 2 November 2026, 09:00 UTC). */
export const h = (hours: number): Instant => T0 + hours * HOUR;

/** A decision opened `openedAt` hours after T0 on the fixture project, with the SPoC present. */
export function openedAt(id: string, hours: number, extra: Partial<DecisionRequest> = {}, p: Project = P) {
  return new Scenario(openDecision(request(extra), id, p, false, at(h(hours))));
}

/** Opened at `from`, decided by the SPoC at `to` (hours after T0). */
export function decidedBySpoc(id: string, from: number, to: number): Scenario {
  const s = openedAt(id, from);
  s.step((d) => decide(d, { actor: U.spoc, optionId: 'approve' }, at(h(to))));
  return s;
}

export function escalateAt(s: Scenario, hours: number): void {
  s.step((d) => escalate(d, P, { level: d.level, spocAway: false }, at(h(hours))));
}

/** The decision with its figures at `nowHours`. */
export function figured(
  s: Scenario,
  nowHours: number,
  clock: BusinessClock = wallClock,
  roster: Project = P,
): DecisionWithFigures {
  return { decision: s.decision, figures: decisionFigures(s.decision, s.log, clock, h(nowHours), roster) };
}
