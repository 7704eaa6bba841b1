import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { startBot } from '../../src/compose.js';
import { QUEUE } from '../../src/jobs/names.js';
import { openRequest, option, optionButtons, settled, threadReplies } from './decision-flow.js';
import { buttonsOf, until } from './flow.js';
import { deleteKeys, type Harness, startHarness } from './harness.js';

describe('HTTP: health, signatures, retries', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });

  it('GET /healthz and /readyz answer 200 {status: ok} with the database and Redis checked; /livez 200', async () => {
    h = await startHarness();
    const res = await fetch(`http://127.0.0.1:${h.bot.port}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(await res.json()).toEqual({ status: 'ok', checks: { database: 'ok', redis: 'ok' } });
    // The orchestrator's probes: ready (the same checks) and alive.
    const ready = await fetch(`http://127.0.0.1:${h.bot.port}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([
      200,
      { status: 'ok', checks: { database: 'ok', redis: 'ok' } },
    ]);
    const live = await fetch(`http://127.0.0.1:${h.bot.port}/livez`);
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ status: 'ok' });
    h.fake.assertNoViolations();
  });

  it('answers Slack’s URL verification with the challenge', async () => {
    h = await startHarness();
    const ack = await h.driver.urlVerification('decide-bot-challenge');
    expect(ack.status).toBe(200);
    expect(JSON.stringify(ack.body)).toContain('decide-bot-challenge');
    h.fake.assertNoViolations();
  });

  it('a request with a bad, stale, far-future or missing signature is refused with 401 and does nothing', async () => {
    h = await startHarness();
    const r = await openRequest(h);
    const click = await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
    await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');
    await settled(h);
    const messages = h.fake.calls().length;
    for (const signature of ['invalid', 'stale', 'future', 'missing'] as const) {
      const [ack] = await h.driver.replay(click, { signature });
      expect(ack?.status, signature).toBe(401);
    }
    const forms = await h.driver.replay(
      h.driver.acks.find((a) => a.request.kind === 'view_submission') ?? click,
      { signature: 'invalid' },
    );
    expect(forms[0]?.status).toBe(401);
    // Nothing was done for them: no Web API call, no second request, nobody told "too late".
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.fake.calls().length).toBe(messages);
    expect(await h.bot.deps.decisions.listActive()).toEqual([]);
    h.fake.assertNoViolations();
  });

  it('an Events API retry (X-Slack-Retry-Num) is acknowledged and duplicates nothing', async () => {
    h = await startHarness();
    await openRequest(h);
    await settled(h); // the homes the request concerns are published too
    const published = h.fake.calls('views.publish').length;
    const opened = await h.driver.appHomeOpened(h.people.spoc);
    await until(h, () => h.fake.calls('views.publish').length === published + 1);
    const posted = h.fake.calls('chat.postMessage').length;
    const home = h.fake.homeView(h.people.spoc);
    const texts = () =>
      JSON.stringify((h.fake.homeView(h.people.spoc)?.blocks ?? []).slice(0, 3).map((b) => b.text));
    const waiting = texts();
    expect(waiting).toContain('Use FIFO costing');
    const retries = [
      await h.driver.redeliver(opened, { retryNum: 1, reason: 'http_timeout' }),
      await h.driver.redeliver(opened, { retryNum: 2, reason: 'http_error' }),
    ];
    expect(retries.map((a) => a.status)).toEqual([200, 200]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.calls('chat.postMessage')).toHaveLength(posted);
    expect(h.fake.homeView(h.people.spoc)?.id).toBe(home?.id);
    // At most republished (a home view is idempotent), never a second entry.
    expect(texts()).toBe(waiting);
    expect(h.fake.calls('views.publish').length).toBeLessThanOrEqual(published + 3);
    expect(await h.bot.deps.decisions.listActive()).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});

