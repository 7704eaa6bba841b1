import { emojiFor, replaceEmoji } from './emoji.js';
import {
  channelName,
  escapeHtml,
  isoDate,
  linkHtml,
  mentionHtml,
  renderMrkdwn,
  safeImageUrl,
  safeLinkUrl,
  userName,
} from './mrkdwn.js';

/**
 * Block Kit → HTML for the sandbox page: messages, modals and the App Home, shown the way Slack shows them.
 * Pure functions from Slack JSON to HTML strings (no DOM, except `collectInputValues`). Every text is escaped;
 * a block or element this file does not know is shown as a placeholder with its JSON, never dropped.
 *
 * Markup contract with the page shell (`app.js`): interactive elements carry `data-kind`, `data-action-id`,
 * `data-block-id` and `data-type`; controls of input blocks carry `data-input-block-id`,
 * `data-input-action-id`, `data-input-type` (and `data-dispatch="true"`); modal buttons carry `data-kind`
 * `modal-close` (the × and the footer's close button: both close the view, as in Slack), `modal-back` (only
 * with `canGoBack`) and `modal-submit`. The shell supplies the dialog role around the modal card.
 */

export { escapeHtml, renderMrkdwn };

/** Every word the renderer shows itself. */
export const STRINGS = Object.freeze({
  unsupportedBlock: 'Unsupported block',
  unsupportedElement: 'Unsupported element',
  optional: '(optional)',
  chooseOption: 'Choose an option',
  chooseOptions: 'Choose options',
  selectPerson: 'Select a person',
  selectPeople: 'Select people',
  selectConversation: 'Select a conversation',
  selectConversations: 'Select conversations',
  selectChannel: 'Select a channel',
  selectChannels: 'Select channels',
  selectDate: 'Select a date',
  selectTime: 'Select a time',
  selectDateTime: 'Select a date and time',
  moreActions: 'More actions',
  moreActionsIcon: '⋯',
  cancel: 'Cancel',
  close: 'Close',
  closeIcon: '×',
  back: 'Back',
  backIcon: '‹',
  file: 'File',
  fileIcon: '📄',
  video: 'Video',
  image: 'Image',
});

const SURFACES = new Set(['message', 'modal', 'home']);

/* ---------- small helpers ---------- */

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function list(value) {
  return Array.isArray(value) ? value : [];
}

function str(value) {
  return typeof value === 'string' ? value : undefined;
}

function own(table, key) {
  return isObject(table) && Object.hasOwn(table, key) ? table[key] : undefined;
}

/** ` name="value"` for each attribute; undefined, null and false are left out, true is a bare attribute. */
function attrs(map) {
  let out = '';
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined || value === null || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(value)}"`;
  }
  return out;
}

function classes(...names) {
  return names.filter(Boolean).join(' ');
}

/** The raw text of a text object (for attributes and `<option>`s, which cannot hold markup). */
function rawText(textObject) {
  if (typeof textObject === 'string') return textObject;
  return isObject(textObject) ? (str(textObject.text) ?? '') : '';
}

/** A text object as plain text: escaped, with emoji unless it says `emoji: false` (never markup). */
function plainText(textObject) {
  const html = escapeHtml(rawText(textObject));
  return isObject(textObject) && textObject.emoji === false ? html : replaceEmoji(html);
}

/** An HTML id from parts: characters outside `[A-Za-z0-9_-]` are spelled as `.hex` so ids stay distinct. */
function htmlId(...parts) {
  return parts
    .map((p) => String(p).replace(/[^A-Za-z0-9_-]/g, (c) => `.${c.codePointAt(0)?.toString(16)}`))
    .join('--');
}

function unknownHtml(title, node) {
  const type = isObject(node) && typeof node.type === 'string' ? node.type : typeof node;
  const json = JSON.stringify(node, null, 2) ?? String(node);
  return `<div class="bk-unknown"${attrs({ 'data-unknown-type': type })}><div class="bk-unknown-title">${escapeHtml(`${title}: ${type}`)}</div><pre>${escapeHtml(json)}</pre></div>`;
}

/* ---------- text ---------- */

/** `{type: 'plain_text' | 'mrkdwn', text, emoji?}` as HTML. */
export function renderText(textObject, ctx) {
  if (isObject(textObject) && textObject.type === 'mrkdwn') return renderMrkdwn(rawText(textObject), ctx);
  return plainText(textObject);
}

