/**
 * The sandbox page: one person plays every role of a Slack workspace. State comes from the page's server
 * (`/sandbox/api/state`) and is fetched again whenever the event stream says it changed; what the person
 * does goes back through the server to the driver, which acts as Slack toward the bot.
 */
import { api } from './api.js';
import { autosize, bindComposer } from './composer.js';
import { renderControls } from './controls.js';
import { avatar, clock, h } from './dom.js';
import { icon } from './icons.js';
import { bindInteractions } from './interact.js';
import { closeMenuIfDetached, isMenuOpen } from './menu.js';
import { closeOpenModal, renderModalLayer } from './modal.js';
import { renderViolations, toastError } from './notices.js';
import {
  renderHeader,
  renderHomeTab,
  renderMessages,
  renderThread,
  renderWelcome,
  resetRendered,
  titleOf,
} from './pane.js';
import { renderSidebar } from './sidebar.js';
import { S } from './strings.js';
import { Unread } from './unread.js';

const $ = (id) => document.getElementById(id);

/** Where the person is: the URL says it (`?as=U…&c=C…&thread=…&tab=…`), so a reload shows the same. */
const ui = {
  personaId: null,
  conversationId: null,
  threadTs: null,
  tab: null,
  /** Set while the URL names a conversation this person does not have. */
  missingConversation: null,
  /** After a persona switch: the kind of conversation to land in when the same one is not theirs. */
  preferKind: null,
  welcome: localStorage.getItem('sandbox.welcome.dismissed') !== '1',
  homeRequested: null,
  isUnread: (conversation) => unread.isUnread(ui.personaId, conversation),
};
let state = null;
const unread = new Unread();
const drafts = new Map();

function readUrl() {
  const params = new URLSearchParams(location.search);
  ui.personaId = params.get('as');
  ui.conversationId = params.get('c');
  ui.threadTs = params.get('thread');
  ui.tab = params.get('tab');
}

function hrefFor(target = {}) {
  const next = { ...ui, ...target };
  const params = new URLSearchParams();
  if (next.personaId) params.set('as', next.personaId);
  if (next.conversationId) params.set('c', next.conversationId);
  if (next.threadTs) params.set('thread', next.threadTs);
  if (next.tab && conversationById(next.conversationId)?.kind === 'im') params.set('tab', next.tab);
  return `/sandbox?${params}`;
}

function writeUrl({ push = false } = {}) {
  const href = hrefFor();
  if (href === `${location.pathname}${location.search}`) return;
  history[push ? 'pushState' : 'replaceState'](null, '', href);
}

function conversationById(id) {
  return state?.conversations.find((c) => c.id === id);
}

// ——— loading ———

let loading = null;
let again = false;

/** Fetches the state; calls during a fetch coalesce into one more fetch after it. */
async function refresh() {
  if (loading) {
    again = true;
    return loading;
  }
  loading = (async () => {
    do {
      again = false;
      await load();
    } while (again);
  })();
  try {
    await loading;
  } finally {
    loading = null;
  }
}

async function load() {
  const result = await api.state(ui.personaId);
  if (!result.ok) {
    if (result.status === 404 && Array.isArray(result.data?.personas))
      showPersonaPicker(result.error, result.data.personas);
    else toastError(result.error);
    return;
  }
  const first = state === null;
  state = result.data;
  ui.personaId = state.persona.id;
  unread.start(state);
  settleConversation({ strict: first || ui.missingConversation !== null });
  render();
}

/** Picks the conversation to show; a URL naming one the person does not have shows an error instead. */
function settleConversation({ strict }) {
  const known = conversationById(ui.conversationId);
  ui.missingConversation = null;
  if (!known && ui.conversationId && strict) {
    ui.missingConversation = ui.conversationId;
    return;
  }
  if (!known) {
    // After a persona switch in the app's DM, stay in the app's DM (each person has their own).
    const wanted = ui.preferKind ? state.conversations.find((c) => c.kind === ui.preferKind) : undefined;
    const first = wanted ?? state.conversations.find((c) => c.kind === 'channel') ?? state.conversations[0];
    ui.conversationId = first?.id ?? null;
    ui.threadTs = null;
  }
  const conversation = conversationById(ui.conversationId);
  if (conversation?.kind === 'im' && ui.tab !== 'home' && ui.tab !== 'messages') {
    // Apps open on their Home tab, unless the app wrote since the person last looked.
    ui.tab = unread.isUnread(ui.personaId, conversation) ? 'messages' : 'home';
  }
  if (conversation?.kind !== 'im') ui.tab = null;
  ui.preferKind = null;
  writeUrl();
}

// ——— navigation ———

