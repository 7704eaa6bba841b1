import { describe, expect, it } from 'vitest';
import { envelopeProblem } from '../../src/slack/envelope.js';

const user = { id: 'U1', username: 'u', name: 'u', team_id: 'T1' };
const team = { id: 'T1', domain: 't' };

/** Bodies as Slack sends them (the fields the stand-in's driver sends, trimmed). */
const GOOD: Record<string, unknown> = {
  command: {
    token: 't',
    team_id: 'T1',
    channel_id: 'C1',
    user_id: 'U1',
    command: '/decide',
    text: '',
    response_url: 'https://hooks.slack.com/x',
    trigger_id: '1.2.3',
  },
  'block_actions in a message': {
    type: 'block_actions',
    user,
    team,
    enterprise: null,
    trigger_id: '1.2.3',
    channel: { id: 'D1', name: 'directmessage' },
    message: { ts: '1.1', text: 'x' },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/x',
    actions: [{ type: 'button', action_id: 'a', block_id: 'b', value: 'D-1', action_ts: '1.2' }],
  },
  'block_actions in a modal': {
    type: 'block_actions',
    user,
    team,
    trigger_id: '1.2.3',
    view: { id: 'V1', callback_id: 'c', state: { values: {} } },
    actions: [{ type: 'static_select', action_id: 'a', block_id: 'b', selected_option: { value: 'x' } }],
  },
  view_submission: {
    type: 'view_submission',
    team,
    user,
    trigger_id: '1.2.3',
    view: { id: 'V1', callback_id: 'c', private_metadata: '{}', state: { values: { q: { q: {} } } } },
    response_urls: [],
    enterprise: null,
  },
  view_closed: { type: 'view_closed', team, user, view: { id: 'V1', callback_id: 'c' }, is_cleared: false },
  'org-wide install (team null)': {
    type: 'view_submission',
    team: null,
    user,
    view: { id: 'V1', callback_id: 'c', state: { values: {} } },
  },
  shortcut: { type: 'shortcut', callback_id: 'x', trigger_id: '1.2.3', team, user },
  message_action: {
    type: 'message_action',
    callback_id: 'x',
    trigger_id: '1.2.3',
    team,
    user,
    channel: { id: 'C1', name: 'c' },
    message: { ts: '1.1', text: 'hello', user: 'U2' },
    response_url: 'https://hooks.slack.com/x',
  },
  'message_action on a message without text': {
    type: 'message_action',
    callback_id: 'x',
    trigger_id: '1.2.3',
    team,
    user,
    channel: { id: 'C1' },
    message: { ts: '1.1', files: [] },
  },
  app_home_opened: {
    type: 'event_callback',
    team_id: 'T1',
    event: { type: 'app_home_opened', user: 'U1', channel: 'D1', tab: 'home' },
    authorizations: [{ enterprise_id: null, team_id: 'T1', user_id: 'UB', is_bot: true }],
  },
  'message.im': {
    type: 'event_callback',
    event: { type: 'message', channel: 'D1', user: 'U1', text: 'help', ts: '1.1', channel_type: 'im' },
  },
  'an event with an object channel and an item': {
    type: 'event_callback',
    event: { type: 'reaction_added', user: 'U1', item: { type: 'message', channel: 'C1', ts: '1.1' } },
  },
  url_verification: { type: 'url_verification', challenge: 'abc', token: 't' },
  ssl_check: { ssl_check: '1', token: 't' },
};

