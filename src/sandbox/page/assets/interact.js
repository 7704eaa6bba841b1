/**
 * Clicks and picks on what the bot rendered (messages, ephemerals, the modal, the App Home), turned into
 * block_actions through the page's server. Listeners are delegated, so re-rendering needs no rebinding.
 */
import { api } from './api.js';
import { collectInputValues } from './blockkit.js';
import { toastError } from './notices.js';
import { S } from './strings.js';

/** Where an element lives, as the server's `where`: a message or ephemeral, a view, or the App Home. */
function whereOf(el) {
  const surface = el.closest('[data-surface]');
  if (!surface) return undefined;
  const { surface: kind, channel, ts, viewId } = surface.dataset;
  if (kind === 'message' || kind === 'ephemeral') return { channel, ts };
  if (kind === 'modal' || kind === 'home') return viewId ? { viewId } : kind;
  return undefined;
}

/** The value a person picked in one interactive element (outside input blocks). */
function pickedValue(el) {
  const kind = el.dataset.kind;
  if (kind === 'overflow-option') return el.dataset.value ?? '';
  if (el instanceof HTMLSelectElement) {
    if (el.multiple) return [...el.selectedOptions].map((o) => o.value).filter(Boolean);
    return el.value === '' ? null : el.value;
  }
  if (kind === 'checkboxes' || kind === 'radio') {
    const checked = checkedIn(el).map((i) => i.value);
    return kind === 'radio' ? (checked[0] ?? null) : checked;
  }
  if (kind === 'datetimepicker') {
    const ms = new Date(el.value).getTime();
    return el.value === '' || Number.isNaN(ms) ? null : Math.floor(ms / 1000);
  }
  if (el instanceof HTMLInputElement) return el.value === '' ? null : el.value;
  return el.dataset.value ?? null;
}

/** Checked boxes of one element: inside its container, or its sibling inputs with the same ids. */
function checkedIn(el) {
  if (!(el instanceof HTMLInputElement)) return [...el.querySelectorAll('input:checked')];
  const scope = el.closest('[data-surface]') ?? document;
  const { kind, actionId, blockId } = el.dataset;
  const selector = `input[data-kind="${kind}"][data-action-id="${CSS.escape(actionId ?? '')}"][data-block-id="${CSS.escape(blockId ?? '')}"]:checked`;
  return [...scope.querySelectorAll(selector)];
}

/** The element carrying the ids: the one itself, or the container of a checkbox/radio input. */
function carrierOf(el) {
  return el.dataset.actionId ? el : (el.parentElement?.closest('[data-action-id]') ?? el);
}

export function bindInteractions(root, getPersona) {
  async function send(el, action, withValue) {
    const persona = getPersona();
    const where = whereOf(el);
    if (!persona || !where) return;
    const body = { persona, actionId: action.actionId, blockId: action.blockId, where };
    if (withValue) body.value = action.value;
    el.setAttribute('aria-busy', 'true');
    const result = await api.action(body);
    el.removeAttribute('aria-busy');
    if (!result.ok) toastError(result.error);
    else if (result.data?.status >= 400) toastError(S.actionFailed(result.data.status));
  }

  root.addEventListener('click', (event) => {
    const el = event.target.closest('[data-kind="button"], [data-kind="overflow-option"]');
    if (!el || !root.contains(el) || el.disabled) return;
    event.preventDefault();
    const { actionId, blockId, url } = el.dataset;
    // A link button opens its URL and still tells the app, as in Slack.
    if (url) window.open(url, '_blank', 'noopener');
    el.closest('details')?.removeAttribute('open');
    if (el.dataset.kind === 'button') send(el, { actionId, blockId }, false);
    else send(el, { actionId, blockId, value: pickedValue(el) }, true);
  });

  root.addEventListener('change', (event) => {
    const target = event.target;
    const dispatching = target.closest('[data-dispatch="true"]');
    if (dispatching && root.contains(dispatching)) {
      const dialog = dispatching.closest('[data-surface]');
      const blockId = dispatching.dataset.inputBlockId;
      const values = dialog ? collectInputValues(dialog) : {};
      send(
        dispatching,
        { actionId: dispatching.dataset.inputActionId, blockId, value: values[blockId] ?? null },
        true,
      );
      return;
    }
    const el = target.closest('[data-kind]');
    if (!el || !root.contains(el) || el.closest('[data-input-block-id]')) return;
    if (
      !['select', 'datepicker', 'timepicker', 'datetimepicker', 'checkboxes', 'radio'].includes(
        el.dataset.kind,
      )
    )
      return;
    const source = carrierOf(el);
    send(
      el,
      { actionId: source.dataset.actionId, blockId: source.dataset.blockId, value: pickedValue(el) },
      true,
    );
  });
}
