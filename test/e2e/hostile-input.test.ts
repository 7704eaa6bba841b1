import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALLBACK } from '../../src/slack/ids.js';
import { option } from './decision-flow.js';
import { until } from './flow.js';
import { type Harness, startHarness } from './harness.js';
import { commandBody, interactionBody, postSigned, stillUp } from './support/signed-post.js';

/**
 * Correctly signed requests whose bodies Slack never sends: each gets a clear 4xx or a handled refusal, no
 * listener crashes, and the process answers the next request.
 */
describe('hostile input: malformed but correctly signed requests', () => {
  let h: Harness;
  const problems: unknown[] = [];
  const watch = (error: unknown) => problems.push(error);
  beforeAll(async () => {
    process.on('unhandledRejection', watch);
    process.on('uncaughtException', watch);
    h = await startHarness();
  });
  afterAll(async () => {
    process.off('unhandledRejection', watch);
    process.off('uncaughtException', watch);
    await h?.stop();
  });
  afterEach(async () => {
    expect(await stillUp(h)).toBe(true);
    expect(problems).toEqual([]);
    // Nothing crashed in a listener either: Bolt would log it as an unhandled error.
    expect(h.logs.filter((l) => /unhandled|failed/i.test(l))).toEqual([]);
    h.logs.length = 0;
  });

  const team = () => ({ id: h.fake.workspace.team.id, domain: h.fake.workspace.team.domain });
  const user = (id: string) => ({ id, username: 'x', name: 'x', team_id: h.fake.workspace.team.id });

  it('`payload=null` is refused with 400 and the process stays up', async () => {
    const answer = await postSigned(h, 'payload=null');
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/not a JSON object/i);
  });

  it('other bodies that are no object (a number, a string, an array, JSON null) are refused with 400', async () => {
    for (const payload of ['1', '"x"', '[]', 'true']) {
      expect((await postSigned(h, `payload=${encodeURIComponent(payload)}`)).status, payload).toBe(400);
    }
    for (const json of ['null', '[1]', '42']) {
      const answer = await postSigned(h, json, { contentType: 'application/json' });
      expect(answer.status, json).toBe(400);
    }
    expect((await postSigned(h, '{not json', { contentType: 'application/json' })).status).toBe(400);
  });

  it('a body over 4 MB is refused with 413, and Slack’s unsigned SSL check is still answered', async () => {
    const huge = interactionBody({ type: 'shortcut', callback_id: 'x'.repeat(5 * 1024 * 1024) });
    expect((await postSigned(h, huge)).status).toBe(413);
    const ssl = await postSigned(h, 'ssl_check=1&token=x', { headers: {} });
    expect(ssl.status).toBe(200);
  });

  it('a team id that names a property of every object is refused with 400 (Bolt called Object’s own)', async () => {
    for (const id of ['constructor', '__proto__', 'toString']) {
      const answer = await postSigned(
        h,
        interactionBody({
          type: 'shortcut',
          callback_id: 'x',
          trigger_id: '1',
          team: { id },
          user: user('U1'),
        }),
      );
      expect([id, answer.status]).toEqual([id, 400]);
    }
  });

  it('block_actions without `user` is refused with 400, not answered 500', async () => {
    const answer = await postSigned(
      h,
      interactionBody({
        type: 'block_actions',
        team: team(),
        trigger_id: '1.2.3',
        actions: [{ type: 'button', action_id: option(0), block_id: 'b', value: 'D-1|approve' }],
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/user/);
  });

  it('view_submission without `view` is refused with 400, not answered 500', async () => {
    const answer = await postSigned(
      h,
      interactionBody({ type: 'view_submission', team: team(), user: user(h.people.member) }),
    );
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/view/);
  });

  it('a command without `text` is handled as an empty one (the form opens), without a throw', async () => {
    const answer = await postSigned(
      h,
      commandBody({
        command: '/decide',
        team_id: h.fake.workspace.team.id,
        channel_id: h.channel,
        user_id: h.people.member,
        trigger_id: h.fake.tickets.issueTrigger(h.people.member),
      }),
    );
    expect(answer.status).toBe(200);
    await until(h, () => h.fake.openView(h.people.member));
  });

  it('a message shortcut without `message` is refused with 400', async () => {
    const body = {
      type: 'message_action',
      callback_id: CALLBACK.askShortcut,
      team: team(),
      user: user(h.people.member),
      channel: { id: h.channel, name: 'odoo-rollout' },
      trigger_id: '1.2.3',
    };
    const answer = await postSigned(h, interactionBody(body));
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(/message/);
  });
});

/**
 * Socket Mode has no signatures (the link is the app's own) and no HTTP guard: the same bodies reach Bolt's
 * dispatch, which acknowledges them without running anything.
 */
describe('hostile input over Socket Mode', () => {
  let h: Harness;
  const problems: unknown[] = [];
  const watch = (error: unknown) => problems.push(error);
  beforeAll(async () => {
    process.on('unhandledRejection', watch);
    process.on('uncaughtException', watch);
    h = await startHarness({ socketMode: true });
  });
  afterAll(async () => {
    process.off('unhandledRejection', watch);
    process.off('uncaughtException', watch);
    await h?.stop();
  });

  it('malformed envelopes are acknowledged at once, nothing runs, and the bot goes on answering', async () => {
    const team = { id: h.fake.workspace.team.id };
    const user = { id: h.people.member, team_id: team.id };
    const bodies = [
      { type: 'block_actions', team, trigger_id: '1', actions: [{ action_id: option(0), value: 'D-1' }] },
      { type: 'view_submission', team, user },
      { type: 'message_action', callback_id: CALLBACK.askShortcut, team, user, trigger_id: '1' },
      { type: 'block_actions', user, team, trigger_id: '1', actions: 5 },
      { type: 'surprise' },
    ];
    const calls = h.fake.calls().length;
    for (const body of bodies) {
      const ack = await h.fake.socket.send('interactive', body as never, { timeoutMs: 2000 });
      expect(ack.latencyMs, JSON.stringify(body)).toBeLessThan(1000);
    }
    const event = await h.fake.socket.send(
      'events_api',
      { type: 'event_callback', event: { type: 'app_home_opened', user: null } } as never,
      { timeoutMs: 2000 },
    );
    expect(event.latencyMs).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(h.fake.calls().length).toBe(calls);
    expect(h.logs.filter((l) => l.includes('ignored a Slack request Bolt could not read'))).toHaveLength(6);
    expect(problems).toEqual([]);
    // Still serving: /decide opens the form.
    await h.driver.slashCommand({ user: h.people.member, channel: h.channel, command: '/decide' });
    await until(h, () => h.fake.openView(h.people.member));
  });
});
