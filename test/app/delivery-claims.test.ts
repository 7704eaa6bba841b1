import { afterEach, describe, expect, it } from 'vitest';
import { type DeliverDeps, deliver } from '../../src/app/deliver.js';
import { DeliveryClaims } from '../../src/app/delivery-claims.js';
import type { Logger } from '../../src/app/ports.js';
import { SlackMessageSender } from '../../src/slack/sender.js';
import { manualClock, type Rig, startRig } from '../jobs/support/rig.js';
import { sampleStandIn } from '../support/sample-stand-in.js';

/**
 * A run's claim on its outbox row over a real SQLite file: renewed while the run lasts, and known lost when its
 * renewals failed for longer than the lease allows, so the run posts nothing another run may be posting. The
 * real Slack sender, against the stand-in, checks it before it posts.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0);
const LEASE = 900;
const RENEW = 150;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('delivery claims', () => {
  let rig: Rig;
  const standIn = sampleStandIn();
  const warnings: string[] = [];
  const log: Logger = {
    debug: () => {},
    info: () => {},
    warn: (m) => void warnings.push(m),
    error: () => {},
  };
  afterEach(async () => {
    await rig?.close();
    warnings.length = 0;
  });

  /** The rig's outbox with renewals that fail while `down.renewals` is set (the database away for this run). */
  function flakyRenewals(outbox: DeliverDeps['outbox']) {
    const down = { renewals: false };
    const flaky = Object.create(outbox) as DeliverDeps['outbox'];
    flaky.renewClaims = (claims, leaseMs) =>
      down.renewals
        ? Promise.reject(new Error('connection terminated'))
        : outbox.renewClaims(claims, leaseMs);
    return { flaky, down };
  }

  it('holds while renewed; once renewals fail for the lease less a renewal, it is lost for good', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const [row] = (await rig.deliveries(d.id)).filter((r) => r.kind === 'decision_request');
    const id = row?.id ?? 0;
    const { flaky, down } = flakyRenewals(rig.deps.outbox);
    const claims = new DeliveryClaims(flaky, 'worker-1', log, LEASE, RENEW);
    const { claim, holder } = await claims.take(id);
    expect(claim).toEqual({ kind: 'taken', attempts: 1 });
    // Two leases long, renewed all along: still held, and nobody else gets the row.
    await sleep(2 * LEASE);
    expect(claims.stillHolds(holder)).toBe(true);
    expect((await rig.deps.outbox.claim(id, 'worker-2#1', LEASE)).kind).toBe('held');

    down.renewals = true;
    await sleep(LEASE - RENEW + 50);
    expect(claims.stillHolds(holder)).toBe(false);
    expect(warnings).toContain('outbox claims not renewed; another process may take these rows over');
    // Run out in the database: another run takes it over; renewals that work again do not give it back.
    await sleep(RENEW + 50);
    expect((await rig.deps.outbox.claim(id, 'worker-2#2', 60_000)).kind).toBe('taken');
    down.renewals = false;
    await sleep(2 * RENEW);
    expect(claims.stillHolds(holder)).toBe(false);
    expect(warnings).toContain('an outbox claim ran out while its run was still going; it will not post');
    claims.end(holder);
    expect(claims.size).toBe(0);
    // The other run still holds it.
    expect((await rig.deps.outbox.claim(id, 'worker-3#1', LEASE)).kind).toBe('held');
  });

  it('the Slack sender posts nothing once its claim may have run out; the next run posts it once', async () => {
    rig = await startRig({ clock: manualClock(T0) });
    const d = await rig.open();
    const [row] = (await rig.deliveries(d.id)).filter((r) => r.kind === 'decision_request');
    const id = row?.id ?? 0;
    const fake = standIn.fake();
    const client = standIn.client();
    const sender = new SlackMessageSender(client, rig.deps.projects);
    const { flaky, down } = flakyRenewals(rig.deps.outbox);
    const deps: DeliverDeps = {
      ...rig.deps,
      outbox: flaky,
      sender,
      claims: new DeliveryClaims(flaky, 'worker-1', log, LEASE, RENEW),
    };
    // An earlier attempt (a crash mid-call): this run looks the message up first, and the look-up is slow while
    // the database is away for this process, longer than its claim may last.
    expect((await rig.deps.outbox.claim(id, 'dead#1', 0)).kind).toBe('taken');
    fake.faults.inject('conversations.history', { kind: 'latency', ms: LEASE + 100, times: 1 });
    down.renewals = true;
    await expect(deliver(deps, id)).rejects.toMatchObject({ code: 'claim_lapsed', permanent: false });
    const toSpoc = () => fake.calls('chat.postMessage').filter((c) => c.args.channel === 'U0SPOC0001');
    expect(toSpoc()).toEqual([]);
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'pending', attempts: 2 });

    down.renewals = false;
    expect(await deliver(deps, id)).toBe('sent');
    expect(toSpoc()).toHaveLength(1);
    expect(await rig.deps.outbox.get(id)).toMatchObject({ status: 'sent', attempts: 3 });
    fake.assertNoViolations();
  });
});
