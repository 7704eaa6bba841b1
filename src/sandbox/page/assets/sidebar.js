/** The left sidebar: workspace, the person being played (and the switcher), channels and direct messages. */
import { avatar, h } from './dom.js';
import { emojiFor } from './emoji.js';
import { icon } from './icons.js';
import { openMenu } from './menu.js';
import { S } from './strings.js';

let drawnHead = null;
let drawnList = null;

/**
 * Two parts, each redrawn only when what it shows changed: the head (workspace, the person and the switcher)
 * and the conversation list (which changes with every unread message). An open persona menu hangs on the
 * head's button, so messages arriving while a person picks someone never close it.
 */
export function renderSidebar(root, env) {
  const { state, nav, ui } = env;
  if (root.childElementCount !== 2) {
    root.replaceChildren(h('div', { class: 'sidebar-head' }), h('div', { class: 'sidebar-list' }));
    drawnHead = drawnList = null;
  }
  const [head, list] = root.children;
  const language = nav.languageOf(state.persona.id);
  const headSignature = JSON.stringify([
    state.team,
    state.persona,
    state.personas,
    state.story.length,
    language,
  ]);
  if (drawnHead !== headSignature) {
    drawnHead = headSignature;
    head.replaceChildren(...headOf(state, nav));
  }
  const listSignature = JSON.stringify([
    ui.conversationId,
    state.conversations.map((c) => [c.id, c.name, c.kind, c.archived, c.isPrivate, ui.isUnread(c)]),
  ]);
  if (drawnList !== listSignature) {
    drawnList = listSignature;
    const channels = state.conversations.filter((c) => c.kind === 'channel');
    const direct = state.conversations.filter((c) => c.kind !== 'channel');
    list.replaceChildren(
      h(
        'nav',
        { class: 'conversation-list', 'aria-label': S.conversations },
        section(S.channels, channels, env),
        section(S.directMessages, direct, env),
      ),
    );
  }
}

function headOf(state, nav) {
  const persona = state.persona;
  const switcher = h(
    'button',
    {
      type: 'button',
      class: 'persona-button',
      'aria-label': S.switchPerson(persona.realName, persona.title),
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      onclick: () =>
        openMenu(
          switcher,
          state.personas.map((p) => ({
            label: p.realName,
            detail: p.title,
            icon: avatar(p.id, p.realName, { size: 28, initials: p.initials }),
            current: p.id === persona.id,
            onSelect: () => nav.switchPersona(p.id),
          })),
          { label: S.personMenu, className: 'persona-menu' },
        ),
    },
    avatar(persona.id, persona.realName, { size: 36, initials: persona.initials }),
    h(
      'span',
      { class: 'persona-text' },
      h('span', { class: 'persona-name' }, persona.realName),
      h('span', { class: 'persona-title' }, persona.title),
    ),
    h('span', { class: 'persona-caret', 'aria-hidden': 'true' }, '▾'),
  );
  return [
    h(
      'div',
      { class: 'workspace' },
      h('span', { class: 'workspace-name' }, state.team.name),
      state.story.length > 0
        ? h(
            'button',
            { type: 'button', class: 'link-button about-link', onclick: () => nav.showWelcome() },
            S.aboutSandbox,
          )
        : null,
    ),
    h('div', { class: 'persona' }, switcher),
    statusButton(persona, nav),
    languageButton(persona, nav),
  ];
}

/** A small button under the persona that opens a menu of `items()` (status, language). */
function menuButton({ className, ariaLabel, text, menuLabel, menuClass, items }) {
  const button = h(
    'button',
    {
      type: 'button',
      class: className,
      'aria-label': ariaLabel,
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      onclick: () => openMenu(button, items(), { label: menuLabel, className: menuClass }),
    },
    text,
  );
  return h('div', { class: 'persona-status' }, button);
}

/**
 * The app's language for this person, as a person would set it: the switch sends the app's own command
 * (`/decide language id`), so the app's stored choice is the truth; the page only remembers what it last sent.
 */
function languageButton(persona, nav) {
  const current = S.languageChoices.find((c) => c.id === nav.languageOf(persona.id));
  return menuButton({
    className: 'status-button language-button',
    ariaLabel: S.languageButton(current?.label),
    text: S.languageLabel(current?.label),
    menuLabel: S.languageMenu,
    menuClass: 'language-menu',
    items: () =>
      S.languageChoices.map((choice) => ({
        label: choice.label,
        current: current?.id === choice.id,
        onSelect: () => nav.setLanguage(choice.id),
      })),
  });
}

/** The person's Slack status, as in Slack's profile menu: pick one of a few presets, or clear it. */
function statusButton(persona, nav) {
  const current = persona.status;
  const glyph = (code) => emojiFor(code.replace(/^:|:$/g, '')) ?? code;
  return menuButton({
    className: 'status-button',
    ariaLabel: S.statusButton(current?.text),
    text: current ? `${glyph(current.emoji)} ${current.text}` : S.noStatus,
    menuLabel: S.statusMenu,
    menuClass: 'status-menu',
    items: () => [
      ...S.statusChoices.map((choice) => ({
        label: `${emojiFor(choice.emoji) ?? ''} ${choice.label}`.trim(),
        current: current?.text === choice.label,
        onSelect: () => nav.setStatus(choice.id),
      })),
      ...(current ? [{ label: S.clearStatus, onSelect: () => nav.setStatus('clear') }] : []),
    ],
  });
}

function section(title, conversations, env) {
  if (conversations.length === 0) return null;
  return h(
    'section',
    { class: 'sidebar-section' },
    h('h2', { class: 'sidebar-heading' }, title),
    h(
      'ul',
      {},
      conversations.map((c) => h('li', {}, link(c, env))),
    ),
  );
}

function link(conversation, env) {
  const { ui, nav, state } = env;
  const active = conversation.id === ui.conversationId;
  const unread = !active && ui.isUnread(conversation);
  const isApp = conversation.kind === 'im';
  const leading = isApp
    ? avatar(state.bot.id, state.bot.name, { size: 18, isBot: true })
    : conversation.isPrivate
      ? icon('lock', 13)
      : null;
  // The channel's name with its '#' is the link's accessible name, as a person reads it.
  const label =
    conversation.kind === 'channel' && !conversation.isPrivate ? `# ${conversation.name}` : conversation.name;
  return h(
    'a',
    {
      href: nav.hrefFor({ conversationId: conversation.id, tab: isApp ? 'home' : undefined }),
      class: `sidebar-item${active ? ' active' : ''}${unread ? ' unread' : ''}${conversation.archived ? ' archived' : ''}`,
      'aria-current': active ? 'page' : null,
      onclick: (event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        nav.openConversation(conversation.id);
      },
    },
    leading,
    h('span', { class: 'sidebar-item-name' }, label),
    isApp ? h('span', { class: 'app-badge', 'aria-hidden': 'true' }, S.app) : null,
    conversation.archived ? h('span', { class: 'archived-note' }, S.archived) : null,
  );
}