const nav = {
  hrefFor,
  openConversation(id) {
    saveDrafts();
    ui.conversationId = id;
    ui.threadTs = null;
    ui.tab = null;
    ui.missingConversation = null;
    settleConversation({ strict: false });
    writeUrl({ push: true });
    render();
    restoreDrafts();
    $('composer-input').focus();
  },
  switchPersona(id) {
    if (id === ui.personaId) return;
    saveDrafts();
    // Same place, another person: the channel and thread stay when the new person is in them.
    ui.preferKind = conversationById(ui.conversationId)?.kind ?? null;
    ui.personaId = id;
    ui.homeRequested = null;
    resetRendered();
    writeUrl({ push: true });
    refresh().then(restoreDrafts);
  },
  setTab(tab) {
    ui.tab = tab;
    writeUrl({ push: true });
    render();
  },
  openThread(conversationId, ts) {
    ui.conversationId = conversationId;
    ui.threadTs = ts;
    writeUrl({ push: true });
    render();
    restoreDrafts();
    $('thread-input').focus();
  },
  closeThread() {
    saveDrafts();
    ui.threadTs = null;
    writeUrl({ push: true });
    render();
  },
  showWelcome() {
    ui.welcome = true;
    render();
  },
  async runShortcut(callbackId, channel, ts) {
    const result = await api.shortcut({ persona: ui.personaId, callbackId, channel, ts });
    if (!result.ok) toastError(result.error);
    else if (result.data?.status >= 400) toastError(S.actionFailed(result.data.status));
  },
  async setStatus(status) {
    const result = await api.status(ui.personaId, status);
    if (!result.ok) toastError(result.error);
    refresh();
  },
  /** The language last chosen for a person on this page (the app keeps the real choice). */
  languageOf(personaId) {
    return localStorage.getItem(`sandbox.language.${personaId}`);
  },
  /** Sends the app's `/<command> language <id>` as the person, in the conversation they are in. */
  async setLanguage(language) {
    const channel = ui.conversationId ?? state?.conversations[0]?.id;
    const result = await api.command({
      persona: ui.personaId,
      channel,
      text: `${state?.command} language ${language}`,
    });
    if (!result.ok) toastError(result.error);
    else if (result.data?.status >= 400) toastError(S.commandFailed(state?.command, result.data.status));
    else localStorage.setItem(`sandbox.language.${ui.personaId}`, language);
    refresh();
  },
  async dismissEphemeral(channel, ts) {
    const result = await api.dismiss({ persona: ui.personaId, channel, ts });
    if (!result.ok) toastError(result.error);
    refresh();
  },
};

window.addEventListener('popstate', () => {
  const before = ui.personaId;
  readUrl();
  if (ui.personaId !== before) resetRendered();
  if (ui.personaId !== before || !conversationById(ui.conversationId)) refresh();
  else {
    settleConversation({ strict: true });
    render();
  }
});

// ——— drafts: what the person typed stays with its conversation ———

function draftKey(threadTs) {
  return `${ui.personaId}|${ui.conversationId}|${threadTs ?? ''}`;
}

function saveDrafts() {
  drafts.set(draftKey(null), $('composer-input').value);
  if (ui.threadTs) drafts.set(draftKey(ui.threadTs), $('thread-input').value);
}

function restoreDrafts() {
  $('composer-input').value = drafts.get(draftKey(null)) ?? '';
  $('thread-input').value = ui.threadTs ? (drafts.get(draftKey(ui.threadTs)) ?? '') : '';
  autosize($('composer-input'));
  autosize($('thread-input'));
}

// ——— rendering ———

function render() {
  if (!state) return;
  $('loading').hidden = true;
  $('app').removeAttribute('aria-busy');
  $('persona-picker').hidden = true;
  $('app').hidden = false;
  document.title = S.pageTitle(state.team.name);
  const env = { state, ui, nav, ctx: rendererContext(state), clock: clock(state.persona.tz) };
  const conversation = ui.missingConversation ? undefined : conversationById(ui.conversationId);

  renderSidebar($('sidebar-main'), env);
  renderControls($('controls'), state.controlsPath, { refresh });
  renderViolations(state.violations);
  renderWelcome($('welcome'), state.story, {
    visible: ui.welcome,
    onDismiss: () => {
      ui.welcome = false;
      localStorage.setItem('sandbox.welcome.dismissed', '1');
      render();
    },
  });

  const error = $('page-error');
  error.hidden = !ui.missingConversation && conversation !== undefined;
  error.textContent = ui.missingConversation
    ? S.unknownConversation(ui.missingConversation, state.persona.realName)
    : conversation
      ? ''
      : S.noConversations(state.persona.realName);

  renderHeader($('conversation-header'), env, conversation);
  const onHome = conversation?.kind === 'im' && ui.tab === 'home';
  $('messages').hidden = !conversation || onHome;
  $('home').hidden = !onHome;
  $('composer').hidden = !conversation || onHome;
  if (conversation && !onHome) {
    renderMessages($('messages'), env, conversation);
    unread.markSeen(ui.personaId, conversation);
    labelComposer($('composer-input'), S.messageTo(titleOf(conversation)));
  }
  announceTab(conversation);
  if (onHome) renderHomeTab($('home'), env, { requested: ui.homeRequested === homeKey('home') });

  const threadOpen = Boolean(conversation && ui.threadTs);
  $('thread').hidden = !threadOpen;
  $('app').classList.toggle('with-thread', threadOpen);
  if (threadOpen) renderThread($('thread'), env, conversation);

  renderModalLayer($('modal-root'), state, env.ctx, { persona: state.persona.id, refresh });
  closeMenuIfDetached();
}