describe('envelopeProblem', () => {
  for (const [name, body] of Object.entries(GOOD)) {
    it(`passes what Slack sends: ${name}`, () => {
      expect(envelopeProblem(body)).toBeUndefined();
    });
  }

  const BAD: readonly [string, unknown, RegExp][] = [
    ['null (payload=null)', null, /not a JSON object/],
    ['a number', 42, /not a JSON object/],
    ['an array', [GOOD.shortcut], /not a JSON object.*array/],
    ['an unknown type', { type: 'surprise' }, /not a kind.*surprise/],
    ['no type at all', {}, /not a kind/],
    ['url_verification without a challenge', { type: 'url_verification' }, /challenge/],
    ['an event that is a string', { type: 'event_callback', event: 'x' }, /`event` must be an object/],
    ['an event without a type', { event: { user: 'U1' } }, /event\.type/],
    ['an event whose channel is null', { event: { type: 'message', channel: null } }, /event\.channel/],
    ['an event whose user is null', { event: { type: 'message', user: null } }, /event\.user/],
    ['an event whose item is a string', { event: { type: 'reaction_added', item: 'x' } }, /event\.item/],
    ['an event whose subteam is null', { event: { type: 'subteam_created', subteam: null } }, /subteam/],
    ['authorizations holding null', { event: { type: 'x' }, authorizations: [null] }, /authorizations/],
    ['a command without user_id', { command: '/decide', channel_id: 'C1', trigger_id: '1' }, /user_id/],
    [
      'a command whose text is an array (a repeated form field)',
      { command: '/decide', user_id: 'U1', channel_id: 'C1', trigger_id: '1', text: ['a', 'b'] },
      /`text` must be a string/,
    ],
    ['options (name)', { name: 'x', user }, /external options/],
    ['block_suggestion', { type: 'block_suggestion', user }, /external options/],
    ['a legacy interactive_message', { type: 'interactive_message', actions: [] }, /legacy/],
    ['a dialog_submission', { type: 'dialog_submission', user }, /legacy/],
    [
      'block_actions without user',
      { ...(GOOD['block_actions in a message'] as object), user: undefined },
      /user/,
    ],
    [
      'block_actions whose user is a string',
      { ...(GOOD['block_actions in a message'] as object), user: 'U1' },
      /user/,
    ],
    ['block_actions without actions', { type: 'block_actions', user, trigger_id: '1' }, /actions/],
    ['block_actions with empty actions', { type: 'block_actions', user, actions: [] }, /actions/],
    ['block_actions whose actions is a number', { type: 'block_actions', user, actions: 5 }, /actions/],
    ['an action that is null', { type: 'block_actions', user, actions: [null] }, /entry of `actions`/],
    [
      'an action without action_id',
      { type: 'block_actions', user, trigger_id: '1', actions: [{ type: 'button' }] },
      /action_id/,
    ],
    [
      'an action whose value is a number',
      { type: 'block_actions', user, trigger_id: '1', actions: [{ action_id: 'a', value: 5 }] },
      /value/,
    ],
    [
      'block_actions whose channel is null',
      { ...(GOOD['block_actions in a message'] as object), channel: null },
      /channel/,
    ],
    [
      'block_actions without trigger_id',
      { type: 'block_actions', user, actions: [{ action_id: 'a' }] },
      /trigger_id/,
    ],
    ['a team that is a string', { ...(GOOD.shortcut as object), team: 'T1' }, /team/],
    [
      'a team id naming a property of every object (Bolt calls Object’s own method)',
      { ...(GOOD.shortcut as object), team: { id: 'constructor' } },
      /team\.id.*Slack id/,
    ],
    ['a team_id of __proto__', { ...(GOOD.command as object), team_id: '__proto__' }, /team_id/],
    ['a numeric team id', { ...(GOOD.shortcut as object), user: { ...user, team_id: 7 } }, /user\.team_id/],
    [
      'an authorization for the team toString',
      { event: { type: 'x' }, authorizations: [{ team_id: 'toString' }] },
      /authorizations/,
    ],
    [
      'response_urls that is null',
      { ...(GOOD.view_submission as object), response_urls: null },
      /response_urls/,
    ],
    [
      'response_urls holding null',
      { ...(GOOD.view_submission as object), response_urls: [null] },
      /response_urls/,
    ],
    ['view_submission without view', { type: 'view_submission', team, user }, /`view` must be an object/],
    ['view_submission with a view that is null', { type: 'view_submission', user, view: null }, /view/],
    [
      'view_submission without state',
      { type: 'view_submission', user, view: { id: 'V1', callback_id: 'c' } },
      /state\.values/,
    ],
    [
      'a view whose callback_id is a number',
      { type: 'view_closed', user, view: { id: 'V1', callback_id: 1 } },
      /callback_id/,
    ],
    [
      'a view whose private_metadata is an object',
      { type: 'view_closed', user, view: { id: 'V1', callback_id: 'c', private_metadata: {} } },
      /private_metadata/,
    ],
    ['a shortcut without callback_id', { type: 'shortcut', user, trigger_id: '1' }, /callback_id/],
    [
      'a message shortcut without message',
      { ...(GOOD.message_action as object), message: undefined },
      /`message` must be an object/,
    ],
    [
      'a message shortcut whose message has no ts',
      { ...(GOOD.message_action as object), message: { text: 'x' } },
      /message\.ts/,
    ],
    [
      'a message shortcut whose message text is a number',
      { ...(GOOD.message_action as object), message: { ts: '1.1', text: 7 } },
      /text/,
    ],
    [
      'a message shortcut without channel',
      { ...(GOOD.message_action as object), channel: undefined },
      /channel/,
    ],
  ];
  for (const [name, body, reason] of BAD) {
    it(`refuses ${name}`, () => {
      expect(envelopeProblem(body)).toMatch(reason);
    });
  }
});
