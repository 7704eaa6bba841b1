import type { Decision, Ladder, Outcome, Vote } from '../../domain/decision.js';
import type { DecisionEvent } from '../../domain/events.js';
import type { SignOff } from '../../domain/signoff.js';
import type { decisionEvents, decisions } from '../schema.js';

type DecisionRow = typeof decisions.$inferSelect;
type EventRow = typeof decisionEvents.$inferSelect;

/** Row ↔ domain mapping for decisions and their events. Votes live in their own table. */
export function decisionToRow(d: Decision): DecisionRow {
  return {
    id: d.id,
    projectId: d.projectId,
    requester: d.requester,
    question: d.question,
    context: d.context,
    optionsJson: JSON.stringify(d.options),
    impact: d.impact,
    domain: d.domain ?? null,
    budgetImpact: d.budgetImpact ?? null,
    neededBy: d.neededBy ?? null,
    blocks: d.blocks ?? null,
    defaultOptionId: d.defaultOptionId ?? null,
    sourceChannel: d.source?.channel ?? null,
    sourceTs: d.source?.ts ?? null,
    status: d.status,
    level: d.level,
    decidersJson: JSON.stringify(d.deciders),
    ladderJson: JSON.stringify(d.ladder),
    openedAt: d.openedAt,
    levelEnteredAt: d.levelEnteredAt,
    levelUsedMs: d.levelUsedMs,
    clockStartedAt: d.clockStartedAt,
    pausedAt: d.pausedAt,
    dueAt: d.dueAt,
    remindersSent: d.remindersSent,
    overdue: d.overdue,
    outcomeJson: d.outcome === null ? null : JSON.stringify(d.outcome),
    closedAt: d.closedAt,
    version: d.version,
    kind: d.kind ?? 'decision',
    signoffJson: d.signoff === undefined ? null : JSON.stringify(d.signoff),
    late: d.late,
  };
}

export function rowToDecision(row: DecisionRow, votes: readonly Vote[]): Decision {
  return {
    id: row.id,
    projectId: row.projectId,
    requester: row.requester,
    question: row.question,
    context: row.context,
    options: JSON.parse(row.optionsJson),
    impact: row.impact,
    domain: row.domain ?? undefined,
    budgetImpact: row.budgetImpact ?? undefined,
    neededBy: row.neededBy ?? undefined,
    blocks: row.blocks ?? undefined,
    defaultOptionId: row.defaultOptionId ?? undefined,
    source:
      row.sourceChannel !== null && row.sourceTs !== null
        ? { channel: row.sourceChannel, ts: row.sourceTs }
        : undefined,
    status: row.status,
    level: row.level,
    deciders: JSON.parse(row.decidersJson),
    ladder: JSON.parse(row.ladderJson) as Ladder,
    openedAt: row.openedAt,
    levelEnteredAt: row.levelEnteredAt,
    levelUsedMs: row.levelUsedMs,
    clockStartedAt: row.clockStartedAt,
    pausedAt: row.pausedAt,
    dueAt: row.dueAt,
    remindersSent: row.remindersSent,
    overdue: row.overdue,
    votes,
    outcome: row.outcomeJson === null ? null : (JSON.parse(row.outcomeJson) as Outcome),
    closedAt: row.closedAt,
    version: row.version,
    ...(row.kind === 'signoff' ? { kind: row.kind } : {}),
    ...(row.signoffJson === null ? {} : { signoff: JSON.parse(row.signoffJson) as SignOff }),
    late: row.late,
  };
}

export function eventToRow(decisionId: string, seq: number, e: DecisionEvent): Omit<EventRow, 'id'> {
  return {
    decisionId,
    seq,
    type: e.type,
    at: e.at,
    actor: e.actor,
    level: e.level,
    dataJson: JSON.stringify(e.data),
  };
}

export function rowToEvent(row: EventRow): DecisionEvent {
  return {
    type: row.type,
    at: row.at,
    actor: row.actor,
    level: row.level,
    data: JSON.parse(row.dataJson),
  } as DecisionEvent;
}