/** The Block Kit renderer's lookups. */
function rendererContext(s) {
  return { users: s.users, channels: s.channels, files: s.files };
}

function labelComposer(input, label) {
  input.setAttribute('aria-label', label);
  input.placeholder = label;
}

function homeKey(tab) {
  return `${ui.personaId}|${ui.conversationId}|${tab}`;
}

/** Opening the app's Home or Messages tab tells the app (app_home_opened), once per visit. */
function announceTab(conversation) {
  if (conversation?.kind !== 'im') {
    ui.homeRequested = null;
    return;
  }
  const key = homeKey(ui.tab);
  if (ui.homeRequested === key) return;
  ui.homeRequested = key;
  api.home(ui.personaId, ui.tab).then((result) => {
    if (!result.ok) toastError(result.error);
  });
}

/** The URL named nobody in this workspace: say so, and offer the people there are. */
function showPersonaPicker(message, personas) {
  $('app').hidden = true;
  $('loading').hidden = true;
  const picker = $('persona-picker');
  picker.hidden = false;
  picker.replaceChildren(
    h('h1', {}, S.unknownPerson),
    h('p', { role: 'alert' }, message),
    h(
      'ul',
      { class: 'picker-list' },
      personas.map((p) =>
        h(
          'li',
          {},
          h(
            'a',
            { href: `/sandbox?as=${encodeURIComponent(p.id)}`, class: 'picker-item' },
            avatar(p.id, p.realName, { size: 36, initials: p.initials }),
            h(
              'span',
              { class: 'persona-text' },
              h('span', { class: 'persona-name' }, p.realName),
              h('span', { class: 'persona-title' }, p.title),
            ),
          ),
        ),
      ),
    ),
  );
}

// ——— live updates ———

function connect() {
  const events = new EventSource(api.eventsUrl);
  events.addEventListener('change', (event) => {
    $('connection').hidden = true;
    let version = null;
    try {
      version = JSON.parse(event.data).version;
    } catch {
      // A malformed event still means "something changed".
    }
    if (!state || version !== state.version) refresh();
  });
  events.addEventListener('error', () => {
    $('connection').hidden = false;
  });
}

// ——— start ———

function start() {
  $('connection').textContent = S.reconnecting;
  $('loading').textContent = S.loading;
  $('thread-header').replaceChildren(
    h('h2', { id: 'thread-title', class: 'thread-title' }, S.thread),
    h('span', { id: 'thread-channel', class: 'thread-channel' }),
    h(
      'button',
      {
        type: 'button',
        class: 'icon-button thread-close',
        'aria-label': S.closeThread,
        onclick: () => nav.closeThread(),
      },
      h('span', { 'aria-hidden': 'true' }, '×'),
    ),
  );
  for (const button of document.querySelectorAll('.send-button')) {
    button.setAttribute('aria-label', S.send);
    button.replaceChildren(icon('send'));
  }
  $('composer-input').title = S.sendHint;
  labelComposer($('thread-input'), S.replyPlaceholder);
  const target = () => ({
    persona: ui.personaId,
    channel: ui.conversationId,
    command: state?.command,
    hint: state?.commandHint,
  });
  const sent = (threadTs) => {
    drafts.delete(draftKey(threadTs));
    refresh();
  };
  bindComposer($('composer'), $('composer-input'), {
    target,
    threadTs: () => null,
    sent,
    hint: $('composer-hint'),
  });
  bindComposer($('thread-composer'), $('thread-input'), { target, threadTs: () => ui.threadTs, sent });
  bindInteractions(document.body, () => ui.personaId);
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || isMenuOpen()) return;
    if (state?.modal) closeOpenModal(ui.personaId);
    else if (ui.threadTs) nav.closeThread();
  });
  readUrl();
  refresh().then(restoreDrafts);
  connect();
}

start();
