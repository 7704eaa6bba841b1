/**
 * The environment: the only reader of `process.env` (as a default argument). Empty variables count as unset;
 * unset ones take their `ENV_DEFAULTS`. Slack credentials are checked for shape here, for presence by
 * `missingSlackCredentials`.
 */
import { ENV_DEFAULTS } from './defaults.js';
import { maskUrl } from './mask-url.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface SlackConfig {
  /** `xoxb-…`; not required by `loadConfig` (see `missingSlackCredentials`). */
  readonly botToken?: string;
  /** Verifies HTTP requests from Slack (HTTP mode). */
  readonly signingSecret?: string;
  /** `xapp-…`; when set, the app connects with Socket Mode. */
  readonly appToken?: string;
  /** Base URL of the Web API, always ending in `/`. */
  readonly apiUrl: string;
  readonly mode: 'http' | 'socket';
  /**
   * The slash command's name as the app's manifest declares it (`SLASH_COMMAND`, default `/decide`): what the
   * bot's words tell people to type. The bot answers whatever command Slack sends it.
   */
  readonly command?: string;
}

/** The settings that come from the environment. */
export interface EnvSettings {
  readonly slack: SlackConfig;
  readonly port: number;
  readonly redisUrl: string;
  /** BullMQ key prefix: letters, digits, `-` and `_` only. */
  readonly queuePrefix: string;
  /** The SQLite file, used while `databaseUrl` is unset. */
  readonly databasePath: string;
  /** `DATABASE_URL`: PostgreSQL (`postgres://…`) shared by every process, instead of the SQLite file. */
  readonly databaseUrl?: string;
  /** `DATABASE_POOL`: most connections each process opens to PostgreSQL (absent: 10). */
  readonly databasePool?: number;
  /** Path of the project file, as given (relative to the working directory). */
  readonly configPath: string;
  readonly logLevel: LogLevel;
  /** `LOG_FORMAT`; absent: text when stderr is a terminal, else JSON lines. */
  readonly logFormat?: LogFormat;
}

