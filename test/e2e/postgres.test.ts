import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/compose.js';
import { ACTION } from '../../src/slack/ids.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';
import { ask, buttonsOf, lastMessage, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The whole bot on PostgreSQL (DATABASE_URL): a web process and a worker process sharing one database. */
describe('the bot on PostgreSQL', () => {
  let database: EmptyPostgres;
  let h: Harness | undefined;
  let worker: RunningBot | undefined;
  beforeEach(async () => {
    database = await emptyPostgres();
  });
  afterEach(async () => {
    await worker?.stop();
    await h?.stop();
    await database.drop();
    [h, worker] = [undefined, undefined];
  });

  it('asks, decides and reports from either process, the database being the one truth', async () => {
    h = await startHarness({ databaseUrl: database.url, workers: false });
    const harness = h;
    worker = await startBot(h.config, { web: false, workers: true, logger: silent, host: '127.0.0.1' });
    const health = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(await health.json()).toMatchObject({ status: 'ok', checks: { database: 'ok' } });

    await ask(h);
    // The worker process delivers what the web process recorded.
    const dm = await until(h, () => lastMessage(harness, harness.people.spoc, 'FIFO'));
    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });
    await until(h, () => {
      const m = lastMessage(harness, harness.people.spoc, 'FIFO');
      return m !== undefined && buttonsOf(harness, m).length === 0;
    });
    expect(await worker.deps.decisions.listActive()).toEqual([]);
    const metrics = await (await fetch(`http://127.0.0.1:${worker.metricsPort}/metrics`)).text();
    expect(metrics).toContain(`decide_decisions_closed_total{project="${h.project.id}",outcome="decided"} 1`);
    h.fake.assertNoViolations();
  });
});
