import { inputBlocks } from '../fake-slack/blocks.js';
import type { StoredView } from '../fake-slack/view-store.js';
import { asArray, asObjects, asString, type Json } from '../json.js';

/**
 * What a test says the user entered or picked: text for text/number inputs, an option value (or values) for
 * selects, checkboxes and radio buttons, a user/conversation/channel ID for those selects, 'YYYY-MM-DD' for
 * a datepicker, 'HH:mm' for a timepicker, epoch seconds for a datetimepicker; `null` clears the input.
 */
export type InputValue = string | number | string[] | null;

/** Checks IDs the user picks against the workspace, since a user can pick only what exists. */
export interface Lookups {
  userExists(id: string): boolean;
  conversationExists(id: string): boolean;
}

type StateValues = StoredView['state']['values'];

/**
 * `view.state.values` for a submission, as Slack builds it: one entry per input block, keyed by block_id then
 * action_id, typed per element. Values come from `given` (by action_id or block_id), else from the view's
 * current state, else from the element's `initial_*`. Throws when the user could not have submitted it: an
 * unknown key, an option the element does not offer, or a required input left empty.
 */
export function submissionState(
  view: StoredView,
  given: Record<string, InputValue>,
  lookups: Lookups,
): StateValues {
  const inputs = inputBlocks(view.blocks);
  const known = new Set(inputs.flatMap((i) => [i.blockId, i.actionId]));
  const unknown = Object.keys(given).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    const listing = inputs.map((i) => `${i.blockId}/${i.actionId} (${String(i.element.type)})`).join(', ');
    throw new Error(`No input ${unknown.join(', ')} in view ${view.id}. Inputs: ${listing || 'none'}`);
  }
  const values: StateValues = {};
  for (const { blockId, actionId, block, element } of inputs) {
    const key = actionId in given ? actionId : blockId in given ? blockId : undefined;
    const previous = view.state.values[blockId]?.[actionId];
    const state =
      key !== undefined
        ? elementState(element, given[key] ?? null, lookups)
        : (previous ?? initialState(element));
    if (block.optional !== true && isEmpty(state)) {
      throw new Error(
        `Slack would not submit view ${view.id}: required input ${blockId}/${actionId} is empty`,
      );
    }
    values[blockId] = { [actionId]: state };
  }
  return values;
}

/** The typed state of one element for a given value (also the selection part of a block_actions action). */
export function elementState(element: Json, value: InputValue, lookups: Lookups): Json {
  const type = String(element.type);
  const list = value === null ? [] : Array.isArray(value) ? value : [String(value)];
  const one = list[0] ?? null;
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: checkedText(element, one) };
    case 'number_input':
      return { type, value: checkedNumber(element, one) };
    case 'rich_text_input':
      return { type, rich_text_value: richText(one ?? '') };
    case 'static_select':
    case 'radio_buttons':
      return { type, selected_option: one === null ? null : offeredOption(element, one) };
    case 'overflow': // a menu item picked: block_actions carries it as the selected option
      return { type, selected_option: offeredOption(element, one ?? '') };
    case 'multi_static_select':
    case 'checkboxes':
      return { type, selected_options: list.map((v) => offeredOption(element, v)) };
    case 'external_select':
      return { type, selected_option: one === null ? null : plainOption(one) };
    case 'multi_external_select':
      return { type, selected_options: list.map(plainOption) };
    case 'users_select':
      return { type, selected_user: checkedIds(list, lookups.userExists, 'user')[0] ?? null };
    case 'multi_users_select':
      return { type, selected_users: checkedIds(list, lookups.userExists, 'user') };
    case 'conversations_select':
      return {
        type,
        selected_conversation: checkedIds(list, lookups.conversationExists, 'conversation')[0] ?? null,
      };
    case 'multi_conversations_select':
      return { type, selected_conversations: checkedIds(list, lookups.conversationExists, 'conversation') };
    case 'channels_select':
      return { type, selected_channel: checkedIds(list, lookups.conversationExists, 'channel')[0] ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: checkedIds(list, lookups.conversationExists, 'channel') };
    case 'datepicker':
      return { type, selected_date: checkedFormat(one, /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD') };
    case 'timepicker':
      return { type, selected_time: checkedFormat(one, /^\d{2}:\d{2}$/, 'HH:mm') };
    case 'datetimepicker':
      return {
        type,
        selected_date_time: one === null ? null : Number(checkedFormat(one, /^\d+$/, 'epoch seconds')),
      };
    default:
      throw new Error(`The driver cannot fill a ${type} element yet`);
  }
}

