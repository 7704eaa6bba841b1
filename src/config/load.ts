/** The whole configuration: the environment and the project file it names, every problem reported at once. */
import type { CalendarSpec, Project } from '../domain/project.js';
import { type EnvSettings, readEnv } from './env.js';
import { ConfigError } from './errors.js';
import { loadProjectFile } from './file-loader.js';

export interface Config extends EnvSettings {
  readonly calendar: CalendarSpec;
  readonly projects: Project[];
}

/**
 * Reads the environment (`process.env` when not given) and the project file. Empty environment variables
 * count as unset. Throws `ConfigError` listing every problem found (environment and file together).
 * Slack credentials are not required here: the entry point asks `missingSlackCredentials` for what it needs.
 */
export function loadConfig(
  env?: NodeJS.ProcessEnv,
  opts: { readFile?: (path: string) => string } = {},
): Config {
  const environment = readEnv(env);
  const file = loadProjectFile(environment.configPath, opts.readFile);
  if ('problems' in file) throw new ConfigError([...environment.problems, ...file.problems]);
  if (environment.settings === undefined) throw new ConfigError(environment.problems);
  return { ...environment.settings, ...file };
}
