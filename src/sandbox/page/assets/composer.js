/**
 * The message boxes (the conversation's and the thread's): Enter sends, Shift+Enter starts a new line, a
 * text starting with '/' is a slash command. Typing '/' shows the app's command and its usage, as Slack's
 * command menu does.
 */
import { api } from './api.js';
import { h } from './dom.js';
import { toastError } from './notices.js';
import { S } from './strings.js';

export function autosize(textarea) {
  textarea.style.height = 'auto';
  textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
}

/**
 * `target()` → `{ persona, channel, command, hint }` now; `threadTs()` → the thread to reply in, or null;
 * `sent(threadTs)` after the server took it; `hint`: the element for the command menu (main composer only).
 */
export function bindComposer(form, input, { target, threadTs, sent, hint }) {
  const updateHint = () => {
    if (!hint) return;
    const { command, hint: usage } = target();
    const text = input.value;
    const show = Boolean(command) && text.startsWith('/') && !text.includes(' ') && command.startsWith(text);
    hint.hidden = !show;
    if (!show) return;
    const pick = () => {
      input.value = `${command} `;
      input.focus();
      updateHint();
    };
    hint.replaceChildren(
      h(
        'button',
        { type: 'button', class: 'hint-item', onclick: pick },
        h('strong', {}, command),
        ' ',
        h('span', { class: 'hint-usage' }, usage ?? ''),
      ),
    );
  };

  const send = async () => {
    const text = input.value;
    const { persona, channel } = target();
    const thread = threadTs();
    if (text.trim() === '' || !channel) return;
    input.value = '';
    autosize(input);
    updateHint();
    const result = await api.command({ persona, channel, text, ...(thread ? { threadTs: thread } : {}) });
    if (!result.ok) {
      // Nothing was sent: the text comes back, unless the person already typed something new.
      if (input.value === '') input.value = text;
      autosize(input);
      toastError(result.error);
      return;
    }
    if (result.data?.kind === 'command' && result.data.status >= 400) {
      toastError(S.commandFailed(text.trim().split(/\s+/)[0], result.data.status));
    }
    sent(thread);
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      send();
    }
  });
  input.addEventListener('input', () => {
    autosize(input);
    updateHint();
  });
}
