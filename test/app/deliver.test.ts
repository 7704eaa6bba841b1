import { afterEach, describe, expect, it, vi } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import {
  type DeliverDeps,
  deliver,
  HOME_MAX_WAIT_MS,
  THREAD_HEAD_WAIT_MS,
  ThreadHeadMissing,
} from '../../src/app/deliver.js';
import { DeliveryClaims } from '../../src/app/delivery-claims.js';
import { DeliveryDeferred, type SendContext, SendError } from '../../src/app/ports.js';
import { manualClock, type Rig, startRig } from '../jobs/support/rig.js';

/**
 * The outbox delivery use case over a real SQLite file and the real Redis (for the follow-up jobs it queues), with
 * a Slack sender the test scripts: temporary failures are counted and rethrown for BullMQ to retry, permanent ones
 * are recorded, logged and told in the decision's thread, and a delivery is never sent twice.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0);

describe('deliver', () => {
  let rig: Rig;
  afterEach(async () => {
    await rig?.close();
  });

  /** Scripted answers per delivery kind: an error to throw, or undefined to succeed. */
  function scripted(script: Partial<Record<string, (Error | undefined)[]>>) {
    return async (ctx: SendContext) => {
      const error = script[ctx.delivery.kind]?.shift();
      if (error) throw error;
      const { kind, recipient } = ctx.delivery;
      if (kind === 'thread_reply' || kind === 'direct_message' || kind === 'refresh') return undefined;
      const role = kind === 'decision_request' ? `request-${ctx.decision?.level}` : kind;
      return { role, recipient, channel: recipient, ts: `${T0 / 1000}.${ctx.delivery.id}` };
    };
  }

  /** A thread reply recorded by hand (as a failure notice would be), before the thread head was posted. */
  const replyBeforeHead = (decisionId: string) =>
    rig.deps.outbox.enqueue(
      [
        {
          dedupeKey: `test-${decisionId}`,
          kind: 'thread_reply',
          recipient: rig.project.channel,
          decisionId,
          payload: { template: 'delivery_failed', detail: { error: 'x', kind: 'y' } },
        },
      ],
      T0,
    );

  /** The rig's deps with a queue whose `wake` records the ids it is asked to wake (its other methods kept). */
  const recordingWakes = () => {
    const woken: number[] = [];
    const deliveries = Object.create(rig.deps.deliveries) as DeliverDeps['deliveries'];
    deliveries.wake = async (id: number) => void woken.push(id);
    return { woken, deps: { ...rig.deps, deliveries } };
  };

  const byKind = async (decisionId: string, kind: string) =>
    (await rig.deliveries(decisionId)).filter((d) => d.kind === kind);

  it('a temporary failure is counted and rethrown; the retry sends it; a third run sends nothing', async () => {
    rig = await startRig({
      clock: manualClock(T0),
      send: scripted({
        decision_request: [new SendError('http_500', false)],
        requester_receipt: [new Error('socket hang up')],
      }),
    });
    const d = await rig.open();
    const [request] = await byKind(d.id, 'decision_request');
    if (!request) throw new Error('no request recorded');
    await expect(deliver(rig.deps, request.id)).rejects.toMatchObject({ code: 'http_500', permanent: false });
    expect(await rig.deps.outbox.get(request.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await deliver(rig.deps, request.id)).toBe('sent');
    expect(await rig.deps.outbox.get(request.id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await deliver(rig.deps, request.id)).toBe('skipped');
    expect(rig.sent.filter((s) => s.delivery.id === request.id)).toHaveLength(2);
    // The first call could not have posted it before; the retry could have (Slack may have stored it).
    expect(rig.sent.filter((s) => s.delivery.id === request.id).map((s) => s.maybeSentBefore)).toEqual([
      false,
      true,
    ]);
    // Any other error (a bug, a network failure the client did not wrap) counts as temporary.
    const [receipt] = await byKind(d.id, 'requester_receipt');
    await expect(deliver(rig.deps, receipt?.id ?? 0)).rejects.toThrow('socket hang up');
    expect(await rig.deps.outbox.get(receipt?.id ?? 0)).toMatchObject({ status: 'pending', attempts: 1 });
  });

  it('a home is published once per burst: a row with a newer one pending for the same person is skipped', async () => {
    rig = await startRig({ clock: manualClock(T0), send: scripted({}) });
    const first = await rig.open({ question: 'First?' });
    const second = await rig.open({ question: 'Second?' });
    const homes = (await rig.deps.outbox.pending(1000)).filter((d) => d.kind === 'home');
    const requester = first.requester;
    const mine = homes.filter((d) => d.recipient === requester);
    // One row per change that concerns the requester: the two opens.
    expect(mine).toHaveLength(2);
    expect(mine.every((d) => d.decisionId === null)).toBe(true);
    expect(homes.map((d) => d.recipient)).toEqual(
      expect.arrayContaining([requester, ...first.deciders, ...second.deciders]),
    );
    const [older, newer] = mine;
    expect(await deliver(rig.deps, older?.id ?? 0)).toBe('skipped');
    expect(await deliver(rig.deps, newer?.id ?? 0)).toBe('sent');
    expect((await rig.deps.outbox.get(older?.id ?? 0))?.status).toBe('sent');
    expect(rig.sent.filter((s) => s.delivery.kind === 'home').map((s) => s.delivery.id)).toEqual([newer?.id]);
  });

  it('a home that has waited HOME_MAX_WAIT_MS is published even with a newer one pending (changes that never pause)', async () => {
    rig = await startRig({ clock: manualClock(T0), send: scripted({}) });
    const first = await rig.open({ question: 'First?' });
    await rig.open({ question: 'Second?' });
    const [older] = (await rig.deps.outbox.pending(1000)).filter(
      (d) => d.kind === 'home' && d.recipient === first.requester,
    );
    rig.clock.advance(HOME_MAX_WAIT_MS);
    expect(await deliver(rig.deps, older?.id ?? 0)).toBe('sent');
  });

  it('counts the attempt before calling Slack, so a process that dies during the call leaves a trace', async () => {
    const during: number[] = [];
    rig = await startRig({
      clock: manualClock(T0),
      send: async (ctx) => {
        // What a restarted process would read if this one died now, while Slack processes the call.
        during.push((await rig.deps.outbox.get(ctx.delivery.id))?.attempts ?? -1);
        return undefined;
      },
    });
    const d = await rig.open();
    const [request] = await byKind(d.id, 'decision_request');
    expect(await deliver(rig.deps, request?.id ?? 0)).toBe('sent');
    expect(during).toEqual([1]);
    expect(await rig.deps.outbox.get(request?.id ?? 0)).toMatchObject({ status: 'sent', attempts: 1 });
    expect(rig.sent.map((s) => s.maybeSentBefore)).toEqual([false]);
  });

  it('a second run of the same delivery while the first is sending it waits instead of posting it again', async () => {
    // BullMQ hands a job out again when its lock lapsed (a Redis outage longer than the lock): both runs read the
    // row as pending. The claim, renewed while the first run waits on Slack, keeps the second off.
    let release: () => void = () => {};
    const slack = new Promise<void>((resolve) => {
      release = resolve;
    });
    rig = await startRig({
      clock: manualClock(T0),
      send: async () => {
        await slack;
        return undefined;
      },
    });
    const log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    const deps = { ...rig.deps, claims: new DeliveryClaims(rig.deps.outbox, 'worker-1', log, 800, 100) };
    const d = await rig.open();
    const [request] = await byKind(d.id, 'decision_request');
    const id = request?.id ?? 0;
    const first = deliver(deps, id);
    await vi.waitFor(() => expect(rig.sent).toHaveLength(1));
    const again = { ...deps, claims: new DeliveryClaims(rig.deps.outbox, 'worker-2', log, 800, 100) };
    await expect(deliver(again, id)).rejects.toBeInstanceOf(DeliveryDeferred);
    // Longer than the lease: the first run's claim was renewed meanwhile.
    await new Promise((r) => setTimeout(r, 1200));
    await expect(deliver(again, id)).rejects.toThrow('another run is sending it');
    release();
    expect(await first).toBe('sent');
    expect(await deliver(again, id)).toBe('skipped');
    expect(rig.sent).toHaveLength(1);
    expect(deps.claims.size).toBe(0);
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('a row claimed by a process that died is taken over once the claim has run out, looking before posting', async () => {
    rig = await startRig({ clock: manualClock(T0), send: scripted({}) });
    const d = await rig.open();
    const [request] = await byKind(d.id, 'decision_request');
    const id = request?.id ?? 0;
    // The dead process's claim: taken, never renewed, never ended.
    expect((await rig.deps.outbox.claim(id, 'dead-process#1', 200)).kind).toBe('taken');
    const deferred = await deliver(rig.deps, id).catch((e: unknown) => e);
    expect(deferred).toBeInstanceOf(DeliveryDeferred);
    expect((deferred as DeliveryDeferred).delayMs).toBeLessThanOrEqual(200);
    await new Promise((r) => setTimeout(r, 250));
    expect(await deliver(rig.deps, id)).toBe('sent');
    expect(rig.sent.map((s) => s.maybeSentBefore)).toEqual([true]);
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('a message posted and recorded by an attempt that failed after is not posted again (a refresh may have taken its marker)', async () => {
    rig = await startRig({ clock: manualClock(T0), send: scripted({}) });
    const d = await rig.open();
    const [head] = await byKind(d.id, 'thread_head');
    const id = head?.id ?? 0;
    // The post reaches Slack and is recorded; marking the row sent fails (the database connection ended).
    const outbox = Object.create(rig.deps.outbox) as DeliverDeps['outbox'];
    outbox.markSent = () => Promise.reject(new Error('Connection terminated'));
    await expect(deliver({ ...rig.deps, outbox }, id)).rejects.toThrow('Connection terminated');
    expect(await rig.deps.outbox.messagesOf(d.id)).toContainEqual(
      expect.objectContaining({ deliveryId: id }),
    );
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'pending', attempts: 1 });
    // The retry does not post: a refresh may have edited the copy in between, so no look-up would find it.
    expect(await deliver(rig.deps, id)).toBe('sent');
    expect(rig.sent.filter((s) => s.delivery.id === id)).toHaveLength(1);
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
    // Rendered from the decision as it was then: refreshed once more.
    const refreshes = await byKind(d.id, 'refresh');
    expect(refreshes.map((r) => r.dedupeKey)).toContain(`refresh-after-${id}-${d.version}`);
  });

  it('a permanent failure is recorded as failed, logged once, told in the thread, and never retried', async () => {
    rig = await startRig({
      clock: manualClock(T0),
      send: scripted({ decision_request: [new SendError('user_not_found', true)] }),
    });
    const d = await rig.open();
    const [head] = await byKind(d.id, 'thread_head');
    const [request] = await byKind(d.id, 'decision_request');
    expect(await deliver(rig.deps, head?.id ?? 0)).toBe('sent');
    expect(await deliver(rig.deps, request?.id ?? 0)).toBe('failed');
    expect(await rig.deps.outbox.get(request?.id ?? 0)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rig.logs.filter((l) => l.startsWith('error') && l.includes('user_not_found'))).toHaveLength(1);
    const notices = await byKind(d.id, 'thread_reply');
    expect(notices).toHaveLength(1);
    expect(notices[0]?.payload).toMatchObject({
      template: 'delivery_failed',
      detail: { error: 'user_not_found', kind: 'decision_request' },
    });
    // Queued for the worker at once (a BullMQ job per pending row).
    expect(await rig.queues.deliveries.getJob(`delivery-${notices[0]?.id}`)).toBeDefined();
    expect(await deliver(rig.deps, request?.id ?? 0)).toBe('skipped');
    expect(await deliver(rig.deps, notices[0]?.id ?? 0)).toBe('sent');
    // Failing again (another run of the same job) records no second notice.
    expect(await byKind(d.id, 'thread_reply')).toHaveLength(1);
  });

  it('a thread reply waits for its thread head, and fails without a notice when the head failed for good', async () => {
    rig = await startRig({
      clock: manualClock(T0),
      send: scripted({
        thread_head: [new SendError('channel_not_found', true)],
        thread_reply: [new SendError('channel_not_found', true)],
      }),
    });
    const d = await rig.open();
    // A thread reply recorded by hand (as a failure notice would be), before the head was posted.
    await replyBeforeHead(d.id);
    const [reply] = await byKind(d.id, 'thread_reply');
    const waiting = deliver(rig.deps, reply?.id ?? 0);
    await expect(waiting).rejects.toBeInstanceOf(ThreadHeadMissing);
    // Put off until the head wakes it (or the fallback look), no try of the job spent.
    await expect(waiting).rejects.toMatchObject({ delayMs: THREAD_HEAD_WAIT_MS, untilWoken: true });
    // Slack was not called: no attempt counted (a later send needs no look-up first).
    expect(await rig.deps.outbox.get(reply?.id ?? 0)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(rig.sent.filter((s) => s.delivery.kind === 'thread_reply')).toEqual([]);

    const [head] = await byKind(d.id, 'thread_head');
    const { woken, deps } = recordingWakes();
    expect(await deliver(deps, head?.id ?? 0)).toBe('failed');
    // The head is gone for good: it wakes the reply, which fails too, without being sent, and nothing more is
    // queued about it.
    expect(woken).toContain(reply?.id);
    expect(await deliver(rig.deps, reply?.id ?? 0)).toBe('failed');
    expect(await rig.deps.outbox.get(reply?.id ?? 0)).toMatchObject({ status: 'failed' });
    expect(rig.sent.filter((s) => s.delivery.kind === 'thread_reply')).toEqual([]);
    expect(await byKind(d.id, 'thread_reply')).toHaveLength(1);
  });

  it('a thread reply put off until its head is posted is woken by the head, not left to its fallback look', async () => {
    rig = await startRig({ clock: manualClock(T0), send: scripted({}) });
    const d = await rig.open();
    await replyBeforeHead(d.id);
    const { woken, deps } = recordingWakes();
    const [reply] = await byKind(d.id, 'thread_reply');
    await expect(deliver(deps, reply?.id ?? 0)).rejects.toBeInstanceOf(ThreadHeadMissing);
    const [head] = await byKind(d.id, 'thread_head');
    expect(await deliver(deps, head?.id ?? 0)).toBe('sent');
    expect(woken).toContain(reply?.id);
  });

  it('a copy posted while the decision moved on (its refresh ran before the copy was recorded) is refreshed after', async () => {
    // Found by the soak: a request DM rendered with buttons reaches Slack; before it is recorded, the decision
    // closes and that change's refresh runs, finding no such copy; the DM kept its buttons for good.
    let racing = true;
    const send = scripted({});
    rig = await startRig({
      clock: manualClock(T0),
      send: async (ctx) => {
        if (racing && ctx.delivery.kind === 'decision_request' && ctx.decision) {
          racing = false;
          const d = ctx.decision;
          await actOnDecision(rig.deps, d.id, d.requester, { kind: 'withdraw', reason: 'moot' });
          const [refresh] = await byKind(d.id, 'refresh');
          expect(await deliver(rig.deps, refresh?.id ?? 0)).toBe('sent');
        }
        return send(ctx);
      },
    });
    const d = await rig.open();
    const [request] = await byKind(d.id, 'decision_request');
    expect(await deliver(rig.deps, request?.id ?? 0)).toBe('sent');
    // The first refresh saw no request copy; a second one, recorded after the copy, re-renders it.
    const refreshes = await byKind(d.id, 'refresh');
    expect(refreshes.map((r) => r.status)).toEqual(['sent', 'pending']);
    expect(await deliver(rig.deps, refreshes[1]?.id ?? 0)).toBe('sent');
    const last = rig.sent.filter((c) => c.delivery.kind === 'refresh').at(-1);
    expect(last?.decision?.status).toBe('withdrawn');
    expect(last?.posted.map((m) => m.role)).toContain(`request-${d.level}`);
    // A copy posted from the current version needs nothing more.
    const other = await rig.open({ question: 'Another one?' });
    const [second] = await byKind(other.id, 'decision_request');
    expect(await deliver(rig.deps, second?.id ?? 0)).toBe('sent');
    expect(await byKind(other.id, 'refresh')).toEqual([]);
  });

  it('a refresh rendered from a version the decision has left (a newer refresh finished first) is followed by another', async () => {
    let racing = false;
    const send = scripted({});
    rig = await startRig({
      clock: manualClock(T0),
      send: async (ctx) => {
        if (racing && ctx.delivery.kind === 'refresh' && ctx.decision) {
          racing = false;
          const d = ctx.decision;
          // While this refresh's updates are on their way, the decision closes and its own refresh finishes.
          await actOnDecision(rig.deps, d.id, d.requester, { kind: 'withdraw', reason: 'moot' });
          const newer = (await byKind(d.id, 'refresh')).at(-1);
          expect(await deliver(rig.deps, newer?.id ?? 0)).toBe('sent');
        }
        return send(ctx);
      },
    });
    const d = await rig.open();
    for (const row of await rig.deliveries(d.id)) await deliver(rig.deps, row.id);
    await actOnDecision(rig.deps, d.id, d.deciders[0] ?? '', {
      kind: 'request_info',
      question: 'Which warehouse?',
    });
    const [older] = (await byKind(d.id, 'refresh')).filter((r) => r.status === 'pending');
    racing = true;
    expect(await deliver(rig.deps, older?.id ?? 0)).toBe('sent');
    const pending = (await byKind(d.id, 'refresh')).filter((r) => r.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(await deliver(rig.deps, pending[0]?.id ?? 0)).toBe('sent');
    expect(rig.sent.filter((c) => c.delivery.kind === 'refresh').at(-1)?.decision?.status).toBe('withdrawn');
  });
});
