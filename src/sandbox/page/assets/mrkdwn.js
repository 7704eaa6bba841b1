import { replaceEmoji } from './emoji.js';

/**
 * Slack mrkdwn → HTML, for the sandbox page. Slack sends `&`, `<` and `>` of user text as `&amp;`, `&lt;` and
 * `&gt;`, so a raw `<…>` is always one of its controls (link, mention); everything else is text that is
 * decoded once and then escaped for HTML, so nothing a message says can become markup.
 *
 * How: code, controls and bare URLs are rendered first and parked behind placeholders (so no formatting or
 * emoji applies inside them), then lines are grouped into quotes, then `*bold*` `_italic_` `~strike~` are
 * applied, then the placeholders are put back.
 */

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text) {
  return String(text ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const SLACK_ENTITIES = { amp: '&', lt: '<', gt: '>' };

/** Undoes Slack's three escapes in one pass, so `&amp;lt;` stays the visible text `&lt;`. */
export function decodeSlackEntities(text) {
  return String(text ?? '').replace(/&(amp|lt|gt);/g, (_, name) => SLACK_ENTITIES[name] ?? '');
}

/** Slack-escaped text as HTML text: decoded once, escaped once. */
function textHtml(text) {
  return escapeHtml(decodeSlackEntities(text));
}

function lookup(table, id) {
  return table !== null && typeof table === 'object' && Object.hasOwn(table, id) ? table[id] : undefined;
}

/** How a user is shown: real name, else name, else the ID. */
export function userName(id, ctx) {
  const user = lookup(ctx?.users, id);
  return user?.realName || user?.name || id;
}

export function channelName(id, ctx) {
  return lookup(ctx?.channels, id)?.name || id;
}

/** A mention chip; `label` is plain text (e.g. `@Ana`). */
export function mentionHtml(label, extraClass = '') {
  return `<span class="bk-mention${extraClass ? ` ${extraClass}` : ''}">${escapeHtml(label)}</span>`;
}

// Browsers drop tabs and newlines inside URLs and leading controls and spaces, so `java\nscript:` must be
// normalised the same way before its scheme is checked.
function normaliseUrl(url) {
  const clean = String(url ?? '').replace(/[\t\n\r]/g, '');
  let start = 0;
  while (start < clean.length && clean.charCodeAt(start) <= 0x20) start++;
  return clean.slice(start);
}

/** The URL if it may be a link target (web, mail, phone, or this site), else undefined. */
export function safeLinkUrl(url) {
  const clean = normaliseUrl(url);
  return /^(?:https?:\/\/|mailto:|tel:|\/(?!\/))/i.test(clean) ? clean : undefined;
}

/** The URL if it may be an image source (web, this site, or an inline raster image), else undefined. */
export function safeImageUrl(url) {
  const clean = normaliseUrl(url);
  return /^(?:https?:\/\/|\/(?!\/)|data:image\/(?:png|gif|jpeg|webp);)/i.test(clean) ? clean : undefined;
}

/** A link opening in a new tab; `labelHtml` is already HTML. An unsafe URL gives the label alone. */
export function linkHtml(url, labelHtml) {
  const href = safeLinkUrl(url);
  if (href === undefined) return labelHtml;
  return `<a class="bk-link" href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${labelHtml}</a>`;
}

const PLACEHOLDER = /\uE000(\d+)\uE001/g;
const CONTROL = /<([^<>\n]*)>/g;
// Bare URLs end before trailing punctuation and formatting markers, as Slack's auto-linking does.
const BARE_URL = /\bhttps?:\/\/[^\s<>\uE000\uE001]*[^\s<>\uE000\uE001.,;:!?)\]'"*_~]/g;
// A marker opens after a non-word character and before a non-space, and closes the other way round.
const WORD = '[\\p{L}\\p{N}]';
const STYLES = [
  { tag: 'b', pattern: new RegExp(`(?<!${WORD})\\*(?!\\s)([^*\\n]*?[^\\s*]|[^\\s*])\\*(?!${WORD})`, 'gu') },
  { tag: 'i', pattern: new RegExp(`(?<!${WORD})_(?!\\s)([^_\\n]*?[^\\s_]|[^\\s_])_(?!${WORD})`, 'gu') },
  { tag: 's', pattern: new RegExp(`(?<!${WORD})~(?!\\s)([^~\\n]*?[^\\s~]|[^\\s~])~(?!${WORD})`, 'gu') },
];

/** Slack mrkdwn as HTML; `ctx.users` / `ctx.channels` name the mentions. */
export function renderMrkdwn(text, ctx) {
  const slots = [];
  const hold = (html, block = false) => {
    slots.push({ html, block });
    return `\uE000${slots.length - 1}\uE001`;
  };
  // Placeholder characters in the input could forge a placeholder: drop them.
  let source = String(text ?? '').replace(/[\uE000\uE001]/g, '');
  source = source.replace(/```\n?([\s\S]*?)\n?```/g, (_, code) =>
    hold(`<pre class="bk-pre">${codeHtml(code, ctx)}</pre>`, true),
  );
  source = source.replace(/`([^`\n]+)`/g, (_, code) =>
    hold(`<code class="bk-code">${codeHtml(code, ctx)}</code>`),
  );
  source = source.replace(CONTROL, (_, inner) => hold(controlHtml(inner, ctx)));
  source = source.replace(BARE_URL, (url) => hold(linkHtml(decodeSlackEntities(url), textHtml(url))));

  const isBlock = (line) => {
    const only = /^\uE000(\d+)\uE001$/.exec(line);
    return only !== null && slots[Number(only[1])]?.block === true;
  };
  const inline = (line) => (isBlock(line) ? line : formatted(replaceEmoji(textHtml(line)), hold));
  const rendered = (line) => ({ html: inline(line), block: isBlock(line) });
  const html = joinLines(
    groupQuotes(source.split('\n')).map((part) =>
      typeof part === 'string'
        ? rendered(part)
        : {
            html: `<blockquote class="bk-quote">${joinLines(part.quote.map(rendered))}</blockquote>`,
            block: true,
          },
    ),
  );
  const restore = (s) => s.replace(PLACEHOLDER, (_, i) => restore(slots[Number(i)]?.html ?? ''));
  return restore(html);
}

/** Lines, with runs of `>` lines (or everything after `>>>`) gathered as `{ quote: lines }`. */
function groupQuotes(lines) {
  const parts = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const rest = /^(?:>>>|&gt;&gt;&gt;) ?/.exec(line);
    const one = /^(?:>|&gt;) ?/.exec(line);
    const quoted = rest
      ? [line.slice(rest[0].length), ...lines.slice(i + 1)]
      : one
        ? [line.slice(one[0].length)]
        : [];
    if (rest === null && one === null) parts.push(line);
    else if (typeof parts.at(-1) === 'object') parts.at(-1).quote.push(...quoted);
    else parts.push({ quote: quoted });
    if (rest) break;
  }
  return parts;
}

/** Joins rendered lines with `<br>`, except next to block elements (pre, quote), which break by themselves. */
function joinLines(lines) {
  return lines.map((l, i) => (i > 0 && !l.block && !lines[i - 1]?.block ? `<br>${l.html}` : l.html)).join('');
}

/**
 * Applies the style markers. A styled run is parked as a placeholder at once, so the next marker sees it as one
 * word and tags always nest (`_a *b_ c*` cannot produce crossed tags).
 */
function formatted(html, hold) {
  let out = html;
  for (const { tag, pattern } of STYLES) {
    out = out.replace(pattern, (_, inner) => hold(`<${tag}>${formatted(inner, hold)}</${tag}>`));
  }
  return out;
}

/** Code keeps its text verbatim (no styles, no emoji) but still shows links and mentions. */
function codeHtml(code, ctx) {
  let html = '';
  let from = 0;
  for (const match of code.matchAll(CONTROL)) {
    html += textHtml(code.slice(from, match.index)) + controlHtml(match[1] ?? '', ctx);
    from = match.index + match[0].length;
  }
  return html + textHtml(code.slice(from));
}

const BROADCASTS = new Set(['here', 'channel', 'everyone']);

/** One `<…>` control: `@U1`, `#C1|name`, `!here`, `!subteam^S1|@team`, `!date^…|fallback`, `url|label`. */
function controlHtml(inner, ctx) {
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const label = bar < 0 ? undefined : inner.slice(bar + 1);
  const labelHtml = (fallback) =>
    replaceEmoji(label === undefined || label === '' ? escapeHtml(fallback) : textHtml(label));
  if (target.startsWith('@')) {
    const id = target.slice(1);
    const known = lookup(ctx?.users, id) !== undefined;
    return mentionHtml(`@${known || label === undefined ? userName(id, ctx) : decodeSlackEntities(label)}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    const known = lookup(ctx?.channels, id) !== undefined;
    const name = known || label === undefined ? channelName(id, ctx) : decodeSlackEntities(label);
    return mentionHtml(`#${name}`, 'bk-channel');
  }
  if (target.startsWith('!')) return specialHtml(target.slice(1), label);
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    const shown = target.replace(/^mailto:/i, '');
    return linkHtml(decodeSlackEntities(target), labelHtml(decodeSlackEntities(shown)));
  }
  return textHtml(`<${inner}>`);
}

/** `<!here>`, `<!subteam^S1|@team>`, `<!date^1392734382^{date_short}|Feb 18>` and the like. */
function specialHtml(command, label) {
  const [name = '', ...args] = command.split('^');
  if (BROADCASTS.has(name)) return mentionHtml(`@${name}`, 'bk-broadcast');
  if (name === 'subteam') return mentionHtml(label ? decodeSlackEntities(label) : `@${args[0] ?? ''}`);
  if (name === 'date')
    return `<span class="bk-date">${label ? textHtml(label) : escapeHtml(isoDate(args[0]))}</span>`;
  return textHtml(label ?? name);
}

/** A Slack timestamp (seconds) as `2014-02-18 14:39 UTC`, for dates sent without a fallback. */
export function isoDate(seconds) {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds ?? '');
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
