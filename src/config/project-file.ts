/**
 * The project file (`decide.config.yml`): YAML → business calendar and projects, every problem reported at
 * once as `path (line N): what is wrong (how to fix it)`.
 */
import type { CalendarSpec, Project } from '../domain/project.js';
import type { RetentionPolicy } from '../domain/retention.js';
import { readCalendar } from './calendar.js';
import { EXAMPLE_CONFIG_FILE } from './defaults.js';
import { ConfigError } from './errors.js';
import { checkKeys } from './keys.js';
import type { EmailRef } from './problems.js';
import { readDefaults } from './project-defaults.js';
import { readProjects } from './projects.js';
import { describe, isAbsent, isObj } from './readers.js';
import { readRetention } from './retention.js';
import { parseYaml } from './yaml-source.js';

export interface ProjectFile {
  calendar: CalendarSpec;
  /** As configured: a person named by email holds the address until start-up resolves it (`emails`). */
  projects: Project[];
  /** The people named by email address, with where; absent when every person is a Slack user ID. */
  emails?: EmailRef[];
  /** `retention:`; absent: closed decisions are kept for ever. */
  retention?: RetentionPolicy;
}

const TOP_KEYS = ['timezone', 'business_hours', 'holidays', 'defaults', 'projects', 'retention'] as const;

/**
 * Parses and validates the project file (YAML). `sourceName` names the file in the error title.
 * Throws `ConfigError` with every problem found, each as `path (line N): what is wrong (how to fix it)`.
 *
 * Besides the documented keys, a top-level `defaults: { sla, reminders, digest, locale }` block is accepted: a
 * project inherits each of these it does not set. `sla` merges per impact and level (a project may override only
 * `high.spoc`); `reminders`, `digest` and `locale` are replaced as a whole.
 */
export function parseProjectsFile(text: string, sourceName: string): ProjectFile {
  const checked = checkProjectsFile(text);
  if ('problems' in checked)
    throw new ConfigError(checked.problems, `Invalid project configuration in ${sourceName}`);
  return checked;
}

/** The calendar and projects of the file, or every problem found in it. */
export function checkProjectsFile(text: string): ProjectFile | { problems: string[] } {
  const parsed = parseYaml(text);
  if ('errors' in parsed) return { problems: parsed.errors };
  const { data, problems } = parsed;
  if (isAbsent(data)) return { problems: [`the file is empty: start from ${EXAMPLE_CONFIG_FILE}`] };
  if (!isObj(data)) {
    problems.add([], `expected a mapping with ${TOP_KEYS.join(', ')}, found ${describe(data)}`);
    return { problems: problems.list };
  }
  const top = { obj: data, misspelt: checkKeys(problems, [], data, TOP_KEYS) };

  const calendar = readCalendar(problems, top);
  const defaults = readDefaults(problems, data.defaults);
  const projects = readProjects(problems, top, defaults);
  const retention = readRetention(problems, data.retention);

  if (problems.list.length > 0 || calendar === undefined || projects === undefined || retention === null)
    return { problems: problems.list };
  return {
    calendar,
    projects,
    ...(problems.emails.length > 0 ? { emails: problems.emails } : {}),
    ...(retention === undefined ? {} : { retention }),
  };
}
