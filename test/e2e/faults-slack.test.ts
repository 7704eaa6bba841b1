import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../src/sandbox/index.js';
import { ACTION } from '../../src/slack/ids.js';
import { ask, until } from './flow.js';
import { type Harness, type HarnessOptions, startHarness } from './harness.js';
import {
  decisionIds,
  decisionOf,
  deliveriesOf,
  eventTypes,
  secondsLadder,
  sleep,
  threadHeads,
  threadReplies,
  wordsOf,
} from './support/inspect.js';

/**
 * Slack as an unreliable peer: the stand-in answers HTTP 500 and 429 (Retry-After) for a while, or refuses a
 * recipient for good. Messages are recorded in SQLite first and delivered by BullMQ jobs with retries.
 */
describe('Slack failures', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.stop();
  });
  const start = (options: HarnessOptions) =>
    startHarness(options).then((started) => {
      h = started;
      return started;
    });

  const about = (needle: string) => (m: StoredMessage) => wordsOf(m).includes(needle);

  it('500s and 429s for a while: every message still arrives, exactly once, and Retry-After is honoured', async () => {
    // One delivery at a time: the exact sequence of answers below is that of messages sent one after another.
    await start({
      project: () => ({ sla: secondsLadder(60, 60, 60), reminders: [] }),
      deliveryConcurrency: 1,
    });
    h.fake.faults.inject('chat.postMessage', { kind: 'server_error', times: 3 });
    h.fake.faults.inject('chat.postMessage', { kind: 'rate_limited', retryAfterSec: 1, times: 2 });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    // Thread head in the channel, request to the SPoC, receipt to the requester: one each.
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 15_000);
    expect(h.fake.dmsTo(h.people.spoc).filter(about('FIFO'))).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.member).filter(about('FIFO'))).toHaveLength(1);
    expect(threadHeads(h).filter(about('FIFO'))).toHaveLength(1);

    const posts = h.fake.calls('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([500, 500, 500, 429, 429, 200, 200, 200]);
    // Each retry after a 429 waited for Retry-After (1 s), measured on the stand-in's clock, per message.
    const limited = posts.filter((c) => c.status === 429);
    for (const call of limited) {
      const retry = posts.find((c) => c.at > call.at && c.args.channel === call.args.channel);
      expect(retry).toBeDefined();
      expect((retry?.at ?? 0) - call.at).toBeGreaterThanOrEqual(1000);
    }
    const rows = deliveriesOf(h, id);
    expect(rows.map((d) => d.kind).sort()).toEqual(['decision_request', 'requester_receipt', 'thread_head']);
    expect(rows.reduce((n, d) => n + d.attempts, 0)).toBe(8);
    // Nothing sent twice after it settled.
    await sleep(500);
    expect(h.fake.calls('chat.postMessage')).toHaveLength(8);
    h.fake.assertNoViolations();
  });

  it('healthy Slack: one chat.postMessage per message, each marked with its delivery, and no look-up', async () => {
    await start({ project: () => ({ sla: secondsLadder(60, 60, 60), reminders: [] }) });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 5000);
    await sleep(300);
    const rows = deliveriesOf(h, id);
    expect(rows.map((d) => d.attempts)).toEqual([1, 1, 1]);
    const posts = h.fake.calls('chat.postMessage');
    expect(posts).toHaveLength(3);
    const markers = posts.map((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id);
    expect(markers.sort()).toEqual(rows.map((d) => `dlv-${d.id}`).sort());
    // A first attempt cannot have posted anything before: no read-back calls.
    const methods = new Set(h.fake.calls().map((c) => c.method));
    for (const lookup of ['conversations.history', 'conversations.replies', 'conversations.open']) {
      expect(methods.has(lookup), lookup).toBe(false);
    }
    h.fake.assertNoViolations();
  });

  it('Slack stores every post but answers HTTP 500: each retry finds its message, so each appears exactly once', async () => {
    await start({
      project: (p) => ({ sponsors: [p.sponsor, p.cfo], sla: secondsLadder(1, 60, 60), reminders: [] }),
    });
    // Every post takes effect, and every answer is lost; the first read-back fails too (then is retried).
    h.fake.faults.inject('chat.postMessage', { kind: 'server_error_after_processing' });
    h.fake.faults.inject('conversations.history', { kind: 'server_error', times: 1 });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    // Through the escalation: DMs to two sponsors (conversations.open + history) and a thread reply (replies).
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 10_000);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 30_000);
    await sleep(500);
    expect(h.fake.dmsTo(h.people.spoc).filter(about('FIFO'))).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.member).filter(about('FIFO'))).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.sponsor).filter(about('FIFO'))).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.cfo).filter(about('FIFO'))).toHaveLength(1);
    expect(threadHeads(h).filter(about('FIFO'))).toHaveLength(1);
    expect(threadReplies(h).filter(about('Moved to'))).toHaveLength(1);
    // One post per message (all answered 500), none repeated: found by the look-up instead.
    const posts = h.fake.calls('chat.postMessage');
    expect(posts.every((c) => c.status === 500)).toBe(true);
    const markers = posts.map((c) => (c.args.blocks as { block_id?: string }[] | undefined)?.[0]?.block_id);
    expect(new Set(markers).size).toBe(posts.length);
    expect(h.fake.calls('conversations.history')[0]?.status).toBe(500);
    expect(h.fake.calls('conversations.replies').some((c) => c.status === 200)).toBe(true);
    // Found messages are remembered like posted ones and brought up to date: whether the escalation came before
    // or after the SPoC's copy was found, that copy no longer offers the options.
    expect(h.fake.calls('chat.update').length).toBeGreaterThan(0);
    const spocCopy = h.fake.dmsTo(h.people.spoc).find(about('FIFO'));
    expect(h.fake.findButtons(spocCopy ?? { blocks: [] }).map((b) => b.actionId)).not.toContain(
      `${ACTION.optionPrefix}0`,
    );
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    h.fake.assertNoViolations();
  });

  it('an escalation during a Slack outage is delivered once Slack answers again, exactly once', async () => {
    await start({
      project: (p) => ({ sponsors: [p.sponsor, p.cfo], sla: secondsLadder(1, 60, 60), reminders: [] }),
    });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'));
    h.fake.faults.inject('*', { kind: 'server_error' });
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 5000);
    await until(h, () => h.fake.calls().filter((c) => c.status === 500).length >= 2);
    expect(h.fake.dmsTo(h.people.sponsor)).toEqual([]);
    h.fake.faults.clear();
    await until(h, () => deliveriesOf(h, id).every((d) => d.status === 'sent'), 15_000);
    expect(h.fake.dmsTo(h.people.sponsor).filter(about('FIFO'))).toHaveLength(1);
    expect(h.fake.dmsTo(h.people.cfo).filter(about('FIFO'))).toHaveLength(1);
    expect(threadReplies(h).filter(about('Moved to'))).toHaveLength(1);
    expect(eventTypes(h, id)).toEqual(['opened', 'escalated']);
    h.fake.assertNoViolations();
  });

  it('a deactivated sponsor: the failure is recorded, logged and shown in the thread; the others still get it', async () => {
    await start({
      project: (p) => ({ sponsors: [p.sponsor, p.cfo], sla: secondsLadder(1, 60, 60), reminders: [] }),
    });
    h.fake.workspace.deactivateUser(h.people.sponsor);
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 5000);
    const notice = await until(h, () => threadReplies(h).find(about('could not deliver')), 5000);
    expect(wordsOf(notice)).toContain(h.people.sponsor);
    expect(wordsOf(notice)).toContain('user_disabled');
    expect(notice.thread_ts).toBe(threadHeads(h)[0]?.ts);

    const failed = deliveriesOf(h, id).filter((d) => d.status === 'failed');
    expect(failed).toEqual([
      expect.objectContaining({
        kind: 'decision_request',
        recipient: h.people.sponsor,
        last_error: 'user_disabled',
        attempts: 1,
      }),
    ]);
    expect(h.logs.filter((l) => l.startsWith('error') && l.includes('user_disabled'))).toHaveLength(1);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status !== 'pending'));
    expect(h.fake.dmsTo(h.people.cfo).filter(about('FIFO'))).toHaveLength(1);
    // A permanent error is not retried.
    expect(h.fake.calls('chat.postMessage').filter((c) => c.args.channel === h.people.sponsor)).toHaveLength(
      1,
    );
    h.fake.assertNoViolations();
  });

  it('user_not_found on a reminder and channel_not_found on a deleted channel: recorded as failed and logged, never retried', async () => {
    await start({ project: () => ({ sla: secondsLadder(2, 60, 60), reminders: [0.5] }) });
    await ask(h);
    const id = await until(h, () => decisionIds(h)[0]);
    await until(
      h,
      () => deliveriesOf(h, id).length === 3 && deliveriesOf(h, id).every((d) => d.status === 'sent'),
    );
    // The next message is the SPoC's reminder (at 1 s): Slack refuses it for good.
    h.fake.faults.inject('chat.postMessage', { kind: 'error', error: 'user_not_found', times: 1 });
    const notice = await until(h, () => threadReplies(h).find(about('could not deliver')), 5000);
    expect(wordsOf(notice)).toContain('user_not_found');
    expect(wordsOf(notice)).toContain(h.people.spoc);
    expect(deliveriesOf(h, id).filter((d) => d.status === 'failed')).toEqual([
      expect.objectContaining({
        kind: 'direct_message',
        recipient: h.people.spoc,
        last_error: 'user_not_found',
        attempts: 1,
      }),
    ]);
    expect(h.logs.filter((l) => l.startsWith('error') && l.includes('user_not_found'))).toHaveLength(1);

    // The project channel is deleted before the escalation: its thread notice cannot be posted anywhere.
    h.fake.workspace.deleteChannel(h.channel);
    await until(h, async () => (await decisionOf(h, id)).level === 'sponsor', 5000);
    await until(h, () => deliveriesOf(h, id).every((d) => d.status !== 'pending'), 5000);
    const threadFailure = deliveriesOf(h, id).find((d) => d.kind === 'thread_reply' && d.status === 'failed');
    expect(threadFailure?.last_error).toBe('channel_not_found');
    expect(h.logs.some((l) => l.startsWith('error') && l.includes('channel_not_found'))).toBe(true);
    // The sponsor still got the request.
    expect(h.fake.dmsTo(h.people.sponsor).filter(about('FIFO'))).toHaveLength(1);
    await sleep(300);
    const toChannel = h.fake.calls('chat.postMessage').filter((c) => c.args.channel === h.channel);
    expect(toChannel.filter((c) => JSON.stringify(c.response).includes('channel_not_found'))).toHaveLength(1);
    h.fake.assertNoViolations();
  });
});