/** The environment's settings (only when there are no `problems`), and the project file's path in any case. */
export interface EnvReading {
  readonly settings?: EnvSettings;
  readonly configPath: string;
  readonly problems: string[];
}

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvReading {
  const problems: string[] = [];
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  /** A Slack credential, reported (with where to find the right one) when it lacks its prefix. */
  const token = (name: string, prefix: string, where: string): string | undefined => {
    const value = get(name);
    if (value !== undefined && !value.startsWith(prefix)) {
      problems.push(`${name}: does not start with "${prefix}" (${where})`);
    }
    return value;
  };
  /** A variable or its default, reported as `NAME: "value" <wrong>` when it is not `valid`. */
  const setting = (
    name: keyof typeof ENV_DEFAULTS,
    valid: (text: string) => boolean,
    wrong: string,
    normalize: (text: string) => string = (text) => text,
  ): string => {
    const text = normalize(get(name) ?? ENV_DEFAULTS[name]);
    if (!valid(text)) problems.push(`${name}: "${text}" ${wrong}`);
    return text;
  };

  const botToken = token(
    'SLACK_BOT_TOKEN',
    'xoxb-',
    "use the Bot User OAuth Token from your Slack app's OAuth & Permissions page, not a user token xoxp-… " +
      'or an app token xapp-…',
  );
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const appToken = token(
    'SLACK_APP_TOKEN',
    'xapp-',
    "use an app-level token with the connections:write scope, from your Slack app's Basic Information page; " +
      'leave it unset to use HTTP mode',
  );
  const apiUrl = setting(
    'SLACK_API_URL',
    (text) => isUrl(text, ['http:', 'https:']),
    `is not an http(s) URL (the default is ${ENV_DEFAULTS.SLACK_API_URL})`,
  );
  const port = setting(
    'PORT',
    (text) => /^\d+$/.test(text) && Number(text) <= 65535,
    'is not a port number (use a whole number from 0 to 65535, e.g. 3000)',
  );
  const redisUrl = setting(
    'REDIS_URL',
    (text) => isUrl(text, ['redis:', 'rediss:']),
    'is not a Redis URL (e.g. redis://127.0.0.1:6379 or rediss://host:6380)',
  );
  const queuePrefix = setting(
    'QUEUE_PREFIX',
    // `{name}` is a Redis Cluster hash tag: every key of every queue then hashes to one slot, as BullMQ's Lua
    // scripts (which touch several keys of a queue at once) need on a cluster.
    (text) => /^(\{[A-Za-z0-9_-]+\}|[A-Za-z0-9_-]+)$/.test(text),
    'may contain only letters, digits, "-" and "_", optionally in braces for Redis Cluster (e.g. {decide}); BullMQ uses ":" as its key separator',
  );
  const command = setting(
    'SLASH_COMMAND',
    (text) => SLASH_COMMAND.test(text),
    'is not a slash command name (a "/" then up to 31 lowercase letters, digits, "-" or "_", e.g. /decide or /keputusan)',
  );
  const databasePath = get('DATABASE_PATH') ?? ENV_DEFAULTS.DATABASE_PATH;
  const databaseUrl = get('DATABASE_URL');
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    problems.push(
      `DATABASE_URL: "${maskUrl(databaseUrl)}" is not a PostgreSQL URL (e.g. postgres://user:password@host:5432/decide; ` +
        'unset: the SQLite file at DATABASE_PATH)',
    );
  }
  const databasePool = setting(
    'DATABASE_POOL',
    (text) => /^\d+$/.test(text) && Number(text) >= 1,
    'is not a number of connections (a whole number, at least 1, e.g. 10)',
  );
  const configPath = get('DECIDE_CONFIG') ?? ENV_DEFAULTS.DECIDE_CONFIG;
  const logLevelText = setting(
    'LOG_LEVEL',
    (text) => LOG_LEVELS.some((level) => level === text),
    `is not a log level (use one of ${LOG_LEVELS.join(', ')})`,
    (text) => text.toLowerCase(),
  );
  const logLevel = LOG_LEVELS.find((level) => level === logLevelText);
  const logFormatText = get('LOG_FORMAT')?.toLowerCase();
  const logFormat = LOG_FORMATS.find((format) => format === logFormatText);
  if (logFormatText !== undefined && logFormat === undefined) {
    problems.push(
      `LOG_FORMAT: "${logFormatText}" is not a log format (use json or text; unset: text on a terminal, else json)`,
    );
  }

  if (problems.length > 0 || logLevel === undefined) return { configPath, problems };
  const slack: SlackConfig = {
    ...(botToken === undefined ? {} : { botToken }),
    ...(signingSecret === undefined ? {} : { signingSecret }),
    ...(appToken === undefined ? {} : { appToken }),
    apiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`,
    mode: appToken === undefined ? 'http' : 'socket',
    command,
  };
  const settings = {
    slack,
    port: Number(port),
    redisUrl,
    queuePrefix,
    databasePath,
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    databasePool: Number(databasePool),
    configPath,
    logLevel,
    ...(logFormat === undefined ? {} : { logFormat }),
  };
  return { settings, configPath, problems };
}

/**
 * The Slack credentials the configured mode needs but lacks, as sentences for the operator (empty when complete).
 * HTTP mode needs the bot token and the signing secret; Socket Mode needs the bot token and the app token.
 */
export function missingSlackCredentials(config: { readonly slack: SlackConfig }): string[] {
  const { slack } = config;
  const needs: [lacking: boolean, sentence: string][] = [
    [
      slack.botToken === undefined,
      "SLACK_BOT_TOKEN is not set (the bot token, xoxb-…, from your Slack app's OAuth & Permissions page)",
    ],
    [
      slack.mode === 'http' && slack.signingSecret === undefined,
      "SLACK_SIGNING_SECRET is not set (from your Slack app's Basic Information page, App Credentials; " +
        'needed in HTTP mode; or set SLACK_APP_TOKEN to use Socket Mode instead)',
    ],
    [
      slack.mode === 'socket' && slack.appToken === undefined,
      "SLACK_APP_TOKEN is not set (an app-level token, xapp-…, with connections:write, from your Slack app's " +
        'Basic Information page; needed in Socket Mode)',
    ],
  ];
  return needs.filter(([lacking]) => lacking).map(([, sentence]) => sentence);
}

/**
 * Whether the environment names a Slack workspace at all (a bot or an app token): without one, `npm start`
 * runs the sandbox instead of the real bot.
 */
export function hasSlackCredentials(env: NodeJS.ProcessEnv = process.env): boolean {
  return ['SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN'].some((name) => (env[name]?.trim() ?? '') !== '');
}

/** LOG_LEVEL when it is valid, else the default (a bad value is reported with the other problems). */
export function logLevelOf(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const wanted = env.LOG_LEVEL?.trim().toLowerCase();
  return LOG_LEVELS.find((level) => level === wanted) ?? 'info';
}

/** Slack's rule for a command name: lowercase, at most 32 characters with the slash. */
const SLASH_COMMAND = /^\/[a-z0-9_-]{1,31}$/;

/** As node-postgres reads it: the host may be empty (a Unix socket named by `?host=`). */
function isPostgresUrl(text: string): boolean {
  try {
    return ['postgres:', 'postgresql:'].includes(new URL(text).protocol);
  } catch {
    return false;
  }
}

function isUrl(text: string, protocols: readonly string[]): boolean {
  try {
    const url = new URL(text);
    return protocols.includes(url.protocol) && url.host !== '';
  } catch {
    return false;
  }
}
