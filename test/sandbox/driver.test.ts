import { setTimeout as sleep } from 'node:timers/promises';
import type { App } from '@slack/bolt';
import { Ajv } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, SlackDriver, startFakeSlack } from '../../src/sandbox/index.js';
import { readReferenceJson, resolveReferenceDir } from '../../src/sandbox/reference.js';
import { type RunningApp, SIGNING_SECRET, startBareApp } from './helpers/bare-app.js';

const text = (t: string) => ({ type: 'plain_text' as const, text: t });
const option = (value: string) => ({ text: text(value), value });

/** A modal with one input of each kind the driver fills. */
const formView = {
  type: 'modal' as const,
  callback_id: 'form',
  private_metadata: 'meta-1',
  notify_on_close: true,
  title: text('Form'),
  submit: text('Send'),
  blocks: [
    {
      type: 'input',
      block_id: 'question',
      label: text('Q'),
      element: { type: 'plain_text_input', action_id: 'value', max_length: 50 },
    },
    {
      type: 'input',
      block_id: 'impact',
      label: text('Impact'),
      element: { type: 'static_select', action_id: 'level', options: ['low', 'high'].map(option) },
    },
    {
      type: 'input',
      block_id: 'budget',
      label: text('Budget'),
      optional: true,
      element: { type: 'number_input', action_id: 'amount', is_decimal_allowed: false },
    },
    {
      type: 'input',
      block_id: 'due',
      label: text('Due'),
      element: { type: 'datepicker', action_id: 'date', initial_date: '2024-03-01' },
    },
    {
      type: 'input',
      block_id: 'decider',
      label: text('Decider'),
      element: { type: 'users_select', action_id: 'user' },
    },
    {
      type: 'input',
      block_id: 'areas',
      label: text('Areas'),
      optional: true,
      element: { type: 'checkboxes', action_id: 'picked', options: ['finance', 'stock'].map(option) },
    },
    {
      type: 'input',
      block_id: 'mode',
      label: text('Mode'),
      optional: true,
      element: { type: 'radio_buttons', action_id: 'choice', options: ['vote', 'single'].map(option) },
    },
  ],
};

