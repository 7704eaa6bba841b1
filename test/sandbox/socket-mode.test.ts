import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type EnvelopeAck, type FakeSlack, SlackDriver, startFakeSlack } from '../../src/sandbox/index.js';
import { isObject, type Json } from '../../src/sandbox/json.js';
import { callApi } from './helpers/web-api.js';

/** An app's end of a Socket Mode link, by hand: every message it got, and a way to answer. */
interface AppLink {
  readonly ws: WebSocket;
  readonly received: Json[];
  /** Resolves with the first message (after those already taken) that matches. */
  next(match?: (message: Json) => boolean): Promise<Json>;
  ack(envelopeId: unknown, payload?: Json): void;
  closed: Promise<void>;
}

/** apps.connections.open with the app token, then the WebSocket to the URL it gives, until `hello`. */
async function connect(fake: FakeSlack): Promise<AppLink> {
  const opened = await callApi(fake, 'apps.connections.open', {}, fake.appToken);
  expect(opened).toMatchObject({ ok: true, url: expect.any(String) });
  return open(String(opened.url));
}

async function open(url: string): Promise<AppLink> {
  const ws = new WebSocket(url);
  const received: Json[] = [];
  const waiters: (() => void)[] = [];
  let taken = 0;
  ws.on('message', (data) => {
    const message: unknown = JSON.parse(data.toString());
    if (isObject(message)) received.push(message);
    for (const wake of waiters.splice(0)) wake();
  });
  const closed = new Promise<void>((resolve) => ws.on('close', () => resolve()));
  const link: AppLink = {
    ws,
    received,
    closed,
    next: async (match = () => true) => {
      for (;;) {
        const index = received.findIndex((m, i) => i >= taken && match(m));
        const found = received[index];
        if (found !== undefined) {
          taken = index + 1;
          return found;
        }
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    ack: (envelopeId, payload) =>
      ws.send(JSON.stringify({ envelope_id: envelopeId, ...(payload ? { payload } : {}) })),
  };
  await link.next((m) => m.type === 'hello');
  return link;
}

const isEnvelope = (m: Json) => typeof m.envelope_id === 'string';

describe('the stand-in: Socket Mode', () => {
  let fake: FakeSlack;
  const links: AppLink[] = [];
  const connectApp = async () => {
    const link = await connect(fake);
    links.push(link);
    return link;
  };

  /** A new link gets `original` again as a first retry; acked there, `sent` resolves after two deliveries. */
  const expectRetryOnNextLink = async (original: Json, sent: Promise<EnvelopeAck>): Promise<AppLink> => {
    const next = await connectApp();
    const retry = await next.next(isEnvelope);
    expect(retry).toMatchObject({
      envelope_id: original.envelope_id,
      retry_attempt: 1,
      retry_reason: 'timeout',
    });
    next.ack(retry.envelope_id);
    expect(await sent).toMatchObject({ deliveries: 2 });
    expect(fake.violations).toEqual([]);
    return next;
  };

  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(async () => {
    for (const link of links.splice(0)) link.ws.terminate();
    await fake.close();
  });

  it('apps.connections.open takes the app-level token in the Authorization header only', async () => {
    expect(await callApi(fake, 'apps.connections.open', {}, fake.appToken)).toEqual({
      ok: true,
      url: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=[\w-]+&app_id=A\w+$/),
    });
    expect(await callApi(fake, 'apps.connections.open', {}, fake.botToken)).toMatchObject({
      ok: false,
      error: 'not_allowed_token_type',
    });
    expect(await callApi(fake, 'apps.connections.open', {}, 'xapp-1-someone-else')).toMatchObject({
      ok: false,
      error: 'invalid_auth',
    });
    expect(await callApi(fake, 'apps.connections.open', { token: fake.appToken }, null)).toMatchObject({
      ok: false,
      error: 'not_authed',
    });
    // And the app-level token is no bot token.
    expect(await callApi(fake, 'auth.test', {}, fake.appToken)).toMatchObject({
      ok: false,
      error: 'not_allowed_token_type',
    });
    expect(fake.violations.map((v) => v.error)).toEqual([
      'not_allowed_token_type',
      'invalid_auth',
      'not_authed',
      'not_allowed_token_type',
    ]);
  });

  it('greets each link with hello, and takes each ticket once', async () => {
    const opened = await callApi(fake, 'apps.connections.open', {}, fake.appToken);
    const first = await open(String(opened.url));
    links.push(first);
    expect(first.received[0]).toEqual({
      type: 'hello',
      num_connections: 1,
      debug_info: expect.objectContaining({ host: expect.any(String) }),
      connection_info: { app_id: fake.workspace.bot.appId },
    });
    const refused = await new Promise<number>((resolve) => {
      const again = new WebSocket(String(opened.url));
      again.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      again.on('error', () => undefined);
    });
    expect(refused).toBe(401);
    const second = await connectApp();
    expect(second.received[0]).toMatchObject({ type: 'hello', num_connections: 2 });
    expect(fake.socket.openCount).toBe(2);
  });

  it('sends an envelope and resolves with the ack and its payload', async () => {
    const app = await connectApp();
    const sent = fake.socket.send(
      'slash_commands',
      { command: '/decide', text: '' },
      { acceptsResponsePayload: true },
    );
    const envelope = await app.next(isEnvelope);
    expect(envelope).toEqual({
      envelope_id: expect.any(String),
      type: 'slash_commands',
      payload: { command: '/decide', text: '' },
      accepts_response_payload: true,
    });
    app.ack(envelope.envelope_id, { text: 'Hello' });
    expect(await sent).toMatchObject({
      envelopeId: envelope.envelope_id,
      payload: { text: 'Hello' },
      deliveries: 1,
    });
    expect(fake.socket.unacked).toBe(0);

    // An ack for no waiting envelope (the same one again) is the app's mistake.
    app.ack(envelope.envelope_id);
    await fake.waitFor(() => fake.violations.length > 0);
    expect(fake.violations).toMatchObject([{ source: 'socket_mode', error: 'unknown_envelope_id' }]);
  });

  it('holds envelopes sent while no link is open, and delivers each once when the app connects', async () => {
    const sent = [
      fake.socket.send('interactive', { type: 'block_actions' }),
      fake.socket.send('events_api', { type: 'event_callback', event: { type: 'app_home_opened' } }),
    ];
    const app = await connectApp();
    const envelopes = [await app.next(isEnvelope), await app.next(isEnvelope)];
    expect(envelopes.map((e) => e.type)).toEqual(['interactive', 'events_api']);
    // A first delivery: no retry_attempt on the interaction, 0 on the event.
    expect(envelopes[0]?.retry_attempt).toBeUndefined();
    expect(envelopes[1]).toMatchObject({ retry_attempt: 0, retry_reason: '' });
    for (const e of envelopes) app.ack(e.envelope_id);
    const acks = await Promise.all(sent);
    expect(acks.map((a) => a.deliveries)).toEqual([1, 1]);
    expect(acks[0]?.waitedMs).toBeGreaterThan(0);
    expect(app.received.filter(isEnvelope)).toHaveLength(2);
  });

  it('sends an envelope unacknowledged on a dropped link again on the next, as a retry', async () => {
    const first = await connectApp();
    const sent = fake.socket.send('events_api', {
      type: 'event_callback',
      event: { type: 'app_home_opened' },
    });
    const original = await first.next(isEnvelope);
    fake.socket.drop();
    await first.closed;
    expect(fake.socket.connections()).toMatchObject([{ closedBy: 'dropped', delivered: 1 }]);

    const second = await expectRetryOnNextLink(original, sent);
    expect(second.received.filter(isEnvelope)).toHaveLength(1);
  });

  it('an ack lost with its connection: the envelope comes again on the next link, and is acked there', async () => {
    const first = await connectApp();
    fake.socket.loseNextAck();
    const sent = fake.socket.send('interactive', { type: 'block_actions' });
    const original = await first.next(isEnvelope);
    first.ack(original.envelope_id);
    await first.closed;
    await expectRetryOnNextLink(original, sent);
    expect(fake.socket.connections().map((c) => c.closedBy)).toEqual(['dropped', undefined]);
  });

  it('a disconnect message stops deliveries on that link; the app closes it and gets them on its new one', async () => {
    const first = await connectApp();
    fake.socket.disconnect('link_disabled');
    expect(await first.next()).toEqual({
      type: 'disconnect',
      reason: 'link_disabled',
      debug_info: expect.any(Object),
    });
    expect(fake.socket.openCount).toBe(0);
    const sent = fake.socket.send(
      'interactive',
      { type: 'view_submission' },
      { acceptsResponsePayload: true },
    );
    first.ws.close(1000);
    await first.closed;
    const second = await connectApp();
    const envelope = await second.next(isEnvelope);
    second.ack(envelope.envelope_id, { response_action: 'clear' });
    expect(await sent).toMatchObject({ payload: { response_action: 'clear' }, deliveries: 1 });
    expect(first.received.filter(isEnvelope)).toEqual([]);
    expect(fake.socket.connections().map((c) => c.closedBy)).toEqual(['app', undefined]);
  });

  it('the driver speaks Socket Mode: a command as slash_commands, its ack payload read as an HTTP body', async () => {
    const user = fake.workspace.addUser({ name: 'ana' });
    const channel = fake.workspace.addChannel({ name: 'proj', members: [user] });
    const app = await connectApp();
    const driver = new SlackDriver({ fake, socketMode: true });
    const command = driver.slashCommand({ user, channel, command: '/decide', text: 'help' });
    const envelope = await app.next(isEnvelope);
    expect(envelope).toMatchObject({
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: { command: '/decide', text: 'help', user_id: user, channel_id: channel },
    });
    app.ack(envelope.envelope_id, { text: 'Only you can see this' });
    const ack = await command;
    expect(ack).toMatchObject({ status: 200, body: { text: 'Only you can see this' } });
    expect(fake.ephemeralsFor(user).map((m) => m.text)).toEqual(['Only you can see this']);

    // An empty ack (`payload: {}`, what Bolt sends for ack()) is an empty answer: nothing shows.
    const again = driver.slashCommand({ user, channel, command: '/decide', text: 'help' });
    const second = await app.next(isEnvelope);
    app.ack(second.envelope_id, {});
    expect(await again).toMatchObject({ status: 200, body: '' });
    expect(fake.ephemeralsFor(user)).toHaveLength(1);

    // Events go as events_api; there is no url_verification nor a request signature in Socket Mode.
    const event = driver.appHomeOpened(user);
    const home = await app.next(isEnvelope);
    expect(home).toMatchObject({ type: 'events_api', accepts_response_payload: false });
    expect(home.payload).toMatchObject({ type: 'event_callback', event: { type: 'app_home_opened', user } });
    app.ack(home.envelope_id);
    expect((await event).status).toBe(200);
    await expect(driver.urlVerification()).rejects.toThrow(/url_verification/);
    expect(fake.violations).toEqual([]);
  });
});
