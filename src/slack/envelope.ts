/**
 * The shape of a request body, checked before Bolt sees it. Bolt reads fields of the body before any middleware
 * runs (the user's team, the view's team, the channel's id, the first action…) without checking they exist, so a
 * correctly signed body Slack would never send (`payload=null`, a block action without `user`, a view submission
 * without `view`) made it throw outside every listener: a 500, or a crashed process for a body that is not an
 * object at all. Every field Bolt or a listener reads without a check is checked here, the way Slack always sends
 * it; what is optional (a command's `text`, a message's `text`) is left to the listeners, which read it with care.
 *
 * The answers are for whoever sent the request (Slack never sends these), not for a person in Slack: plain
 * English, naming the field.
 */

type Body = Record<string, unknown>;

/** What is wrong with a request body, or undefined when Bolt and the listeners can read it safely. */
export function envelopeProblem(body: unknown): string | undefined {
  if (!isObject(body)) return `the body is not a JSON object (got ${describe(body)})`;
  // Bolt answers these two itself, before dispatching (the same order as Bolt's).
  if (body.ssl_check === '1') return undefined;
  if (body.type === 'url_verification') {
    return typeof body.challenge === 'string' ? undefined : '`challenge` must be a string';
  }
  const ids = idsProblem(body);
  if (ids !== undefined) return ids;
  // Bolt tells the kinds apart in this order (getTypeAndConversation): an event, a command, options, an action…
  if (body.event !== undefined) return eventProblem(body);
  if (body.command !== undefined) return commandProblem(body);
  if (body.name !== undefined || body.type === 'block_suggestion') {
    return 'this app has no menus with external options (a body with `name` or of type block_suggestion)';
  }
  if (body.actions !== undefined || body.type === 'dialog_submission') return actionsProblem(body);
  switch (body.type) {
    case 'shortcut':
      return shortcutProblem(body);
    case 'message_action':
      return shortcutProblem(body) ?? messageActionProblem(body);
    case 'view_submission':
    case 'view_closed':
      return viewProblem(body);
    default:
      return `not a kind of request this app serves (type ${describe(body.type)})`;
  }
}

/**
 * The team and enterprise ids Bolt keys its clients by (`clients[teamId]`): strings, and none that names a
 * property every object has (`constructor`, `__proto__`…), which made Bolt call a method of Object itself.
 */
function idsProblem(body: Body): string | undefined {
  const at = (value: unknown, key: string) => (isObject(value) ? value[key] : undefined);
  const authorizations = Array.isArray(body.authorizations) ? body.authorizations : [];
  const ids: [string, unknown][] = [
    ['team_id', body.team_id],
    ['enterprise_id', body.enterprise_id],
    ['team.id', at(body.team, 'id')],
    ['team.enterprise_id', at(body.team, 'enterprise_id')],
    ['enterprise.id', at(body.enterprise, 'id')],
    ['user.team_id', at(body.user, 'team_id')],
    ['view.app_installed_team_id', at(body.view, 'app_installed_team_id')],
    ...authorizations.flatMap((a): [string, unknown][] => [
      ['authorizations[].team_id', at(a, 'team_id')],
      ['authorizations[].enterprise_id', at(a, 'enterprise_id')],
    ]),
  ];
  for (const [name, value] of ids) {
    if (value === undefined || value === null) continue;
    if (typeof value !== 'string' || value in Object.prototype) {
      return `\`${name}\` must be a Slack id (got ${describe(value)})`;
    }
  }
  return undefined;
}

function eventProblem(body: Body): string | undefined {
  const { event } = body;
  if (!isObject(event)) return `\`event\` must be an object (got ${describe(event)})`;
  if (typeof event.type !== 'string') return '`event.type` must be a string';
  if (Array.isArray(body.authorizations) && !body.authorizations.every(isObject)) {
    return 'every entry of `authorizations` must be an object';
  }
  // Bolt looks for the conversation and the user in these, whatever the event.
  if ('channel' in event && typeof event.channel !== 'string' && !isObject(event.channel)) {
    return '`event.channel` must be a string or an object';
  }
  if ('item' in event && !isObject(event.item)) return '`event.item` must be an object';
  if ('user' in event && typeof event.user !== 'string' && !isObject(event.user)) {
    return '`event.user` must be a string or an object';
  }
  if ('subteam' in event && !isObject(event.subteam)) return '`event.subteam` must be an object';
  return undefined;
}