/* ---------- surfaces ---------- */

/** Blocks as HTML. `options.surface`: 'message' | 'modal' | 'home'; `options.errors`: `{ [blockId]: message }`. */
export function renderBlocks(blocks, ctx, options = {}) {
  const surface = SURFACES.has(options.surface) ? options.surface : 'message';
  const env = { ctx: ctx ?? {}, surface, errors: options.errors ?? {}, idPrefix: options.idPrefix ?? 'bk' };
  const html = list(blocks)
    .map((block, index) => renderBlock(block, index, env))
    .join('');
  return `<div class="bk-blocks bk-surface-${surface}">${html}</div>`;
}

/** A stored message: its blocks (else its text as mrkdwn), then its files, then legacy attachments. */
export function renderMessageContent(message, ctx) {
  const m = isObject(message) ? message : {};
  const body =
    list(m.blocks).length > 0
      ? renderBlocks(m.blocks, ctx, { surface: 'message' })
      : str(m.text)
        ? `<div class="bk-message-text">${renderMrkdwn(m.text, ctx)}</div>`
        : '';
  const files = list(m.files).map((f) => fileHtml(f, ctx));
  const attachments = list(m.attachments).map((a) => attachmentHtml(a, ctx));
  return [
    '<div class="bk-message-content">',
    body,
    files.length > 0 ? `<div class="bk-files">${files.join('')}</div>` : '',
    attachments.length > 0 ? `<div class="bk-attachments">${attachments.join('')}</div>` : '',
    '</div>',
  ].join('');
}

/** A whole modal card: title bar (back, title, ×), its blocks, footer with close and submit. */
export function renderModal(view, ctx, options = {}) {
  const v = isObject(view) ? view : {};
  const titleId = `${options.idPrefix ?? 'bk'}-modal-title`;
  const back = options.canGoBack
    ? `<button type="button" class="bk-modal-back" data-kind="modal-back"${attrs({ 'aria-label': STRINGS.back })}>${STRINGS.backIcon}</button>`
    : '';
  const close = `<button type="button" class="bk-modal-close" data-kind="modal-close"${attrs({ 'aria-label': STRINGS.close })}>${STRINGS.closeIcon}</button>`;
  const cancel = `<button type="button" class="bk-button bk-modal-cancel" data-kind="modal-close">${v.close ? plainText(v.close) : STRINGS.cancel}</button>`;
  const submit = v.submit
    ? `<button type="button" class="bk-button bk-primary bk-modal-submit" data-kind="modal-submit">${plainText(v.submit)}</button>`
    : '';
  const blocks = renderBlocks(v.blocks, ctx, {
    surface: 'modal',
    errors: options.errors,
    idPrefix: options.idPrefix,
  });
  return [
    `<div class="bk-modal"${attrs({ 'data-view-id': str(v.id), 'data-callback-id': str(v.callback_id) })}>`,
    `<div class="bk-modal-header">${back}<h2 class="bk-modal-title" id="${escapeHtml(titleId)}">${plainText(v.title)}</h2>${close}</div>`,
    `<div class="bk-modal-body">${blocks}</div>`,
    `<div class="bk-modal-footer">${cancel}${submit}</div>`,
    '</div>',
  ].join('');
}

/** The App Home tab's content. */
export function renderHome(view, ctx) {
  return `<div class="bk-home">${renderBlocks(isObject(view) ? view.blocks : [], ctx, { surface: 'home' })}</div>`;
}

/* ---------- blocks ---------- */

const BLOCKS = {
  header: (b, env) => `<h3 class="bk-header-text">${renderText(b.text, env.ctx)}</h3>`,
  section: sectionBlock,
  context: contextBlock,
  divider: () => '<hr class="bk-divider-line">',
  actions: (b, env) =>
    `<div class="bk-actions-elements">${list(b.elements)
      .map((e, i) => renderElement(e, env, i))
      .join('')}</div>`,
  image: imageBlock,
  rich_text: (b, env) =>
    list(b.elements)
      .map((e) => richBlockHtml(e, env.ctx))
      .join(''),
  input: inputBlock,
  file: (b, env) => fileHtml(b.file ?? { id: b.file_id ?? b.external_id, ...b }, env.ctx),
  video: videoBlock,
  markdown: (b, env) => `<div class="bk-markdown">${renderMrkdwn(str(b.text) ?? '', env.ctx)}</div>`,
};

