import { BusinessCalendar } from '../domain/business-calendar.js';
import { withoutDeactivated } from '../domain/deactivated.js';
import type { CalendarSpec, Project, UserId } from '../domain/project.js';
import type { Logger, PeopleStore, ProjectDirectory } from './ports.js';
import { Snapshot } from './snapshot.js';

/** The projects from the config file, looked up by id or channel. */
export class ConfiguredProjects implements ProjectDirectory {
  readonly calendar: BusinessCalendar;
  readonly timezone: string;
  private readonly byIdMap: ReadonlyMap<string, Project>;
  private readonly byChannelMap: ReadonlyMap<string, Project>;

  constructor(
    private readonly projects: readonly Project[],
    calendar: CalendarSpec,
  ) {
    this.calendar = new BusinessCalendar(calendar);
    this.timezone = calendar.timezone;
    this.byIdMap = new Map(projects.map((p) => [p.id, p]));
    this.byChannelMap = new Map(projects.map((p) => [p.channel, p]));
  }

  all(): readonly Project[] {
    return this.projects;
  }

  byId(id: string): Project | undefined {
    return this.byIdMap.get(id);
  }

  byChannel(channel: string): Project | undefined {
    return this.byChannelMap.get(channel);
  }
}

/** How old the set of deactivated people may be before a lookup reads it again (in the background). */
export const DEACTIVATED_MAX_AGE_MS = 30_000;

/**
 * The projects as the ladder sees them: each without the people Slack reports deactivated. The set is kept in
 * memory and read again in the background every `DEACTIVATED_MAX_AGE_MS`, so a deactivation the daily check
 * recorded in another process counts within that; the process that recorded it `refresh`es at once. The
 * filtered projects are kept until the set changes. `configured` and `deactivated` give the projects as
 * configured and who is left out, for the roster. `refresh` once before the first lookup.
 */
export class ActiveProjects implements ProjectDirectory {
  readonly calendar: BusinessCalendar;
  readonly timezone: string;
  private seen: string | undefined;
  private view = new Map<string, Project>();
  private readonly gone: Snapshot<ReadonlySet<UserId>>;

  constructor(
    private readonly configured: ConfiguredProjects,
    people: Pick<PeopleStore, 'deactivated'>,
    private readonly log: Logger,
    now: () => number = Date.now,
  ) {
    this.gone = new Snapshot(
      () => people.deactivated(),
      new Set(),
      now,
      DEACTIVATED_MAX_AGE_MS,
      (error) =>
        log.warn('who is deactivated could not be read; the last known set holds', { error: String(error) }),
    );
    this.calendar = configured.calendar;
    this.timezone = configured.timezone;
  }

  all(): readonly Project[] {
    const view = this.current();
    return this.configured.all().map((p) => view.get(p.id) ?? p);
  }

  byId(id: string): Project | undefined {
    const project = this.configured.byId(id);
    return project && (this.current().get(project.id) ?? project);
  }

  byChannel(channel: string): Project | undefined {
    const project = this.configured.byChannel(channel);
    return project && (this.current().get(project.id) ?? project);
  }

  /** The project as the file configures it, deactivated people included. */
  asConfigured(id: string): Project | undefined {
    return this.configured.byId(id);
  }

  deactivated(): ReadonlySet<UserId> {
    return this.gone.get();
  }

  /** Reads who is deactivated now (at start-up, and after the daily check changed it). */
  refresh(): Promise<void> {
    return this.gone.reload();
  }

  /** The projects that have deactivated people, filtered, by id (recomputed when the set changed). */
  private current(): ReadonlyMap<string, Project> {
    const gone = this.gone.get();
    const key = [...gone].sort().join(',');
    if (key === this.seen) return this.view;
    const view = new Map<string, Project>();
    for (const p of this.configured.all()) {
      const { project, quorumClamped } = withoutDeactivated(p, gone);
      if (project === p) continue;
      view.set(p.id, project);
      if (quorumClamped)
        this.log.warn('deactivated committee members: the quorum is lowered to the members left', {
          projectId: p.id,
          quorum: quorumClamped.from,
          now: quorumClamped.to,
        });
    }
    this.seen = key;
    this.view = view;
    return view;
  }
}
