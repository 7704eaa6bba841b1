/** The values used when the environment or the project file leaves a setting out. */

export const ENV_DEFAULTS = {
  SLACK_API_URL: 'https://slack.com/api/',
  PORT: '3000',
  REDIS_URL: 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: 'decide',
  DATABASE_PATH: './data/decide.db',
  DATABASE_POOL: '10',
  DECIDE_CONFIG: './decide.config.yml',
  LOG_LEVEL: 'info',
  SLASH_COMMAND: '/decide',
} as const;

/** The example project file shipped with the app, named in hints on how to start one. */
export const EXAMPLE_CONFIG_FILE = 'decide.config.example.yml';

export const DEFAULT_BUSINESS_HOURS = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '09:00',
  end: '17:00',
} as const;
export const DEFAULT_REMINDERS = [0.5, 0.8] as const;
export const DEFAULT_DIGEST_CRON = '0 9 * * MON';
