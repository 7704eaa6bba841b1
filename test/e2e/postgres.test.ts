import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/compose.js';
import { ACTION } from '../../src/slack/ids.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';
import { settled } from './decision-flow.js';
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

  it("PostgreSQL ends the bot's connections mid-run: requests keep working, nothing is lost or doubled", async () => {
    h = await startHarness({ databaseUrl: database.url });
    const harness = h;
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const terminate = async () =>
      admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()',
      );
    try {
      const questions = [1, 2, 3, 4].map((i) => `Pg restart ${i}: approve the data migration run?`);
      // Connections cut while the requests and their deliveries are under way, and again once all are in.
      const asked = questions.map((question, i) =>
        (async () => {
          await new Promise((r) => setTimeout(r, i * 150));
          await ask(harness, { question });
        })(),
      );
      await new Promise((r) => setTimeout(r, 200));
      expect((await terminate()).rowCount).toBeGreaterThan(0);
      await Promise.all(asked);
      expect((await terminate()).rowCount).toBeGreaterThan(0);
      for (const question of questions) {
        const dm = await until(h, () => lastMessage(harness, harness.people.spoc, question), 10_000);
        await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });
      }
      await until(h, async () => (await harness.bot.deps.decisions.listActive()).length === 0, 10_000);
      await settled(h, 10_000);
      // One request DM each (updated in place by the click), and one outcome each in the log.
      for (const question of questions)
        expect(h.fake.dmsTo(h.people.spoc).filter((m) => (m.text ?? '').includes(question))).toHaveLength(1);
      const closed = await admin.query<{ n: string }>(
        "SELECT count(*) AS n FROM decision_events WHERE type = 'decided'",
      );
      expect(Number(closed.rows[0]?.n)).toBe(questions.length);
      const ready = await fetch(`http://127.0.0.1:${h.bot.port}/readyz`);
      expect(ready.status).toBe(200);
      h.fake.assertNoViolations();
    } finally {
      await admin.end();
    }
  });
});
