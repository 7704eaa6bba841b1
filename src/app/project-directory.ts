import { BusinessCalendar } from '../domain/business-calendar.js';
import { withoutDeactivated } from '../domain/deactivated.js';
import type { CalendarSpec, Project, UserId } from '../domain/project.js';
import type { Logger, PeopleStore, ProjectDirectory } from './ports.js';

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

/**
 * The projects as the ladder sees them: each without the people Slack reports deactivated (read from the
 * database on every lookup, so a deactivation the daily check recorded in another process counts at once;
 * the filtered projects are kept until that set changes). `configured` and `deactivated` give the projects as
 * configured and who is left out, for the roster.
 */
export class ActiveProjects implements ProjectDirectory {
  readonly calendar: BusinessCalendar;
  readonly timezone: string;
  private seen: string | undefined;
  private view = new Map<string, Project>();

  constructor(
    private readonly configured: ConfiguredProjects,
    private readonly people: Pick<PeopleStore, 'deactivated'>,
    private readonly log: Logger,
  ) {
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
    return this.people.deactivated();
  }

  /** The projects that have deactivated people, filtered, by id (recomputed when the set changed). */
  private current(): ReadonlyMap<string, Project> {
    const gone = this.people.deactivated();
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
