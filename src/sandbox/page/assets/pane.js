/** The main pane (conversation header, messages or App Home, composer label) and the thread pane. */
import { renderHome } from './blockkit.js';
import { avatar, fromRenderer, h } from './dom.js';
import { icon } from './icons.js';
import { ephemeralArticle, messageArticle, messageList } from './messages.js';
import { S } from './strings.js';

const rendered = { messages: null, home: null, thread: null };

/** Display name of a conversation, as its header and composer say it. */
export function titleOf(conversation) {
  if (conversation.kind === 'channel')
    return conversation.isPrivate ? conversation.name : `#${conversation.name}`;
  return conversation.name;
}

export function renderHeader(root, env, conversation) {
  const { state, ui, nav } = env;
  if (!conversation) {
    root.replaceChildren();
    return;
  }
  if (conversation.kind !== 'im') {
    const title = h(
      'h1',
      { class: 'conversation-title' },
      conversation.isPrivate ? icon('lock', 15) : null,
      conversation.kind === 'channel' && !conversation.isPrivate
        ? `# ${conversation.name}`
        : conversation.name,
    );
    root.replaceChildren(
      title,
      ...(conversation.archived ? [h('span', { class: 'archived-note' }, S.archived)] : []),
    );
    return;
  }
  const tab = (name, label) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: `tab${ui.tab === name ? ' tab-active' : ''}`,
        'aria-selected': ui.tab === name ? 'true' : 'false',
        onclick: () => nav.setTab(name),
      },
      label,
    );
  root.replaceChildren(
    h(
      'div',
      { class: 'app-title' },
      avatar(state.bot.id, state.bot.name, { size: 28, isBot: true }),
      h('h1', { class: 'conversation-title' }, state.bot.name),
      h('span', { class: 'app-badge' }, S.app),
    ),
    h(
      'div',
      { class: 'tabs', role: 'tablist', 'aria-label': S.appTabs(state.bot.name) },
      tab('home', S.homeTab),
      tab('messages', S.messagesTab),
    ),
  );
}

/**
 * The conversation's messages, rebuilt only when they changed, keeping the reader's scroll position (or
 * following new messages when they were at the bottom).
 */
export function renderMessages(root, env, conversation) {
  const { state } = env;
  const ephemerals = state.ephemerals.filter((e) => e.channel === conversation.id && !e.thread_ts);
  const signature = JSON.stringify([state.persona.id, conversation, ephemerals, state.files]);
  root.setAttribute('aria-label', S.messagesIn(titleOf(conversation)));
  if (rendered.messages?.signature === signature && rendered.messages.id === conversation.id) return;
  const sameConversation = rendered.messages?.id === conversation.id;
  const atBottom = root.scrollHeight - root.scrollTop - root.clientHeight < 48;
  const scrollTop = root.scrollTop;
  const intro =
    conversation.kind === 'im' ? S.noMessagesApp(state.bot.name) : S.noMessages(titleOf(conversation));
  root.replaceChildren(
    h('div', { class: 'conversation-intro' }, intro),
    ...messageList(conversation.messages, ephemerals, conversation.id, env),
  );
  root.scrollTop = !sameConversation || atBottom ? root.scrollHeight : scrollTop;
  rendered.messages = { signature, id: conversation.id };
}

export function renderHomeTab(root, env, { requested }) {
  const { state } = env;
  const view = state.home;
  const signature = JSON.stringify([state.persona.id, view, state.files, requested]);
  if (rendered.home === signature) return;
  rendered.home = signature;
  if (!view) {
    root.removeAttribute('data-view-id');
    root.replaceChildren(
      h(
        'p',
        { class: 'home-empty' },
        requested ? S.homeLoading(state.bot.name) : S.homeEmpty(state.bot.name),
      ),
    );
    return;
  }
  root.dataset.viewId = view.id;
  root.replaceChildren(fromRenderer(renderHome(view, env.ctx)));
}

export function renderThread(root, env, conversation) {
  const { state, ui } = env;
  const body = root.querySelector('#thread-messages');
  const parent = conversation?.messages.find((m) => m.ts === ui.threadTs);
  const ephemerals = state.ephemerals.filter(
    (e) => e.channel === conversation?.id && e.thread_ts === ui.threadTs,
  );
  const signature = JSON.stringify([state.persona.id, ui.threadTs, parent, ephemerals, state.files]);
  root.querySelector('#thread-channel').textContent = conversation ? titleOf(conversation) : '';
  if (rendered.thread === signature) return;
  const atBottom = body.scrollHeight - body.scrollTop - body.clientHeight < 48;
  const scrollTop = body.scrollTop;
  const sameThread = rendered.thread !== null && JSON.parse(rendered.thread)[1] === ui.threadTs;
  rendered.thread = signature;
  if (!parent) {
    body.replaceChildren(h('p', { class: 'thread-gone', role: 'alert' }, S.threadGone));
    root.querySelector('#thread-composer').hidden = true;
    return;
  }
  root.querySelector('#thread-composer').hidden = false;
  const replies = parent.replies ?? [];
  body.replaceChildren(
    messageArticle(parent, conversation.id, env, { inThread: true }),
    replies.length > 0
      ? h('div', { class: 'thread-count', role: 'separator' }, h('span', {}, S.replies(replies.length)))
      : null,
    ...messageList(replies, [], conversation.id, env, { inThread: true }),
    ...ephemerals.map((e) => ephemeralArticle(e, env)),
  );
  body.scrollTop = !sameThread || atBottom ? body.scrollHeight : scrollTop;
}

/** Forget what was rendered (after a persona switch), so everything is drawn fresh. */
export function resetRendered() {
  rendered.messages = null;
  rendered.home = null;
  rendered.thread = null;
}

export function renderWelcome(root, story, { visible, onDismiss }) {
  if (!visible || story.length === 0) {
    root.hidden = true;
    root.replaceChildren();
    return;
  }
  root.hidden = false;
  if (root.childElementCount > 0) return;
  root.setAttribute('aria-label', S.welcomeLabel);
  root.append(
    h('h2', { class: 'welcome-title' }, S.welcomeTitle),
    ...story.map((paragraph) => h('p', {}, paragraph)),
    h('button', { type: 'button', class: 'button button-primary', onclick: onDismiss }, S.welcomeDismiss),
  );
}
