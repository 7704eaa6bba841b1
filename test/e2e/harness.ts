import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from '../../src/app/ports.js';
import { type RunningBot, startBot } from '../../src/compose.js';
import type { Config, EmailRef } from '../../src/config.js';
import type { CalendarSpec, Project } from '../../src/domain/project.js';
import type { RetentionPolicy } from '../../src/domain/retention.js';
import { type RunningLayout, startSplitBot } from '../../src/layout.js';
import { type FakeSlack, SlackDriver, startFakeSlack, type UserInit } from '../../src/sandbox/index.js';
import { recordOutput } from '../support/suite-output.js';

export const SIGNING_SECRET = 'e2e-signing-secret';

export interface People {
  readonly spoc: string;
  readonly deputy: string;
  readonly sponsor: string;
  readonly cfo: string;
  readonly pmDirector: string;
  readonly keyUser: string;
  readonly member: string;
  readonly outsider: string;
}

export interface Harness {
  readonly fake: FakeSlack;
  readonly driver: SlackDriver;
  readonly bot: RunningBot;
  /** With `split`: the layout, whose worker child can be looked at (and killed). */
  readonly layout?: RunningLayout;
  readonly people: People;
  readonly channel: string;
  /** A channel that belongs to no project. */
  readonly otherChannel: string;
  readonly project: Project;
  readonly config: Config;
  /** Log lines the bot wrote (info and above), for assertions. */
  readonly logs: string[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** Changes to the project (SLA, authority…); people are filled in by the harness. */
  readonly project?: (people: People, channel: string) => Partial<Project>;
  readonly calendar?: CalendarSpec;
  readonly workers?: boolean;
  readonly reconcileEveryMs?: number;
  /**
   * Deliveries sent at once (default the bot's). 1 for a test that checks the exact sequence of Slack calls,
   * which deliveries sent side by side interleave.
   */
  readonly deliveryConcurrency?: number;
  /**
   * The default production layout (`startSplitBot`): the web part in this process, the workers in a child
   * process (under tsx), which is what `npm start` runs with Slack credentials. Ignores `workers`.
   */
  readonly split?: boolean;
  /** The slash command's name (`SLASH_COMMAND`); default `/decide`. */
  readonly command?: string;
  /**
   * Socket Mode instead of HTTP: the bot gets the stand-in's app-level token (as SLACK_APP_TOKEN would give it)
   * and connects to the stand-in's WebSocket; the driver sends envelopes over that link.
   */
  readonly socketMode?: boolean;
  /**
   * People the project names by email address (set in `project` as the address), as the project file would
   * note them; the harness's people have addresses `<name>@majuco.co.id` (e.g. budi.ceo@majuco.co.id).
   */
  readonly emails?: readonly EmailRef[];
  /** PostgreSQL instead of the SQLite file (DATABASE_URL): the caller creates and drops the database. */
  readonly databaseUrl?: string;
  /** `retention:` of the project file (the daily job is scheduled only with it). */
  readonly retention?: RetentionPolicy;
  /**
   * More people in the workspace (fixed IDs, so `project` can name them), members of the project channel unless
   * `inChannel` is false; a `team` makes one a Slack Connect guest of another workspace.
   */
  readonly extraUsers?: readonly (UserInit & { readonly id: string; readonly inChannel?: boolean })[];
}

/** The email address of a harness person in the stand-in's workspace. */
export const emailOf = (name: string): string => `${name}@majuco.co.id`;

const d = (amount: number, unit: 's' | 'm' | 'h' | 'd') => ({ amount, unit });

/** What a bot runs against: the stand-in with its seeded workspace, one project, and a config for them. */
export interface World {
  readonly fake: FakeSlack;
  readonly people: People;
  readonly channel: string;
  readonly otherChannel: string;
  readonly project: Project;
  readonly config: Config;
  /** A temporary folder of the world's own (the SQLite file, settings of child processes). */
  readonly dir: string;
  readonly queuePrefix: string;
}

/**
 * The stand-in, seeded with the harness's people and channels, one project and the bot's config for them (a
 * SQLite file in a fresh folder, a Redis prefix of its own); no bot yet. The harness starts one in this
 * process; the scale-out test starts several in processes of their own.
 */
export async function startWorld(options: HarnessOptions = {}): Promise<World> {
  const fake = await startFakeSlack();
  const ws = fake.workspace;
  const person = (name: string) => ws.addUser({ name, email: emailOf(name) });
  const people: People = {
    spoc: person('sari.spoc'),
    deputy: person('dedi.deputy'),
    sponsor: person('budi.ceo'),
    cfo: person('citra.cfo'),
    pmDirector: person('paul.director'),
    keyUser: person('kiki.inventory'),
    member: person('mira.consultant'),
    outsider: person('oscar.outsider'),
  };
  const everyone = Object.values(people);
  for (const extra of options.extraUsers ?? []) ws.addUser(extra);
  const joining = (options.extraUsers ?? []).filter((u) => u.inChannel !== false).map((u) => u.id);
  const channel = ws.addChannel({ name: 'odoo-rollout', members: [...everyone, ...joining] });
  const otherChannel = ws.addChannel({ name: 'random', members: everyone });
  const ladder = { spoc: d(1, 'h'), sponsor: d(1, 'h'), committee: d(2, 'h') };
  const project: Project = {
    id: 'odoo-rollout',
    name: 'Odoo rollout, PT Maju',
    channel,
    spoc: people.spoc,
    deputy: people.deputy,
    sponsors: [people.sponsor],
    steeringCommittee: { members: [people.sponsor, people.cfo, people.pmDirector], quorum: 2 },
    keyUsers: { inventory: [people.keyUser] },
    authority: { spocMaxBudget: 5000 },
    sla: { low: ladder, normal: ladder, high: ladder, critical: ladder },
    reminders: [0.5, 0.8],
    digest: { cron: '0 9 * * MON' },
    ...options.project?.(people, channel),
  };
  const dir = mkdtempSync(join(tmpdir(), 'decide-e2e-'));
  const queuePrefix = `e2e${process.pid}x${Math.random().toString(36).slice(2, 8)}`;
  const config: Config = {
    slack: {
      ...(options.socketMode
        ? { botToken: fake.botToken, appToken: fake.appToken, apiUrl: fake.apiUrl, mode: 'socket' as const }
        : {
            botToken: fake.botToken,
            signingSecret: SIGNING_SECRET,
            apiUrl: fake.apiUrl,
            mode: 'http' as const,
          }),
      command: options.command ?? '/decide',
    },
    port: 0,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix,
    databasePath: join(dir, 'decide.db'),
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl, databasePool: 4 } : {}),
    configPath: join(dir, 'decide.config.yml'),
    logLevel: 'warn',
    calendar: options.calendar ?? { timezone: 'UTC', businessHours: 'always', holidays: [] },
    projects: [project],
    ...(options.emails ? { emails: options.emails } : {}),
    ...(options.retention ? { retention: options.retention } : {}),
  };
  return { fake, people, channel, otherChannel, project, config, dir, queuePrefix };
}

