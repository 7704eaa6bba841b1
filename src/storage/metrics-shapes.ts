import type { DecisionEvent } from '../domain/events.js';

/** What the metrics sources of both dialects read and return. */

/**
 * Events the metrics count: a decision opened, escalated, or closed (decided, default applied, withdrawn). A level
 * left because its deciders were all deactivated in Slack is no escalation (nothing ran out): both dialects'
 * queries leave it out.
 */
export const COUNTED = ['opened', 'escalated', 'decided', 'expired', 'withdrawn'] as const;
export const CLOSING = ['decided', 'expired', 'withdrawn'] as const;
/** What a closed decision's business time needs: its start, its pauses and its end. */
export const TIMELINE = ['opened', 'info_requested', 'info_provided', ...CLOSING] as const;

export interface EventCount {
  readonly project: string;
  readonly type: string;
  readonly level: string;
  readonly count: number;
}

export interface ClosedTimeline {
  /** The id of the closing event (the reader's position in the log). */
  readonly eventId: number;
  readonly project: string;
  /** Opened, pauses and the closing event, in order. */
  readonly events: readonly DecisionEvent[];
}

export interface OpenCount {
  readonly project: string;
  readonly level: string;
  readonly count: number;
}

export interface DeliveryCount {
  readonly status: string;
  readonly count: number;
}

/** Decisions per timeline query: well under SQLite's limit on bound parameters, a bounded IN list. */
export const MAX_BATCH = 500;
