import type { EnvSettings } from './env.js';

/**
 * The configured values that must never be printed: Slack's signing secret and tokens, and the passwords inside
 * the database and Redis URLs (a URL is masked where it is shown; this catches it anywhere else). The logger
 * scrubs them from every line.
 */
export function secretsOf(config: Pick<EnvSettings, 'slack' | 'databaseUrl' | 'redisUrl'>): string[] {
  const { slack } = config;
  return [
    slack.signingSecret,
    slack.botToken,
    slack.appToken,
    passwordIn(config.databaseUrl),
    passwordIn(config.redisUrl),
  ].filter((s): s is string => s !== undefined && s !== '');
}

function passwordIn(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const parsed = new URL(url);
    const password = parsed.password === '' ? parsed.searchParams.get('password') : parsed.password;
    return password === null || password === '' ? undefined : decodeURIComponent(password);
  } catch {
    return undefined;
  }
}