function renderBlock(block, index, env) {
  const render = isObject(block) ? own(BLOCKS, block.type) : undefined;
  if (render === undefined) return unknownHtml(STRINGS.unsupportedBlock, block);
  const blockId = str(block.block_id) ?? '';
  // Slack gives every stored block an id; a block without one still needs distinct HTML ids.
  const benv = { ...env, block, blockId, idBase: blockId === '' ? `b${index}` : blockId };
  const wrapper = attrs({ class: `bk-block bk-block-${block.type}`, 'data-block-id': blockId || undefined });
  return `<div${wrapper}>${render(block, benv)}</div>`;
}

function sectionBlock(block, env) {
  const text = block.text ? `<div class="bk-section-text">${renderText(block.text, env.ctx)}</div>` : '';
  const fields = list(block.fields).map((f) => `<div class="bk-field">${renderText(f, env.ctx)}</div>`);
  const accessory = isObject(block.accessory)
    ? `<div class="bk-accessory">${renderElement(block.accessory, env, 0)}</div>`
    : '';
  const fieldsHtml = fields.length > 0 ? `<div class="bk-fields">${fields.join('')}</div>` : '';
  return `<div class="bk-section-body">${text}${fieldsHtml}</div>${accessory}`;
}

function contextBlock(block, env) {
  return list(block.elements)
    .map((e) => {
      if (isObject(e) && e.type === 'image') return imageTag(e, env.ctx, 'bk-context-image');
      if (isObject(e) && (e.type === 'mrkdwn' || e.type === 'plain_text'))
        return `<span class="bk-context-text">${renderText(e, env.ctx)}</span>`;
      return unknownHtml(STRINGS.unsupportedElement, e);
    })
    .join('');
}

function imageBlock(block, env) {
  const title = block.title
    ? `<figcaption class="bk-image-title">${plainText(block.title)}</figcaption>`
    : '';
  return `<figure class="bk-image-figure">${title}${imageTag(block, env.ctx, 'bk-image-img')}</figure>`;
}

/** An `<img>` of an image block or element (`image_url` or `slack_file`); an unsafe URL shows the alt text. */
function imageTag(image, ctx, className) {
  const file = isObject(image.slack_file) ? image.slack_file : undefined;
  const url = str(image.image_url) ?? str(file?.url) ?? str(own(ctx?.files, str(file?.id) ?? '')?.url);
  const src = safeImageUrl(url);
  const alt = str(image.alt_text) ?? '';
  if (src === undefined)
    return `<span class="${className} bk-image-missing">${escapeHtml(alt || STRINGS.image)}</span>`;
  return `<img${attrs({ class: className, src, alt, loading: 'lazy' })}>`;
}

function videoBlock(block, env) {
  const href = str(block.title_url) ?? str(block.video_url);
  const title = linkHtml(href, plainText(block.title) || STRINGS.video);
  const byline = [str(block.author_name), str(block.provider_name)].filter(Boolean).join(' · ');
  const thumb = safeImageUrl(block.thumbnail_url);
  return [
    `<div class="bk-video-title">${title}</div>`,
    byline ? `<div class="bk-video-byline">${escapeHtml(byline)}</div>` : '',
    block.description
      ? `<div class="bk-video-description">${renderText(block.description, env.ctx)}</div>`
      : '',
    thumb === undefined
      ? ''
      : linkHtml(
          str(block.video_url),
          `<img${attrs({ class: 'bk-video-thumb', src: thumb, alt: str(block.alt_text) ?? '' })}>`,
        ),
  ].join('');
}

/* ---------- input blocks ---------- */

const GROUP_TYPES = new Set(['checkboxes', 'radio_buttons']);

