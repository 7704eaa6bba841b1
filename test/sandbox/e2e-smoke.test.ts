import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, SlackDriver, startFakeSlack } from '../../src/sandbox/index.js';
import { type RunningApp, SIGNING_SECRET, startBareApp } from './helpers/bare-app.js';

describe('a bare Bolt app driven through the stand-in', () => {
  let fake: FakeSlack;
  let bot: RunningApp;
  let driver: SlackDriver;
  let alice: string;
  let channel: string;

  beforeEach(async () => {
    fake = await startFakeSlack();
    alice = fake.workspace.addUser({ name: 'alice', realName: 'Alice Tan', tz: 'Asia/Jakarta' });
    channel = fake.workspace.addChannel({ name: 'erp-rollout', members: [alice] });
    bot = await startBareApp(fake, (app) => {
      app.command('/decide', async ({ ack, body, client }) => {
        await ack();
        await client.views.open({
          trigger_id: body.trigger_id,
          view: {
            type: 'modal',
            callback_id: 'decide',
            private_metadata: body.channel_id,
            title: { type: 'plain_text', text: 'New decision' },
            submit: { type: 'plain_text', text: 'Ask' },
            blocks: [
              {
                type: 'input',
                block_id: 'question',
                label: { type: 'plain_text', text: 'Question' },
                element: { type: 'plain_text_input', action_id: 'value' },
              },
            ],
          },
        });
      });
      app.view('decide', async ({ ack, view, client }) => {
        await ack();
        const question = view.state.values.question?.value?.value ?? '';
        await client.chat.postMessage({
          channel: view.private_metadata,
          text: question,
          blocks: [
            { type: 'section', text: { type: 'mrkdwn', text: `*${question}*` } },
            {
              type: 'actions',
              block_id: 'decision',
              elements: [
                {
                  type: 'button',
                  action_id: 'approve',
                  text: { type: 'plain_text', text: 'Approve' },
                  value: 'yes',
                  style: 'primary',
                },
              ],
            },
          ],
        });
      });
      app.action('approve', async ({ ack, respond }) => {
        await ack();
        await respond({ replace_original: true, text: 'Approved' });
      });
    });
    driver = new SlackDriver({ fake, url: bot.url, signingSecret: SIGNING_SECRET });
  });

  afterEach(async () => {
    await bot.stop();
    await fake.close();
  });

  it('opens the modal, posts the question with a button, and takes the click', async () => {
    const command = await driver.slashCommand({ user: alice, channel, command: '/decide' });
    expect(command.status).toBe(200);

    const modal = await fake.waitFor(() => fake.openView(alice));
    expect(modal.callback_id).toBe('decide');
    expect(fake.calls('views.open')[0]?.args.trigger_id).toBe(command.triggerId);

    const submitted = await driver.submitView(alice, { values: { question: 'Go live on 1 March?' } });
    expect(submitted.outcome).toBe('closed');
    expect(fake.openView(alice)).toBeUndefined();

    const message = await fake.waitFor(() => fake.messagesIn(channel)[0]);
    expect(message.text).toBe('Go live on 1 March?');
    expect(fake.findButtons(message)).toEqual([
      { actionId: 'approve', blockId: 'decision', text: 'Approve', value: 'yes', style: 'primary' },
    ]);

    const click = await driver.clickButton(alice, { actionId: 'approve' });
    expect(click.status).toBe(200);
    await fake.waitFor(() => fake.messagesIn(channel)[0]?.text === 'Approved');
    expect(fake.calls('response_url')).toHaveLength(1);

    expect(driver.acks.every((a) => a.latencyMs < 3000)).toBe(true);
    fake.assertNoViolations();
  });

  it('refuses to click a button the bot never sent, listing what is there', async () => {
    await driver.slashCommand({ user: alice, channel, command: '/decide' });
    await fake.waitFor(() => fake.openView(alice));
    await driver.submitView(alice, { values: { value: 'Budget +10%?' } });
    await fake.waitFor(() => fake.messagesIn(channel)[0]);
    await expect(driver.clickButton(alice, { actionId: 'reject' })).rejects.toThrow(
      /No element with action_id "reject".*\n.*button approve \(block decision, "Approve"\)/s,
    );
  });
});
