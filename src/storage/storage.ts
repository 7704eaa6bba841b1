import type {
  Absences,
  Clock,
  DecisionStore,
  Languages,
  Logger,
  OutboxStore,
  PeopleStore,
  RetentionStore,
} from '../app/ports.js';
import type { Project } from '../domain/project.js';
import type { Instant } from '../domain/time.js';
import type { MetricsSource } from '../metrics/source.js';

/** The configured projects (kept so decisions can reference them) and the SPoCs' absences. */
export interface ProjectStore extends Absences {
  /** Upserts the configured projects; projects removed from the config stay. */
  sync(projects: readonly Project[], now: Instant): Promise<void>;
}

/** Every store the bot uses, over one database: SQLite (one host) or PostgreSQL (shared by many processes). */
export interface Storage {
  readonly dialect: 'sqlite' | 'postgres';
  readonly decisions: DecisionStore;
  readonly outbox: OutboxStore;
  readonly people: PeopleStore;
  readonly languages: Languages;
  readonly projects: ProjectStore;
  readonly metrics: MetricsSource;
  /** The retention job's deletions (`retention.days`). */
  readonly retention: RetentionStore;
  /** Resolves when the database answers a query (the `database` health check); rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the database (its file or its pool); calling it again is harmless. */
  close(): Promise<void>;
}

export interface StorageOptions {
  readonly clock: Clock;
  /** Told about what fails in the background: the languages' refresh, an idle PostgreSQL connection lost. */
  readonly log: Logger;
}

/** The languages could not be read again in the background: said once per failure, the last ones hold. */
export function languagesUnreadable(log: Logger): (error: unknown) => void {
  return (error) =>
    log.warn('the chosen languages could not be read; the last known ones hold', { error: String(error) });
}