/** The state Slack reports for an untouched element: its `initial_*` value, else empty. */
function initialState(element: Json): Json {
  const initial = (key: string): unknown => element[key];
  const type = String(element.type);
  switch (type) {
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input':
      return { type, value: asString(initial('initial_value')) ?? null };
    case 'rich_text_input':
      return { type, rich_text_value: initial('initial_value') ?? richText('') };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: initial('initial_option') ?? null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: asArray(initial('initial_options')) };
    case 'users_select':
      return { type, selected_user: initial('initial_user') ?? null };
    case 'multi_users_select':
      return { type, selected_users: asArray(initial('initial_users')) };
    case 'conversations_select':
      return { type, selected_conversation: initial('initial_conversation') ?? null };
    case 'multi_conversations_select':
      return { type, selected_conversations: asArray(initial('initial_conversations')) };
    case 'channels_select':
      return { type, selected_channel: initial('initial_channel') ?? null };
    case 'multi_channels_select':
      return { type, selected_channels: asArray(initial('initial_channels')) };
    case 'datepicker':
      return { type, selected_date: initial('initial_date') ?? null };
    case 'timepicker':
      return { type, selected_time: initial('initial_time') ?? null };
    case 'datetimepicker':
      return { type, selected_date_time: initial('initial_date_time') ?? null };
    default:
      return { type };
  }
}

function isEmpty(state: Json): boolean {
  return Object.entries(state).every(
    ([key, value]) =>
      key === 'type' || value === null || value === '' || (Array.isArray(value) && value.length === 0),
  );
}

/** Options of a static select (flat or grouped), checkboxes or radio buttons. */
function offeredOption(element: Json, value: string): Json {
  const options = [
    ...asObjects(element.options),
    ...asObjects(element.option_groups).flatMap((g) => asObjects(g.options)),
  ];
  const option = options.find((o) => o.value === value);
  if (option === undefined) {
    const offered = options.map((o) => asString(o.value)).join(', ');
    throw new Error(`${String(element.action_id)} offers no option "${value}" (options: ${offered})`);
  }
  return option;
}

function plainOption(value: string): Json {
  return { text: { type: 'plain_text', text: value, emoji: true }, value };
}

/** The client enforces min/max length before it submits. */
function checkedText(element: Json, value: string | null): string | null {
  if (value === null || value === '') return null;
  const max = typeof element.max_length === 'number' ? element.max_length : undefined;
  const min = typeof element.min_length === 'number' ? element.min_length : undefined;
  if (max !== undefined && value.length > max)
    throw new Error(`${String(element.action_id)}: at most ${max} characters`);
  if (min !== undefined && value.length < min)
    throw new Error(`${String(element.action_id)}: at least ${min} characters`);
  return value;
}

function checkedNumber(element: Json, value: string | null): string | null {
  if (value === null || value === '') return null;
  const number = Number(value);
  const decimals = element.is_decimal_allowed === true;
  if (Number.isNaN(number) || (!decimals && !Number.isInteger(number))) {
    throw new Error(
      `${String(element.action_id)}: "${value}" is not ${decimals ? 'a number' : 'a whole number'}`,
    );
  }
  const min = element.min_value === undefined ? undefined : Number(element.min_value);
  const max = element.max_value === undefined ? undefined : Number(element.max_value);
  if ((min !== undefined && number < min) || (max !== undefined && number > max)) {
    throw new Error(`${String(element.action_id)}: ${value} is outside ${min ?? '-∞'}..${max ?? '∞'}`);
  }
  return value;
}

function checkedIds(ids: string[], exists: (id: string) => boolean, what: string): string[] {
  const missing = ids.filter((id) => !exists(id));
  if (missing.length > 0) throw new Error(`No ${what} ${missing.join(', ')} in the workspace`);
  return ids;
}

function checkedFormat(value: string | null, pattern: RegExp, format: string): string | null {
  if (value === null) return null;
  if (!pattern.test(value)) throw new Error(`"${value}" is not ${format}`);
  return value;
}

function richText(text: string): Json {
  return {
    type: 'rich_text',
    elements: text === '' ? [] : [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }],
  };
}
