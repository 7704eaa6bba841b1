/** The whole configuration: the environment and the project file it names, every problem reported at once. */
import { existsSync } from 'node:fs';
import type { CalendarSpec, Project } from '../domain/project.js';
import type { RetentionPolicy } from '../domain/retention.js';
import { ENV_DEFAULTS } from './defaults.js';
import { type EnvSettings, readEnv } from './env.js';
import { ConfigError } from './errors.js';
import { loadProjectFile } from './file-loader.js';
import type { EmailRef } from './problems.js';

export interface Config extends EnvSettings {
  readonly calendar: CalendarSpec;
  /**
   * The projects. Loaded from the file, a person named by email holds the address until start-up resolves it
   * (`resolvePeople` in src/app/resolve-people.ts, which `startBot` runs); after that, only user IDs.
   */
  readonly projects: Project[];
  /** The people the file names by email address, with where (absent: none). */
  readonly emails?: readonly EmailRef[] | undefined;
  /** `retention:` in the file: closed decisions older than `days` are deleted daily; absent: kept for ever. */
  readonly retention?: RetentionPolicy | undefined;
}

/**
 * Reads the environment (`process.env` when not given) and the project file. Empty environment variables
 * count as unset. Throws `ConfigError` listing every problem found (environment and file together).
 * Slack credentials are not required here: the entry point asks `missingSlackCredentials` for what it needs.
 */
export function loadConfig(
  env?: NodeJS.ProcessEnv,
  opts: { readFile?: (path: string) => string; configPath?: string } = {},
): Config {
  const environment = readEnv(env);
  const configPath = opts.configPath ?? environment.configPath;
  const file = loadProjectFile(configPath, opts.readFile);
  if ('problems' in file) throw new ConfigError([...environment.problems, ...file.problems]);
  if (environment.settings === undefined) throw new ConfigError(environment.problems);
  return { ...environment.settings, configPath, ...file };
}

/**
 * The sandbox's project file: the one DECIDE_CONFIG names (which must exist), else `./decide.config.yml` when
 * there is one, else the bundled demo project at `demoPath`.
 */
export function sandboxConfigPath(
  demoPath: string,
  env: NodeJS.ProcessEnv = process.env,
): { path: string; source: 'file' | 'demo' } {
  const named = env.DECIDE_CONFIG?.trim();
  if (named) return { path: named, source: 'file' };
  if (existsSync(ENV_DEFAULTS.DECIDE_CONFIG)) return { path: ENV_DEFAULTS.DECIDE_CONFIG, source: 'file' };
  return { path: demoPath, source: 'demo' };
}
