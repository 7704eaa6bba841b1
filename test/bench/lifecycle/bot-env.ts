/** The bot's environment: its project file (DECIDE_CONFIG), the stand-in's credentials, optional profiling. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Project } from '../../../src/domain/project.js';
import type { FakeSlack } from '../../../src/sandbox/index.js';
import { SIGNING_SECRET } from '../fixture.js';

/**
 * NODE_OPTIONS that profile every process of the bot: a preload module (written to `tempDir`) starts V8's
 * sampling profiler (1 ms, as --cpu-prof) and writes `CPU.<time>.<pid>.cpuprofile` to `profileDir` at exit.
 */
export function profilerOption(profileDir: string, tempDir: string): string {
  const preload = join(tempDir, 'cpu-profile.mjs');
  writeFileSync(
    preload,
    `import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');
process.on('exit', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(${JSON.stringify(profileDir)} + '/CPU.' + Date.now() + '.' + process.pid + '.cpuprofile', JSON.stringify(result.profile));
  });
});
`,
  );
  return `--import ${pathToFileURL(preload).href}`;
}

/** The project file the bot reads (DECIDE_CONFIG), from the benchmark's project. */
export function projectFile(project: Project): string {
  const sla = (['low', 'normal', 'high', 'critical'] as const)
    .map((impact) => {
      const levels = project.sla[impact];
      const d = (level: 'spoc' | 'sponsor' | 'committee') => `${levels[level].amount}${levels[level].unit}`;
      return `      ${impact}: { spoc: ${d('spoc')}, sponsor: ${d('sponsor')}, committee: ${d('committee')} }`;
    })
    .join('\n');
  const keyUsers = Object.entries(project.keyUsers)
    .map(([domain, users]) => `${domain}: [${users.join(', ')}]`)
    .join(', ');
  return `timezone: UTC
business_hours: always
projects:
  - id: ${project.id}
    name: "${project.name}"
    channel: ${project.channel}
    spoc: ${project.spoc}
    deputy: ${project.deputy ?? ''}
    sponsors: [${project.sponsors.join(', ')}]
    steering_committee: { members: [${project.steeringCommittee.members.join(', ')}], quorum: ${project.steeringCommittee.quorum} }
    key_users: { ${keyUsers} }
    authority: { spoc_max_budget: ${project.authority.spocMaxBudget ?? 5000} }
    sla:
${sla}
    reminders: [${project.reminders.join(', ')}]
    digest: { cron: "${project.digest.cron}" }
`;
}

/** This process's environment without NODE_OPTIONS. */
export function withoutNodeOptions(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  return env;
}

/**
 * The bot's environment: production mode against the stand-in, its own port, Redis prefix, project, and SQLite
 * file or PostgreSQL database (DATABASE_URL, with the default pool).
 */
export function botEnv(input: {
  fake: FakeSlack;
  port: number;
  redisUrl: string;
  prefix: string;
  databasePath: string;
  databaseUrl: string | undefined;
  configPath: string;
  cpuProfileDir: string | undefined;
  /** Where the profiler's preload is written. */
  tempDir: string;
}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...withoutNodeOptions() };
  for (const name of ['SLACK_APP_TOKEN', 'LOG_LEVEL', 'npm_config_loglevel', 'DATABASE_URL', 'DATABASE_POOL'])
    delete env[name];
  Object.assign(env, {
    SLACK_BOT_TOKEN: input.fake.botToken,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: input.fake.apiUrl,
    PORT: String(input.port),
    REDIS_URL: input.redisUrl,
    QUEUE_PREFIX: input.prefix,
    DATABASE_PATH: input.databasePath,
    ...(input.databaseUrl === undefined ? {} : { DATABASE_URL: input.databaseUrl }),
    DECIDE_CONFIG: input.configPath,
    LOG_FORMAT: 'json',
    ...(input.cpuProfileDir ? { NODE_OPTIONS: profilerOption(input.cpuProfileDir, input.tempDir) } : {}),
  });
  return env;
}
