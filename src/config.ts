/**
 * Configuration: the only reader of `process.env` and of the project file (`decide.config.yml`). This is the
 * public entry; the parts live in `./config/`.
 *
 * Everything is validated up front and every problem is reported at once, each with the path of the bad value
 * (`projects[0].sla.high.spoc (line 17): …`) and a hint on how to fix it, so an operator fixes the file in one go.
 */
export { ENV_DEFAULTS, EXAMPLE_CONFIG_FILE } from './config/defaults.js';
export {
  hasSlackCredentials,
  LOG_LEVELS,
  type LogLevel,
  logLevelOf,
  missingSlackCredentials,
  type SlackConfig,
} from './config/env.js';
export { ConfigError } from './config/errors.js';
export { type Config, loadConfig, sandboxConfigPath } from './config/load.js';
export type { EmailRef } from './config/problems.js';
export { parseProjectsFile } from './config/project-file.js';
export { secretsOf } from './config/secrets.js';
export { isEmail } from './config/slack-ids.js';