function inputBlock(block, env) {
  const element = isObject(block.element) ? block.element : {};
  const id = htmlId(env.idPrefix, env.idBase, str(element.action_id) ?? 'element');
  const error = str(own(env.errors, env.blockId));
  const hint = block.hint
    ? `<div class="bk-hint" id="${id}-hint">${renderText(block.hint, env.ctx)}</div>`
    : '';
  const optional = block.optional ? ` <span class="bk-optional">${STRINGS.optional}</span>` : '';
  const labelText = `${renderText(block.label, env.ctx)}${optional}`;
  // `<label for>` names a form control; a checkbox or radio group is named by `aria-labelledby` instead.
  const label = GROUP_TYPES.has(element.type)
    ? `<div class="bk-label" id="${id}-label">${labelText}</div>`
    : `<label class="bk-label" for="${id}" id="${id}-label">${labelText}</label>`;
  const control = {
    id,
    labelId: `${id}-label`,
    invalid: error !== undefined,
    describedBy: [error === undefined ? '' : `${id}-error`, hint ? `${id}-hint` : '']
      .filter(Boolean)
      .join(' '),
    required: !block.optional,
    dispatch: block.dispatch_action === true || element.dispatch_action === true,
  };
  const errorHtml =
    error === undefined
      ? ''
      : `<div class="bk-error" role="alert" id="${id}-error">${escapeHtml(error)}</div>`;
  return `${label}${renderElement(element, env, 0, control)}${errorHtml}${hint}`;
}

/* ---------- elements ---------- */

/**
 * The attributes naming an element for the shell: `data-kind` & co outside input blocks, `data-input-*`
 * (plus id, validity and description) on an input block's control.
 */
function identity(element, env, kind, control) {
  if (control === undefined) {
    return {
      'data-kind': kind,
      'data-action-id': str(element.action_id) ?? '',
      'data-block-id': env.blockId,
      'data-type': element.type,
    };
  }
  return {
    id: control.group ? undefined : control.id,
    'data-input-block-id': env.blockId,
    'data-input-action-id': str(element.action_id) ?? '',
    'data-input-type': element.type,
    'data-dispatch': control.dispatch ? 'true' : undefined,
    'aria-labelledby': control.group ? control.labelId : undefined,
    'aria-describedby': control.describedBy || undefined,
    'aria-invalid': control.invalid ? 'true' : undefined,
    'aria-required': control.required ? 'true' : undefined,
  };
}

function controlClass(base, control) {
  return classes(base, control?.invalid && 'bk-invalid');
}

const ELEMENTS = {
  button: buttonHtml,
  overflow: overflowHtml,
  image: (e, env) => imageTag(e, env.ctx, 'bk-image-element'),
  static_select: (e, env, c) => selectHtml(e, env, c, staticChoices(e), STRINGS.chooseOption),
  multi_static_select: (e, env, c) => selectHtml(e, env, c, staticChoices(e), STRINGS.chooseOptions),
  external_select: (e, env, c) => selectHtml(e, env, c, staticChoices(e), STRINGS.chooseOption),
  multi_external_select: (e, env, c) => selectHtml(e, env, c, staticChoices(e), STRINGS.chooseOptions),
  users_select: (e, env, c) => selectHtml(e, env, c, userChoices(e, env.ctx), STRINGS.selectPerson),
  multi_users_select: (e, env, c) => selectHtml(e, env, c, userChoices(e, env.ctx), STRINGS.selectPeople),
  conversations_select: (e, env, c) =>
    selectHtml(e, env, c, channelChoices(e, env.ctx, 'conversation'), STRINGS.selectConversation),
  multi_conversations_select: (e, env, c) =>
    selectHtml(e, env, c, channelChoices(e, env.ctx, 'conversation'), STRINGS.selectConversations),
  channels_select: (e, env, c) =>
    selectHtml(e, env, c, channelChoices(e, env.ctx, 'channel'), STRINGS.selectChannel),
  multi_channels_select: (e, env, c) =>
    selectHtml(e, env, c, channelChoices(e, env.ctx, 'channel'), STRINGS.selectChannels),
  datepicker: (e, env, c) =>
    pickerHtml(e, env, c, {
      type: 'date',
      kind: 'datepicker',
      value: e.initial_date,
      label: STRINGS.selectDate,
    }),
  timepicker: (e, env, c) =>
    pickerHtml(e, env, c, {
      type: 'time',
      kind: 'timepicker',
      value: e.initial_time,
      label: STRINGS.selectTime,
    }),
  datetimepicker: (e, env, c) =>
    pickerHtml(e, env, c, {
      type: 'datetime-local',
      kind: 'datetimepicker',
      value: localDateTime(e.initial_date_time),
      label: STRINGS.selectDateTime,
    }),
  checkboxes: (e, env, c) => choicesHtml(e, env, c, 'checkbox'),
  radio_buttons: (e, env, c) => choicesHtml(e, env, c, 'radio'),
  plain_text_input: (e, env, c) => textInputHtml(e, env, c, 'text'),
  email_text_input: (e, env, c) => textInputHtml(e, env, c, 'email'),
  url_text_input: (e, env, c) => textInputHtml(e, env, c, 'url'),
  rich_text_input: (e, env, c) =>
    textInputHtml({ ...e, multiline: true, initial_value: undefined }, env, c, 'text'),
  number_input: (e, env, c) => textInputHtml(e, env, c, 'number'),
};

