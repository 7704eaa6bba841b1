import { afterEach, expect, it } from 'vitest';
import { actOnDecision } from '../../src/app/act-on-decision.js';
import { type DeliverDeps, deliver } from '../../src/app/deliver.js';
import { copyKey } from '../../src/app/ports.js';
import { SlackMessageSender } from '../../src/slack/sender.js';
import { manualClock, type Rig, startRig } from '../jobs/support/rig.js';
import { sampleStandIn } from '../support/sample-stand-in.js';

/**
 * A refresh edits every copy of a decision; one that fails part-way (an HTTP 500 on one copy) is done with the
 * copies it edited, and the ones left get a refresh of their own: a retry does not edit the first ones again,
 * so a decision with many copies gets through a flaky Slack. Real SQLite, the real sender, the stand-in.
 */
const T0 = Date.UTC(2026, 10, 2, 9, 0);
let rig: Rig;
const standIn = sampleStandIn();
afterEach(async () => {
  await rig?.close();
});

it('a refresh that fails on its second copy leaves the rest to a refresh of its own, which edits only them', async () => {
  rig = await startRig({ clock: manualClock(T0) });
  const fake = standIn.fake();
  const client = standIn.client();
  const deps: DeliverDeps = { ...rig.deps, sender: new SlackMessageSender(client, rig.deps.projects) };
  const d = await rig.open();
  for (const row of await rig.deliveries(d.id)) expect(await deliver(deps, row.id)).toBe('sent');
  const copies = await rig.deps.outbox.messagesOf(d.id);
  expect(copies.map((c) => c.role).sort()).toEqual(['request-spoc', 'requester', 'thread_head']);

  await actOnDecision(deps, d.id, d.requester, { kind: 'withdraw', reason: 'moot' });
  const [refresh] = (await rig.deliveries(d.id)).filter(
    (r) => r.kind === 'refresh' && r.status === 'pending',
  );
  const [, second, third] = copies;
  if (!refresh || !second || !third) throw new Error('no refresh recorded');
  fake.faults.inject(
    'chat.update',
    { kind: 'server_error', times: 1 },
    (args) => args.channel === second.channel,
  );
  const before = fake.calls('chat.update').length;
  expect(await deliver(deps, refresh.id)).toBe('sent');

  const [rest] = (await rig.deliveries(d.id)).filter((r) => r.status === 'pending' && r.kind === 'refresh');
  expect(rest?.dedupeKey).toBe(`refresh-rest-${refresh.id}`);
  expect(rest?.payload.copies).toEqual([copyKey(second), copyKey(third)]);
  expect(rest?.attempts).toBe(0);
  expect(await deliver(deps, rest?.id ?? 0)).toBe('sent');
  // The first copy once, the second twice (its 500, then the edit), the third once.
  const updates = fake.calls('chat.update').slice(before);
  expect(updates.map((c) => `${c.args.channel}/${c.args.ts}@${c.status}`)).toEqual([
    `${copyKey(copies[0] ?? second)}@200`,
    `${copyKey(second)}@500`,
    `${copyKey(second)}@200`,
    `${copyKey(third)}@200`,
  ]);
  // Every copy shows the decision withdrawn, without buttons, and keeps the marker of the row that posted it (a
  // retry of that row still finds it).
  for (const copy of copies) {
    const message = fake.workspace.message(copy.channel, copy.ts);
    expect(JSON.stringify(message?.blocks)).not.toContain('"type":"button"');
    expect(copy.deliveryId).toBeGreaterThan(0);
    expect(message?.blocks?.[0]?.block_id).toBe(`dlv-${copy.deliveryId}`);
  }
  expect((await rig.deliveries(d.id)).filter((r) => r.kind === 'refresh' && r.status === 'pending')).toEqual(
    [],
  );
  fake.assertNoViolations();
});