describe('graceful shutdown', () => {
  it('lets the delivery in flight finish and keeps the rest in the outbox for the next start', async () => {
    // One delivery at a time, so that exactly one is in flight when it stops (the others wait in the outbox).
    const h = await startHarness({ deliveryConcurrency: 1 });
    const stopAll: (() => Promise<unknown>)[] = [];
    try {
      const r = await openRequest(h);
      h.fake.faults.inject('chat.postMessage', { kind: 'latency', ms: 600, times: 1 });
      await h.driver.clickButton(h.people.spoc, { actionId: option(0), in: r.dm });
      await until(h, async () => (await h.bot.deps.decisions.get(r.id))?.status === 'decided');

      // Wait until the outcome's thread reply is being sent (its chat.postMessage is held by the latency)…
      const queue = new Queue(QUEUE.deliveries, {
        connection: { url: h.config.redisUrl },
        prefix: h.config.queuePrefix,
      });
      stopAll.push(() => queue.close());
      const deadline = Date.now() + 3000;
      while ((await queue.getActiveCount()) === 0 && Date.now() < deadline) await sleep(5);
      expect(await queue.getActiveCount()).toBe(1);
      expect(threadReplies(h, r.id)).toEqual([]);

      // …then stop: it still lands.
      await h.bot.stop();
      const replies = () =>
        h.fake.messagesIn(h.channel).filter((m) => m.thread_ts === r.head.ts && m.ts !== r.head.ts);
      expect(replies()).toHaveLength(1);
      expect(replies()[0]?.text).toContain('Approve');
      const statuses = outboxStatuses(h.config.databasePath, r.id);
      expect(statuses.find((s) => s.kind === 'thread_reply')?.status).toBe('sent');
      // Whatever the stopped worker did not take is still pending, nothing failed.
      expect(statuses.every((s) => s.status !== 'failed')).toBe(true);
      expect(statuses.filter((s) => s.status === 'pending').map((s) => s.kind)).toEqual(['refresh']);

      // The next start delivers it: the SPoC's copy loses its buttons.
      const next = await startBot(h.config, {
        web: false,
        workers: true,
        logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      });
      stopAll.unshift(() => next.stop());
      await until(h, async () => (await next.deps.outbox.pending()).length === 0);
      expect(optionButtons(h, h.fake.workspace.message(r.dm.channel, r.dm.ts))).toEqual([]);
      expect(buttonsOf(h, h.fake.workspace.message(r.head.channel, r.head.ts))).toEqual([]);
      expect(outboxStatuses(h.config.databasePath, r.id).every((s) => s.status === 'sent')).toBe(true);
      h.fake.assertNoViolations();
    } finally {
      for (const stop of stopAll) await stop().catch(() => undefined);
      await h.fake.close();
      await deleteKeys(h.config.redisUrl, h.config.queuePrefix);
      rmSync(dirname(h.config.databasePath), { recursive: true, force: true });
    }
  });
});

describe('graceful shutdown of the web part', () => {
  it('waits for the work of a request already acknowledged (Bolt runs listeners after the ack)', async () => {
    const h = await startHarness();
    try {
      // The /decide listener acks, then calls views.open: hold that call, stop meanwhile.
      h.fake.faults.inject('views.open', { kind: 'latency', ms: 500, times: 1 });
      const ack = await h.driver.slashCommand({
        user: h.people.member,
        channel: h.channel,
        command: '/decide',
      });
      expect(ack.status).toBe(200);
      expect(h.fake.openView(h.people.member)).toBeUndefined();
      await h.bot.stop();
      expect(h.fake.openView(h.people.member)).toBeDefined();
      h.fake.assertNoViolations();
    } finally {
      await h.fake.close();
      await deleteKeys(h.config.redisUrl, h.config.queuePrefix);
      rmSync(dirname(h.config.databasePath), { recursive: true, force: true });
    }
  });
});

function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function outboxStatuses(path: string, decisionId: string): { kind: string; status: string }[] {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    return db
      .prepare('SELECT kind, status FROM deliveries WHERE decision_id = ? ORDER BY id')
      .all(decisionId) as { kind: string; status: string }[];
  } finally {
    db.close();
  }
}
