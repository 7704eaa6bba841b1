import type { BusinessClock } from '../domain/ladder.js';
import { pausedSpans } from '../domain/latency.js';
import type { MetricsSource } from './source.js';

export type Outcome = 'decided' | 'defaulted' | 'withdrawn';

/** The closing event types, as the `outcome` label says them. */
export const OUTCOME_OF: Readonly<Record<string, Outcome>> = {
  decided: 'decided',
  expired: 'defaulted',
  withdrawn: 'withdrawn',
};

/** Where the event log's figures go (the prom-client metrics). */
export interface EventLogSinks {
  opened(project: string, count: number): void;
  closed(project: string, outcome: Outcome, count: number): void;
  escalated(project: string, level: string, count: number): void;
  timeToOutcome(project: string, outcome: Outcome, businessSeconds: number): void;
}

/** Closed decisions whose latency is computed in one scrape: a large history is caught up over a few scrapes. */
const TIMELINES_PER_SCRAPE = 2000;
const TIMELINES_PER_QUERY = 500;

/**
 * Reads the append-only event log forward from where it last stopped and feeds the sinks with what was appended
 * since. A new process starts at the beginning of the log, so its figures are the whole history, whichever
 * process wrote it and however often the bot restarted: every process reports the same totals. A refresh asked
 * for while one is under way joins it, so two reads never interleave and count a range twice.
 */
export class EventLogReader {
  /** Events up to this id are counted. */
  private counted = 0;
  /** Closing events up to this id have their time to outcome observed. */
  private timed = 0;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly source: MetricsSource,
    private readonly calendar: BusinessClock,
    private readonly sinks: EventLogSinks,
  ) {}

  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    const upto = await this.source.lastEventId();
    if (upto > this.counted) {
      for (const row of await this.source.eventCounts(this.counted, upto)) this.count(row);
      this.counted = upto;
    }
    let budget = TIMELINES_PER_SCRAPE;
    while (budget > 0 && this.timed < upto) {
      const limit = Math.min(TIMELINES_PER_QUERY, budget);
      const batch = await this.source.closedTimelines(this.timed, upto, limit);
      for (const closed of batch) this.observe(closed.project, closed.events);
      this.timed = batch.length < limit ? upto : (batch.at(-1)?.eventId ?? upto);
      budget -= limit;
    }
  }

  private count(row: { project: string; type: string; level: string; count: number }): void {
    const outcome = OUTCOME_OF[row.type];
    if (row.type === 'opened') this.sinks.opened(row.project, row.count);
    else if (row.type === 'escalated') this.sinks.escalated(row.project, row.level, row.count);
    else if (outcome !== undefined) this.sinks.closed(row.project, outcome, row.count);
  }

  private observe(project: string, events: Parameters<typeof pausedSpans>[0]): void {
    const opened = events.find((e) => e.type === 'opened');
    const end = events.find((e) => OUTCOME_OF[e.type] !== undefined);
    const outcome = end && OUTCOME_OF[end.type];
    if (!opened || !end || !outcome) return;
    // The same business time the Slack messages show: working hours only, pauses for information left out.
    const ms = this.calendar.businessTimeBetween(opened.at, end.at, pausedSpans(events, end.at));
    this.sinks.timeToOutcome(project, outcome, ms / 1000);
  }
}
