import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from '@slack/bolt';
import {
  createSandboxPage,
  type FakeSlack,
  type SandboxPage,
  SlackDriver,
  startFakeSlack,
} from '../../../src/sandbox/index.js';
import { type RunningApp, SIGNING_SECRET, startBareApp } from '../helpers/bare-app.js';

/** A 1×1 PNG, for an uploaded "chart". */
const PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYPj/HwADAgH/pVYWSwAAAABJRU5ErkJggg==',
  'base64',
);

export interface PageDemo {
  fake: FakeSlack;
  bot: RunningApp;
  driver: SlackDriver;
  page: SandboxPage;
  /** 'http://127.0.0.1:PORT' of the page's server. */
  baseUrl: string;
  people: { rina: string; sari: string; budi: string };
  channel: string;
  stop(): Promise<void>;
}

/**
 * A stand-in workspace with a small bare Bolt app (a `/decide` that opens a modal, a question with buttons,
 * an App Home, an uploaded image, an ephemeral answer) and the sandbox page on its own HTTP server: enough
 * to exercise the page's API and to look at the page in a browser.
 */
export async function startPageDemo(
  options: { controlsPath?: string; story?: string[]; register?: (app: App) => void } = {},
): Promise<PageDemo> {
  const fake = await startFakeSlack({ teamName: 'PT Maju' });
  const ws = fake.workspace;
  const rina = ws.addUser({ id: 'U0RINA0001', name: 'rina', realName: 'Rina Wijaya', title: 'Consultant' });
  const sari = ws.addUser({
    id: 'U0SARI0001',
    name: 'sari',
    realName: 'Sari Dewi',
    title: 'SPoC · Finance manager',
    tz: 'Asia/Jakarta',
  });
  const budi = ws.addUser({
    id: 'U0BUDI0001',
    name: 'budi',
    realName: 'Budi Santoso',
    title: 'Sponsor · CEO',
  });
  const channel = ws.addChannel({ id: 'C0ERPROLL1', name: 'erp-rollout', members: [rina, sari, budi] });
  ws.addChannel({ name: 'random', members: [rina, sari] });

  const bot = await startBareApp(fake, (app) => {
    registerDemo(app);
    options.register?.(app);
  });
  const driver = new SlackDriver({ fake, url: bot.url, signingSecret: SIGNING_SECRET });
  const page = createSandboxPage({
    fake,
    driver: () => driver,
    ...(options.controlsPath ? { controlsPath: options.controlsPath } : {}),
    story: options.story ?? [
      'Rina asks a question with /decide in #erp-rollout; Sari, the SPoC, decides.',
      'Switch person with the button at the top left.',
    ],
  });
  const server = createServer((req, res) => {
    if (!page.handle(req, res)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    fake,
    bot,
    driver,
    page,
    baseUrl: `http://127.0.0.1:${port}`,
    people: { rina, sari, budi },
    channel,
    stop: async () => {
      page.close();
      await closeServer(server);
      await bot.stop();
      await fake.close();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  return closed;
}

function questionBlocks(question: string, asker: string) {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `*${question}*\nAsked by <@${asker}>` } },
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
        {
          type: 'button',
          action_id: 'reject',
          text: { type: 'plain_text', text: 'Reject' },
          value: 'no',
          style: 'danger',
        },
        {
          type: 'static_select',
          action_id: 'more',
          placeholder: { type: 'plain_text', text: 'Remind me…' },
          options: [
            { text: { type: 'plain_text', text: 'In an hour' }, value: 'snooze' },
            { text: { type: 'plain_text', text: 'Tomorrow' }, value: 'tomorrow' },
          ],
        },
      ],
    },
    {
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'SLA: 5 minutes · :hourglass: waiting for the SPoC' }],
    },
  ];
}

function decideModal(channel: string, question = '') {
  return {
    type: 'modal' as const,
    callback_id: 'decide',
    private_metadata: channel,
    title: { type: 'plain_text' as const, text: 'New decision' },
    submit: { type: 'plain_text' as const, text: 'Ask' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'question',
        label: { type: 'plain_text', text: 'Question' },
        element: {
          type: 'plain_text_input',
          action_id: 'value',
          ...(question ? { initial_value: question } : {}),
        },
      },
      {
        type: 'input',
        block_id: 'priority',
        label: { type: 'plain_text', text: 'Priority' },
        element: {
          type: 'static_select',
          action_id: 'value',
          options: ['low', 'normal', 'high'].map((p) => ({
            text: { type: 'plain_text', text: p },
            value: p,
          })),
        },
      },
      {
        type: 'input',
        block_id: 'notes',
        optional: true,
        label: { type: 'plain_text', text: 'Notes' },
        element: { type: 'plain_text_input', action_id: 'value', multiline: true },
      },
    ],
  };
}

