import { BusinessCalendar } from '../domain/business-calendar.js';
import type { CalendarSpec, Project } from '../domain/project.js';
import type { ProjectDirectory } from './ports.js';

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
