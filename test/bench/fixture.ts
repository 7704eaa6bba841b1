import { join } from 'node:path';
import type { Logger } from '../../src/app/ports.js';
import type { Config } from '../../src/config.js';
import type { DecisionRequest } from '../../src/domain/decision.js';
import type { DurationSpec } from '../../src/domain/duration.js';
import type { DecisionLevel, Project } from '../../src/domain/project.js';
import type { FakeSlack } from '../../src/sandbox/index.js';

export const SIGNING_SECRET = 'bench-signing-secret';

export interface Roster {
  readonly spoc: string;
  readonly deputy: string;
  readonly sponsor: string;
  readonly cfo: string;
  readonly director: string;
  readonly keyUser: string;
}

/** The project's people in the stand-in's workspace. */
export function seedRoster(fake: FakeSlack): Roster {
  const ws = fake.workspace;
  return {
    spoc: ws.addUser({ name: 'sari.spoc' }),
    deputy: ws.addUser({ name: 'dedi.deputy' }),
    sponsor: ws.addUser({ name: 'budi.ceo' }),
    cfo: ws.addUser({ name: 'citra.cfo' }),
    director: ws.addUser({ name: 'paul.director' }),
    keyUser: ws.addUser({ name: 'kiki.inventory' }),
  };
}

/** The same SLA at every impact, per level. */
export function flatSla(perLevel: Record<DecisionLevel, DurationSpec>): Project['sla'] {
  return { low: perLevel, normal: perLevel, high: perLevel, critical: perLevel };
}

export function benchProject(input: {
  id: string;
  channel: string;
  roster: Roster;
  sla: Project['sla'];
  reminders: readonly number[];
}): Project {
  const { roster } = input;
  return {
    id: input.id,
    name: `Bench ${input.id}`,
    channel: input.channel,
    spoc: roster.spoc,
    deputy: roster.deputy,
    sponsors: [roster.sponsor],
    steeringCommittee: { members: [roster.sponsor, roster.cfo, roster.director], quorum: 2 },
    keyUsers: { inventory: [roster.keyUser] },
    authority: { spocMaxBudget: 5000 },
    sla: input.sla,
    reminders: input.reminders,
    digest: { cron: '0 9 * * MON' },
  };
}

/**
 * The bot's configuration for a benchmark: the stand-in, its own BullMQ prefix and SQLite file, or its own
 * PostgreSQL database when `databaseUrl` is given.
 */
export function benchConfig(input: {
  fake: FakeSlack;
  dir: string;
  redisUrl: string;
  queuePrefix: string;
  projects: Project[];
  databaseUrl?: string | undefined;
}): Config {
  return {
    slack: {
      botToken: input.fake.botToken,
      signingSecret: SIGNING_SECRET,
      apiUrl: input.fake.apiUrl,
      mode: 'http',
    },
    port: 0,
    redisUrl: input.redisUrl,
    queuePrefix: input.queuePrefix,
    databasePath: join(input.dir, 'decide.db'),
    ...(input.databaseUrl === undefined ? {} : { databaseUrl: input.databaseUrl }),
    configPath: join(input.dir, 'decide.config.yml'),
    logLevel: 'warn',
    calendar: { timezone: 'UTC', businessHours: 'always', holidays: [] },
    projects: input.projects,
  };
}

/** An approve/reject request held by the SPoC (no budget, no domain). */
export function benchRequest(projectId: string, requester: string, question: string): DecisionRequest {
  return {
    projectId,
    requester,
    question,
    context: '',
    options: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
    impact: 'normal',
  };
}

/** Keeps the bot's warnings and errors (counted by message) instead of printing them mid-table. */
export class CountingLogger implements Logger {
  readonly counts = { warn: 0, error: 0 };
  /** `level message (error)` → how many times. */
  readonly byMessage = new Map<string, number>();

  debug(): void {}
  info(): void {}
  warn(message: string, details?: Record<string, unknown>): void {
    this.counts.warn += 1;
    this.keep('warn', message, details);
  }
  error(message: string, details?: Record<string, unknown>): void {
    this.counts.error += 1;
    this.keep('error', message, details);
  }

  /** The most frequent messages, e.g. `784 x warn "decision saved…" (Redis did not answer within 2000 ms)`. */
  summary(limit = 3): string[] {
    return [...this.byMessage]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([line, n]) => `${n} x ${line}`);
  }

  private keep(level: string, message: string, details?: Record<string, unknown>): void {
    const error = details?.error;
    const key = `${level} "${message}"${error === undefined ? '' : ` (${String(error)})`}`;
    this.byMessage.set(key, (this.byMessage.get(key) ?? 0) + 1);
  }
}