/** `control` is set for the element of an input block (see `inputBlock`). */
function renderElement(element, env, index, control) {
  const render = isObject(element) ? own(ELEMENTS, element.type) : undefined;
  if (render === undefined) return unknownHtml(STRINGS.unsupportedElement, element);
  return render(element, { ...env, elementIndex: index }, control);
}

function buttonHtml(element, env) {
  const style = element.style === 'primary' ? 'bk-primary' : element.style === 'danger' ? 'bk-danger' : '';
  const a = attrs({
    type: 'button',
    class: classes('bk-button', style),
    ...identity(element, env, 'button'),
    'data-value': str(element.value),
    'data-url': safeLinkUrl(element.url),
    'aria-label': str(element.accessibility_label),
  });
  return `<button${a}>${plainText(element.text)}</button>`;
}

function overflowHtml(element, env) {
  const options = list(element.options).map((o) => {
    const a = attrs({
      type: 'button',
      class: 'bk-overflow-option',
      ...identity(element, env, 'overflow-option'),
      'data-value': str(o?.value) ?? '',
      'data-url': safeLinkUrl(o?.url),
    });
    return `<button${a}>${plainText(o?.text)}</button>`;
  });
  return `<details class="bk-overflow"><summary${attrs({ 'aria-label': STRINGS.moreActions })}>${STRINGS.moreActionsIcon}</summary><div class="bk-overflow-menu">${options.join('')}</div></details>`;
}

/** Options and option groups of a static (or external) select, and the initially selected values. */
function staticChoices(element) {
  const option = (o) => ({ value: str(o?.value) ?? '', label: rawText(o?.text) });
  const initial = [element.initial_option, ...list(element.initial_options)].filter(isObject);
  const groups = list(element.option_groups).map((g) => ({
    label: rawText(g?.label),
    options: list(g?.options).map(option),
  }));
  const options = list(element.options).map(option);
  // An external select has no options of its own until typed into: offer what is preselected.
  if (options.length === 0 && groups.length === 0) options.push(...initial.map(option));
  return { options, groups, selected: initial.map((o) => str(o.value) ?? ''), emoji: true };
}

function userChoices(element, ctx) {
  const selected = [str(element.initial_user), ...list(element.initial_users)].filter(Boolean);
  const ids = [...Object.keys(isObject(ctx?.users) ? ctx.users : {}), ...selected];
  const options = [...new Set(ids)].map((id) => ({ value: id, label: userName(id, ctx) }));
  return { options, groups: [], selected };
}

function channelChoices(element, ctx, kind) {
  const selected = [str(element[`initial_${kind}`]), ...list(element[`initial_${kind}s`])].filter(Boolean);
  const ids = [...Object.keys(isObject(ctx?.channels) ? ctx.channels : {}), ...selected];
  const options = [...new Set(ids)].map((id) => ({ value: id, label: `#${channelName(id, ctx)}` }));
  return { options, groups: [], selected };
}

function selectHtml(element, env, control, choices, defaultPlaceholder) {
  const multiple = element.type.startsWith('multi_');
  const placeholder = rawText(element.placeholder) || defaultPlaceholder;
  const selected = new Set(choices.selected);
  const optionTag = (o) =>
    `<option${attrs({ value: o.value, selected: selected.has(o.value) })}>${choices.emoji ? replaceEmoji(escapeHtml(o.label)) : escapeHtml(o.label)}</option>`;
  const groups = choices.groups.map(
    (g) => `<optgroup${attrs({ label: g.label })}>${g.options.map(optionTag).join('')}</optgroup>`,
  );
  const first = `<option${attrs({ value: '', disabled: true, selected: !multiple && selected.size === 0 })}>${escapeHtml(placeholder)}</option>`;
  const a = attrs({
    class: controlClass('bk-select', control),
    multiple,
    'aria-label': control === undefined ? placeholder : undefined,
    ...identity(element, env, 'select', control),
  });
  return `<select${a}>${first}${choices.options.map(optionTag).join('')}${groups.join('')}</select>`;
}

