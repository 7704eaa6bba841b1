import { beforeEach, expect, it } from 'vitest';
import type { NewDelivery } from '../../src/app/ports.js';
import { openDecision } from '../../src/domain/transitions/index.js';
import { alwaysCalendar, sampleProject, sampleRequest } from '../support/sample-project.js';
import { contract } from './helpers/dialects.js';

const T0 = Date.UTC(2026, 10, 2, 9, 0);
const project = sampleProject();
const dm = (key: string, recipient = 'U1', kind: NewDelivery['kind'] = 'direct_message'): NewDelivery => ({
  dedupeKey: key,
  kind,
  recipient,
  payload: { template: key },
});

contract('OutboxStore', (stores) => {
  beforeEach(async () => {
    await stores().projects.sync([project], T0);
    const t = openDecision(sampleRequest(), 'd1', project, false, { now: T0, clock: alwaysCalendar });
    if (!t.ok) throw new Error(t.refusal.code);
    await stores().decisions.create(t.decision, t.events, [], T0);
  });

  it('a conversation keeps its order: what is still pending before a row, and the next one after it', async () => {
    const { outbox } = stores();
    const reply = (key: string): NewDelivery => ({
      dedupeKey: key,
      kind: 'thread_reply',
      recipient: project.channel,
      decisionId: 'd1',
      payload: { template: key },
    });
    await outbox.enqueue([dm('u1-a'), reply('t-a'), dm('u2-a', 'U2'), dm('u1-home', 'U1', 'home')], T0);
    await outbox.enqueue([dm('u1-b'), reply('t-b')], T0 + 1);
    const id = async (key: string) => (await outbox.pending(100)).find((d) => d.dedupeKey === key)?.id ?? -1;
    const [u1a, u1b, ta, tb] = [await id('u1-a'), await id('u1-b'), await id('t-a'), await id('t-b')];
    const toU1 = { recipient: 'U1' };
    const thread = { thread: 'd1' };
    // A DM conversation: U1's own messages only (U2's and U1's App Home are not in it).
    expect(await outbox.pendingBefore(toU1, u1b, 12, 10)).toBe(1);
    expect(await outbox.pendingBefore(toU1, u1a, 12, 10)).toBe(0);
    expect(await outbox.nextPendingAfter(toU1, u1a)).toBe(u1b);
    expect(await outbox.nextPendingAfter(toU1, u1b)).toBeUndefined();
    // The decision's thread.
    expect(await outbox.pendingBefore(thread, tb, 12, 10)).toBe(1);
    expect(await outbox.nextPendingAfter(thread, ta)).toBe(tb);
    // A row that has used its attempts, or is no longer pending, holds nothing up.
    for (let i = 0; i < 3; i++) await outbox.claim(u1a, 'test', 0);
    expect(await outbox.pendingBefore(toU1, u1b, 3, 10)).toBe(0);
    await outbox.markFailed(ta, 'channel_not_found');
    expect(await outbox.pendingBefore(thread, tb, 12, 10)).toBe(0);
    expect(await outbox.nextPendingAfter(thread, 0)).toBe(tb);
  });

  it('records messages once per dedupe key, in order, and lists the pending ones above an id', async () => {
    const { outbox } = stores();
    await outbox.enqueue([dm('a'), dm('b'), dm('a')], T0);
    await outbox.enqueue([dm('b'), dm('c', 'U2', 'home')], T0 + 1);
    const rows = await outbox.pending();
    expect(rows.map((d) => d.dedupeKey)).toEqual(['a', 'b', 'c']);
    // Ids grow with each row; a skipped duplicate may use one up (both dialects), so only their order counts.
    const [a, b, c] = rows.map((d) => d.id) as [number, number, number];
    expect(a < b && b < c).toBe(true);
    expect(await outbox.pendingIds(a, 10)).toEqual([
      { id: b, kind: 'direct_message' },
      { id: c, kind: 'home' },
    ]);
    expect(await outbox.pendingIds(0, 1)).toEqual([{ id: a, kind: 'direct_message' }]);
    expect(await outbox.get(c)).toEqual({
      id: c,
      dedupeKey: 'c',
      kind: 'home',
      recipient: 'U2',
      decisionId: null,
      payload: { template: 'c' },
      attempts: 0,
      status: 'pending',
      createdAt: T0 + 1,
    });
    expect(await outbox.get(99)).toBeUndefined();
  });

  it('a claim holds a row for one run: others wait while it lasts; it ends with the row or its holder', async () => {
    const { outbox } = stores();
    await outbox.enqueue([dm('a'), dm('b'), dm('c')], T0);
    expect(await outbox.claim(1, 'run-a', 60_000)).toEqual({ kind: 'taken', attempts: 1 });
    // Another run meanwhile: refused, told how long the claim still lasts; nothing counted.
    const held = await outbox.claim(1, 'run-b', 60_000);
    expect(held.kind === 'held' && held.forMs > 55_000 && held.forMs <= 60_000, JSON.stringify(held)).toBe(
      true,
    );
    // An error recorded by a run that does not hold the claim leaves it.
    await outbox.recordError(1, 'thread head not posted yet');
    await outbox.recordError(1, 'socket hang up', 'run-b');
    expect((await outbox.claim(1, 'run-b', 60_000)).kind).toBe('held');
    // Its holder's ends it: the next run takes the row, knowing an earlier attempt was made.
    await outbox.recordError(1, 'socket hang up', 'run-a');
    expect(await outbox.claim(1, 'run-b', 0)).toEqual({ kind: 'taken', attempts: 2 });
    // A claim that ran out (its holder died) is taken over.
    expect(await outbox.claim(1, 'run-c', 60_000)).toEqual({ kind: 'taken', attempts: 3 });
    await outbox.markSent(1, T0 + 1);
    expect(await outbox.claim(1, 'run-d', 60_000)).toEqual({ kind: 'done' });
    expect(await outbox.get(1)).toMatchObject({ status: 'sent', attempts: 3 });

    // Renewed while its run lasts; a renewal naming another holder changes nothing.
    expect((await outbox.claim(2, 'run-e', 150)).kind).toBe('taken');
    expect(await outbox.renewClaims([{ id: 2, holder: 'run-e' }], 60_000)).toEqual(['run-e']);
    expect(await outbox.renewClaims([{ id: 2, holder: 'run-x' }], 0)).toEqual([]);
    expect(await outbox.renewClaims([], 0)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await outbox.claim(2, 'run-f', 60_000)).kind).toBe('held');
    await outbox.markFailed(2, 'channel_not_found');
    expect(await outbox.claim(2, 'run-f', 60_000)).toEqual({ kind: 'done' });
    expect(await outbox.claim(99, 'run-f', 60_000)).toEqual({ kind: 'done' });

    // Two runs claiming at the same instant (on PostgreSQL over two connections): one takes it.
    const both = await Promise.all([outbox.claim(3, 'run-g', 60_000), outbox.claim(3, 'run-h', 60_000)]);
    expect(both.map((c) => c.kind).sort()).toEqual(['held', 'taken']);
    expect(await outbox.get(3)).toMatchObject({ attempts: 1, status: 'pending' });
  });

  it('counts attempts, and marks rows sent, failed or errored', async () => {
    const { outbox } = stores();
    await outbox.enqueue([dm('a'), dm('b'), dm('c')], T0);
    // A lease of 0 runs out at once: the next claim takes the row again.
    await outbox.claim(1, 'run-1', 0);
    await outbox.claim(1, 'run-2', 0);
    await outbox.markSent(1, T0 + 5);
    await outbox.claim(2, 'run-3', 60_000);
    await outbox.recordError(2, 'ratelimited', 'run-3');
    await outbox.markFailed(3, 'channel_not_found');
    expect(await outbox.get(1)).toMatchObject({ attempts: 2, status: 'sent' });
    expect(await outbox.get(2)).toMatchObject({ attempts: 1, status: 'pending' });
    expect(await outbox.get(3)).toMatchObject({ attempts: 0, status: 'failed' });
    expect((await outbox.pending()).map((d) => d.id)).toEqual([2]);
    expect(await stores().metrics.undelivered()).toEqual(
      expect.arrayContaining([
        { status: 'pending', count: 1 },
        { status: 'failed', count: 1 },
      ]),
    );
  });

  it('tells whether a newer pending row of a kind waits for a recipient', async () => {
    const { outbox } = stores();
    await outbox.enqueue(
      [dm('h1', 'U1', 'home'), dm('x', 'U1'), dm('h2', 'U1', 'home'), dm('h3', 'U2', 'home')],
      T0,
    );
    expect(await outbox.hasNewerPending('home', 'U1', 1)).toBe(true);
    expect(await outbox.hasNewerPending('home', 'U1', 3)).toBe(false);
    await outbox.markSent(3, T0);
    expect(await outbox.hasNewerPending('home', 'U1', 1)).toBe(false);
    expect(await outbox.hasNewerPending('home', 'U2', 1)).toBe(true);
  });

  it('reports the status of a decision’s first delivery of a kind', async () => {
    const { outbox } = stores();
    const head = (key: string): NewDelivery => ({
      ...dm(key, 'C0PROJECT1', 'thread_head'),
      decisionId: 'd1',
    });
    expect(await outbox.statusOf('d1', 'thread_head')).toBeUndefined();
    await outbox.enqueue([head('head-1'), head('head-2')], T0);
    await outbox.markFailed(2, 'gone');
    expect(await outbox.statusOf('d1', 'thread_head')).toBe('pending');
    await outbox.markSent(1, T0);
    expect(await outbox.statusOf('d1', 'thread_head')).toBe('sent');
  });

  it('remembers posted messages, the latest per role and recipient, oldest first', async () => {
    const { outbox } = stores();
    await outbox.rememberMessage('d1', { role: 'thread', recipient: 'C1', channel: 'C1', ts: '1.1' }, T0 + 2);
    await outbox.rememberMessage(
      'd1',
      { role: 'request', recipient: 'U1', channel: 'D1', ts: '1.2' },
      T0 + 1,
    );
    await outbox.rememberMessage(
      'd1',
      { role: 'request', recipient: 'U2', channel: 'D2', ts: '1.3' },
      T0 + 1,
    );
    // The latest copy knows the outbox row that posted it; one recorded without a row id has none.
    await outbox.rememberMessage(
      'd1',
      { role: 'thread', recipient: 'C1', channel: 'C1', ts: '2.1', deliveryId: 7 },
      T0 + 3,
    );
    expect(await outbox.messagesOf('d1')).toStrictEqual([
      { role: 'request', recipient: 'U1', channel: 'D1', ts: '1.2' },
      { role: 'request', recipient: 'U2', channel: 'D2', ts: '1.3' },
      { role: 'thread', recipient: 'C1', channel: 'C1', ts: '2.1', deliveryId: 7 },
    ]);
    expect(await outbox.message('d1', 'request', 'U2')).toEqual({
      role: 'request',
      recipient: 'U2',
      channel: 'D2',
      ts: '1.3',
    });
    expect(await outbox.messagesOf('nope')).toEqual([]);
  });

  it('says whether a request key is new', async () => {
    const { outbox } = stores();
    expect(await outbox.firstTime('view-1', T0)).toBe(true);
    expect(await outbox.firstTime('view-1', T0 + 1)).toBe(false);
    expect(await outbox.firstTime('view-2', T0 + 1)).toBe(true);
  });
});
