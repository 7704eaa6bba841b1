import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TZDate } from '@date-fns/tz';
import type { Job } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { fireTimer } from '../../src/app/fire-timer.js';
import { openDecision } from '../../src/app/open-decision.js';
import { type RunningBot, startBot } from '../../src/compose.js';
import type { Config } from '../../src/config.js';
import type { CalendarSpec, SlaPolicy } from '../../src/domain/project.js';
import { redisConnection } from '../../src/jobs/connection.js';
import type { TimerJob } from '../../src/jobs/names.js';
import { createQueues, type JobQueues } from '../../src/jobs/workers.js';
import { deleteKeys } from '../e2e/harness.js';
import { sampleProject, sampleRequest } from '../support/sample-project.js';
import { manualClock } from './support/rig.js';

/**
 * Business-time escalation with fixed instants: the real composition root (`startBot`, API only: no web, no
 * workers) with an injected clock; the test reads the BullMQ jobs' due instants instead of waiting for them.
 */
const ZONE = 'Asia/Jakarta';
const local = (y: number, m: number, d: number, h: number, min: number) =>
  new TZDate(y, m - 1, d, h, min, ZONE).getTime();
const FRIDAY_1630 = local(2026, 11, 6, 16, 30);

const d = (amount: number, unit: 'h' | 'd') => ({ amount, unit });
const ladder = { spoc: d(4, 'h'), sponsor: d(1, 'd'), committee: d(2, 'd') };
const SLA: SlaPolicy = { low: ladder, normal: ladder, high: ladder, critical: ladder };

describe('escalation instants on a business calendar (09:00–17:00, Mon–Fri, Asia/Jakarta)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function boot(holidays: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'decide-cal-'));
    const calendar: CalendarSpec = {
      timezone: ZONE,
      businessHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      holidays,
    };
    const config: Config = {
      slack: {
        botToken: 'xoxb-unused',
        signingSecret: 'unused',
        apiUrl: 'http://127.0.0.1:9/api/',
        mode: 'http',
      },
      port: 0,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      queuePrefix: `cal${process.pid}x${Math.random().toString(36).slice(2, 8)}`,
      databasePath: join(dir, 'decide.db'),
      configPath: join(dir, 'decide.config.yml'),
      logLevel: 'warn',
      calendar,
      projects: [sampleProject({ sla: SLA, reminders: [0.5] })],
    };
    const clock = manualClock(FRIDAY_1630);
    const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const bot: RunningBot = await startBot(config, { web: false, workers: false, logger: silent, clock });
    const redis = redisConnection(config.redisUrl, 'decide-bot-test');
    const queues: JobQueues = createQueues(redis, config.queuePrefix);
    cleanups.push(async () => {
      await bot.stop();
      await queues.close();
      redis.disconnect();
      await deleteKeys(config.redisUrl, config.queuePrefix);
      rmSync(dir, { recursive: true, force: true });
    });
    const jobs = async () => {
      const all = (await queues.timers.getJobs(['delayed', 'waiting'])) as Job<TimerJob>[];
      return new Map(all.map((j) => [j.id ?? '', j]));
    };
    return { bot, clock, jobs };
  }

  it('a request opened Friday 16:30 with 4 h of business time escalates Monday 12:30', async () => {
    const { bot, clock, jobs } = await boot([]);
    const opened = await openDecision(bot.deps, sampleRequest());
    if (opened.ok !== true) throw new Error('not opened');
    const id = opened.decision.id;
    expect((await bot.deps.decisions.get(id))?.dueAt).toBe(local(2026, 11, 9, 12, 30));
    // The decision's job wakes for its first timer, the reminder at half the SLA (2 h): 30 min on Friday,
    // 1 h 30 on Monday; due in 66 hours of wall time (Friday 16:30 to Monday 10:30), as BullMQ's delay.
    const reminder = (await jobs()).get(`timer-${id}`);
    expect(reminder?.data.at).toBe(local(2026, 11, 9, 10, 30));
    expect(reminder?.opts.delay).toBe(66 * 3_600_000);

    // Monday 12:30 the escalation applies; the sponsor's day (8 h) runs to Tuesday 12:30.
    clock.set(local(2026, 11, 9, 12, 29));
    const early = await fireTimer(bot.deps, { decisionId: id, kind: 'escalate', level: 'spoc' });
    expect('ok' in early && !early.ok && early.refusal.code).toBe('not_due');
    clock.set(local(2026, 11, 9, 12, 30));
    const fired = await fireTimer(bot.deps, { decisionId: id, kind: 'escalate', level: 'spoc' });
    expect('ok' in fired && fired.ok).toBe(true);
    expect((await bot.deps.decisions.get(id))?.dueAt).toBe(local(2026, 11, 10, 12, 30));
    // The sponsor's reminder, half its day in: Monday 16:30.
    const next = (await jobs()).get(`timer-${id}`);
    expect(next?.data.at).toBe(local(2026, 11, 9, 16, 30));
    expect(next?.opts.delay).toBe(4 * 3_600_000);
  });

  it('skips holidays: with Monday a holiday it escalates Tuesday 12:30', async () => {
    const { bot, jobs } = await boot(['2026-11-09']);
    const opened = await openDecision(bot.deps, sampleRequest());
    if (opened.ok !== true) throw new Error('not opened');
    expect((await bot.deps.decisions.get(opened.decision.id))?.dueAt).toBe(local(2026, 11, 10, 12, 30));
    const reminder = (await jobs()).get(`timer-${opened.decision.id}`);
    expect(reminder?.data.at).toBe(local(2026, 11, 10, 10, 30));
    expect(reminder?.opts.delay).toBe((66 + 24) * 3_600_000);
  });

  it('a request opened on Saturday starts counting Monday 09:00', async () => {
    const { bot, clock, jobs } = await boot([]);
    clock.set(local(2026, 11, 7, 11, 0));
    const opened = await openDecision(bot.deps, sampleRequest());
    if (opened.ok !== true) throw new Error('not opened');
    expect((await bot.deps.decisions.get(opened.decision.id))?.dueAt).toBe(local(2026, 11, 9, 13, 0));
    // The reminder, 2 h of business time in.
    expect((await jobs()).get(`timer-${opened.decision.id}`)?.data.at).toBe(local(2026, 11, 9, 11, 0));
  });
});