function pickerHtml(element, env, control, { type, kind, value, label }) {
  const a = attrs({
    type,
    class: controlClass(`bk-picker bk-${kind}`, control),
    value: str(value),
    'aria-label': control === undefined ? rawText(element.placeholder) || label : undefined,
    ...identity(element, env, kind, control),
  });
  return `<input${a}>`;
}

/** Epoch seconds as the `YYYY-MM-DDTHH:mm` a datetime-local input shows, in the viewer's zone as Slack does. */
function localDateTime(seconds) {
  if (typeof seconds !== 'number') return undefined;
  const d = new Date(seconds * 1000);
  const two = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

function choicesHtml(element, env, control, type) {
  const initial = type === 'checkbox' ? list(element.initial_options) : [element.initial_option];
  const checked = new Set(initial.filter(isObject).map((o) => str(o.value)));
  const group = control === undefined ? undefined : { ...control, group: true };
  // Radios of one group share a name; a distinct one per element keeps groups apart.
  const name = htmlId(env.idPrefix, env.idBase, str(element.action_id) ?? `e${env.elementIndex}`);
  const options = list(element.options).map((o) => {
    const value = str(o?.value) ?? '';
    const description = o?.description
      ? `<span class="bk-choice-description">${renderText(o.description, env.ctx)}</span>`
      : '';
    const input = `<input${attrs({ type, name, value, checked: checked.has(value) })}>`;
    return `<label class="bk-choice">${input}<span class="bk-choice-text">${renderText(o?.text, env.ctx)}${description}</span></label>`;
  });
  const a = attrs({
    class: controlClass(type === 'checkbox' ? 'bk-checkboxes' : 'bk-radios', control),
    ...identity(element, env, type === 'checkbox' ? 'checkboxes' : 'radio', group),
  });
  return `<fieldset${a}>${options.join('')}</fieldset>`;
}

function textInputHtml(element, env, control, type) {
  const common = {
    class: controlClass(element.multiline ? 'bk-textarea' : 'bk-text-input', control),
    placeholder: rawText(element.placeholder) || undefined,
    maxlength: element.max_length,
    minlength: element.min_length,
    ...identity(element, env, 'input', control),
  };
  const value =
    str(element.initial_value) ??
    (typeof element.initial_value === 'number' ? String(element.initial_value) : undefined);
  if (element.multiline && type === 'text')
    return `<textarea${attrs({ rows: 4, ...common })}>${escapeHtml(value ?? '')}</textarea>`;
  const number =
    type === 'number'
      ? {
          step: element.is_decimal_allowed ? 'any' : '1',
          min: element.min_value,
          max: element.max_value,
          inputmode: element.is_decimal_allowed ? 'decimal' : 'numeric',
        }
      : {};
  return `<input${attrs({ type, ...common, ...number, value })}>`;
}

/* ---------- rich text ---------- */

function richBlockHtml(element, ctx) {
  if (!isObject(element)) return unknownHtml(STRINGS.unsupportedElement, element);
  switch (element.type) {
    case 'rich_text_section':
      return `<div class="bk-rt-section">${inlinesHtml(element.elements, ctx, false)}</div>`;
    case 'rich_text_quote':
      return `<blockquote class="bk-quote">${inlinesHtml(element.elements, ctx, false)}</blockquote>`;
    case 'rich_text_preformatted':
      return `<pre class="bk-pre">${inlinesHtml(element.elements, ctx, true)}</pre>`;
    case 'rich_text_list':
      return richListHtml(element, ctx);
    default:
      return unknownHtml(STRINGS.unsupportedElement, element);
  }
}

// Slack cycles the list markers by indent level.
const ORDERED_TYPES = ['1', 'a', 'i'];

/** Slack nests lists as flat siblings with an `indent`; the indent becomes a class (margin, marker style). */
function richListHtml(element, ctx) {
  const indent = Number.isInteger(element.indent) ? Math.max(0, Math.min(element.indent, 8)) : 0;
  const ordered = element.style === 'ordered';
  const items = list(element.elements)
    .map((item) => `<li>${isObject(item) ? inlinesHtml(item.elements, ctx, false) : ''}</li>`)
    .join('');
  const a = attrs({
    class: `bk-rt-list bk-rt-indent-${indent}`,
    type: ordered ? ORDERED_TYPES[indent % 3] : undefined,
    start: ordered && Number.isInteger(element.offset) && element.offset > 0 ? element.offset + 1 : undefined,
  });
  return ordered ? `<ol${a}>${items}</ol>` : `<ul${a}>${items}</ul>`;
}

function inlinesHtml(elements, ctx, pre) {
  return list(elements)
    .map((e) => inlineHtml(e, ctx, pre))
    .join('');
}

function inlineHtml(e, ctx, pre) {
  if (!isObject(e)) return unknownHtml(STRINGS.unsupportedElement, e);
  const text = (s) => (pre ? escapeHtml(s) : escapeHtml(s).replace(/\n/g, '<br>'));
  let html;
  switch (e.type) {
    case 'text':
      html = text(str(e.text) ?? '');
      break;
    case 'link':
      html = linkHtml(e.url, text(str(e.text) || (str(e.url) ?? '')));
      break;
    case 'user':
      html = mentionHtml(`@${userName(str(e.user_id) ?? '', ctx)}`);
      break;
    case 'channel':
      html = mentionHtml(`#${channelName(str(e.channel_id) ?? '', ctx)}`, 'bk-channel');
      break;
    case 'usergroup':
      html = mentionHtml(`@${str(e.usergroup_id) ?? ''}`);
      break;
    case 'team':
      html = mentionHtml(`@${str(e.team_id) ?? ''}`);
      break;
    case 'broadcast':
      html = mentionHtml(`@${str(e.range) ?? 'here'}`, 'bk-broadcast');
      break;
    case 'emoji':
      html = emojiHtml(e);
      break;
    case 'date':
      html = `<span class="bk-date">${escapeHtml(str(e.fallback) ?? isoDate(e.timestamp))}</span>`;
      break;
    case 'color':
      html = escapeHtml(str(e.value) ?? '');
      break;
    default:
      return unknownHtml(STRINGS.unsupportedElement, e);
  }
  return styled(html, e.style);
}

function emojiHtml(e) {
  const name = str(e.name) ?? '';
  const hex = str(e.unicode);
  if (hex !== undefined && /^[0-9a-f]{1,6}(?:-[0-9a-f]{1,6})*$/i.test(hex)) {
    const points = hex.split('-').map((h) => Number.parseInt(h, 16));
    if (points.every((p) => p <= 0x10ffff)) return String.fromCodePoint(...points);
  }
  return emojiFor(name) ?? escapeHtml(`:${name}:`);
}

function styled(html, style) {
  if (!isObject(style)) return html;
  let out = html;
  if (style.code) out = `<code class="bk-code">${out}</code>`;
  if (style.strike) out = `<s>${out}</s>`;
  if (style.italic) out = `<i>${out}</i>`;
  if (style.bold) out = `<b>${out}</b>`;
  return out;
}

/* ---------- files and attachments ---------- */

/** A file of a message or file block: images inline, anything else as a download link. */
function fileHtml(file, ctx) {
  const given = isObject(file) ? file : {};
  const known = own(ctx?.files, str(given.id) ?? '');
  const f = { ...given, ...(isObject(known) ? known : {}) };
  const url = str(f.url) ?? str(f.url_private) ?? str(f.permalink);
  const name = str(f.name) ?? str(f.id) ?? str(f.external_id) ?? STRINGS.file;
  const title = str(f.title) || name;
  const mimetype = str(f.mimetype) ?? '';
  const image = mimetype.startsWith('image/') ? safeImageUrl(url) : undefined;
  if (image !== undefined) {
    const img = `<img${attrs({ class: 'bk-file-img', src: image, alt: str(f.alt_txt) ?? title, loading: 'lazy' })}>`;
    return `<figure class="bk-file bk-file-image">${linkHtml(image, img)}<figcaption>${escapeHtml(title)}</figcaption></figure>`;
  }
  const body = `<span class="bk-file-icon" aria-hidden="true">${STRINGS.fileIcon}</span><span class="bk-file-name">${escapeHtml(title)}</span>${mimetype ? `<span class="bk-file-type">${escapeHtml(mimetype)}</span>` : ''}`;
  const href = safeLinkUrl(url);
  if (href === undefined) return `<div class="bk-file">${body}</div>`;
  return `<a${attrs({ class: 'bk-file bk-file-download', href, download: name })}>${body}</a>`;
}

const ATTACHMENT_COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };

