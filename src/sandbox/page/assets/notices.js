/** Toasts for what happened (and what failed), and the red banner for Slack contract violations. */
import { h } from './dom.js';
import { S } from './strings.js';

const MAX_TOASTS = 4;

export function toast(message, { error = false } = {}) {
  const region = document.getElementById(error ? 'alerts' : 'toasts');
  const item = h(
    'div',
    { class: `toast${error ? ' toast-error' : ''}` },
    h('span', { class: 'toast-text' }, message),
    h(
      'button',
      { class: 'toast-close', type: 'button', 'aria-label': S.closeToast, onclick: () => item.remove() },
      '×',
    ),
  );
  region.append(item);
  while (region.children.length > MAX_TOASTS) region.firstElementChild.remove();
  setTimeout(() => item.remove(), error ? 15000 : 6000);
}

export function toastError(message) {
  toast(message, { error: true });
}

const SEEN_KEY = 'sandbox.violations.dismissed';

/**
 * Shows the newest violations not yet dismissed. The banner stays until the person dismisses it: a
 * violation is a bug in the bot and must not go unnoticed.
 */
export function renderViolations(violations) {
  const area = document.getElementById('violations');
  let dismissed = Number(sessionStorage.getItem(SEEN_KEY) ?? 0);
  // The fake's log was cleared (e.g. a restart): start counting again.
  if (dismissed > violations.length) dismissed = 0;
  const fresh = violations.slice(dismissed);
  if (fresh.length === 0) {
    area.replaceChildren();
    return;
  }
  const latest = fresh[fresh.length - 1];
  const text = S.violation(latest.method, latest.error, latest.details?.[0] ?? '');
  const banner = h(
    'div',
    { class: 'violation-banner', role: 'alert', 'aria-label': S.violationsLabel },
    h('span', { class: 'violation-icon', 'aria-hidden': 'true' }, '⚠'),
    h(
      'span',
      { class: 'violation-text' },
      text,
      fresh.length > 1 ? ` ${S.moreViolations(fresh.length - 1)}` : '',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'violation-dismiss',
        onclick: () => {
          sessionStorage.setItem(SEEN_KEY, String(violations.length));
          area.replaceChildren();
        },
      },
      S.dismiss,
    ),
  );
  area.replaceChildren(banner);
}