/**
 * The real bot from src/ (real Bolt app over HTTP or Socket Mode, real SQLite file with the migrations, real Redis with a
 * prefix of its own) against the Slack stand-in, with a seeded workspace and one project.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const { fake, people, channel, otherChannel, project, config, dir, queuePrefix } =
    await startWorld(options);
  const logs: string[] = [];
  let layout: RunningLayout | undefined;
  let bot: RunningBot;
  try {
    layout = options.split
      ? await startSplitBot(config, { logger: captureLogger(logs), host: '127.0.0.1' })
      : undefined;
    bot =
      layout?.web ??
      (await startBot(config, {
        web: true,
        workers: options.workers ?? true,
        logger: captureLogger(logs),
        host: '127.0.0.1',
        reconcileEveryMs: options.reconcileEveryMs ?? 60_000,
        // Homes at once: the tests wait for an empty outbox, and the debounce has a test of its own.
        homeDebounceMs: 0,
        ...(options.deliveryConcurrency === undefined
          ? {}
          : { deliveryConcurrency: options.deliveryConcurrency }),
      }));
  } catch (error) {
    // A start-up that fails (a test of it) leaves nothing running behind.
    await fake.close();
    await deleteKeys(config.redisUrl, queuePrefix);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const driver = options.socketMode
    ? new SlackDriver({ fake, socketMode: true })
    : new SlackDriver({
        fake,
        url: `http://127.0.0.1:${bot.port}/slack/events`,
        signingSecret: SIGNING_SECRET,
      });
  return {
    fake,
    driver,
    bot,
    ...(layout ? { layout } : {}),
    people,
    channel,
    otherChannel,
    project,
    config,
    logs,
    stop: async () => {
      await (layout ?? bot).stop();
      await fake.close();
      await deleteKeys(config.redisUrl, queuePrefix);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function captureLogger(lines: string[]): Logger {
  const at =
    (level: string) =>
    (message: string, details?: Record<string, unknown>): void => {
      const line = `${level} ${message}${details ? ` ${JSON.stringify(details)}` : ''}`;
      lines.push(line);
      // Unscrubbed, as the bot wrote it: the secrets check sees whether the bot ever hands a secret to its logger.
      recordOutput(line);
    };
  return { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
}

/** Removes the test's BullMQ keys so the shared Redis stays clean. */
export async function deleteKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
