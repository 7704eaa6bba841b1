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

    it('answers users.profile.get with the status the person set, none once it has expired', async () => {
      const profile = async () => (await webClient(fake).users.profile.get({ user: alice })).profile;
      expect(await profile()).toMatchObject({ status_emoji: '', status_text: '', status_expiration: 0 });
      const nowSec = Math.floor(fake.now() / 1000);
      fake.workspace.setStatus(alice, {
        emoji: ':palm_tree:',
        text: 'On holiday',
        expiration: nowSec + 3600,
      });
      expect(await profile()).toMatchObject({
        status_emoji: ':palm_tree:',
        status_text: 'On holiday',
        status_expiration: nowSec + 3600,
        real_name: 'Alice Tan',
      });
      // users.info shows the same status.
      expect((await webClient(fake).users.info({ user: alice })).user?.profile?.status_emoji).toBe(
        ':palm_tree:',
      );
      fake.workspace.setStatus(alice, { emoji: ':airplane:', text: 'Flying', expiration: nowSec - 1 });
      expect(await profile()).toMatchObject({ status_emoji: '', status_expiration: 0 });
      fake.workspace.setStatus(alice, { emoji: '', text: '', expiration: 0 });
      expect(fake.workspace.statusOf(alice)).toBeUndefined();
      expect(fake.violations).toEqual([]);
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

  describe('conversations.history and conversations.replies', () => {
    /** Posts as the bot and returns the ts. */
    const post = async (args: Record<string, unknown>) =>
      String((await callApi(fake, 'chat.postMessage', args)).ts);

    it('lists messages newest first without thread replies, with has_more, oldest, latest and inclusive', async () => {
      const a = await post({ channel, text: 'a' });
      const b = await post({ channel, text: 'b' });
      const reply = await post({ channel, text: 'reply', thread_ts: a });
      const last = await post({ channel, text: 'c' });
      const client = webClient(fake);
      const all = await client.conversations.history({ channel });
      expect(all.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);
      expect(all.messages?.find((m) => m.ts === a)).toMatchObject({ reply_count: 1, latest_reply: reply });
      expect(all.has_more).toBe(false);
      const page = await client.conversations.history({ channel, limit: 2 });
      expect([page.messages?.map((m) => m.text), page.has_more]).toEqual([['c', 'b'], true]);
      expect(
        (await client.conversations.history({ channel, oldest: a })).messages?.map((m) => m.text),
      ).toEqual(['c', 'b']);
      const between = await client.conversations.history({
        channel,
        oldest: a,
        latest: last,
        inclusive: true,
      });
      expect(between.messages?.map((m) => m.text)).toEqual(['c', 'b', 'a']);
      expect(
        (await client.conversations.history({ channel, latest: b })).messages?.map((m) => m.text),
      ).toEqual(['a']);
      expect(fake.violations).toEqual([]);
    });

    it('echoes the block_id the bot gave, and reads the bot’s DM by its D… id', async () => {
      await post({ channel: alice, text: 'dm', blocks: [{ ...section('hi'), block_id: 'dlv-7' }] });
      const dm = (await webClient(fake).conversations.open({ users: alice })).channel?.id ?? '';
      expect(dm).toMatch(/^D/);
      const history = await webClient(fake).conversations.history({ channel: dm });
      expect(history.messages?.[0]?.blocks?.[0]?.block_id).toBe('dlv-7');
    });

    it('lists a thread parent first, then its replies oldest first, honouring oldest and limit', async () => {
      const head = await post({ channel, text: 'head' });
      const r1 = await post({ channel, text: 'r1', thread_ts: head });
      await post({ channel, text: 'r2', thread_ts: head });
      await post({ channel, text: 'r3', thread_ts: head });
      const client = webClient(fake);
      const thread = await client.conversations.replies({ channel, ts: head });
      expect(thread.messages?.map((m) => m.text)).toEqual(['head', 'r1', 'r2', 'r3']);
      expect(thread.messages?.[1]).toMatchObject({
        thread_ts: head,
        parent_user_id: fake.workspace.botUserId,
      });
      const later = await client.conversations.replies({ channel, ts: head, oldest: r1, limit: 1 });
      expect([later.messages?.map((m) => m.text), later.has_more]).toEqual([['head', 'r2'], true]);
      // A reply's ts finds its thread too.
      expect((await client.conversations.replies({ channel, ts: r1 })).messages).toHaveLength(4);
    });

    it('refuses a channel the bot is not in and a deleted thread; a made-up one is a violation', async () => {
      const outside = fake.workspace.addChannel({ name: 'other', members: [alice], botIsMember: false });
      const secret = fake.workspace.addChannel({
        name: 'secret',
        members: [alice],
        botIsMember: false,
        isPrivate: true,
      });
      expect(await callApi(fake, 'conversations.history', { channel: outside })).toEqual({
        ok: false,
        error: 'not_in_channel',
      });
      expect(await callApi(fake, 'conversations.history', { channel: secret })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      const gone = await post({ channel, text: 'gone' });
      await callApi(fake, 'chat.delete', { channel, ts: gone });
      expect(await callApi(fake, 'conversations.replies', { channel, ts: gone })).toEqual({
        ok: false,
        error: 'thread_not_found',
      });
      expect(fake.violations).toEqual([]);
      expect(await callApi(fake, 'conversations.replies', { channel, ts: '1700000000.000001' })).toEqual({
        ok: false,
        error: 'thread_not_found',
      });
      expect(await callApi(fake, 'conversations.history', { channel: 'C0NEVER000' })).toEqual({
        ok: false,
        error: 'channel_not_found',
      });
      expect(fake.violations.map((v) => v.error)).toEqual(['thread_not_found', 'channel_not_found']);
    });

    it('checks arguments against the OpenAPI operation: types, and the channel and ts Slack requires', async () => {
      const answers = [
        await callApi(fake, 'conversations.history', { channel, limit: 'ten' }),
        await callApi(fake, 'conversations.history', { channel, oldest: 'yesterday', inclusive: 'maybe' }),
        await callApi(fake, 'conversations.history', {}),
        await callApi(fake, 'conversations.replies', { channel }),
      ];
      expect(answers.map((a) => a.error)).toEqual(Array(4).fill('invalid_arguments'));
      expect(answers.map((a) => (a.response_metadata as { messages: string[] }).messages)).toEqual([
        ['[ERROR] limit must be an integer'],
        ['[ERROR] oldest must be a number', '[ERROR] inclusive must be a boolean'],
        ['[ERROR] missing required field: channel'],
        ['[ERROR] missing required field: ts'],
      ]);
      expect(fake.violations).toHaveLength(4);
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