/** A legacy attachment, minimally: colour bar, pretext, author, title, text, fields, image, footer, blocks. */
function attachmentHtml(attachment, ctx) {
  const a = isObject(attachment) ? attachment : {};
  const named = own(ATTACHMENT_COLORS, str(a.color) ?? '');
  const hex = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(str(a.color) ?? '');
  const color = named ?? (hex ? `#${hex[1]}` : undefined);
  const title = str(a.title) ? linkHtml(str(a.title_link), escapeHtml(a.title)) : '';
  const fields = list(a.fields)
    .filter(isObject)
    .map(
      (f) =>
        `<div class="${classes('bk-attachment-field', f.short && 'bk-short')}"><div class="bk-attachment-field-title">${escapeHtml(str(f.title) ?? '')}</div><div>${renderMrkdwn(str(f.value) ?? '', ctx)}</div></div>`,
    );
  const image = safeImageUrl(a.image_url);
  const parts = [
    str(a.author_name) ? `<div class="bk-attachment-author">${escapeHtml(a.author_name)}</div>` : '',
    title ? `<div class="bk-attachment-title">${title}</div>` : '',
    str(a.text) ? `<div class="bk-attachment-text">${renderMrkdwn(a.text, ctx)}</div>` : '',
    fields.length > 0 ? `<div class="bk-attachment-fields">${fields.join('')}</div>` : '',
    list(a.blocks).length > 0 ? renderBlocks(a.blocks, ctx, { surface: 'message' }) : '',
    image ? `<img${attrs({ class: 'bk-attachment-image', src: image, alt: '' })}>` : '',
    str(a.footer) ? `<div class="bk-attachment-footer">${renderMrkdwn(a.footer, ctx)}</div>` : '',
  ];
  const pretext = str(a.pretext)
    ? `<div class="bk-attachment-pretext">${renderMrkdwn(a.pretext, ctx)}</div>`
    : '';
  const style = color === undefined ? undefined : `border-left-color: ${color}`;
  return `${pretext}<div${attrs({ class: 'bk-attachment', style })}>${parts.join('')}</div>`;
}