/** The demo bot: what a small decision app does, in a few listeners. */
function registerDemo(app: App): void {
  app.command('/decide', async ({ ack, body, client, respond }) => {
    const text = body.text.trim();
    if (text === 'help') {
      await ack({
        response_type: 'ephemeral',
        text: 'Ask with `/decide`, or `/decide chart` for the chart.',
      });
      return;
    }
    await ack();
    if (text === 'chart') {
      await client.filesUploadV2({
        channel_id: body.channel_id,
        file: PIXEL_PNG,
        filename: 'latency.png',
        title: 'Decision latency',
        initial_comment: 'This week’s decision latency',
      });
      return;
    }
    if (text === 'broken') {
      // A call Slack refuses (a section's text is at most 3000 characters): the page must show the violation.
      await client.chat
        .postMessage({
          channel: body.channel_id,
          text: 'broken',
          blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'x'.repeat(3001) } }],
        })
        .catch(() => undefined);
      return;
    }
    if (text === 'late') {
      await respond({ response_type: 'ephemeral', text: 'Nothing is late.' });
      return;
    }
    await client.views.open({ trigger_id: body.trigger_id, view: decideModal(body.channel_id, text) });
  });

  app.view('decide', async ({ ack, view, body, client }) => {
    const question = view.state.values.question?.value?.value ?? '';
    if (!question.endsWith('?')) {
      await ack({ response_action: 'errors', errors: { question: 'Ask a question: end it with “?”.' } });
      return;
    }
    await ack();
    await client.chat.postMessage({
      channel: view.private_metadata,
      text: question,
      blocks: questionBlocks(question, body.user.id),
    });
  });

  app.action('approve', async ({ ack, body, client }) => {
    await ack();
    const message = 'message' in body ? body.message : undefined;
    const channel = 'channel' in body ? body.channel?.id : undefined;
    if (message === undefined || channel === undefined) return;
    await client.chat.update({
      channel,
      ts: message.ts,
      text: 'Approved',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: `:white_check_mark: Approved by <@${body.user.id}>` },
        },
      ],
    });
    await client.chat.postMessage({
      channel,
      thread_ts: message.ts,
      text: `<@${body.user.id}> approved this.`,
    });
  });

  app.action('reject', async ({ ack, body, client }) => {
    await ack();
    if (!('trigger_id' in body)) return;
    await client.views.open({
      trigger_id: body.trigger_id,
      view: {
        type: 'modal',
        callback_id: 'reason',
        title: { type: 'plain_text', text: 'Why not?' },
        submit: { type: 'plain_text', text: 'Reject' },
        blocks: [
          {
            type: 'input',
            block_id: 'reason',
            label: { type: 'plain_text', text: 'Reason' },
            element: { type: 'plain_text_input', action_id: 'value' },
          },
        ],
      },
    });
  });
  app.view('reason', async ({ ack }) => ack());

  app.action('more', async ({ ack, body, client }) => {
    await ack();
    const channel = 'channel' in body ? body.channel?.id : undefined;
    if (channel === undefined) return;
    await client.chat.postEphemeral({ channel, user: body.user.id, text: 'I will remind you in an hour.' });
  });

  app.shortcut('ask_for_decision', async ({ ack, shortcut, client }) => {
    await ack();
    if (shortcut.type !== 'message_action') return;
    await client.views.open({
      trigger_id: shortcut.trigger_id,
      view: decideModal(shortcut.channel.id, `${shortcut.message.text ?? ''}?`),
    });
  });

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await client.views.publish({
      user_id: event.user,
      view: {
        type: 'home',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'Your open decisions' } },
          { type: 'section', text: { type: 'mrkdwn', text: 'Nothing waits for you. :tada:' } },
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'refresh', text: { type: 'plain_text', text: 'Refresh' } },
            ],
          },
        ],
      },
    });
  });
  app.action('refresh', async ({ ack }) => ack());

  app.message(async ({ message, say }) => {
    if (message.channel_type === 'im' && 'text' in message) await say(`You said: ${message.text ?? ''}`);
  });
}
