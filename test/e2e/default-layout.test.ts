import { getPriority } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.js';
import { ask, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { decisionIds, decisionOf, deliveriesOf, sleep, wordsOf } from './support/inspect.js';

/**
 * The default production layout (`npm start` with Slack credentials): this process serves Slack and acks; a
 * worker child process at a lower CPU priority records each request's follow-up, sends the messages and fires
 * the timers, and is restarted after a crash.
 */
describe('the default layout: web process and worker child', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ split: true });
    await h.layout?.workersReady();
  }, 30_000);
  afterAll(async () => h?.stop());

  const layout = () => {
    if (!h.layout) throw new Error('no split layout');
    return h.layout;
  };

  it('runs the workers in a child process 10 nice levels below this one', () => {
    const pid = layout().workerPid();
    expect(pid).toBeGreaterThan(0);
    expect(pid).not.toBe(process.pid);
    expect(getPriority(pid)).toBe(Math.min(19, getPriority() + 10));
  });

  it('a request acked by the web process is recorded and delivered by the worker child; a click closes it', async () => {
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 10_000);
    const request = await until(h, () =>
      h.fake.dmsTo(h.people.spoc).find((m) => wordsOf(m).includes('FIFO')),
    );
    await h.driver.clickButton(h.people.spoc, { actionId: `${ACTION.optionPrefix}0`, in: request });
    await until(h, async () => (await decisionOf(h, id)).status === 'decided');
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 10_000);
  });

  it('a submission acked while the worker child is down is recorded by the next one, once', async () => {
    const before = layout().workerPid();
    process.kill(before ?? 0, 'SIGKILL');
    await until(h, () => layout().workerPid() === undefined);
    // Acked at once by the web process; its follow-up waits for the restarted child.
    await ask(h, { question: 'Approve the new stock valuation?' });
    const id = await until(
      h,
      async () => {
        for (const d of decisionIds(h)) if ((await decisionOf(h, d)).question.includes('valuation')) return d;
        return undefined;
      },
      15_000,
    );
    expect(layout().workerPid()).not.toBe(before);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 15_000);
    expect(
      (await Promise.all(decisionIds(h).map((d) => decisionOf(h, d)))).filter((d) =>
        d.question.includes('valuation'),
      ),
    ).toHaveLength(1);
    expect(h.logs.some((l) => l.startsWith('error the worker process stopped; restarting it'))).toBe(true);
  }, 30_000);

  it('stopping the layout stops the worker child too', async () => {
    const pid = layout().workerPid();
    await h.stop();
    await sleep(100);
    expect(() => process.kill(pid ?? 0, 0)).toThrow();
    h = undefined as unknown as Harness;
  });
});
