/** Messages as Slack lays them out: avatar, name, time, the bot's content, thread summary, hover actions. */
import { renderMessageContent } from './blockkit.js';
import { avatar, fromRenderer, h } from './dom.js';
import { icon } from './icons.js';
import { openMenu } from './menu.js';
import { S } from './strings.js';

/** Who wrote a message, for its header. */
function author(message, env) {
  const user = env.state.users[message.user];
  const isBot = Boolean(message.bot_id) || Boolean(user?.isBot);
  const name = user?.realName || user?.name || message.username || message.user || '?';
  return { id: message.user ?? message.bot_id, name, isBot };
}

function header(who, ts, env) {
  return h(
    'div',
    { class: 'message-header' },
    h('span', { class: 'message-author' }, who.name),
    who.isBot ? h('span', { class: 'app-badge' }, S.app) : null,
    h(
      'time',
      {
        class: 'message-time',
        datetime: new Date(Number(ts) * 1000).toISOString(),
        title: env.clock.full(ts),
      },
      env.clock.time(ts),
    ),
  );
}

function content(message, env) {
  return h('div', { class: 'message-content' }, fromRenderer(renderMessageContent(message, env.ctx)));
}

/**
 * A top-level message or a thread reply. `inThread`: shown in the thread pane (no thread summary, no
 * "Reply in thread").
 */
export function messageArticle(message, conversationId, env, { inThread = false } = {}) {
  const who = author(message, env);
  const article = h(
    'article',
    {
      class: 'message',
      'aria-label': S.messageBy(who.name, env.clock.time(message.ts)),
      dataset: { surface: 'message', channel: conversationId, ts: message.ts },
    },
    avatar(who.id, who.name, { isBot: who.isBot }),
    h(
      'div',
      { class: 'message-body' },
      header(who, message.ts, env),
      content(message, env),
      message.edited ? h('span', { class: 'edited' }, S.edited) : null,
      !inThread && message.reply_count > 0 ? threadSummary(message, conversationId, env) : null,
    ),
    actions(message, conversationId, env, inThread),
  );
  return article;
}

function threadSummary(message, conversationId, env) {
  const replies = message.replies ?? [];
  const people = [...new Set(replies.map((r) => r.user))].slice(0, 5);
  const last = message.latest_reply ?? replies[replies.length - 1]?.ts;
  return h(
    'div',
    { class: 'thread-summary' },
    h(
      'span',
      { class: 'thread-avatars' },
      people.map((id) =>
        avatar(id, env.state.users[id]?.realName ?? id, { size: 20, isBot: env.state.users[id]?.isBot }),
      ),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'replies-link',
        onclick: () => env.nav.openThread(conversationId, message.ts),
      },
      S.replies(message.reply_count),
    ),
    last ? h('span', { class: 'thread-last' }, S.lastReply(env.clock.time(last))) : null,
  );
}

/** The hover toolbar: reply in thread, and ⋮ with the app's message shortcuts (from its manifest). */
function actions(message, conversationId, env, inThread) {
  const more = h(
    'button',
    {
      type: 'button',
      class: 'icon-button',
      'aria-label': S.moreActions,
      title: S.moreActions,
      'aria-haspopup': 'menu',
      'aria-expanded': 'false',
      onclick: () =>
        openMenu(
          more,
          env.state.shortcuts.map((s) => ({
            label: s.name,
            detail: env.state.bot.name,
            onSelect: () => env.nav.runShortcut(s.callbackId, conversationId, message.ts),
          })),
          { label: env.state.shortcuts.length > 0 ? S.messageShortcuts : S.noShortcuts },
        ),
    },
    '⋮',
  );
  return h(
    'div',
    { class: 'message-actions', role: 'group', 'aria-label': S.messageActions },
    inThread
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'icon-button',
            'aria-label': S.replyInThread,
            title: S.replyInThread,
            onclick: () => env.nav.openThread(conversationId, message.ts),
          },
          icon('thread'),
        ),
    more,
  );
}

/** An ephemeral message: only this person sees it, until they dismiss it. */
export function ephemeralArticle(message, env) {
  const bot = env.state.bot;
  const who = { id: bot.id, name: bot.name, isBot: true };
  return h(
    'article',
    {
      class: 'message ephemeral',
      'aria-label': `${S.onlyVisibleToYou}: ${S.messageBy(who.name, env.clock.time(message.ts))}`,
      dataset: { surface: 'ephemeral', channel: message.channel, ts: message.ts },
    },
    avatar(who.id, who.name, { isBot: true }),
    h(
      'div',
      { class: 'message-body' },
      h('div', { class: 'ephemeral-note' }, icon('eye', 14), h('span', {}, S.onlyVisibleToYou)),
      header(who, message.ts, env),
      content(message, env),
      h(
        'button',
        {
          type: 'button',
          class: 'link-button ephemeral-dismiss',
          'aria-label': S.dismissMessage,
          onclick: () => env.nav.dismissEphemeral(message.channel, message.ts),
        },
        S.dismissMessage,
      ),
    ),
  );
}

/** Messages and the person's ephemerals in ts order, with a divider at each new day. */
export function messageList(messages, ephemerals, conversationId, env, options = {}) {
  const items = [
    ...messages.map((m) => ({ ts: m.ts, node: () => messageArticle(m, conversationId, env, options) })),
    ...ephemerals.map((e) => ({ ts: e.ts, node: () => ephemeralArticle(e, env) })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const nodes = [];
  let day = null;
  for (const item of items) {
    const itemDay = env.clock.day(item.ts);
    if (!options.inThread && itemDay !== day) {
      day = itemDay;
      nodes.push(dayDivider(item.ts, env));
    }
    nodes.push(item.node());
  }
  return nodes;
}

function dayDivider(ts, env) {
  const day = env.clock.day(ts);
  const today = env.clock.today();
  const yesterday = env.clock.day(String(Date.now() / 1000 - 86400));
  const label = day === today ? S.today : day === yesterday ? S.yesterday : env.clock.dayLabel(ts);
  return h('div', { class: 'day-divider', role: 'separator', 'aria-label': label }, h('span', {}, label));
}
