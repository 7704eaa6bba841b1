import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from '../../src/sandbox/index.js';
import { callApi, webClient } from './helpers/web-api.js';

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('fake Web API', () => {
  let fake: FakeSlack;
  let alice: string;
  let bob: string;
  let channel: string;

  beforeEach(async () => {
    let clock = 1_700_000_000_000;
    fake = await startFakeSlack({ now: () => (clock += 1) });
    alice = fake.workspace.addUser({
      name: 'alice',
      realName: 'Alice Tan',
      email: 'alice@example.com',
      tz: 'Asia/Jakarta',
      locale: 'id-ID',
    });
    bob = fake.workspace.addUser({ name: 'bob' });
    channel = fake.workspace.addChannel({ name: 'erp-rollout', members: [alice, bob] });
  });

  afterEach(() => fake.close());

  describe('authentication and routing', () => {
    it('answers auth.test with the workspace and bot identity', async () => {
      const auth = await webClient(fake).auth.test();
      expect(auth).toMatchObject({
        ok: true,
        team_id: fake.workspace.team.id,
        user_id: fake.workspace.botUserId,
        bot_id: fake.workspace.bot.botId,
      });
    });

    it.each([
      { token: null, error: 'not_authed' },
      { token: 'xoxb-wrong', error: 'invalid_auth' },
    ])('refuses a call with token $token: $error', async ({ token, error }) => {
      expect(await callApi(fake, 'auth.test', {}, token)).toEqual({ ok: false, error });
      expect(fake.violations.map((v) => v.error)).toEqual([error]);
    });

    it('accepts the token as an argument, as Slack does', async () => {
      expect(await callApi(fake, 'auth.test', { token: fake.botToken }, null)).toMatchObject({ ok: true });
    });

    it('answers unknown_method', async () => {
      expect(await callApi(fake, 'chat.scheduleMessageX')).toEqual({ ok: false, error: 'unknown_method' });
    });

    it('accepts JSON bodies', async () => {
      const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          authorization: `Bearer ${fake.botToken}`,
        },
        body: JSON.stringify({ channel, text: 'json', blocks: [section('json')] }),
      });
      expect(await response.json()).toMatchObject({ ok: true, message: { text: 'json' } });
      expect(fake.calls('chat.postMessage')[0]?.args.blocks).toEqual([section('json')]);
    });

    it('reports missing required arguments from the method reference', async () => {
      expect(await callApi(fake, 'chat.postMessage', { text: 'hi' })).toEqual({
        ok: false,
        error: 'invalid_arguments',
        response_metadata: { messages: ['[ERROR] missing required field: channel'] },
      });
    });
  });

  describe('chat', () => {
    it('posts to a channel with unique increasing ts and records parsed blocks', async () => {
      const client = webClient(fake);
      const first = await client.chat.postMessage({ channel, text: 'one', blocks: [section('one')] });
      const second = await client.chat.postMessage({ channel, text: 'two' });
      expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
      expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['one', 'two']);
      expect(fake.calls('chat.postMessage')[0]?.args.blocks).toEqual([section('one')]);
      expect(fake.messagesIn(channel)[0]?.blocks?.[0]?.block_id).toMatch(/^\w{5}$/);
    });

    it('posts to a user ID in the app DM', async () => {
      const posted = await webClient(fake).chat.postMessage({ channel: alice, text: 'hello' });
      expect(posted.channel).toMatch(/^D[A-Z0-9]{10}$/);
      expect(fake.dmsTo(alice).map((m) => m.text)).toEqual(['hello']);
      expect(fake.messagesIn(posted.channel ?? '')).toHaveLength(1);
    });

    it('threads replies and counts them on the parent', async () => {
      const client = webClient(fake);
      const parent = await client.chat.postMessage({ channel, text: 'parent' });
      await client.chat.postMessage({ channel, text: 'r1', thread_ts: parent.ts ?? '' });
      const r2 = await client.chat.postMessage({ channel, text: 'r2', thread_ts: parent.ts ?? '' });
      const stored = fake.workspace.message(channel, parent.ts ?? '');
      expect(stored).toMatchObject({
        reply_count: 2,
        latest_reply: r2.ts,
        thread_ts: parent.ts,
        reply_users: [fake.workspace.botUserId],
      });
      expect(r2.message?.thread_ts).toBe(parent.ts);
    });

    it('records a reply to a thread that does not exist (Slack accepts it and loses it)', async () => {
      expect(
        await callApi(fake, 'chat.postMessage', { channel, text: 'x', thread_ts: '1600000000.000100' }),
      ).toMatchObject({ ok: true });
      expect(fake.violations.map((v) => v.error)).toEqual(['thread_not_found']);
    });

    it.each([
      { name: 'no_text', args: {}, error: 'no_text', violation: true },
      { name: 'msg_too_long', args: { text: 'x'.repeat(40_001) }, error: 'msg_too_long', violation: true },
      {
        name: 'invalid_blocks',
        args: { text: 'x', blocks: [{ type: 'nope' }] },
        error: 'invalid_blocks',
        violation: true,
      },
      {
        name: 'invalid_blocks_format',
        args: { text: 'x', blocks: '[{' },
        error: 'invalid_blocks_format',
        violation: true,
      },
    ])('refuses $name', async ({ args, error, violation }) => {
      const answer = await callApi(fake, 'chat.postMessage', { channel, ...args });
      expect(answer).toMatchObject({ ok: false, error });
      expect(fake.violations.length > 0).toBe(violation);
    });

    it('tells a made-up channel (violation) from a deleted one or one the bot left (refusals)', async () => {
      const gone = fake.workspace.addChannel({ name: 'gone' });
      fake.workspace.deleteChannel(gone);
      const outside = fake.workspace.addChannel({ name: 'outside', members: [alice], botIsMember: false });
      const archived = fake.workspace.addChannel({ name: 'old' });
      fake.workspace.archiveChannel(archived);
      expect(await callApi(fake, 'chat.postMessage', { channel: gone, text: 'x' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      expect(await callApi(fake, 'chat.postMessage', { channel: outside, text: 'x' })).toEqual({
        ok: false,
        error: 'not_in_channel',
      });
      expect(await callApi(fake, 'chat.postMessage', { channel: archived, text: 'x' })).toEqual({
        ok: false,
        error: 'is_archived',
      });
      expect(fake.violations).toEqual([]);
      expect(await callApi(fake, 'chat.postMessage', { channel: 'C0NOTACHAN1', text: 'x' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      expect(fake.violations.map((v) => v.error)).toEqual(['channel_not_found']);
    });

    it('updates and deletes the bot’s messages only', async () => {
      const client = webClient(fake);
      const posted = await client.chat.postMessage({ channel, text: 'v1', blocks: [section('v1')] });
      const updated = await client.chat.update({ channel, ts: posted.ts ?? '', text: 'v2' });
      expect(updated).toMatchObject({ ok: true, text: 'v2', ts: posted.ts });
      expect(fake.messagesIn(channel)[0]).toMatchObject({ text: 'v2', blocks: [{ type: 'section' }] });
      expect(fake.messagesIn(channel)[0]?.edited?.ts).toBeDefined();

      const own = fake.workspace.postMessage({ channel, user: alice, text: 'mine' });
      expect(await callApi(fake, 'chat.update', { channel, ts: own.ts, text: 'hijack' })).toEqual({
        ok: false,
        error: 'cant_update_message',
      });
      expect(await callApi(fake, 'chat.delete', { channel, ts: own.ts })).toEqual({
        ok: false,
        error: 'cant_delete_message',
      });

      expect(await client.chat.delete({ channel, ts: posted.ts ?? '' })).toMatchObject({
        ok: true,
        ts: posted.ts,
      });
      fake.clearViolations();
      expect(await callApi(fake, 'chat.update', { channel, ts: posted.ts, text: 'late' })).toEqual({
        ok: false,
        error: 'message_not_found',
      });
      expect(fake.violations).toEqual([]);
      expect(await callApi(fake, 'chat.update', { channel, ts: '1600000000.000001', text: 'never' })).toEqual(
        { ok: false, error: 'message_not_found' },
      );
      expect(fake.violations.map((v) => v.error)).toEqual(['message_not_found']);
    });

    it('posts ephemeral messages to channel members only', async () => {
      const answer = await webClient(fake).chat.postEphemeral({ channel, user: alice, text: 'psst' });
      expect(answer.message_ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(fake.ephemeralsFor(alice)).toMatchObject([{ channel, text: 'psst' }]);
      const carol = fake.workspace.addUser({ name: 'carol' });
      expect(await callApi(fake, 'chat.postEphemeral', { channel, user: carol, text: 'x' })).toEqual({
        ok: false,
        error: 'user_not_in_channel',
      });
    });

    it('gives permalinks, with thread parameters for replies', async () => {
      const client = webClient(fake);
      const parent = await client.chat.postMessage({ channel, text: 'p' });
      const reply = await client.chat.postMessage({ channel, text: 'r', thread_ts: parent.ts ?? '' });
      const link = await client.chat.getPermalink({ channel, message_ts: reply.ts ?? '' });
      expect(link.permalink).toBe(
        `${fake.baseUrl}archives/${channel}/p${reply.ts?.replace('.', '')}?thread_ts=${parent.ts}&cid=${channel}`,
      );
    });
  });

  describe('users and conversations', () => {
    it('answers users.info with time zone, offset and (on request) locale', async () => {
      const { user } = await webClient(fake).users.info({ user: alice, include_locale: true });
      expect(user).toMatchObject({
        id: alice,
        real_name: 'Alice Tan',
        tz: 'Asia/Jakarta',
        tz_offset: 7 * 3600,
        locale: 'id-ID',
      });
      const { user: plain } = await webClient(fake).users.info({ user: alice });
      expect(plain?.locale).toBeUndefined();
      expect(await callApi(fake, 'users.info', { user: 'U0NOBODY000' })).toEqual({
        ok: false,
        error: 'user_not_found',
      });
    });

    it('looks users up by email; an unknown address is a refusal', async () => {
      expect((await webClient(fake).users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe(
        alice,
      );
      expect(await callApi(fake, 'users.lookupByEmail', { email: 'nobody@example.com' })).toEqual({
        ok: false,
        error: 'users_not_found',
      });
      expect(fake.violations).toEqual([]);
    });

    it('opens DMs once and group DMs', async () => {
      const client = webClient(fake);
      const first = await client.conversations.open({ users: alice });
      const again = await client.conversations.open({ users: alice });
      expect(again).toMatchObject({ already_open: true, channel: { id: first.channel?.id } });
      const group = await client.conversations.open({ users: `${alice},${bob}` });
      expect(group.channel?.id).toMatch(/^G/);
    });

    it('answers conversations.info and pages conversations.members', async () => {
      const client = webClient(fake);
      const info = await client.conversations.info({ channel, include_num_members: true });
      expect(info.channel).toMatchObject({
        id: channel,
        name: 'erp-rollout',
        is_member: true,
        num_members: 3,
      });
      const page1 = await client.conversations.members({ channel, limit: 2 });
      expect(page1.members).toHaveLength(2);
      const page2 = await client.conversations.members({
        channel,
        limit: 2,
        cursor: page1.response_metadata?.next_cursor ?? '',
      });
      expect(page2.members).toHaveLength(1);
      expect(page2.response_metadata?.next_cursor).toBe('');
      expect(new Set([...(page1.members ?? []), ...(page2.members ?? [])])).toEqual(
        new Set([alice, bob, fake.workspace.botUserId]),
      );
    });
  });

  describe('files', () => {
    it('runs the filesUploadV2 flow and shares the file as a message', async () => {
      const result = await webClient(fake).filesUploadV2({
        channel_id: channel,
        file: Buffer.from('a,b\n1,2\n'),
        filename: 'latency.csv',
        initial_comment: 'Weekly digest',
      });
      expect(result.ok).toBe(true);
      expect(fake.calls().map((c) => c.method)).toEqual([
        'files.getUploadURLExternal',
        'upload',
        'files.completeUploadExternal',
      ]);
      const [message] = fake.messagesIn(channel);
      expect(message).toMatchObject({
        text: 'Weekly digest',
        upload: true,
        files: [{ name: 'latency.csv', size: 8, mimetype: 'text/csv' }],
      });
      expect(message?.files?.[0]?.id).toMatch(/^F[A-Z0-9]{10}$/);
    });

    it('refuses to complete a file that was never uploaded', async () => {
      const ticket = await callApi(fake, 'files.getUploadURLExternal', { filename: 'a.txt', length: 3 });
      const answer = await callApi(fake, 'files.completeUploadExternal', {
        files: [{ id: ticket.file_id }],
        channel_id: channel,
      });
      expect(answer).toEqual({ ok: false, error: 'file_not_found' });
    });
  });

  it('lists every violation readably in assertNoViolations()', async () => {
    await callApi(fake, 'chat.postMessage', { channel, text: 'x', blocks: [section('y'.repeat(3001))] });
    expect(() => fake.assertNoViolations()).toThrow(
      /1 Slack contract violation\(s\):\n1\. \[web_api\] chat\.postMessage -> invalid_blocks\n.*less than 3001 characters \[json-pointer:\/blocks\/0\/text\/text\]/,
    );
  });
});