/* ---------- reading a rendered form (DOM) ---------- */

const TEXT_TYPES = new Set([
  'plain_text_input',
  'email_text_input',
  'url_text_input',
  'number_input',
  'rich_text_input',
]);
const SINGLE_SELECTS = new Set([
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
]);

/**
 * Reads every input control inside `root` (a rendered modal, or anything with `querySelectorAll`) and returns
 * `{ [blockId]: value }`: text → string or null when empty; date 'YYYY-MM-DD', time 'HH:mm', datetime epoch
 * seconds (or null); single selects and radios → the value or null; multi selects and checkboxes → values.
 */
export function collectInputValues(root) {
  const values = {};
  for (const control of Array.from(root.querySelectorAll('[data-input-block-id]'))) {
    const blockId = control.getAttribute('data-input-block-id') ?? '';
    values[blockId] = controlValue(control, control.getAttribute('data-input-type') ?? '');
  }
  return values;
}

function controlValue(control, type) {
  const value = typeof control.value === 'string' ? control.value : '';
  if (TEXT_TYPES.has(type) || type === 'datepicker') return value === '' ? null : value;
  if (type === 'timepicker') return value === '' ? null : value.slice(0, 5);
  if (type === 'datetimepicker') {
    const ms = new Date(value).getTime();
    return value === '' || Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  }
  if (SINGLE_SELECTS.has(type)) return value === '' ? null : value;
  if (type.startsWith('multi_')) {
    return Array.from(control.options ?? [])
      .filter((o) => o.selected && !o.disabled && o.value !== '')
      .map((o) => o.value);
  }
  const checked = Array.from(control.querySelectorAll?.('input') ?? [])
    .filter((i) => i.checked)
    .map((i) => i.value);
  if (type === 'radio_buttons') return checked[0] ?? null;
  if (type === 'checkboxes') return checked;
  return value === '' ? null : value;
}
