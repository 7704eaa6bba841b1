import type { types } from '@slack/bolt';

/**
 * Small pure helpers every Block Kit builder uses. Each helper enforces the limit of what it builds (see
 * `src/sandbox/reference/README.md`), so a builder cannot produce a block Slack would refuse because a user
 * typed a long text.
 *
 * Bolt 5 re-exports `@slack/types` only as the `types` namespace, hence the aliases below.
 */
export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type HomeView = types.HomeView;
/** What the builders return: Slack's view types, with the blocks known to be `KnownBlock`s. */
export type Modal = Omit<ModalView, 'blocks'> & { blocks: KnownBlock[] };
export type Home = Omit<HomeView, 'blocks'> & { blocks: KnownBlock[] };
export type Button = types.Button;
export type PlainTextOption = types.PlainTextOption;
export type PlainTextElement = types.PlainTextElement;
export type MrkdwnElement = types.MrkdwnElement;
export type SectionBlock = types.SectionBlock;
export type InputBlock = types.InputBlock;
export type InputBlockElement = types.InputBlockElement;
export type ActionsBlock = types.ActionsBlock;
export type ContextBlock = types.ContextBlock;
export type StaticSelect = types.StaticSelect;
export type RadioButtons = types.RadioButtons;

/** Documented Block Kit limits (characters, unless said otherwise). */
export const LIMIT = {
  header: 150,
  section: 3000,
  field: 2000,
  fields: 10,
  contextText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  optionText: 75,
  selectOptions: 100,
  radioOptions: 10,
  modalTitle: 24,
  inputLabel: 2000,
  placeholder: 150,
  hint: 2000,
  privateMetadata: 3000,
  messageBlocks: 50,
  viewBlocks: 100,
} as const;

/** What every message builder returns: the notification fallback `text` and the blocks. */
export interface Message {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

const ELLIPSIS = '…';

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function mrkdwnEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts plain text to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${dropHalfSurrogate(text.slice(0, Math.max(0, max - 1)))}${ELLIPSIS}`;
}

/**
 * Cuts mrkdwn to at most `max` characters without leaving half an entity (`&am`) or half a mention or link
 * (`<@U12`) behind. Escaped user text holds no raw `<`, so any `<` is one the builders wrote.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = dropHalfSurrogate(text.slice(0, Math.max(0, max - 1)))
    .replace(/&[a-z#0-9]*$/i, '')
    .replace(/<[^>]*$/, '');
  return `${cut}${ELLIPSIS}`;
}

function dropHalfSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}

export function mention(userId: string): string {
  return `<@${userId}>`;
}

export function channelMention(channelId: string): string {
  return `<#${channelId}>`;
}

/**
 * A mrkdwn link; the label is escaped, the URL's own `|`, `<` and `>` are encoded: they would break the link,
 * and a `<!channel>` typed into a link is still a special mention to Slack's parser.
 */
export function link(url: string, label: string): string {
  const encoded = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return `<${encoded}|${mrkdwnEscape(label)}>`;
}

/** Escaped user text as a mrkdwn block quote (every line prefixed). */
export function quote(text: string): string {
  return mrkdwnEscape(text)
    .split('\n')
    .map((line) => `>${line}`)
    .join('\n');
}

export function plain(text: string, max: number = LIMIT.section): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}

export function mrkdwn(text: string, max: number = LIMIT.section): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(text, max) };
}

export function header(text: string): KnownBlock {
  return { type: 'header', text: plain(text, LIMIT.header) };
}

export function section(text: string, options: { blockId?: string; accessory?: Button } = {}): SectionBlock {
  return {
    type: 'section',
    ...(options.blockId === undefined ? {} : { block_id: options.blockId }),
    text: mrkdwn(text, LIMIT.section),
    ...(options.accessory === undefined ? {} : { accessory: options.accessory }),
  };
}

/** A section of two-column fields; empty entries are skipped and at most 10 are kept. */
export function fields(items: readonly (string | undefined)[]): SectionBlock {
  const present = items.filter((i): i is string => i !== undefined && i !== '').slice(0, LIMIT.fields);
  return { type: 'section', fields: present.map((f) => mrkdwn(f, LIMIT.field)) };
}

