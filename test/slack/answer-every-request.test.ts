import { App, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import type { Logger } from '../../src/app/ports.js';
import { answerEveryRequest } from '../../src/slack/answer-every-request.js';
import type { ListenerDeps } from '../../src/slack/context.js';
import { en } from '../../src/slack/text/en.js';
import { id } from '../../src/slack/text/id.js';

/**
 * Bolt's dispatch, wrapped: whatever a listener or a middleware throws, and whatever body arrives, the request
 * is acknowledged once and dispatch never rejects (a rejection there is what stopped the process).
 */
describe('answerEveryRequest', () => {
  const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };
  const deps = {
    languages: { choiceOf: (user: string) => (user === 'U_ID' ? 'id' : undefined) },
    projects: { byChannel: () => undefined, byId: () => undefined, all: () => [] },
    decisions: { get: async () => undefined },
  } as unknown as ListenerDeps;

  function setUp(register: (app: App) => void) {
    const lines: string[] = [];
    const at = (level: string) => (message: string) => lines.push(`${level} ${message}`);
    const logger: Logger = { debug: () => {}, info: at('info'), warn: at('warn'), error: at('error') };
    const app = new App({
      token: 'xoxb-test',
      receiver,
      // No auth.test: the token is taken as it is.
      tokenVerificationEnabled: false,
      botId: 'B1',
      botUserId: 'UB',
    });
    app.error(async () => {});
    register(app);
    answerEveryRequest(app, deps, logger);
    return { app, lines };
  }

  async function dispatch(app: App, body: Record<string, unknown>) {
    const acks: unknown[] = [];
    await app.processEvent({ body, ack: async (response?: unknown) => void acks.push(response ?? null) });
    return acks;
  }

  const command = (user = 'U1') => ({
    command: '/decide',
    text: 'x',
    user_id: user,
    channel_id: 'C1',
    team_id: 'T1',
    trigger_id: '1.2.3',
  });
  const shortcut = {
    type: 'shortcut',
    callback_id: 'x',
    trigger_id: '1',
    team: { id: 'T1' },
    user: { id: 'U1', team_id: 'T1' },
  };

  it('a command whose listener throws before its ack is answered with a word that nothing was done', async () => {
    const { app } = setUp((a) =>
      a.command(/.*/, async () => {
        throw new Error('boom');
      }),
    );
    const [ack] = (await dispatch(app, command())) as { text: string; response_type: string }[];
    expect(ack?.response_type).toBe('ephemeral');
    expect(ack?.text).toBe(en.command.requestUnreadable('/decide'));
    // In the person's language.
    const [inIndonesian] = (await dispatch(app, command('U_ID'))) as { text: string }[];
    expect(inIndonesian?.text).toBe(id.command.requestUnreadable('/decide'));
  });

  it('a global middleware that throws: the request is still acknowledged, once', async () => {
    const { app } = setUp((a) => {
      a.use(async () => {
        throw new TypeError('middleware broke');
      });
      a.shortcut('x', async ({ ack }) => ack());
    });
    expect(await dispatch(app, shortcut)).toEqual([null]);
  });

  it('a request no listener takes (a global shortcut, view_closed) is acknowledged at once', async () => {
    const { app } = setUp(() => {});
    expect(await dispatch(app, shortcut)).toEqual([null]);
    const closed = { type: 'view_closed', user: { id: 'U1' }, view: { id: 'V1', callback_id: 'c' } };
    expect(await dispatch(app, closed)).toEqual([null]);
  });

  it('a listener that acknowledged and then threw is not acknowledged twice', async () => {
    const { app } = setUp((a) =>
      a.shortcut('x', async ({ ack }) => {
        await ack();
        throw new Error('after the ack');
      }),
    );
    expect(await dispatch(app, shortcut)).toEqual([null]);
  });

  it('a body Bolt cannot read is acknowledged, logged, and no listener runs', async () => {
    let ran = 0;
    const { app, lines } = setUp((a) => {
      a.use(async ({ next }) => {
        ran++;
        await next();
      });
    });
    for (const body of [
      { type: 'block_actions', actions: [{ action_id: 'a' }], trigger_id: '1' },
      { type: 'view_submission', user: { id: 'U1' } },
      { event: 'x' },
    ]) {
      expect(await dispatch(app, body)).toEqual([null]);
    }
    expect(ran).toBe(0);
    expect(
      lines.filter((l) => l.startsWith('warn ignored a Slack request Bolt could not read')),
    ).toHaveLength(3);
  });

  it('an ack that fails (the connection went away) is logged, never thrown', async () => {
    const { app, lines } = setUp(() => {});
    await expect(
      app.processEvent({
        body: shortcut,
        ack: async () => {
          throw new Error('socket closed');
        },
      }),
    ).resolves.toBeUndefined();
    expect(lines).toContain('warn a Slack request could not be acknowledged');
  });
});
