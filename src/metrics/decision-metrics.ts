import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BusinessClock } from '../domain/ladder.js';
import { LEVELS } from '../domain/project.js';
import { EventLogReader, type Outcome } from './event-log.js';
import type { MetricsSource } from './source.js';

const OUTCOMES: readonly Outcome[] = ['decided', 'defaulted', 'withdrawn'];
const MINUTE = 60;
const HOUR = 60 * MINUTE;
/**
 * Business seconds, from a few minutes to weeks: 1 h, 4 h, 8 h (a working day of 09:00–17:00), 40 h (a working
 * week), 160 h (a working month), and the 24/7 clock's day and weeks.
 */
const OUTCOME_BUCKETS = [
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  16 * HOUR,
  24 * HOUR,
  40 * HOUR,
  80 * HOUR,
  168 * HOUR,
  336 * HOUR,
];

/**
 * Decision figures computed at scrape time from the database, not counted in memory as things happen: a
 * decision opened by the web process and closed by a worker's timer, or before a restart, is counted all the
 * same, and every process reports the same totals (aggregate them with `max`, not `sum`, across instances).
 * The `decision_events` log is the source of truth for the counters and the histogram; the `decisions` table
 * for what is open now.
 */
export function registerDecisionMetrics(
  registry: Registry,
  source: MetricsSource,
  calendar: BusinessClock,
  projects: readonly string[],
): void {
  const registers = [registry];
  // Every collect asks the reader to catch up first; the first one in a scrape reads, the others find nothing new.
  const refresh = () => reader.refresh();
  const opened = new Counter({
    name: 'decide_decisions_opened_total',
    help: 'Decisions opened, from the event log.',
    labelNames: ['project'] as const,
    registers,
    collect: refresh,
  });
  const closed = new Counter({
    name: 'decide_decisions_closed_total',
    help: 'Decisions closed, by outcome: decided, defaulted (the default applied on timeout) or withdrawn.',
    labelNames: ['project', 'outcome'] as const,
    registers,
    collect: refresh,
  });
  const escalations = new Counter({
    name: 'decide_escalations_total',
    help: 'Escalations, by the level they reached (a level left because its deciders were deactivated is none).',
    labelNames: ['project', 'level'] as const,
    registers,
    collect: refresh,
  });
  const timeToOutcome = new Histogram({
    name: 'decide_decision_time_to_outcome_business_seconds',
    help: 'Time from opening to outcome, in business time (working hours, pauses for information left out).',
    labelNames: ['project', 'outcome'] as const,
    buckets: OUTCOME_BUCKETS,
    registers,
    collect: refresh,
  });
  const reader = new EventLogReader(source, calendar, {
    opened: (project, n) => opened.inc({ project }, n),
    closed: (project, outcome, n) => closed.inc({ project, outcome }, n),
    escalated: (project, level, n) => escalations.inc({ project, level }, n),
    timeToOutcome: (project, outcome, seconds) => timeToOutcome.observe({ project, outcome }, seconds),
  });
  // Configured projects show zeros before their first decision, so a rate or an alert has a series to read.
  for (const project of projects) {
    opened.inc({ project }, 0);
    for (const outcome of OUTCOMES) closed.inc({ project, outcome }, 0);
    for (const level of LEVELS.slice(1)) escalations.inc({ project, level }, 0);
  }

  new Gauge({
    name: 'decide_open_decisions',
    help: 'Decisions open now (waiting for a decider or paused for information), by the level holding them.',
    labelNames: ['project', 'level'] as const,
    registers,
    async collect() {
      // Read first, then reset and set at once: a scrape in between never sees the zeros alone.
      const open = await source.openDecisions();
      this.reset();
      for (const project of projects) for (const level of LEVELS) this.set({ project, level }, 0);
      for (const row of open) this.set({ project: row.project, level: row.level }, row.count);
    },
  });
}
