import type {
  Absences,
  Clock,
  DecisionStore,
  DeliveryQueue,
  Languages,
  Logger,
  ProjectDirectory,
  SlackStatuses,
  TimerScheduler,
} from './ports.js';

/** Everything a use case may touch; `main.ts` wires the adapters in. */
export interface AppDeps {
  readonly decisions: DecisionStore;
  readonly projects: ProjectDirectory;
  readonly absences: Absences;
  readonly clock: Clock;
  readonly deliveries: DeliveryQueue;
  readonly timers: TimerScheduler;
  readonly log: Logger;
  /** Slack statuses, for projects with `awayFromStatus`; absent: statuses are never read (nobody is away by one). */
  readonly statuses?: SlackStatuses | undefined;
  /** People's chosen languages; absent: everyone reads their project's `locale`. */
  readonly languages?: Languages | undefined;
  /** New decision ids (unique, URL- and job-id-safe: no `:`). */
  readonly newId: () => string;
}
