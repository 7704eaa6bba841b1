import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { SlackDriver, type StoredMessage } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { type EmptyPostgres, emptyPostgres } from '../support/postgres.js';
import { ask, until } from './flow.js';
import { deleteKeys, type Harness, SIGNING_SECRET, startWorld, type World } from './harness.js';
import { type BotProcess, startBotProcess } from './support/bot-process-control.js';
import { secondsLadder, sleep, timerJobs, wordsOf } from './support/inspect.js';
import { SlackGate } from './support/slack-gate.js';

/**
 * Scale-out: two `--web-only` and two `--worker-only` processes (the real `startBot`, each a process of its own)
 * on one PostgreSQL database and one Redis prefix, against one Slack stand-in. Slack's requests go round-robin
 * to the web processes (no sticky sessions); one decision is clicked from both web processes at the same
 * instant; a worker is SIGKILLed while its escalation message is on its way to Slack. Afterwards, from the
 * database, Redis and the stand-in: one outcome per decision, every message delivered once, no timer lost.
 */
describe('two web and two worker processes on PostgreSQL and Redis', () => {
  let pg: EmptyPostgres;
  let world: World;
  let dir: string;
  let sql: Client;
  const webs: BotProcess[] = [];
  const workers: (BotProcess | undefined)[] = [];
  const gates: SlackGate[] = [];
  let h: Harness;
  let byWeb: SlackDriver[];

  beforeAll(async () => {
    pg = await emptyPostgres();
    world = await startWorld({
      // Critical requests escalate after 2 s (the SIGKILL test); the others wait 10 minutes.
      project: (p) => ({
        sponsors: [p.sponsor, p.cfo],
        sla: { ...secondsLadder(600, 600, 600), critical: secondsLadder(2, 600, 600).critical },
        reminders: [],
      }),
    });
    dir = mkdtempSync(join(tmpdir(), 'decide-scale-'));
    const config: Config = { ...world.config, databaseUrl: pg.url, databasePool: 4 };
    // The two web processes start together: migrations, the project rows and the people cache once.
    webs.push(
      ...(await Promise.all(
        [0, 1].map((i) => startBotProcess(config, { web: true, workers: false }, join(dir, `web-${i}.json`))),
      )),
    );
    // Each worker talks to Slack through a gate of its own, so the test knows which one holds a message.
    for (const _ of [0, 1]) gates.push(await SlackGate.start(world.fake.apiUrl));
    workers.push(
      ...(await Promise.all(
        [0, 1].map((i) =>
          startBotProcess(
            { ...config, slack: { ...config.slack, apiUrl: gates[i]?.apiUrl ?? '' } },
            { web: false, workers: true, reconcileEveryMs: 2000, jobLockMs: 1000 },
            workerSettings(i),
          ),
        ),
      )),
    );
    const urls = webs.map((w) => `http://127.0.0.1:${w.port}/slack/events`);
    const driver = new SlackDriver({ fake: world.fake, url: urls, signingSecret: SIGNING_SECRET });
    byWeb = urls.map((url) => new SlackDriver({ fake: world.fake, url, signingSecret: SIGNING_SECRET }));
    h = { ...world, driver, logs: [] } as unknown as Harness;
    sql = new Client({ connectionString: pg.url });
    await sql.connect();
  }, 60_000);

  afterAll(async () => {
    await sql?.end();
    await Promise.all([...webs, ...workers].map((p) => p?.kill('SIGTERM')));
    await Promise.all(gates.map((g) => g.close()));
    await world?.fake.close();
    if (world) await deleteKeys(world.config.redisUrl, world.queuePrefix);
    if (dir) rmSync(dir, { recursive: true, force: true });
    await pg?.drop();
  });

  const rows = async <T>(text: string, values: unknown[] = []) => (await sql.query(text, values)).rows as T[];
  const decisionIds = async () =>
    (await rows<{ id: string }>('SELECT id FROM decisions ORDER BY opened_at, id')).map((r) => r.id);
  const events = async (id: string) =>
    (
      await rows<{ type: string }>('SELECT type FROM decision_events WHERE decision_id = $1 ORDER BY seq', [
        id,
      ])
    ).map((r) => r.type);
  const pendingDeliveries = async () =>
    Number((await rows<{ n: string }>("SELECT count(*) AS n FROM deliveries WHERE status <> 'sent'"))[0]?.n);
  const mentions = (text: string) => (m: StoredMessage) => wordsOf(m).includes(text);
  const decisionOf = async (question: string) =>
    (await rows<{ id: string }>('SELECT id FROM decisions WHERE question = $1', [question]))[0]?.id ?? '';
  const workerSettings = (i: number) => join(dir, `worker-${i}.json`);

  it('requests round-robin across the web processes are each recorded, routed and delivered once', async () => {
    const questions = [1, 2, 3, 4, 5, 6].map((i) => `Scale ${i}: approve change request CR-${100 + i}?`);
    for (const question of questions) await ask(h, { question });
    // Both web processes took requests.
    expect(new Set(h.driver.acks.map((a) => a.url)).size).toBe(2);
    await until(h, async () => (await decisionIds()).length === questions.length, 10_000);
    await until(h, async () => (await pendingDeliveries()) === 0, 15_000);
    for (const question of questions) {
      expect(world.fake.dmsTo(world.people.spoc).filter(mentions(question))).toHaveLength(1);
      expect(world.fake.dmsTo(world.people.member).filter(mentions(question))).toHaveLength(1);
    }
  });

  it('one decision clicked from both web processes at the same instant: one outcome, the other told', async () => {
    const question = 'Scale race: switch the payroll run to Friday?';
    await ask(h, { question });
    const dm = await until(h, () => world.fake.dmsTo(world.people.spoc).find(mentions(question)), 10_000);
    const [a, b] = byWeb;
    if (!a || !b) throw new Error('two web drivers');
    const [one, two] = await Promise.all([
      a.clickButton(world.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm }),
      b.clickButton(world.people.spoc, { actionId: `${ACTION.optionPrefix}1`, in: dm }),
    ]);
    expect([one.status, two.status]).toEqual([200, 200]);
    const id = await decisionOf(question);
    await until(h, async () => (await events(id)).includes('decided'), 10_000);
    await until(h, async () => (await pendingDeliveries()) === 0, 15_000);
    await sleep(300);
    expect(await events(id)).toEqual(['opened', 'decided']);
    // The click that lost was refused, privately (in the SPoC's DM), by whichever process took it.
    const told = world.fake
      .dmsTo(world.people.spoc)
      .filter((m) => (m.text ?? '').includes('already decided'));
    expect(told).toHaveLength(1);
    expect(world.fake.dmsTo(world.people.member).filter(mentions(question))).toHaveLength(1);
  });

  it('a worker SIGKILLed while its escalation message is on its way: the other worker sends it, once', async () => {
    const question = 'Scale crash: stop the old invoicing module tonight?';
    const toSponsor = (c: { method: string; args: Record<string, string> }) =>
      c.method === 'chat.postMessage' && c.args.channel === world.people.sponsor;
    for (const gate of gates) gate.hold(toSponsor);
    await ask(h, { question, impact: 'critical' });
    const id = await until(h, async () => (await decisionOf(question)) || undefined, 10_000);
    // The escalation committed; its request to the sponsor is held on its way to Slack by one worker.
    const holder = await until(h, () => gates.findIndex((g) => g.held.length > 0) + 1 || undefined, 15_000);
    const i = holder - 1;
    expect(await events(id)).toEqual(['opened', 'escalated']);
    await workers[i]?.kill('SIGKILL');
    for (const gate of gates) {
      gate.dropHeld();
      gate.open();
    }
    expect(world.fake.dmsTo(world.people.sponsor).filter(mentions(question))).toEqual([]);

    // The surviving worker takes the job over once the dead one's lock expires (1 s here).
    await until(h, () => world.fake.dmsTo(world.people.sponsor).some(mentions(question)), 20_000);
    await until(h, async () => (await pendingDeliveries()) === 0, 20_000);
    await sleep(500);
    expect(await events(id)).toEqual(['opened', 'escalated']);
    for (const person of [world.people.sponsor, world.people.cfo])
      expect(world.fake.dmsTo(person).filter(mentions(question))).toHaveLength(1);
    expect(world.fake.dmsTo(world.people.spoc).filter(mentions(question))).toHaveLength(1);

    // Back to two workers; nothing happens twice because of it.
    workers[i] = await startBotProcess(
      {
        ...world.config,
        databaseUrl: pg.url,
        databasePool: 4,
        slack: { ...world.config.slack, apiUrl: gates[i]?.apiUrl ?? '' },
      },
      { web: false, workers: true, reconcileEveryMs: 2000, jobLockMs: 1000 },
      workerSettings(i),
    );
    await sleep(2500); // a reconciler pass of each worker
    expect(await events(id)).toEqual(['opened', 'escalated']);
    expect(world.fake.dmsTo(world.people.sponsor).filter(mentions(question))).toHaveLength(1);
  });

  it('afterwards: one outcome at most per decision, every message sent once, a timer for every open decision', async () => {
    const all = await rows<{ id: string; status: string; version: number }>(
      'SELECT id, status, version FROM decisions ORDER BY id',
    );
    expect(all.length).toBe(8);
    const timers = await timerJobs(world);
    for (const d of all) {
      const types = await events(d.id);
      const outcomes = types.filter((t) => t === 'decided' || t === 'expired' || t === 'withdrawn');
      expect(outcomes.length, d.id).toBe(d.status === 'open' ? 0 : 1);
      expect(timers.has(`timer-${d.id}`), d.id).toBe(d.status === 'open');
    }
    const deliveries = await rows<{ status: string; n: string }>(
      'SELECT status, count(*) AS n FROM deliveries GROUP BY status',
    );
    expect(deliveries.map((r) => r.status)).toEqual(['sent']);
    // No request DM twice: each person got each question at most once.
    for (const person of Object.values(world.people)) {
      const seen = world.fake.dmsTo(person).map((m) => m.blocks?.[0]?.block_id ?? m.ts);
      expect(new Set(seen).size, person).toBe(seen.length);
    }
    world.fake.assertNoViolations();
  });
});