function commandProblem(body: Body): string | undefined {
  for (const field of ['command', 'user_id', 'channel_id', 'trigger_id'] as const) {
    if (!isText(body[field])) return `a command's \`${field}\` must be a non-empty string`;
  }
  return optionalString(body, 'text') ?? optionalString(body, 'response_url');
}

function actionsProblem(body: Body): string | undefined {
  if (body.type !== 'block_actions') {
    return `this app has no legacy attachments or dialogs (type ${describe(body.type)}); only block_actions`;
  }
  const { actions } = body;
  if (!Array.isArray(actions) || actions.length === 0) return '`actions` must be a non-empty array';
  for (const action of actions) {
    if (!isObject(action)) return 'every entry of `actions` must be an object';
    if (typeof action.action_id !== 'string') return "every action's `action_id` must be a string";
    const problem =
      optionalString(action, 'block_id', 'an action') ?? optionalString(action, 'value', 'an action');
    if (problem !== undefined) return problem;
  }
  if (body.view !== undefined && !isObject(body.view)) return '`view` must be an object';
  return interactionProblem(body) ?? triggerProblem(body);
}

function shortcutProblem(body: Body): string | undefined {
  if (!isText(body.callback_id)) return "a shortcut's `callback_id` must be a non-empty string";
  return interactionProblem(body) ?? triggerProblem(body);
}

function messageActionProblem(body: Body): string | undefined {
  if (!isObject(body.channel)) return "a message shortcut's `channel` must be an object";
  const { message } = body;
  if (!isObject(message)) return "a message shortcut's `message` must be an object";
  if (!isText(message.ts)) return "a message shortcut's `message.ts` must be a non-empty string";
  return optionalString(message, 'text', 'the message');
}

function viewProblem(body: Body): string | undefined {
  const { view } = body;
  if (!isObject(view)) return `\`view\` must be an object (got ${describe(view)})`;
  if (!isText(view.id)) return '`view.id` must be a non-empty string';
  if (typeof view.callback_id !== 'string') return '`view.callback_id` must be a string';
  const problem = optionalString(view, 'private_metadata', 'the view');
  if (problem !== undefined) return problem;
  if (body.type === 'view_submission' && !(isObject(view.state) && isObject(view.state.values))) {
    return '`view.state.values` must be an object';
  }
  return interactionProblem(body);
}

/** What Bolt reads of every interaction (its team, user, enterprise, channel, response URLs). */
function interactionProblem(body: Body): string | undefined {
  const { user } = body;
  if (!isObject(user) || !isText(user.id)) return '`user` must be an object with a non-empty string `id`';
  for (const field of ['team', 'enterprise'] as const) {
    const value = body[field];
    if (value !== undefined && value !== null && !isObject(value)) {
      return `\`${field}\` must be an object or null (got ${describe(value)})`;
    }
  }
  if (body.channel !== undefined && !(isObject(body.channel) && isText(body.channel.id))) {
    return '`channel` must be an object with a non-empty string `id`';
  }
  const problem = optionalString(body, 'response_url');
  if (problem !== undefined) return problem;
  const urls = body.response_urls;
  if (urls !== undefined && !(Array.isArray(urls) && urls.every(isObject))) {
    return '`response_urls` must be an array of objects';
  }
  return undefined;
}

function triggerProblem(body: Body): string | undefined {
  return isText(body.trigger_id) ? undefined : '`trigger_id` must be a non-empty string';
}

function optionalString(body: Body, field: string, of?: string): string | undefined {
  const value = body[field];
  if (value === undefined || typeof value === 'string') return undefined;
  return `${of === undefined ? '' : `${of}'s `}\`${field}\` must be a string (got ${describe(value)})`;
}

function isObject(value: unknown): value is Body {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `"${value.slice(0, 40)}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}
