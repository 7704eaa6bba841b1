import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/index.js';
import { callApi } from './helpers/web-api.js';

const modal = { type: 'modal', title: { type: 'plain_text', text: 'Decide' }, blocks: [{ type: 'divider' }] };

describe('trigger_id and response_url lifetimes (injected clock)', () => {
  let fake: FakeSlack;
  let now: number;
  let alice: string;
  let channel: string;

  beforeEach(async () => {
    now = 1_700_000_000_000;
    fake = await startFakeSlack({ now: () => now });
    alice = fake.workspace.addUser({ name: 'alice' });
    channel = fake.workspace.addChannel({ name: 'proj', members: [alice] });
  });

  afterEach(() => fake.close());

  it('opens a view with a fresh trigger, for the user it was issued to', async () => {
    const trigger = fake.tickets.issueTrigger(alice);
    expect(trigger).toMatch(/^\d{10}\.\d+\.[0-9a-f]{32}$/);
    now += 2_999;
    const answer = await callApi(fake, 'views.open', { trigger_id: trigger, view: modal });
    expect(answer).toMatchObject({
      ok: true,
      view: { id: expect.stringMatching(/^V[A-Z0-9]{10}$/), type: 'modal' },
    });
    expect(fake.openView(alice)?.id).toBe((answer.view as { id: string }).id);
  });

  it('refuses an expired trigger (a refusal: a slow path can cause it)', async () => {
    const trigger = fake.tickets.issueTrigger(alice);
    now += 3_001;
    expect(await callApi(fake, 'views.open', { trigger_id: trigger, view: modal })).toEqual({
      ok: false,
      error: 'expired_trigger_id',
    });
    expect(fake.violations).toEqual([]);
  });

  it('refuses a reused or unknown trigger (violations: the bot’s logic is wrong)', async () => {
    const trigger = fake.tickets.issueTrigger(alice);
    await callApi(fake, 'views.open', { trigger_id: trigger, view: modal });
    expect(await callApi(fake, 'views.open', { trigger_id: trigger, view: modal })).toEqual({
      ok: false,
      error: 'exchanged_trigger_id',
    });
    expect(await callApi(fake, 'views.open', { trigger_id: '1.2.3', view: modal })).toEqual({
      ok: false,
      error: 'invalid_trigger_id',
    });
    expect(fake.violations.map((v) => v.error)).toEqual(['exchanged_trigger_id', 'invalid_trigger_id']);
  });

  it('keeps at most 3 views on a modal stack', async () => {
    await callApi(fake, 'views.open', { trigger_id: fake.tickets.issueTrigger(alice), view: modal });
    await callApi(fake, 'views.push', { trigger_id: fake.tickets.issueTrigger(alice), view: modal });
    const third = await callApi(fake, 'views.push', {
      trigger_id: fake.tickets.issueTrigger(alice),
      view: modal,
    });
    expect(third).toMatchObject({ ok: true, view: { previous_view_id: expect.stringMatching(/^V/) } });
    expect(
      await callApi(fake, 'views.push', { trigger_id: fake.tickets.issueTrigger(alice), view: modal }),
    ).toEqual({
      ok: false,
      error: 'push_limit_reached',
    });
    expect(fake.views.stack(alice)).toHaveLength(3);
  });

  it('checks hash on views.update (hash_conflict is a refusal)', async () => {
    const opened = await callApi(fake, 'views.open', {
      trigger_id: fake.tickets.issueTrigger(alice),
      view: modal,
    });
    const { id, hash } = opened.view as { id: string; hash: string };
    now += 1_000;
    const updated = await callApi(fake, 'views.update', {
      view_id: id,
      hash,
      view: { ...modal, callback_id: 'v2' },
    });
    expect(updated).toMatchObject({ ok: true, view: { id, callback_id: 'v2' } });
    expect(await callApi(fake, 'views.update', { view_id: id, hash, view: modal })).toEqual({
      ok: false,
      error: 'hash_conflict',
    });
    expect(fake.violations).toEqual([]);
  });

  it('publishes App Home per user, keeping the view id', async () => {
    const home = {
      type: 'home',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Open decisions: 0' } }],
    };
    const first = await callApi(fake, 'views.publish', { user_id: alice, view: home });
    const second = await callApi(fake, 'views.publish', { user_id: alice, view: home });
    expect((second.view as { id: string }).id).toBe((first.view as { id: string }).id);
    expect(fake.homeView(alice)?.blocks).toHaveLength(1);
    expect(await callApi(fake, 'views.publish', { user_id: alice, view: modal })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
  });

  describe('response_url', () => {
    const post = (url: string, body: unknown) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    it('posts ephemeral or in-channel responses, replaces and deletes the original', async () => {
      const original = fake.workspace.postMessage({
        channel,
        user: fake.workspace.botUserId,
        botId: fake.workspace.bot.botId,
        text: 'Approve?',
      });
      const url = fake.tickets.issueResponseUrl({ channel, user: alice, messageTs: original.ts });
      const ok = await post(url, { text: 'only you see this' });
      expect([ok.status, await ok.json()]).toEqual([200, { ok: true }]);
      expect(fake.ephemeralsFor(alice).map((e) => e.text)).toEqual(['only you see this']);
      await post(url, { response_type: 'in_channel', text: 'everyone sees this' });
      await post(url, {
        replace_original: true,
        text: 'Approved',
        blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Approved*' } }],
      });
      expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['Approved', 'everyone sees this']);
      await post(url, { delete_original: true });
      expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['everyone sees this']);
      expect(fake.calls('response_url')).toHaveLength(4);
    });

    it('validates what is posted to it', async () => {
      const url = fake.tickets.issueResponseUrl({ channel, user: alice });
      const bad = await post(url, { blocks: [{ type: 'nope' }] });
      expect([bad.status, await bad.text()]).toEqual([400, 'invalid_blocks']);
      expect(fake.violations.map((v) => [v.source, v.error])).toEqual([['response_url', 'invalid_blocks']]);
    });

    it('allows 5 uses, then answers 404 used_url (a violation)', async () => {
      const url = fake.tickets.issueResponseUrl({ channel, user: alice });
      for (let i = 0; i < 5; i++) expect((await post(url, { text: `n${i}` })).status).toBe(200);
      const sixth = await post(url, { text: 'n5' });
      expect([sixth.status, await sixth.text()]).toEqual([404, 'used_url']);
      expect(fake.violations.map((v) => v.error)).toEqual(['used_url']);
    });

    it('expires after 30 minutes with 404 "Expired url" (a refusal)', async () => {
      const url = fake.tickets.issueResponseUrl({ channel, user: alice });
      now += 30 * 60_000;
      expect((await post(url, { text: 'just in time' })).status).toBe(200);
      now += 1;
      const late = await post(url, { text: 'too late' });
      expect([late.status, await late.text()]).toEqual([404, 'Expired url']);
      expect(fake.violations).toEqual([]);
    });
  });
});