describe('SlackDriver against a bare Bolt app', () => {
  let fake: FakeSlack;
  let bot: RunningApp;
  let driver: SlackDriver;
  let alice: string;
  let bob: string;
  let channel: string;
  const seen: Array<{ kind: string; body: unknown; retryNum?: number; retryReason?: string }> = [];
  let submitAnswer: (values: Record<string, Record<string, unknown>>) => Record<string, unknown> | undefined;

  const register = (app: App) => {
    app.command('/form', async ({ ack, body, client }) => {
      await ack();
      await client.views.open({ trigger_id: body.trigger_id, view: formView });
    });
    app.command('/announce', async ({ ack }) => {
      await ack({ response_type: 'in_channel', text: 'Decision D-1 opened' });
    });
    app.command('/broken', async () => {
      throw new Error('listener failed before ack');
    });
    app.command('/slow', async ({ ack }) => {
      await sleep(120);
      await ack();
    });
    app.view('form', async ({ ack, body }) => {
      seen.push({ kind: 'view_submission', body });
      const answer = submitAnswer(body.view.state.values as Record<string, Record<string, unknown>>);
      await (answer === undefined ? ack() : ack(answer as never));
    });
    app.view({ type: 'view_closed', callback_id: 'form' }, async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'view_closed', body });
    });
    app.action('approve', async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'block_actions', body });
    });
    app.action('impact', async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'select', body });
    });
    app.shortcut('new_decision', async ({ ack, shortcut, client }) => {
      await ack();
      seen.push({ kind: 'shortcut', body: shortcut });
      await client.views.open({ trigger_id: shortcut.trigger_id, view: formView });
    });
    app.shortcut('escalate', async ({ ack, shortcut }) => {
      await ack();
      seen.push({ kind: 'message_action', body: shortcut });
    });
    app.event('app_home_opened', async ({ event, client, context }) => {
      seen.push({
        kind: 'app_home_opened',
        body: event,
        ...(context.retryNum === undefined
          ? {}
          : { retryNum: context.retryNum, retryReason: context.retryReason ?? '' }),
      });
      await client.views.publish({
        user_id: event.user,
        view: {
          type: 'home',
          blocks: [
            {
              type: 'actions',
              elements: [{ type: 'button', action_id: 'approve', text: text('Approve'), value: 'home' }],
            },
          ],
        },
      });
    });
    app.message(async ({ message, say }) => {
      if (message.subtype === undefined && 'thread_ts' in message && message.thread_ts !== undefined) {
        await say({ text: 'noted', thread_ts: message.thread_ts });
      }
    });
  };

  beforeEach(async () => {
    seen.length = 0;
    submitAnswer = () => undefined;
    fake = await startFakeSlack();
    alice = fake.workspace.addUser({ name: 'alice' });
    bob = fake.workspace.addUser({ name: 'bob' });
    channel = fake.workspace.addChannel({ name: 'proj', members: [alice, bob] });
    bot = await startBareApp(fake, register);
    driver = new SlackDriver({ fake, url: bot.url, signingSecret: SIGNING_SECRET });
  });

  afterEach(async () => {
    await bot.stop();
    await fake.close();
  });

  const openForm = async () => {
    await driver.slashCommand({ user: alice, channel, command: '/form' });
    return fake.waitFor(() => fake.openView(alice));
  };

  const postWithButtons = () =>
    fake.workspace.postMessage({
      channel,
      user: fake.workspace.botUserId,
      botId: fake.workspace.bot.botId,
      text: 'Approve budget?',
      blocks: [
        {
          type: 'actions',
          block_id: 'decision',
          elements: [
            { type: 'button', action_id: 'approve', text: text('Approve'), value: 'D-1' },
            {
              type: 'static_select',
              action_id: 'impact',
              placeholder: text('Impact'),
              options: ['low', 'high'].map(option),
            },
          ],
        },
      ],
    });

  describe('signatures', () => {
    it('is answered 200 when signed correctly and 401 when the signature is bad, stale or missing', async () => {
      const good = await driver.urlVerification('abc');
      expect([good.status, good.body]).toEqual([200, { challenge: 'abc' }]);
      for (const signature of ['invalid', 'stale', 'missing'] as const) {
        const [ack] = await driver.replay(good, { signature });
        expect([signature, ack?.status]).toEqual([signature, 401]);
      }
      fake.assertNoViolations();
    });
  });

  describe('slash commands', () => {
    it('sends the full field set with a trigger and response_url issued by the fake', async () => {
      const ack = await driver.slashCommand({ user: alice, channel, command: '/form', text: 'budget' });
      expect(ack.request.contentType).toBe('application/x-www-form-urlencoded');
      expect(Object.keys(ack.request.payload).sort()).toEqual(
        [
          'api_app_id',
          'channel_id',
          'channel_name',
          'command',
          'is_enterprise_install',
          'response_url',
          'team_domain',
          'team_id',
          'text',
          'token',
          'trigger_id',
          'user_id',
          'user_name',
        ].sort(),
      );
      expect(ack.request.payload).toMatchObject({
        user_id: alice,
        channel_id: channel,
        channel_name: 'proj',
        text: 'budget',
        trigger_id: ack.triggerId,
        response_url: ack.responseUrl,
      });
      await fake.waitFor(() => fake.openView(alice));
    });

    it('shows a message given in the ack', async () => {
      await driver.slashCommand({ user: alice, channel, command: '/announce' });
      expect(fake.messagesIn(channel).map((m) => m.text)).toEqual(['Decision D-1 opened']);
    });

    it('flags a failed ack and a slow ack as violations', async () => {
      const failed = await driver.slashCommand({ user: alice, channel, command: '/broken' });
      expect(failed.status).toBe(500);
      const slowDriver = new SlackDriver({
        fake,
        url: bot.url,
        signingSecret: SIGNING_SECRET,
        slowAckMs: 50,
      });
      await slowDriver.slashCommand({ user: alice, channel, command: '/slow' });
      expect(fake.violations.map((v) => [v.method, v.error])).toEqual([
        ['slash_command', 'ack_failed'],
        ['slash_command', 'slow_ack'],
      ]);
      expect(() => fake.assertNoViolations()).toThrow(/slow_ack/);
    });
  });

  describe('view submissions', () => {
    it('derives typed state.values from the stored view and echoes metadata', async () => {
      const opened = await openForm();
      const result = await driver.submitView(alice, {
        values: {
          question: 'Go live?',
          level: 'high',
          amount: 1200,
          decider: bob,
          areas: ['finance', 'stock'],
        },
      });
      expect(result.outcome).toBe('closed');
      const body = seen.find((s) => s.kind === 'view_submission')?.body as { view: Record<string, unknown> };
      expect(body.view).toMatchObject({
        id: opened.id,
        callback_id: 'form',
        private_metadata: 'meta-1',
        hash: opened.hash,
      });
      expect(body.view.state).toEqual({
        values: {
          question: { value: { type: 'plain_text_input', value: 'Go live?' } },
          impact: { level: { type: 'static_select', selected_option: option('high') } },
          budget: { amount: { type: 'number_input', value: '1200' } },
          due: { date: { type: 'datepicker', selected_date: '2024-03-01' } },
          decider: { user: { type: 'users_select', selected_user: bob } },
          areas: { picked: { type: 'checkboxes', selected_options: [option('finance'), option('stock')] } },
          mode: { choice: { type: 'radio_buttons', selected_option: null } },
        },
      });
    });

    it('refuses what the user could not have submitted', async () => {
      await openForm();
      await expect(driver.submitView(alice, { values: { question: 'x' } })).rejects.toThrow(
        /required input impact\/level is empty/,
      );
      await expect(driver.submitView(alice, { values: { nope: 'x' } })).rejects.toThrow(
        /No input nope.*Inputs: question\/value/,
      );
      await expect(driver.submitView(alice, { values: { question: 'x', level: 'huge' } })).rejects.toThrow(
        /offers no option "huge"/,
      );
      await expect(driver.submitView(alice, { values: { question: 'x'.repeat(51) } })).rejects.toThrow(
        /at most 50 characters/,
      );
    });

    const filled = () => ({ question: 'Go?', level: 'low', decider: bob });

    it('keeps the view and returns the errors of response_action errors', async () => {
      await openForm();
      submitAnswer = () => ({ response_action: 'errors', errors: { question: 'Too vague' } });
      const result = await driver.submitView(alice, { values: filled() });
      expect(result).toMatchObject({ outcome: 'errors', errors: { question: 'Too vague' } });
      expect(fake.openView(alice)?.callback_id).toBe('form');
      fake.assertNoViolations();
    });

    it('flags errors that name no input block', async () => {
      await openForm();
      submitAnswer = () => ({ response_action: 'errors', errors: { nowhere: 'x' } });
      expect((await driver.submitView(alice, { values: filled() })).outcome).toBe('failed');
      expect(fake.violations.map((v) => v.error)).toEqual(['invalid_response_action']);
    });

    it('applies update, push and clear', async () => {
      const opened = await openForm();
      const next = { type: 'modal', callback_id: 'next', title: text('Next'), blocks: [{ type: 'divider' }] };
      submitAnswer = () => ({ response_action: 'update', view: next });
      expect((await driver.submitView(alice, { values: filled() })).outcome).toBe('updated');
      expect(fake.openView(alice)).toMatchObject({ id: opened.id, callback_id: 'next' });

      fake.views.update(opened.id, formView);
      submitAnswer = () => ({ response_action: 'push', view: next });
      expect((await driver.submitView(alice, { values: filled() })).outcome).toBe('pushed');
      expect(fake.views.stack(alice).map((v) => v.callback_id)).toEqual(['form', 'next']);

      fake.views.update(fake.openView(alice)?.id ?? '', formView);
      submitAnswer = () => ({ response_action: 'clear' });
      expect((await driver.submitView(alice, { values: filled() })).outcome).toBe('cleared');
      expect(fake.views.stack(alice)).toEqual([]);
      fake.assertNoViolations();
    });

    it('validates a view returned in the ack like views.open', async () => {
      await openForm();
      submitAnswer = () => ({
        response_action: 'update',
        view: { type: 'modal', title: text('x'.repeat(30)), blocks: [] },
      });
      expect((await driver.submitView(alice, { values: filled() })).outcome).toBe('failed');
      expect(fake.violations).toMatchObject([
        { source: 'ack', method: 'view_submission', error: 'invalid_arguments' },
      ]);
    });

    it('sends view_closed when the view asks for it', async () => {
      await openForm();
      const ack = await driver.closeView(alice);
      expect(ack?.status).toBe(200);
      expect(fake.openView(alice)).toBeUndefined();
      await fake.waitFor(() => seen.find((s) => s.kind === 'view_closed'));
    });
  });

  describe('block actions', () => {
    it('sends the full block_actions payload for a button in a message', async () => {
      const message = postWithButtons();
      const ack = await driver.clickButton(alice, { actionId: 'approve', in: message });
      expect(ack.status).toBe(200);
      const body = (await fake.waitFor(() => seen.find((s) => s.kind === 'block_actions')))?.body as Record<
        string,
        unknown
      >;
      expect(body).toMatchObject({
        type: 'block_actions',
        user: { id: alice, username: 'alice' },
        api_app_id: fake.workspace.bot.appId,
        container: { type: 'message', message_ts: message.ts, channel_id: channel, is_ephemeral: false },
        trigger_id: ack.triggerId,
        team: { id: fake.workspace.team.id },
        channel: { id: channel, name: 'proj' },
        message: { ts: message.ts, text: 'Approve budget?' },
        response_url: ack.responseUrl,
        state: { values: {} },
        actions: [
          { action_id: 'approve', block_id: 'decision', value: 'D-1', type: 'button', text: text('Approve') },
        ],
      });
    });

    it('chooses an option of a select that is really there', async () => {
      postWithButtons();
      await driver.choose(alice, { actionId: 'impact', value: 'high' });
      const body = (await fake.waitFor(() => seen.find((s) => s.kind === 'select')))?.body as {
        actions: unknown[];
      };
      expect(body.actions).toMatchObject([
        { type: 'static_select', action_id: 'impact', selected_option: option('high') },
      ]);
      await expect(driver.choose(alice, { actionId: 'impact', value: 'extreme' })).rejects.toThrow(
        /offers no option/,
      );
    });

    it.each([false, true])(
      'double-clicks with two identical requests (concurrent: %s)',
      async (concurrent) => {
        postWithButtons();
        const acks = await driver.doubleClick(alice, { actionId: 'approve' }, { concurrent });
        expect(acks.map((a) => a.status)).toEqual([200, 200]);
        expect(acks[0]?.request.rawBody).toBe(acks[1]?.request.rawBody);
        await fake.waitFor(() => seen.filter((s) => s.kind === 'block_actions').length === 2);
      },
    );

    it('clicks in the App Home published on app_home_opened', async () => {
      await driver.appHomeOpened(alice);
      await fake.waitFor(() => fake.homeView(alice));
      await driver.clickButton(alice, { actionId: 'approve', in: 'home' });
      const body = (await fake.waitFor(() => seen.find((s) => s.kind === 'block_actions')))?.body as Record<
        string,
        unknown
      >;
      expect(body).toMatchObject({
        container: { type: 'view', view_id: fake.homeView(alice)?.id },
        view: { type: 'home' },
      });
      expect(body.response_url).toBeUndefined();
    });
  });

  describe('shortcuts', () => {
    it('sends a global shortcut whose trigger opens a modal', async () => {
      const ack = await driver.globalShortcut(alice, 'new_decision');
      expect(ack.status).toBe(200);
      await fake.waitFor(() => fake.openView(alice));
      expect(seen.find((s) => s.kind === 'shortcut')?.body).toMatchObject({
        type: 'shortcut',
        callback_id: 'new_decision',
        trigger_id: ack.triggerId,
      });
    });

    it('sends a message shortcut on a stored message', async () => {
      const message = fake.workspace.postMessage({ channel, user: bob, text: 'Need a call on this' });
      await driver.messageShortcut(alice, { callbackId: 'escalate', message });
      const body = await fake.waitFor(() => seen.find((s) => s.kind === 'message_action')?.body);
      expect(body).toMatchObject({
        type: 'message_action',
        message_ts: message.ts,
        message: { text: 'Need a call on this', user: bob },
        channel: { id: channel },
      });
    });
  });

  describe('events', () => {
    it('wraps events in an envelope that matches Slack’s event wrapper schema', async () => {
      const ack = await driver.appHomeOpened(alice);
      await fake.waitFor(() => fake.calls('views.publish').length === 1);
      const schema = readReferenceJson(
        resolveReferenceDir(),
        'events/slack_common_event_wrapper_schema.json',
      ) as object;
      const validate = new Ajv({ strict: false }).compile(schema);
      expect(validate(ack.request.payload), JSON.stringify(validate.errors)).toBe(true);
      expect(ack.request).toMatchObject({
        contentType: 'application/json',
        payload: { type: 'event_callback', event_id: ack.eventId },
      });
      expect(validate({ ...ack.request.payload, event_id: undefined })).toBe(false);
    });

    it('re-delivers an event with retry headers, which Bolt passes on', async () => {
      const first = await driver.appHomeOpened(alice);
      await driver.redeliver(first, { retryNum: 1, reason: 'http_timeout' });
      await fake.waitFor(() => fake.calls('views.publish').length === 2);
      const homeEvents = await fake.waitFor(() => {
        const found = seen.filter((s) => s.kind === 'app_home_opened');
        return found.length === 2 && found;
      });
      expect(homeEvents.map((s) => [s.retryNum, s.retryReason])).toEqual([
        [undefined, undefined],
        [1, 'http_timeout'],
      ]);
    });

    it('delivers a user’s thread reply as a message event', async () => {
      const parent = fake.workspace.postMessage({ channel, user: bob, text: 'Which warehouse?' });
      const posted = await driver.userPosts({ user: alice, channel, text: 'Surabaya', threadTs: parent.ts });
      expect(posted.request.payload).toMatchObject({
        event: { type: 'message', thread_ts: parent.ts, parent_user_id: bob, channel_type: 'channel' },
      });
      await fake.waitFor(() => fake.workspace.threadReplies(channel, parent.ts).length === 2);
      expect(fake.workspace.message(channel, parent.ts)).toMatchObject({ reply_count: 2 });
      fake.assertNoViolations();
    });
  });
});
