import { afterEach, describe, expect, it } from 'vitest';
import { parseCli } from '../../src/cli.js';
import { type RunningBot, startBot } from '../../src/compose.js';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import {
  decisionIds,
  decisionOf,
  deliveriesOf,
  eventTypes,
  secondsLadder,
  sleep,
  threadReplies,
  timerJobs,
  wordsOf,
} from './support/inspect.js';

/**
 * `--web-only` and `--worker-only`: two `startBot` instances sharing one Redis prefix and one SQLite file. The
 * harness's bot serves Slack requests only (`web: true, workers: false`); a second one runs the workers only.
 */
describe('web and workers in separate instances', () => {
  let harness: Harness | undefined;
  let worker: RunningBot | undefined;
  afterEach(async () => {
    await worker?.stop();
    await harness?.stop();
    [harness, worker] = [undefined, undefined];
  });

  const fifo = (m: StoredMessage) => wordsOf(m).includes('FIFO');

  it('the command-line flags pick the halves', () => {
    expect(parseCli(['--web-only'])).toMatchObject({ web: true, workers: false });
    expect(parseCli(['--worker-only'])).toMatchObject({ web: false, workers: true });
    expect(parseCli([])).toMatchObject({ web: true, workers: true });
    expect(() => parseCli(['--web-only', '--worker-only'])).toThrow(/exclude each other/);
    expect(parseCli([])).toMatchObject({ oneProcess: false });
    expect(parseCli(['--one-process'])).toMatchObject({ web: true, workers: true, oneProcess: true });
    expect(() => parseCli(['--one-process', '--web-only'])).toThrow(/runs both parts/);
  });

  it('a request taken by the web instance is delivered, escalated and closed out by the worker instance', async () => {
    const h = await startHarness({
      workers: false,
      project: () => ({ sla: secondsLadder(2, 600, 600), reminders: [] }),
    });
    harness = h;
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    // The web instance records the messages and the timers but sends nothing itself.
    await sleep(400);
    expect(deliveriesOf(h, id).map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    expect(h.fake.calls('chat.postMessage')).toEqual([]);
    expect((await timerJobs(h)).has(`timer-${id}`)).toBe(true);

    const logs: string[] = [];
    const log = (level: string) => (message: string) => logs.push(`${level} ${message}`);
    worker = await startBot(h.config, {
      web: false,
      workers: true,
      logger: { debug: () => {}, info: () => {}, warn: log('warn'), error: log('error') },
      reconcileEveryMs: 60_000,
    });
    expect(worker.port).toBeUndefined();
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 5000);
    expect(h.fake.dmsTo(h.people.spoc).filter(fifo)).toHaveLength(1);

    // The escalation timer set by the web instance fires in the worker instance.
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 5000);
    const request = await until(h, () => h.fake.dmsTo(h.people.sponsor).find(fifo), 5000);
    await until(h, () => threadReplies(h).some((m) => wordsOf(m).includes('Moved to')));

    // The sponsor's click goes to the web instance; the worker instance announces the outcome.
    await h.driver.clickButton(h.people.sponsor, { actionId: `${ACTION.optionPrefix}0`, in: request });
    await until(h, async () => (await decisionOf(h, id)).status === 'decided');
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 5000);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated', 'decided']);
    expect(h.fake.dmsTo(h.people.sponsor).filter(fifo)).toHaveLength(1);
    expect(threadReplies(h).filter((m) => wordsOf(m).includes('Moved to'))).toHaveLength(1);
    expect(logs.filter((l) => l.startsWith('error'))).toEqual([]);
    h.fake.assertNoViolations();
  });
});
