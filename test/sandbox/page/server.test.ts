import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandboxPage, SlackDriver } from '../../../src/sandbox/index.js';
import { ChangeStream } from '../../../src/sandbox/page/events.js';
import { SIGNING_SECRET } from '../helpers/bare-app.js';
import { type PageDemo, startPageDemo } from './demo-app.js';

interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers, read field by field in assertions
  body: any;
  text: string;
}

let demo: PageDemo;

async function get(path: string): Promise<Answer> {
  const response = await fetch(`${demo.baseUrl}${path}`);
  return answer(response);
}

async function post(path: string, body: unknown): Promise<Answer> {
  const response = await fetch(`${demo.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return answer(response);
}

async function answer(response: Response): Promise<Answer> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A raw GET, so paths reach the server exactly as written (fetch would normalise `..`). */
function rawGet(path: string): Promise<{ status: number; text: string }> {
  const { port } = new URL(demo.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      let text = '';
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end();
  });
}

const state = async (persona: string) => (await get(`/sandbox/api/state?persona=${persona}`)).body;

describe('the sandbox page server', () => {
  beforeEach(async () => {
    demo = await startPageDemo({ controlsPath: '/sandbox-dev', story: ['Rina asks; Sari decides.'] });
  });

  afterEach(async () => {
    await demo.stop();
  });

  describe('files of the page', () => {
    it('serves the page and its modules with the right content types, never cached', async () => {
      for (const path of ['/sandbox', '/sandbox/']) {
        const page = await get(path);
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page.text).toContain('/sandbox/assets/app.js');
      }
      const js = await get('/sandbox/assets/app.js');
      expect(js.status).toBe(200);
      expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
      expect(js.headers.get('cache-control')).toBe('no-cache');
      expect((await get('/sandbox/assets/style.css')).headers.get('content-type')).toMatch(/^text\/css/);
      expect((await get('/sandbox/assets/strings.js')).text).toContain('export const S');
    });

    it('answers 404 for unknown files and for every way out of the assets folder', async () => {
      expect((await get('/sandbox/assets/nope.js')).status).toBe(404);
      for (const path of [
        '/sandbox/assets/../server.ts',
        '/sandbox/assets/..%2Fserver.ts',
        '/sandbox/assets/%2e%2e%2fserver.ts',
        '/sandbox/assets/%2E%2E/server.ts',
        '/sandbox/assets/..%5Cserver.ts',
        '/sandbox/assets/%252e%252e%252fserver.ts',
        '/sandbox/assets/.%2e/.%2e/.%2e/package.json',
        '/sandbox/assets/%2Fetc%2Fpasswd',
        '/sandbox/assets/%ZZ',
        '/sandbox/assets/',
      ]) {
        const res = await rawGet(path);
        expect(res.status, path).toBe(404);
        expect(res.text, path).not.toContain('createSandboxPage');
        expect(res.text, path).not.toContain('"name": "decide-bot"');
      }
    });

    it('takes /sandbox and /sandbox/… only, so /sandbox-dev stays the bot’s', async () => {
      const page = createSandboxPage({ fake: demo.fake, driver: () => undefined });
      const seen: string[] = [];
      const server = createServer((req: IncomingMessage, res: ServerResponse) => {
        if (!page.handle(req, res)) {
          seen.push(req.url ?? '');
          res.writeHead(418);
          res.end();
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        expect((await fetch(`${base}/sandbox-dev/timers/run-due`, { method: 'POST' })).status).toBe(418);
        expect((await fetch(`${base}/sandboxes`)).status).toBe(418);
        expect((await fetch(`${base}/slack/events`)).status).toBe(418);
        expect((await fetch(`${base}/sandbox`)).status).toBe(200);
        expect(seen).toEqual(['/sandbox-dev/timers/run-due', '/sandboxes', '/slack/events']);
      } finally {
        page.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('state', () => {
    it('describes the workspace as one person sees it', async () => {
      const { rina, sari, budi } = demo.people;
      demo.fake.workspace.deactivateUser(
        demo.fake.workspace.addUser({ name: 'gone', realName: 'Gone Person' }),
      );
      const s = await state(rina);
      expect(s.team.name).toBe('PT Maju');
      expect(s.bot).toEqual({ id: demo.fake.workspace.bot.userId, name: 'decide-bot' });
      expect(s.persona).toMatchObject({ id: rina, realName: 'Rina Wijaya', initials: 'RW' });
      expect(s.personas.map((p: { id: string }) => p.id)).toEqual([rina, sari, budi]);
      expect(s.personas[1]).toMatchObject({
        title: 'SPoC · Finance manager',
        initials: 'SD',
        tz: 'Asia/Jakarta',
      });
      expect(s.users[sari]).toMatchObject({ name: 'sari', realName: 'Sari Dewi' });
      expect(s.channels[demo.channel]).toEqual({ name: 'erp-rollout' });
      expect(s.conversations.map((c: { name: string; kind: string }) => [c.kind, c.name])).toEqual([
        ['channel', 'erp-rollout'],
        ['channel', 'random'],
        ['im', 'decide-bot'],
      ]);
      expect((await state(budi)).conversations.map((c: { name: string }) => c.name)).toEqual([
        'erp-rollout',
        'decide-bot',
      ]);
      expect(s).toMatchObject({
        controlsPath: '/sandbox-dev',
        command: '/decide',
        story: ['Rina asks; Sari decides.'],
        modal: null,
        home: null,
        ephemerals: [],
        violations: [],
      });
      expect(s.commandHint).toContain('help');
      expect(s.shortcuts).toEqual([
        expect.objectContaining({ callbackId: 'ask_for_decision', name: 'Ask for a decision' }),
        expect.objectContaining({ callbackId: 'request_signoff', name: 'Request sign-off' }),
      ]);
    });

    it('refuses an unknown person, naming the people there are', async () => {
      const res = await get('/sandbox/api/state?persona=UNOBODY');
      expect(res.status).toBe(404);
      expect(res.body.error).toMatch(
        /^No person UNOBODY in this sandbox; pick one of U0RINA0001 \(Rina Wijaya\)/,
      );
      expect(res.body.personas).toHaveLength(3);
      expect((await get(`/sandbox/api/state?persona=${demo.fake.workspace.bot.userId}`)).status).toBe(404);
    });

    it('defaults to the first person when none is named', async () => {
      expect((await get('/sandbox/api/state')).body.persona.id).toBe(demo.people.rina);
    });

    it('lists top-level messages with their thread replies, newest last, and a new version on each change', async () => {
      const { rina, sari } = demo.people;
      const before = (await state(rina)).version;
      const parent = await post('/sandbox/api/command', {
        persona: rina,
        channel: demo.channel,
        text: 'Ready?',
      });
      expect(parent.status).toBe(200);
      for (const text of ['Yes', 'Almost'])
        await post('/sandbox/api/command', {
          persona: sari,
          channel: demo.channel,
          text,
          threadTs: parent.body.ts,
        });
      const s = await state(rina);
      expect(s.version).toBeGreaterThan(before);
      const [message] = s.conversations[0].messages;
      expect(message).toMatchObject({ text: 'Ready?', user: rina, reply_count: 2 });
      expect(message.replies.map((r: { text: string }) => r.text)).toEqual(['Yes', 'Almost']);
      expect(s.conversations[0].messages).toHaveLength(1);
    });

    it('shows each person only their own ephemeral messages, and dismisses them', async () => {
      const { rina, sari } = demo.people;
      await post('/sandbox/api/command', { persona: sari, channel: demo.channel, text: '/decide help' });
      const [ephemeral] = (await state(sari)).ephemerals;
      expect(ephemeral).toMatchObject({ channel: demo.channel, user: sari });
      expect(ephemeral.text).toContain('/decide chart');
      expect((await state(rina)).ephemerals).toEqual([]);

      expect((await post('/sandbox/api/dismiss', { persona: rina, ...ephemeral })).status).toBe(404);
      expect((await post('/sandbox/api/dismiss', { persona: sari, ...ephemeral })).body).toEqual({
        ok: true,
      });
      expect((await state(sari)).ephemerals).toEqual([]);
    });

    it('lets a person set a Slack status from the page and clear it; the app reads it with users.profile.get', async () => {
      const { sari } = demo.people;
      expect((await state(sari)).persona.status).toBeNull();
      expect((await post('/sandbox/api/status', { persona: sari, status: 'holiday' })).body).toEqual({
        ok: true,
      });
      expect((await state(sari)).persona.status).toEqual({ emoji: ':palm_tree:', text: 'On holiday' });
      expect(demo.fake.workspace.statusOf(sari)).toMatchObject({ emoji: ':palm_tree:', expiration: 0 });
      expect((await post('/sandbox/api/status', { persona: sari, status: 'constructor' })).status).toBe(400);
      await post('/sandbox/api/status', { persona: sari, status: 'clear' });
      expect((await state(sari)).persona.status).toBeNull();
    });

    it('offers uploaded files under the page’s own URL, with their bytes', async () => {
      const { rina } = demo.people;
      await post('/sandbox/api/command', { persona: rina, channel: demo.channel, text: '/decide chart' });
      await demo.fake.waitFor(() => demo.fake.messagesIn(demo.channel).find((m) => m.files));
      const s = await state(rina);
      const id = Object.keys(s.files)[0] ?? '';
      expect(s.files[id]).toEqual({
        id,
        name: 'latency.png',
        title: 'Decision latency',
        mimetype: 'image/png',
        url: `/sandbox/api/files/${id}`,
      });
      expect(s.conversations[0].messages[0].files[0].url_private).toBe(`/sandbox/api/files/${id}`);
      const file = await fetch(`${demo.baseUrl}/sandbox/api/files/${id}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('image/png');
      expect(
        Buffer.from(await file.arrayBuffer())
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
      expect((await get('/sandbox/api/files/FNOPE')).status).toBe(404);
    });

    it('reports the calls Slack would refuse', async () => {
      await post('/sandbox/api/command', {
        persona: demo.people.rina,
        channel: demo.channel,
        text: '/decide broken',
      });
      await demo.fake.waitFor(() => demo.fake.violations.length > 0);
      const [violation] = (await state(demo.people.rina)).violations;
      expect(violation).toMatchObject({
        source: 'web_api',
        method: 'chat.postMessage',
        error: 'invalid_blocks',
      });
      expect(violation.details[0]).toMatch(/ERROR/);
      expect(typeof violation.at).toBe('number');
      expect(violation.args).toBeUndefined();
    });
  });

  describe('what a person does', () => {
    it('asks with /decide: modal, errors from the bot, then the posted question and a click on it', async () => {
      const { rina, sari } = demo.people;
      const command = await post('/sandbox/api/command', {
        persona: rina,
        channel: demo.channel,
        text: '/decide',
      });
      expect(command.body).toEqual({ kind: 'command', status: 200 });
      const view = await demo.fake.waitFor(() => demo.fake.openView(rina));
      expect((await state(rina)).modal).toMatchObject({ view: { id: view.id }, depth: 1, errors: null });

      const wrong = await post('/sandbox/api/submit', {
        persona: rina,
        viewId: view.id,
        values: { question: 'Go live on 1 March', priority: 'high', notes: null },
      });
      expect(wrong.body).toEqual({
        outcome: 'errors',
        errors: { question: 'Ask a question: end it with “?”.' },
        status: 200,
      });
      expect((await state(rina)).modal.errors).toEqual({ question: 'Ask a question: end it with “?”.' });

      const right = await post('/sandbox/api/submit', {
        persona: rina,
        viewId: view.id,
        values: { question: 'Go live on 1 March?', priority: 'high', notes: null },
      });
      expect(right.body).toMatchObject({ outcome: 'closed' });
      expect((await state(rina)).modal).toBeNull();

      const message = await demo.fake.waitFor(() => demo.fake.messagesIn(demo.channel)[0]);
      const click = await post('/sandbox/api/action', {
        persona: sari,
        actionId: 'approve',
        blockId: 'decision',
        where: { channel: demo.channel, ts: message.ts },
      });
      expect(click.body).toEqual({ status: 200 });
      await demo.fake.waitFor(() => demo.fake.messagesIn(demo.channel)[0]?.reply_count === 1);
      const [updated] = (await state(sari)).conversations[0].messages;
      expect(updated.text).toBe('Approved');
      expect(updated.edited).toBeDefined();
      expect(updated.replies[0].text).toContain('approved this');
      demo.fake.assertNoViolations();
    });

    it('refuses an empty required input as Slack’s client does, without asking the bot', async () => {
      const { rina } = demo.people;
      await post('/sandbox/api/command', { persona: rina, channel: demo.channel, text: '/decide' });
      const view = await demo.fake.waitFor(() => demo.fake.openView(rina));
      const acks = demo.driver.acks.length;
      const res = await post('/sandbox/api/submit', {
        persona: rina,
        viewId: view.id,
        values: { question: null, priority: null, notes: null },
      });
      expect(res.body).toEqual({
        outcome: 'errors',
        errors: {
          question: 'Please complete this required field.',
          priority: 'Please complete this required field.',
        },
      });
      expect(demo.driver.acks).toHaveLength(acks);
      expect((await state(rina)).modal.errors.question).toBe('Please complete this required field.');
    });

    it('forgets the errors once the view changes', async () => {
      const { rina } = demo.people;
      await post('/sandbox/api/command', { persona: rina, channel: demo.channel, text: '/decide' });
      const view = await demo.fake.waitFor(() => demo.fake.openView(rina));
      await post('/sandbox/api/submit', {
        persona: rina,
        viewId: view.id,
        values: { question: 'No', priority: 'low' },
      });
      expect((await state(rina)).modal.errors).not.toBeNull();
      demo.fake.views.update(view.id, {
        type: 'modal',
        title: view.title,
        blocks: view.blocks,
        submit: view.submit,
      });
      expect((await state(rina)).modal.errors).toBeNull();
    });

    it('closes the modal, opens the App Home, and runs the message shortcut from the manifest', async () => {
      const { rina, sari } = demo.people;
      await post('/sandbox/api/command', { persona: rina, channel: demo.channel, text: '/decide' });
      await demo.fake.waitFor(() => demo.fake.openView(rina));
      expect((await post('/sandbox/api/close', { persona: rina })).body).toEqual({ ok: true });
      expect(demo.fake.openView(rina)).toBeUndefined();
      expect((await post('/sandbox/api/close', { persona: rina })).status).toBe(409);

      expect((await post('/sandbox/api/home', { persona: sari })).body).toEqual({ status: 200 });
      await demo.fake.waitFor(() => demo.fake.homeView(sari));
      const home = (await state(sari)).home;
      expect(home.blocks[0].text.text).toBe('Your open decisions');
      const refresh = await post('/sandbox/api/action', {
        persona: sari,
        actionId: 'refresh',
        where: 'home',
      });
      expect(refresh.body).toEqual({ status: 200 });

      const posted = await post('/sandbox/api/command', {
        persona: sari,
        channel: demo.channel,
        text: 'Budget +10%',
      });
      const shortcut = await post('/sandbox/api/shortcut', {
        persona: rina,
        callbackId: 'ask_for_decision',
        channel: demo.channel,
        ts: posted.body.ts,
      });
      expect(shortcut.body).toEqual({ status: 200 });
      const view = await demo.fake.waitFor(() => demo.fake.openView(rina));
      expect(JSON.stringify(view.blocks)).toContain('Budget +10%?');

      const unknown = await post('/sandbox/api/shortcut', {
        persona: rina,
        callbackId: 'nope',
        channel: demo.channel,
        ts: posted.body.ts,
      });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toContain('ask_for_decision');
    });

    it('picks an option in a message (a value) and the app answers in an ephemeral message', async () => {
      const { rina, sari } = demo.people;
      demo.fake.workspace.postMessage({
        channel: demo.channel,
        user: demo.fake.workspace.bot.userId,
        botId: demo.fake.workspace.bot.botId,
        text: 'Q',
        blocks: [
          {
            type: 'actions',
            block_id: 'decision',
            elements: [
              {
                type: 'static_select',
                action_id: 'more',
                options: [{ text: { type: 'plain_text', text: 'Later' }, value: 'snooze' }],
              },
            ],
          },
        ],
      });
      const [message] = demo.fake.messagesIn(demo.channel);
      const res = await post('/sandbox/api/action', {
        persona: sari,
        actionId: 'more',
        value: 'snooze',
        where: { channel: demo.channel, ts: message?.ts },
      });
      expect(res.body).toEqual({ status: 200 });
      await demo.fake.waitFor(() => demo.fake.ephemeralsFor(sari)[0]);
      expect((await state(sari)).ephemerals[0].text).toBe('I will remind you in an hour.');
      expect((await state(rina)).ephemerals).toEqual([]);
    });

    it('sends a DM to the app, and the app answers there', async () => {
      const { budi } = demo.people;
      const dm = (await state(budi)).conversations.find((c: { kind: string }) => c.kind === 'im');
      await post('/sandbox/api/command', { persona: budi, channel: dm.id, text: 'hello' });
      await demo.fake.waitFor(() => demo.fake.dmsTo(budi)[0]);
      const messages = (await state(budi)).conversations.find((c: { id: string }) => c.id === dm.id).messages;
      expect(messages.map((m: { text: string }) => m.text)).toEqual(['hello', 'You said: hello']);
    });
  });

  describe('bad input', () => {
    it('refuses, with a clear sentence, and changes nothing', async () => {
      const { rina, budi } = demo.people;
      const cases: Array<[string, unknown, number, RegExp]> = [
        ['/sandbox/api/command', '{not json', 400, /not valid JSON/],
        ['/sandbox/api/command', '[1,2]', 400, /JSON object/],
        ['/sandbox/api/command', {}, 400, /"persona"/],
        [
          '/sandbox/api/command',
          { persona: 'UNOBODY', channel: demo.channel, text: 'x' },
          404,
          /No person UNOBODY/,
        ],
        [
          '/sandbox/api/command',
          { persona: rina, channel: 'CNOPE', text: 'x' },
          404,
          /no conversation CNOPE/,
        ],
        [
          '/sandbox/api/command',
          { persona: rina, channel: demo.channel, text: '   ' },
          400,
          /Type a message/,
        ],
        [
          '/sandbox/api/command',
          { persona: rina, channel: demo.channel, text: '/giphy cat' },
          400,
          /\/giphy is not a command.*\/decide/,
        ],
        [
          '/sandbox/api/command',
          { persona: rina, channel: demo.channel, text: 'x', threadTs: '1.2' },
          404,
          /no thread 1\.2/,
        ],
        ['/sandbox/api/action', { persona: rina, actionId: 'approve' }, 400, /"where"/],
        [
          '/sandbox/api/action',
          { persona: rina, actionId: 'approve', where: { channel: demo.channel, ts: '1.2' } },
          404,
          /no longer there/,
        ],
        [
          '/sandbox/api/action',
          { persona: rina, actionId: 'approve', where: { viewId: 'VNOPE' } },
          409,
          /no longer open/,
        ],
        [
          '/sandbox/api/action',
          { persona: rina, actionId: 'approve', where: 'modal' },
          409,
          /No form is open/,
        ],
        ['/sandbox/api/action', { persona: rina, actionId: 'approve', where: 'home' }, 409, /not published/],
        ['/sandbox/api/submit', { persona: rina, viewId: 'VNOPE', values: {} }, 409, /no longer open/],
        ['/sandbox/api/submit', { persona: rina, viewId: 'VNOPE', values: [] }, 400, /"values"/],
        ['/sandbox/api/home', { persona: rina, tab: 'about' }, 400, /"tab"/],
        [
          '/sandbox/api/shortcut',
          { persona: rina, callbackId: 'ask_for_decision', channel: demo.channel, ts: '1.2' },
          404,
          /no longer there/,
        ],
        ['/sandbox/api/nope', {}, 404, /Nothing at/],
      ];
      const versionBefore = (await state(rina)).version;
      for (const [path, body, status, error] of cases) {
        const res = await post(path, body);
        expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(status);
        expect(res.body.error, `${path} ${JSON.stringify(body)}`).toMatch(error);
      }
      const randomChannel = (await state(rina)).conversations[1].id;
      const outsider = await post('/sandbox/api/command', {
        persona: budi,
        channel: randomChannel,
        text: 'hi',
      });
      expect(outsider.status).toBe(400);
      expect(outsider.body.error).toBe('Budi Santoso is not a member of #random.');
      expect((await get('/sandbox/api/command')).status).toBe(405);
      expect((await post('/sandbox/api/state', {})).status).toBe(405);
      expect(demo.fake.messagesIn(demo.channel)).toEqual([]);
      expect((await state(rina)).version).toBe(versionBefore);
    });

    it('says what is there when a button is gone, and a wrong value is refused', async () => {
      const { sari } = demo.people;
      const ws = demo.fake.workspace;
      const message = ws.postMessage({
        channel: demo.channel,
        user: ws.bot.userId,
        botId: ws.bot.botId,
        text: 'Q',
        blocks: [
          {
            type: 'actions',
            block_id: 'decision',
            elements: [
              { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' } },
            ],
          },
        ],
      });
      const where = { channel: demo.channel, ts: message.ts };
      const gone = await post('/sandbox/api/action', { persona: sari, actionId: 'reject', where });
      expect(gone.status).toBe(400);
      expect(gone.body.error).toMatch(/^No element with action_id "reject"/);
      expect(gone.body.details.join('\n')).toContain('button approve');
      const badValue = await post('/sandbox/api/action', {
        persona: sari,
        actionId: 'approve',
        value: { x: 1 },
        where,
      });
      expect(badValue.status).toBe(400);
      expect(badValue.body.error).toMatch(/"value" must be/);
    });

    it('caps request bodies', async () => {
      const res = await post('/sandbox/api/command', JSON.stringify({ text: 'x'.repeat(1024 * 1024 + 10) }));
      expect(res.status).toBe(413);
      // Without a length up front (chunked), the cap applies as the body streams in.
      const { port } = new URL(demo.baseUrl);
      const chunked = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port, path: '/sandbox/api/command', method: 'POST' },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        for (let i = 0; i < 20; i++) req.write('x'.repeat(64 * 1024));
        req.end();
      });
      expect(chunked).toBe(413);
      expect((await get('/sandbox')).status).toBe(200);
    });

    it('answers 503 before the bot listens and 502 when the bot cannot be reached; the server keeps running', async () => {
      const { rina } = demo.people;
      const notYet = createSandboxPage({ fake: demo.fake, driver: () => undefined });
      const dead = new SlackDriver({
        fake: demo.fake,
        url: 'http://127.0.0.1:9/slack/events',
        signingSecret: SIGNING_SECRET,
      });
      const unreachable = createSandboxPage({ fake: demo.fake, driver: () => dead });
      const server = createServer((req, res) => {
        const page = req.headers['x-page'] === 'dead' ? unreachable : notYet;
        if (!page.handle(req, res)) res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const send = (page: string) =>
        fetch(`${base}/sandbox/api/command`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-page': page },
          body: JSON.stringify({ persona: rina, channel: demo.channel, text: '/decide' }),
        });
      try {
        const early = await send('early');
        expect(early.status).toBe(503);
        expect(((await early.json()) as { error: string }).error).toMatch(/not listening yet/);
        const failed = await send('dead');
        expect(failed.status).toBe(502);
        expect(((await failed.json()) as { error: string }).error).toMatch(/^The bot did not answer/);
        expect((await fetch(`${base}/sandbox/api/state?persona=${rina}`)).status).toBe(200);
      } finally {
        notYet.close();
        unreachable.close();
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    });
  });

  describe('event stream', () => {
    it('announces changes, coalescing bursts, and ends when the page closes', async () => {
      const controller = new AbortController();
      const response = await fetch(`${demo.baseUrl}/sandbox/api/events`, { signal: controller.signal });
      expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const reader = response.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      const decoder = new TextDecoder();
      let received = '';
      const versions = () =>
        [...received.matchAll(/event: change\ndata: (\{[^\n]*\})/g)].map(
          (m) => JSON.parse(m[1] ?? '').version,
        );
      const readUntil = async (done: () => boolean) => {
        while (!done()) {
          const { value, done: ended } = await reader.read();
          if (ended) return;
          received += decoder.decode(value);
        }
      };
      await readUntil(() => versions().length >= 1);
      const first = versions()[0];

      for (let i = 0; i < 20; i++) demo.fake.changed();
      await readUntil(() => versions().length >= 2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      demo.fake.changed(); // flushes what the stream holds, if anything
      await readUntil(() => (versions().at(-1) ?? 0) >= first + 21);
      expect(versions().length).toBeLessThanOrEqual(4);
      expect(versions().at(-1)).toBe(first + 21);

      demo.page.close();
      await readUntil(() => false); // returns when the server ends the stream
      controller.abort();
      expect((await get('/sandbox/api/events')).status).toBe(503);
    });
  });

  it('keeps an idle stream alive with comment heartbeats', async () => {
    const stream = new ChangeStream({ heartbeatMs: 20 });
    const server = createServer((req, res) => stream.attach(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const controller = new AbortController();
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, {
        signal: controller.signal,
      });
      const reader = response.body?.getReader();
      let received = '';
      while (!received.includes(': heartbeat') && reader) {
        const { value, done } = await reader.read();
        if (done) break;
        received += new TextDecoder().decode(value);
      }
      expect(received).toContain('event: change\ndata: {"version":1}');
      expect(received).toContain(': heartbeat\n\n');
    } finally {
      controller.abort();
      stream.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
