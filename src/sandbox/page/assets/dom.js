/** Small DOM helpers: build elements without HTML strings, avatars, and the persona's clock. */

/** `h('button', { class: 'x', onclick, 'aria-label': '…' }, 'text', child)`; null/false children are skipped. */
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** The renderer returns HTML strings (or nodes); either way, a node to insert. */
export function fromRenderer(result) {
  if (result instanceof Node) return result;
  const template = document.createElement('template');
  template.innerHTML = String(result ?? '');
  return template.content;
}

export function initialsOf(name) {
  const words = String(name || '?')
    .split(/[\s._-]+/)
    .filter(Boolean);
  if (words.length === 0) return '?';
  const first = words[0];
  const last = words.length > 1 ? words[words.length - 1] : '';
  return (last ? first[0] + last[0] : first.slice(0, 2)).toUpperCase();
}

const COLORS = [
  '#4a154b',
  '#1264a3',
  '#2bac76',
  '#e8912d',
  '#cd2553',
  '#0b4c8c',
  '#7c3085',
  '#007a5a',
  '#9e3997',
  '#b35d00',
];

export function colorOf(id) {
  let hash = 0;
  for (const ch of String(id)) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/** A colored square with initials; hidden from assistive tech (the name is always next to it). */
export function avatar(id, name, { size = 36, isBot = false, initials } = {}) {
  return h(
    'span',
    {
      class: `avatar${isBot ? ' avatar-bot' : ''}`,
      'aria-hidden': 'true',
      style: `--size:${size}px;background:${isBot ? '#1f3a5f' : colorOf(id)}`,
    },
    initials ?? initialsOf(name),
  );
}

/** Slack ts → Date. */
export function tsDate(ts) {
  return new Date(Number.parseFloat(ts) * 1000);
}

/** Times as the persona sees them: in their own time zone. */
export function clock(tz) {
  const zone = tz || 'UTC';
  const time = new Intl.DateTimeFormat('en-US', { timeZone: zone, hour: 'numeric', minute: '2-digit' });
  const full = new Intl.DateTimeFormat('en-US', { timeZone: zone, dateStyle: 'full', timeStyle: 'short' });
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const dayLabel = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    weekday: 'long',
    month: 'long',
    day: 'numeric',
  });
  return {
    time: (ts) => time.format(tsDate(ts)),
    full: (ts) => full.format(tsDate(ts)),
    /** 'YYYY-MM-DD' in the persona's zone, to put day dividers between messages. */
    day: (ts) => day.format(tsDate(ts)),
    dayLabel: (ts) => dayLabel.format(tsDate(ts)),
    today: () => day.format(new Date()),
  };
}
