/**
 * "Sandbox controls": the bot's development-only endpoints (run due timers, send the digest), so a person
 * can watch reminders and escalations without waiting. Drawn once per controls path, so the minutes the
 * person typed stay.
 */
import { api } from './api.js';
import { h } from './dom.js';
import { toast, toastError } from './notices.js';
import { S } from './strings.js';

const OPEN_KEY = 'sandbox.controls.closed';
let drawnFor;

export function renderControls(root, controlsPath, { refresh }) {
  if (drawnFor === controlsPath) return;
  drawnFor = controlsPath;
  // Five minutes is one level of the demo project's normal-impact ladder: each click moves it up one level.
  const minutes = h('input', { type: 'number', min: '1', step: '1', value: '5', class: 'minutes-input' });
  const run = (label, path, body) => async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    const result = await api.control(`${controlsPath}${path}`, body());
    button.disabled = false;
    if (!result.ok) toastError(S.controlFailed(label, result.error));
    else toast(result.data?.message ?? S.controlDone(label));
    refresh();
  };
  const disabled = !controlsPath;
  const details = h(
    'details',
    { class: 'controls', open: localStorage.getItem(OPEN_KEY) !== '1' },
    h('summary', {}, S.controls),
    h('p', { class: 'controls-help' }, disabled ? S.noControls : S.controlsHelp),
    h(
      'div',
      { class: 'control-row' },
      h(
        'button',
        {
          type: 'button',
          class: 'button',
          disabled,
          onclick: run(S.runTimers, '/timers/run-due', () => ({ withinMinutes: Number(minutes.value) || 0 })),
        },
        S.runTimers,
      ),
      // The input's name reads as the sentence: "within 5 minutes".
      h('label', { class: 'minutes-label' }, `${S.withinLabel} `, minutes, ` ${S.minutes}`),
    ),
    h(
      'div',
      { class: 'control-row' },
      h(
        'button',
        { type: 'button', class: 'button', disabled, onclick: run(S.sendDigest, '/digest/send', () => ({})) },
        S.sendDigest,
      ),
    ),
  );
  details.addEventListener('toggle', () => localStorage.setItem(OPEN_KEY, details.open ? '0' : '1'));
  root.replaceChildren(details);
}
