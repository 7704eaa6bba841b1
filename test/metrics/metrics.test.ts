import { afterEach, describe, expect, it } from 'vitest';
import { type RunningBot, startBot } from '../../src/compose.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, lastMessage, until } from '../e2e/flow.js';
import { type Harness, startHarness } from '../e2e/harness.js';
import { secondsLadder } from '../e2e/support/inspect.js';

/** The samples of a Prometheus text exposition: `name{labels}` → value. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

async function scrape(port: number | undefined): Promise<{ type: string; samples: Map<string, number> }> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  return { type: res.headers.get('content-type') ?? '', samples: parse(await res.text()) };
}

const silent = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('GET /metrics', () => {
  let h: Harness | undefined;
  let worker: RunningBot | undefined;
  afterEach(async () => {
    await worker?.stop();
    await h?.stop();
    [h, worker] = [undefined, undefined];
  });

  it('counts a decision opened and decided, from the database, beside queue depth and process metrics', async () => {
    h = await startHarness();
    const project = h.project.id;
    const before = await scrape(h.bot.port);
    expect(before.type).toContain('text/plain');
    expect(before.samples.get(`decide_decisions_opened_total{project="${project}"}`)).toBe(0);

    await ask(h);
    const harness = h;
    const dm = await until(h, () => lastMessage(harness, harness.people.spoc, 'FIFO'));
    const opened = (await scrape(h.bot.port)).samples;
    expect(opened.get(`decide_decisions_opened_total{project="${project}"}`)).toBe(1);
    expect(opened.get(`decide_open_decisions{project="${project}",level="spoc"}`)).toBe(1);

    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: dm });
    await until(h, async () => (await h?.bot.deps.decisions.listActive())?.length === 0);
    const { samples } = await scrape(h.bot.port);
    expect(samples.get(`decide_decisions_opened_total{project="${project}"}`)).toBe(1);
    expect(samples.get(`decide_decisions_closed_total{project="${project}",outcome="decided"}`)).toBe(1);
    expect(samples.get(`decide_decisions_closed_total{project="${project}",outcome="withdrawn"}`)).toBe(0);
    expect(
      samples.get(
        `decide_decision_time_to_outcome_business_seconds_count{project="${project}",outcome="decided"}`,
      ),
    ).toBe(1);
    expect(samples.get(`decide_open_decisions{project="${project}",level="spoc"}`)).toBe(0);
    expect(samples.get(`decide_escalations_total{project="${project}",level="sponsor"}`)).toBe(0);
    for (const queue of ['deliveries', 'timers', 'maintenance']) {
      expect(samples.get(`decide_queue_depth{queue="${queue}"}`)).toBeGreaterThanOrEqual(0);
    }
    expect(samples.get('decide_outbox_deliveries{status="failed"}')).toBe(0);
    expect(samples.has('process_cpu_user_seconds_total')).toBe(true);
    expect(samples.has('nodejs_heap_size_used_bytes')).toBe(true);
    h.fake.assertNoViolations();

    // A second process on the same database (a worker) reports the same totals: they come from the event log.
    worker = await startBot(h.config, { web: false, workers: true, logger: silent, host: '127.0.0.1' });
    expect(worker.port).toBeUndefined();
    const fromWorker = (await scrape(worker.metricsPort)).samples;
    expect(fromWorker.get(`decide_decisions_opened_total{project="${project}"}`)).toBe(1);
    expect(fromWorker.get(`decide_decisions_closed_total{project="${project}",outcome="decided"}`)).toBe(1);
    expect(fromWorker.has('decide_timer_lateness_seconds_count{kind="escalate"}')).toBe(false);
  });

  it('an escalation timer: counted by the level it reached, and how late it fired', async () => {
    h = await startHarness({ project: () => ({ sla: secondsLadder(1, 600, 600), reminders: [] }) });
    const project = h.project.id;
    await ask(h);
    await until(h, async () => (await h?.bot.deps.decisions.listActive())?.[0]?.level === 'sponsor', 5000);
    const { samples } = await scrape(h.bot.port);
    expect(samples.get(`decide_escalations_total{project="${project}",level="sponsor"}`)).toBe(1);
    expect(samples.get(`decide_escalations_total{project="${project}",level="committee"}`)).toBe(0);
    expect(samples.get(`decide_open_decisions{project="${project}",level="sponsor"}`)).toBe(1);
    expect(samples.get('decide_timer_lateness_seconds_count{kind="escalate"}')).toBe(1);
    // Fired within a few seconds of its due instant (the +Inf bucket holds every observation).
    expect(samples.get('decide_timer_lateness_seconds_bucket{le="5",kind="escalate"}')).toBe(1);
  });

  it('a workers-only process serves /metrics and its probes (/healthz, /readyz, /livez) on its port, nothing else', async () => {
    h = await startHarness({ workers: false });
    worker = await startBot(h.config, { web: false, workers: true, logger: silent, host: '127.0.0.1' });
    expect(worker.metricsPort).toBeGreaterThan(0);
    expect(worker.metricsPort).not.toBe(h.bot.port);
    const { type, samples } = await scrape(worker.metricsPort);
    expect(type).toContain('text/plain');
    expect(samples.get(`decide_decisions_opened_total{project="${h.project.id}"}`)).toBe(0);
    expect(samples.has('decide_queue_depth{queue="timers"}')).toBe(true);
    const health = await fetch(`http://127.0.0.1:${worker.metricsPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    for (const probe of ['/readyz', '/livez'])
      expect((await fetch(`http://127.0.0.1:${worker.metricsPort}${probe}`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${worker.metricsPort}/slack/events`)).status).toBe(404);
  });
});