export function context(...texts: readonly string[]): ContextBlock {
  return {
    type: 'context',
    elements: texts.slice(0, LIMIT.contextElements).map((text) => mrkdwn(text, LIMIT.contextText)),
  };
}

export function divider(): KnownBlock {
  return { type: 'divider' };
}

export function actions(blockId: string, elements: readonly Button[]): ActionsBlock {
  return { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMIT.actionsElements) };
}

export function button(spec: {
  text: string;
  actionId: string;
  value?: string;
  style?: 'primary' | 'danger' | undefined;
}): Button {
  return {
    type: 'button',
    text: plain(spec.text, LIMIT.buttonText),
    action_id: spec.actionId,
    ...(spec.value === undefined ? {} : { value: truncate(spec.value, LIMIT.buttonValue) }),
    ...(spec.style === undefined ? {} : { style: spec.style }),
  };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMIT.optionText), value };
}

export function staticSelect(spec: {
  actionId: string;
  options: readonly PlainTextOption[];
  initialValue?: string | undefined;
  placeholder?: string | undefined;
}): StaticSelect {
  const options = spec.options.slice(0, LIMIT.selectOptions);
  const initial = options.find((o) => o.value === spec.initialValue);
  return {
    type: 'static_select',
    action_id: spec.actionId,
    options,
    ...(initial === undefined ? {} : { initial_option: initial }),
    ...(spec.placeholder === undefined ? {} : { placeholder: plain(spec.placeholder, LIMIT.placeholder) }),
  };
}

export function radioButtons(spec: {
  actionId: string;
  options: readonly PlainTextOption[];
  initialValue?: string | undefined;
}): RadioButtons {
  const options = spec.options.slice(0, LIMIT.radioOptions);
  const initial = options.find((o) => o.value === spec.initialValue);
  return {
    type: 'radio_buttons',
    action_id: spec.actionId,
    options,
    ...(initial === undefined ? {} : { initial_option: initial }),
  };
}

export function plainTextInput(spec: {
  actionId: string;
  multiline?: boolean;
  maxLength?: number;
  initialValue?: string | undefined;
  placeholder?: string | undefined;
}): InputBlockElement {
  const initial =
    spec.initialValue === undefined || spec.initialValue === ''
      ? undefined
      : truncate(spec.initialValue, spec.maxLength ?? LIMIT.section);
  return {
    type: 'plain_text_input',
    action_id: spec.actionId,
    ...(spec.multiline ? { multiline: true } : {}),
    ...(spec.maxLength === undefined ? {} : { max_length: spec.maxLength }),
    ...(initial === undefined ? {} : { initial_value: initial }),
    ...(spec.placeholder === undefined ? {} : { placeholder: plain(spec.placeholder, LIMIT.placeholder) }),
  };
}

/** An input block whose block_id equals its element's action_id, so submission errors key on one name. */
export function input(spec: {
  label: string;
  element: InputBlockElement;
  optional?: boolean;
  hint?: string | undefined;
}): InputBlock {
  const id = 'action_id' in spec.element ? spec.element.action_id : undefined;
  return {
    type: 'input',
    ...(id === undefined ? {} : { block_id: id }),
    label: plain(spec.label, LIMIT.inputLabel),
    element: spec.element,
    ...(spec.optional ? { optional: true } : {}),
    ...(spec.hint === undefined ? {} : { hint: plain(spec.hint, LIMIT.hint) }),
  };
}

/** A modal shell with its title/submit/close cut to Slack's 24 characters. */
export function modal(spec: {
  callbackId: string;
  title: string;
  submit?: string | undefined;
  close: string;
  privateMetadata: string;
  blocks: readonly KnownBlock[];
}): Modal {
  return {
    type: 'modal',
    callback_id: spec.callbackId,
    title: plain(spec.title, LIMIT.modalTitle),
    ...(spec.submit === undefined ? {} : { submit: plain(spec.submit, LIMIT.modalTitle) }),
    close: plain(spec.close, LIMIT.modalTitle),
    private_metadata: spec.privateMetadata,
    blocks: spec.blocks.slice(0, LIMIT.viewBlocks),
  };
}

/** The first `max` items and how many were left out (for "and N more"). */
export function capList<T>(items: readonly T[], max: number): { shown: readonly T[]; more: number } {
  return { shown: items.slice(0, max), more: Math.max(0, items.length - max) };
}
