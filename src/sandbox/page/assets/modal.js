/**
 * The modal overlay: the top of the person's modal stack, rendered by the Block Kit renderer. What the
 * person typed survives re-renders: an unrelated change leaves the modal alone, and a new version of the
 * same view (views.update, or errors from the bot) gets the typed values back where block and action match,
 * as Slack keeps input state.
 */
import { api } from './api.js';
import { collectInputValues, renderModal } from './blockkit.js';
import { fromRenderer, h } from './dom.js';
import { toastError } from './notices.js';
import { S } from './strings.js';

let shown = null; // { key, viewId }
const dirty = new Set(); // input holders the person touched in the shown view: "block|action"

export function renderModalLayer(root, state, ctx, { persona, refresh }) {
  const modal = state?.modal;
  if (!modal) {
    shown = null;
    dirty.clear();
    root.replaceChildren();
    return;
  }
  const view = modal.view;
  const key = JSON.stringify([view.id, view.hash, modal.errors, modal.depth]);
  if (shown?.key === key) return;
  const sameView = shown?.viewId === view.id;
  const saved = sameView ? snapshot(root) : null;
  if (!sameView) dirty.clear();

  const title = view.title?.text ?? '';
  const dialog = h('div', {
    class: 'modal',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-label': title,
    dataset: { surface: 'modal', viewId: view.id },
  });
  dialog.append(
    fromRenderer(renderModal(view, ctx, { errors: modal.errors ?? undefined, canGoBack: modal.depth > 1 })),
  );
  const backdrop = h('div', { class: 'modal-backdrop' }, dialog);
  bind(dialog, view, persona, refresh);
  root.replaceChildren(backdrop);
  if (saved) restore(dialog, saved);
  else focusFirst(dialog);
  // The bot's field errors are what the person must see next: bring the first one into view.
  const firstError = modal.errors ? dialog.querySelector('.bk-error') : null;
  if (firstError) firstError.scrollIntoView({ block: 'center' });
  else if (saved) dialog.querySelector('.bk-modal-body')?.scrollTo({ top: saved.scrollTop });
  shown = { key, viewId: view.id };
}

/** Escape closes the modal, as in Slack. */
export function closeOpenModal(persona) {
  if (shown) close(persona);
}

async function close(persona) {
  const result = await api.close(persona);
  if (!result.ok) toastError(result.error);
}

function bind(dialog, view, persona, refresh) {
  let busy = false;
  async function submit() {
    if (busy) return;
    busy = true;
    const button = dialog.querySelector('[data-kind="modal-submit"]');
    button?.setAttribute('aria-busy', 'true');
    if (button) button.disabled = true;
    const values = collectInputValues(dialog);
    const result = await api.submit({ persona, viewId: view.id, values });
    busy = false;
    if (button?.isConnected) {
      button.disabled = false;
      button.removeAttribute('aria-busy');
    }
    if (!result.ok) toastError(result.error);
    else if (result.data?.outcome === 'failed') toastError(S.submitFailed);
    refresh();
  }
  dialog.addEventListener('click', (event) => {
    // Back leaves the pushed view as closing it does: the one below shows again.
    const el = event.target.closest(
      '[data-kind="modal-close"], [data-kind="modal-back"], [data-kind="modal-submit"]',
    );
    if (!el) return;
    event.preventDefault();
    if (el.dataset.kind === 'modal-submit') submit();
    else close(persona);
  });
  dialog.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });
  const touch = (event) => {
    const holder = event.target.closest?.('[data-input-block-id]');
    if (holder) dirty.add(holderKey(holder));
  };
  dialog.addEventListener('input', touch);
  dialog.addEventListener('change', touch);
}

function holderKey(holder) {
  return `${holder.dataset.inputBlockId}|${holder.dataset.inputActionId ?? ''}`;
}

/** The controls of every touched input, by holder and position, with what the person entered. */
function snapshot(root) {
  const saved = new Map();
  const counters = new Map();
  const focused = document.activeElement;
  let focusKey = null;
  for (const el of root.querySelectorAll('input, select, textarea')) {
    const holder = el.closest('[data-input-block-id]');
    if (!holder || !dirty.has(holderKey(holder))) continue;
    const key = controlKey(holder, el, counters);
    if (el === focused) focusKey = key;
    if (el instanceof HTMLSelectElement)
      saved.set(
        key,
        [...el.selectedOptions].map((o) => o.value),
      );
    else if (el.type === 'checkbox' || el.type === 'radio') saved.set(key, el.checked);
    else saved.set(key, el.value);
  }
  return { saved, focusKey, scrollTop: root.querySelector('.bk-modal-body')?.scrollTop ?? 0 };
}

function restore(root, { saved, focusKey }) {
  const counters = new Map();
  for (const el of root.querySelectorAll('input, select, textarea')) {
    const holder = el.closest('[data-input-block-id]');
    if (!holder) continue;
    const key = controlKey(holder, el, counters);
    if (!saved.has(key)) continue;
    const value = saved.get(key);
    if (el instanceof HTMLSelectElement) for (const o of el.options) o.selected = value.includes(o.value);
    else if (el.type === 'checkbox' || el.type === 'radio') el.checked = value;
    else el.value = value;
    dirty.add(holderKey(holder));
    if (key === focusKey) el.focus();
  }
}

function controlKey(holder, el, counters) {
  const base = `${holderKey(holder)}|${el.tagName}|${el.type}`;
  if (el.type === 'checkbox' || el.type === 'radio') return `${base}|${el.value}`;
  const n = counters.get(base) ?? 0;
  counters.set(base, n + 1);
  return `${base}|${n}`;
}

function focusFirst(dialog) {
  const first = dialog.querySelector(
    '[data-input-block-id] input, [data-input-block-id] textarea, [data-input-block-id] select, input[data-input-block-id], textarea[data-input-block-id]',
  );
  (first ?? dialog.querySelector('[data-kind="modal-close"]'))?.focus();
}
