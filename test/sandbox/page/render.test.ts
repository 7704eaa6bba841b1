import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ControlLike,
  collectInputValues,
  escapeHtml,
  type RenderContext,
  renderBlocks,
  renderHome,
  renderMessageContent,
  renderModal,
  renderText,
  STRINGS,
} from '../../../src/sandbox/page/assets/blockkit.js';
import { EMOJI, emojiFor, replaceEmoji } from '../../../src/sandbox/page/assets/emoji.js';
import { renderMrkdwn } from '../../../src/sandbox/page/assets/mrkdwn.js';
import { decisionMessage } from '../../../src/slack/blocks/decision-message.js';
import { listMessage } from '../../../src/slack/blocks/ephemeral.js';
import { DECIDE_FIELD } from '../../../src/slack/ids.js';
import { appHome } from '../../../src/slack/views/app-home.js';
import { decideModal } from '../../../src/slack/views/decide-modal.js';
import { delegateModal } from '../../../src/slack/views/delegate-modal.js';
import { later, project, Story, U, ZONE } from '../../slack/helpers/decisions.js';

/**
 * The sandbox page's Block Kit renderer (plain browser modules, run here in Node). HTML is checked as strings,
 * plus a small tag scanner that proves the output is well formed and inert, and a tiny fake DOM built from
 * the rendered HTML to exercise `collectInputValues` on the real markup.
 */

const CTX: RenderContext = {
  users: {
    U1: { name: 'ana', realName: 'Ana Putri' },
    U2: { name: 'budi' },
    [U.spoc]: { name: 'sri', realName: 'Sri Wahyuni' },
    [U.requester]: { name: 'rina', realName: 'Rina Sari' },
  },
  channels: { C1: { name: 'proj-odoo' }, C2: { name: 'general' } },
  files: {
    F1: {
      id: 'F1',
      name: 'chart.png',
      title: 'Latency chart',
      mimetype: 'image/png',
      url: '/sandbox/files/F1',
    },
    F2: { id: 'F2', name: 'digest.csv', title: 'Digest', mimetype: 'text/csv', url: '/sandbox/files/F2' },
  },
};

const LINK = 'class="bk-link" target="_blank" rel="noopener noreferrer"';
const a = (href: string, label: string) =>
  `<a class="bk-link" href="${href}" target="_blank" rel="noopener noreferrer">${label}</a>`;
const mention = (label: string, extra = '') => `<span class="bk-mention${extra}">${label}</span>`;

const plain = (text: string, emoji = true) => ({ type: 'plain_text', text, emoji });
const md = (text: string) => ({ type: 'mrkdwn', text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const actions = (...elements: unknown[]) => [{ type: 'actions', block_id: 'b1', elements }];
const inputBlock = (element: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'input',
  block_id: 'f1',
  label: plain('Question'),
  element: { action_id: 'a1', ...element },
  ...extra,
});
const ids = (action = 'a1', block = 'b1', type = 'button') =>
  `data-action-id="${action}" data-block-id="${block}" data-type="${type}"`;
const inputIds = (type: string, block = 'f1', action = 'a1') =>
  `data-input-block-id="${block}" data-input-action-id="${action}" data-input-type="${type}"`;

/* ---------- a tag scanner: well-formedness and inertness ---------- */

interface Tag {
  name: string;
  closing: boolean;
  attrs: Record<string, string>;
}

const TAG = /<(\/?)([a-z][a-z0-9]*)((?:\s+[a-z][a-z0-9-]*(?:="[^"]*")?)*)\s*>/g;
const ATTR = /([a-z][a-z0-9-]*)(?:="([^"]*)")?/g;
const VOID = new Set(['br', 'hr', 'img', 'input']);
const ALLOWED = new Set([
  'a',
  'b',
  'blockquote',
  'br',
  'button',
  'code',
  'details',
  'div',
  'fieldset',
  'figcaption',
  'figure',
  'h2',
  'h3',
  'hr',
  'i',
  'img',
  'input',
  'label',
  'li',
  'ol',
  'optgroup',
  'option',
  'pre',
  's',
  'select',
  'span',
  'summary',
  'textarea',
  'ul',
]);

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  );
}

function tagsOf(html: string): Tag[] {
  return [...html.matchAll(TAG)].map((m) => ({
    name: m[2] ?? '',
    closing: m[1] === '/',
    attrs: Object.fromEntries([...(m[3] ?? '').matchAll(ATTR)].map((x) => [x[1], unescapeHtml(x[2] ?? '')])),
  }));
}

/** Every `<` opens a known tag, tags nest, no handler attributes, no script URLs: text cannot become markup. */
function expectInert(html: string): void {
  expect(html.replace(TAG, ''), 'stray < or > outside tags').not.toMatch(/[<>]/);
  const stack: string[] = [];
  for (const tag of tagsOf(html)) {
    expect(ALLOWED.has(tag.name), `tag <${tag.name}>`).toBe(true);
    for (const [name, value] of Object.entries(tag.attrs)) {
      expect(name.startsWith('on'), `attribute ${name}`).toBe(false);
      if (name === 'href' || name === 'src' || name === 'data-url')
        expect(value).toMatch(/^(https?:\/\/|mailto:|tel:|\/[^/]|data:image\/)/);
      if (name === 'style') expect(value).toMatch(/^border-left-color: #[0-9a-f]{3,6}$/i);
    }
    if (VOID.has(tag.name)) continue;
    if (!tag.closing) stack.push(tag.name);
    else expect(stack.pop(), `closing </${tag.name}>`).toBe(tag.name);
  }
  expect(stack, 'unclosed tags').toEqual([]);
}

/* ---------- a tiny DOM over rendered HTML, for collectInputValues ---------- */

interface FakeNode extends ControlLike {
  tag: string;
  attrs: Record<string, string>;
  children: FakeNode[];
  text: string;
  value: string;
  checked: boolean;
  selected: boolean;
  disabled: boolean;
  options: FakeNode[];
  querySelectorAll(selector: string): FakeNode[];
}

function fakeNode(tag: string, attrs: Record<string, string>): FakeNode {
  const node: FakeNode = {
    tag,
    attrs,
    children: [],
    text: '',
    value: attrs.value ?? '',
    checked: 'checked' in attrs,
    selected: 'selected' in attrs,
    disabled: 'disabled' in attrs,
    options: [],
    getAttribute: (name) => attrs[name] ?? null,
    querySelectorAll: (selector) => descendants(node).filter((n) => matches(n, selector)),
  };
  return node;
}

function descendants(node: FakeNode): FakeNode[] {
  return node.children.flatMap((c) => [c, ...descendants(c)]);
}

function matches(node: FakeNode, selector: string): boolean {
  const attribute = /^\[([a-z-]+)\]$/.exec(selector);
  return attribute ? attribute[1] !== undefined && attribute[1] in node.attrs : node.tag === selector;
}

/** Parses renderer output (well formed, quoted attributes) and gives selects and textareas their value. */
function fakeDom(html: string): FakeNode {
  const root = fakeNode('root', {});
  const stack = [root];
  let last = 0;
  for (const m of html.matchAll(TAG)) {
    const top = stack.at(-1) as FakeNode;
    top.text += unescapeHtml(html.slice(last, m.index));
    last = m.index + m[0].length;
    const [tag] = tagsOf(m[0]);
    if (tag === undefined) continue;
    if (tag.closing) {
      stack.pop();
      continue;
    }
    const node = fakeNode(tag.name, tag.attrs);
    top.children.push(node);
    if (!VOID.has(tag.name)) stack.push(node);
  }
  for (const node of descendants(root)) {
    if (node.tag === 'textarea') node.value = node.text;
    if (node.tag === 'option') node.value = node.attrs.value ?? node.text;
    if (node.tag === 'select') {
      node.options = node.querySelectorAll('option');
      const chosen = node.options.find((o) => o.selected) ?? node.options.find((o) => !o.disabled);
      if (!('multiple' in node.attrs) && chosen !== undefined) chosen.selected = true;
      node.value = 'multiple' in node.attrs ? '' : (chosen?.value ?? '');
    }
  }
  return root;
}

function byId(root: FakeNode, id: string): FakeNode {
  const found = descendants(root).find((n) => n.attrs.id === id);
  if (found === undefined) throw new Error(`no #${id}`);
  return found;
}

/** The control a `<label for>` with this text names, as Playwright's getByLabel finds it. */
function byLabel(root: FakeNode, text: string): FakeNode {
  const label = descendants(root).find((n) => n.tag === 'label' && n.text.trim().startsWith(text));
  if (label?.attrs.for === undefined) throw new Error(`no label ${text}`);
  return byId(root, label.attrs.for);
}

/* ---------- tests ---------- */

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['a & b', 'a &amp; b'],
    ['<script>', '&lt;script&gt;'],
    [`"quoted" 'single'`, '&quot;quoted&quot; &#39;single&#39;'],
    ['&amp;', '&amp;amp;'],
  ])('%s', (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe('emoji', () => {
  it.each([
    [':white_check_mark: done', '✅ done'],
    [':+1: :thumbsup: :-1: :thumbsdown:', '👍 👍 👎 👎'],
    [':warning::x:', '⚠️❌'],
    [':+1::skin-tone-3:', '👍🏼'],
    ['at 12:30:tada:', 'at 12:30🎉'],
    [':not_an_emoji: stays', ':not_an_emoji: stays'],
    [':constructor: :__proto__: :hasOwnProperty:', ':constructor: :__proto__: :hasOwnProperty:'],
    ['no colons', 'no colons'],
  ])('%s', (input, expected) => {
    expect(replaceEmoji(input)).toBe(expected);
  });

  it('knows the common shortcodes and the clock faces', () => {
    const common =
      'white_check_mark x warning hourglass hourglass_flowing_sand alarm_clock bell rotating_light tada thumbsup +1 ' +
      'thumbsdown -1 eyes memo pushpin calendar moneybag chart_with_upwards_trend busts_in_silhouette speech_balloon ' +
      'question exclamation palm_tree airplane face_with_thermometer ballot_box_with_check heavy_check_mark no_entry ' +
      'arrow_up arrow_right fire clock1 clock6 clock12';
    for (const name of common.split(' ')) expect(emojiFor(name), name).toBeDefined();
    expect(Object.keys(EMOJI).length).toBeGreaterThanOrEqual(150);
  });

  it('knows every shortcode the bot writes', () => {
    const root = new URL('../../../src/slack/', import.meta.url);
    const sources = [
      'text/en.ts',
      ...readdirSync(new URL('blocks/', root)).map((f) => `blocks/${f}`),
      ...readdirSync(new URL('views/', root)).map((f) => `views/${f}`),
    ];
    const used = new Set(
      sources.flatMap((f) =>
        [...readFileSync(new URL(f, root), 'utf8').matchAll(/:([a-z0-9_+-]+):/g)].map((m) => m[1]),
      ),
    );
    expect(used.size).toBeGreaterThan(10);
    for (const name of used) expect(emojiFor(name ?? ''), `:${name}:`).toBeDefined();
  });
});

describe('renderMrkdwn', () => {
  it.each([
    ['empty', '', ''],
    ['plain', 'just text', 'just text'],
    ['bold', '*bold*', '<b>bold</b>'],
    ['italic', '_italic_', '<i>italic</i>'],
    ['strike', '~strike~', '<s>strike</s>'],
    ['bold before punctuation', '*bold*, then', '<b>bold</b>, then'],
    ['bold in parentheses', '(*bold*)', '(<b>bold</b>)'],
    ['words in bold', 'a *few words* here', 'a <b>few words</b> here'],
    ['one character', '*x*', '<b>x</b>'],
    ['snake_case is not italic', 'snake_case_name', 'snake_case_name'],
    ['arithmetic is not bold', '2*3*4', '2*3*4'],
    ['marker followed by a letter', '*a*b', '*a*b'],
    ['space after the opening marker', '* not bold*', '* not bold*'],
    ['space before the closing marker', '*not bold *', '*not bold *'],
    ['lone markers', 'a * b _ c ~ d', 'a * b _ c ~ d'],
    ['no bold across lines', '*across\nlines*', '*across<br>lines*'],
    ['bold italic', '*_both_*', '<b><i>both</i></b>'],
    ['italic bold', '_*both*_', '<i><b>both</b></i>'],
    ['crossing markers nest', '_a *b_ c*', '_a <b>b_ c</b>'],
    ['line breaks', 'one\ntwo', 'one<br>two'],
    ['bullets stay text', '• first\n- second', '• first<br>- second'],
    ['inline code', '`a *b* :tada: <c>`', '<code class="bk-code">a *b* :tada: &lt;c&gt;</code>'],
    ['bold around code', '*see `x`*', '<b>see <code class="bk-code">x</code></b>'],
    ['code block', '```\nconst a = 1;\n*b*\n```', '<pre class="bk-pre">const a = 1;\n*b*</pre>'],
    ['code block between lines', 'before\n```x```\nafter', 'before<pre class="bk-pre">x</pre>after'],
    [
      'code block keeps entities decoded once',
      '```a &amp;&amp; b &lt;c&gt;```',
      '<pre class="bk-pre">a &amp;&amp; b &lt;c&gt;</pre>',
    ],
    ['quote', '>quoted', '<blockquote class="bk-quote">quoted</blockquote>'],
    ['escaped quote', '&gt; escaped', '<blockquote class="bk-quote">escaped</blockquote>'],
    ['quote lines group', '>one\n>two\nthree', '<blockquote class="bk-quote">one<br>two</blockquote>three'],
    ['quote after text', 'intro\n>q', 'intro<blockquote class="bk-quote">q</blockquote>'],
    [
      '>>> quotes the rest',
      'a\n>>>all\nof this',
      'a<blockquote class="bk-quote">all<br>of this</blockquote>',
    ],
    ['> inside a line is text', 'a &gt; b', 'a &gt; b'],
    ['formatting inside a quote', '>*bold*', '<blockquote class="bk-quote"><b>bold</b></blockquote>'],
    ['link with label', '<https://example.com|Example>', a('https://example.com', 'Example')],
    ['link without label', '<https://example.com/x>', a('https://example.com/x', 'https://example.com/x')],
    ['mailto with label', '<mailto:ana@example.com|Mail Ana>', a('mailto:ana@example.com', 'Mail Ana')],
    ['mailto without label', '<mailto:ana@example.com>', a('mailto:ana@example.com', 'ana@example.com')],
    ['bold link', '*<https://x.io|bold link>*', `<b>${a('https://x.io', 'bold link')}</b>`],
    [
      'link label entities',
      '<https://x.io/?a=1&amp;b=2|A &amp; B>',
      a('https://x.io/?a=1&amp;b=2', 'A &amp; B'),
    ],
    ['link label emoji', '<https://x.io|:tada: party>', a('https://x.io', '🎉 party')],
    ['link label markers stay', '<https://x.io|snake_*x*>', a('https://x.io', 'snake_*x*')],
    ['bare URL', 'see https://x.io/a_b_c.', `see ${a('https://x.io/a_b_c', 'https://x.io/a_b_c')}.`],
    ['user mention (real name)', 'hi <@U1>', `hi ${mention('@Ana Putri')}`],
    ['user mention (name)', '<@U2>', mention('@budi')],
    ['unknown user', '<@U9>', mention('@U9')],
    ['unknown user with label', '<@U9|carla>', mention('@carla')],
    ['channel', '<#C1>', mention('#proj-odoo', ' bk-channel')],
    ['channel with label', '<#C9|general>', mention('#general', ' bk-channel')],
    ['unknown channel', '<#C9>', mention('#C9', ' bk-channel')],
    ['@here', '<!here>', mention('@here', ' bk-broadcast')],
    ['@channel', '<!channel>', mention('@channel', ' bk-broadcast')],
    ['@everyone', '<!everyone>', mention('@everyone', ' bk-broadcast')],
    ['@here with label', '<!here|here>', mention('@here', ' bk-broadcast')],
    ['user group', '<!subteam^S123|@finance>', mention('@finance')],
    ['user group without label', '<!subteam^S123>', mention('@S123')],
    [
      'date fallback',
      '<!date^1392734382^{date_short}|Feb 18, 2014>',
      '<span class="bk-date">Feb 18, 2014</span>',
    ],
    [
      'date without fallback',
      '<!date^1392734382^{date_short}>',
      '<span class="bk-date">2014-02-18 14:39 UTC</span>',
    ],
    ['mention in bold', '*<@U1>*', `<b>${mention('@Ana Putri')}</b>`],
    ['entities decoded once', 'Cheaper &amp; simpler', 'Cheaper &amp; simpler'],
    ['escaped tags stay text', '&lt;b&gt;not bold&lt;/b&gt;', '&lt;b&gt;not bold&lt;/b&gt;'],
    ['no double decoding', '&amp;lt;', '&amp;lt;'],
    ['quotes escaped', `"x" it's`, '&quot;x&quot; it&#39;s'],
    ['emoji', ':white_check_mark: Done', '✅ Done'],
    ['emoji in bold', '*:tada: Decided*', '<b>🎉 Decided</b>'],
    ['unknown emoji', ':not_an_emoji:', ':not_an_emoji:'],
    ['unknown control stays text', '<foo bar>', '&lt;foo bar&gt;'],
    ['script URL is not a link', '<javascript:alert(1)|click me>', 'click me'],
    ['placeholder characters cannot forge one', 'a\uE0000\uE001b', 'a0b'],
    ['a real field', '*Impact*\n:rotating_light: Critical', '<b>Impact</b><br>🚨 Critical'],
  ])('%s', (_name, input, expected) => {
    const html = renderMrkdwn(input, CTX);
    expect(html).toBe(expected);
    expectInert(html);
  });

  it('links open in a new tab without opener', () => {
    expect(renderMrkdwn('<https://x.io|x>', CTX)).toContain(LINK.replace('class="bk-link" ', ''));
  });
});

const NASTY = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='alert(1)",
  '<javascript:alert(1)|x>',
  '<java\nscript:alert(1)|x>',
  '<https://x.io" onclick="alert(1)|x>',
  '``` </pre><script>alert(1)</script> ```',
  '`</code><b>`',
  '<@U1|<b>x</b>>',
  '<!date^x^{date}|<img src=x onerror=alert(1)>>',
];

describe('escaping and injection', () => {
  it.each(NASTY)('mrkdwn %s', (text) => {
    const html = renderMrkdwn(text, CTX);
    expectInert(html);
    expect(html).not.toMatch(/<(script|img)/);
  });

  it.each(NASTY)('every text slot of the blocks: %s', (text) => {
    const blocks = [
      { type: 'header', block_id: text, text: plain(text) },
      { type: 'section', text: md(text), fields: [md(text), plain(text)] },
      {
        type: 'context',
        elements: [md(text), plain(text), { type: 'image', image_url: text, alt_text: text }],
      },
      {
        type: 'actions',
        block_id: text,
        elements: [
          { type: 'button', action_id: text, text: plain(text), value: text, url: text },
          { type: 'static_select', action_id: text, placeholder: plain(text), options: [option(text, text)] },
          { type: 'overflow', action_id: text, options: [option(text, text)] },
          { type: 'checkboxes', action_id: text, options: [{ text: md(text), value: text }] },
          { type: 'datepicker', action_id: text, initial_date: text, placeholder: plain(text) },
        ],
      },
      { type: 'image', image_url: text, alt_text: text, title: plain(text) },
      {
        type: 'input',
        block_id: text,
        label: plain(text),
        hint: plain(text),
        element: { type: 'plain_text_input', action_id: text, initial_value: text, placeholder: plain(text) },
      },
      {
        type: 'input',
        block_id: 'multi',
        label: plain(text),
        element: { type: 'plain_text_input', action_id: 'm', multiline: true, initial_value: text },
      },
      { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text }] }] },
      { type: 'video', title: plain(text), video_url: text, thumbnail_url: text, alt_text: text },
      { type: text },
    ];
    const html = renderBlocks(blocks, CTX, { surface: 'modal', errors: { [text]: text } });
    expectInert(html);
    expect(html).not.toMatch(/<(script)/);
    expect(html).not.toMatch(/<img[^>]*onerror/);
    const modal = renderModal(
      { type: 'modal', title: plain(text), submit: plain(text), close: plain(text), blocks },
      CTX,
    );
    expectInert(modal);
  });

  it('plain_text never interprets mrkdwn or controls', () => {
    expect(renderText(plain('*not bold* <@U1> &amp; :tada:'), CTX)).toBe(
      '*not bold* &lt;@U1&gt; &amp;amp; 🎉',
    );
    expect(renderText(plain(':tada:', false), CTX)).toBe(':tada:');
    expect(renderText(md('*bold* <@U1>'), CTX)).toBe(`<b>bold</b> ${mention('@Ana Putri')}`);
  });

  it('messages, attachments and files are inert too', () => {
    for (const text of NASTY) {
      const html = renderMessageContent(
        {
          text,
          files: [{ id: 'F9', name: text, title: text, mimetype: 'image/png', url_private: text }],
          attachments: [
            { color: text, title: text, title_link: text, text, fields: [{ title: text, value: text }] },
          ],
        },
        CTX,
      );
      expectInert(html);
    }
  });
});

describe('renderBlocks: blocks', () => {
  it.each([
    {
      name: 'header',
      block: { type: 'header', block_id: 'h', text: plain('Hello :wave:') },
      html: [
        '<div class="bk-block bk-block-header" data-block-id="h"><h3 class="bk-header-text">Hello 👋</h3></div>',
      ],
    },
    {
      name: 'section text',
      block: { type: 'section', text: md('*Hi* <@U1>') },
      html: [
        `<div class="bk-section-body"><div class="bk-section-text"><b>Hi</b> ${mention('@Ana Putri')}</div></div>`,
      ],
    },
    {
      name: 'section fields',
      block: { type: 'section', fields: [md('*Impact*\nHigh'), plain('2h')] },
      html: [
        '<div class="bk-fields"><div class="bk-field"><b>Impact</b><br>High</div><div class="bk-field">2h</div></div>',
      ],
    },
    {
      name: 'section with a button accessory',
      block: {
        type: 'section',
        block_id: 's1',
        text: md('Text'),
        accessory: { type: 'button', action_id: 'go', text: plain('Open') },
      },
      html: [
        `<div class="bk-accessory"><button type="button" class="bk-button" data-kind="button" ${ids('go', 's1')}>Open</button></div>`,
      ],
    },
    {
      name: 'section with an image accessory',
      block: {
        type: 'section',
        text: md('Text'),
        accessory: { type: 'image', image_url: 'https://x.io/a.png', alt_text: 'logo' },
      },
      html: ['<img class="bk-image-element" src="https://x.io/a.png" alt="logo" loading="lazy">'],
    },
    {
      name: 'context',
      block: {
        type: 'context',
        elements: [
          { type: 'image', image_url: 'https://x.io/a.png', alt_text: 'a' },
          md('_small_'),
          plain('text'),
        ],
      },
      html: [
        '<img class="bk-context-image" src="https://x.io/a.png" alt="a" loading="lazy">',
        '<span class="bk-context-text"><i>small</i></span><span class="bk-context-text">text</span>',
      ],
    },
    { name: 'divider', block: { type: 'divider' }, html: ['<hr class="bk-divider-line">'] },
    {
      name: 'image',
      block: { type: 'image', image_url: 'https://x.io/c.png', alt_text: 'chart', title: plain('Chart') },
      html: [
        '<figure class="bk-image-figure"><figcaption class="bk-image-title">Chart</figcaption><img class="bk-image-img" src="https://x.io/c.png" alt="chart" loading="lazy"></figure>',
      ],
    },
    {
      name: 'image from a slack_file',
      block: { type: 'image', slack_file: { id: 'F1' }, alt_text: 'chart' },
      html: ['src="/sandbox/files/F1"'],
    },
    {
      name: 'image with an unsafe URL shows its alt text',
      block: { type: 'image', image_url: 'javascript:alert(1)', alt_text: 'chart' },
      html: ['<span class="bk-image-img bk-image-missing">chart</span>'],
    },
    {
      name: 'rich text section with every inline element',
      block: {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_section',
            elements: [
              { type: 'text', text: 'bold', style: { bold: true } },
              { type: 'text', text: 'all', style: { bold: true, italic: true, strike: true, code: true } },
              { type: 'text', text: 'two\nlines' },
              { type: 'link', url: 'https://x.io', text: 'site' },
              { type: 'link', url: 'https://y.io' },
              { type: 'user', user_id: 'U1' },
              { type: 'channel', channel_id: 'C1' },
              { type: 'emoji', name: 'tada' },
              { type: 'emoji', name: 'smile', unicode: '1f604' },
              { type: 'emoji', name: 'custom_party' },
              { type: 'broadcast', range: 'here' },
              { type: 'usergroup', usergroup_id: 'S1' },
              { type: 'date', timestamp: 1392734382, format: '{date_short}', fallback: 'Feb 18' },
              { type: 'date', timestamp: 1392734382, format: '{date_short}' },
            ],
          },
        ],
      },
      html: [
        '<div class="bk-rt-section"><b>bold</b><b><i><s><code class="bk-code">all</code></s></i></b>two<br>lines',
        a('https://x.io', 'site'),
        a('https://y.io', 'https://y.io'),
        mention('@Ana Putri'),
        mention('#proj-odoo', ' bk-channel'),
        '🎉😄:custom_party:',
        mention('@here', ' bk-broadcast'),
        mention('@S1'),
        '<span class="bk-date">Feb 18</span><span class="bk-date">2014-02-18 14:39 UTC</span>',
      ],
    },
    {
      name: 'rich text lists, quote and preformatted',
      block: {
        type: 'rich_text',
        elements: [
          {
            type: 'rich_text_list',
            style: 'bullet',
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'one' }] }],
          },
          {
            type: 'rich_text_list',
            style: 'bullet',
            indent: 1,
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'nested' }] }],
          },
          {
            type: 'rich_text_list',
            style: 'ordered',
            offset: 2,
            elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: 'third' }] }],
          },
          { type: 'rich_text_quote', elements: [{ type: 'text', text: 'quoted' }] },
          { type: 'rich_text_preformatted', elements: [{ type: 'text', text: 'a\n  b' }] },
        ],
      },
      html: [
        '<ul class="bk-rt-list bk-rt-indent-0"><li>one</li></ul>',
        '<ul class="bk-rt-list bk-rt-indent-1"><li>nested</li></ul>',
        '<ol class="bk-rt-list bk-rt-indent-0" type="1" start="3"><li>third</li></ol>',
        '<blockquote class="bk-quote">quoted</blockquote>',
        '<pre class="bk-pre">a\n  b</pre>',
      ],
    },
    {
      name: 'file',
      block: { type: 'file', external_id: 'F2', file_id: 'F2', source: 'remote' },
      html: [
        '<a class="bk-file bk-file-download" href="/sandbox/files/F2" download="digest.csv">',
        '<span class="bk-file-name">Digest</span><span class="bk-file-type">text/csv</span></a>',
      ],
    },
    {
      name: 'video',
      block: {
        type: 'video',
        title: plain('Demo'),
        video_url: 'https://v.io/embed/1',
        title_url: 'https://v.io/1',
        thumbnail_url: 'https://v.io/1.jpg',
        alt_text: 'demo video',
        author_name: 'Ana',
        provider_name: 'VideoSite',
        description: plain('How it works'),
      },
      html: [
        `<div class="bk-video-title">${a('https://v.io/1', 'Demo')}</div>`,
        '<div class="bk-video-byline">Ana · VideoSite</div>',
        '<div class="bk-video-description">How it works</div>',
        a('https://v.io/embed/1', '<img class="bk-video-thumb" src="https://v.io/1.jpg" alt="demo video">'),
      ],
    },
    {
      name: 'markdown',
      block: { type: 'markdown', text: '*bold* and :tada:' },
      html: ['<div class="bk-markdown"><b>bold</b> and 🎉</div>'],
    },
  ])('$name', ({ block, html }) => {
    const out = renderBlocks([block], CTX, { surface: 'message' });
    for (const fragment of html) expect(out).toContain(fragment);
    expect(out).not.toContain('bk-unknown');
    expectInert(out);
  });

  it('wraps the blocks in their surface', () => {
    expect(renderBlocks([], CTX, { surface: 'home' })).toBe('<div class="bk-blocks bk-surface-home"></div>');
    expect(renderBlocks(undefined, CTX)).toBe('<div class="bk-blocks bk-surface-message"></div>');
  });
});

describe('renderBlocks: interactive elements (markup contract)', () => {
  const placeholderOption = (text: string, selected: boolean) =>
    `<option value="" disabled${selected ? ' selected' : ''}>${text}</option>`;
  it.each([
    {
      name: 'button',
      element: { type: 'button', action_id: 'a1', text: plain('Approve :white_check_mark:') },
      html: `<button type="button" class="bk-button" data-kind="button" ${ids()}>Approve ✅</button>`,
    },
    {
      name: 'primary button with value',
      element: {
        type: 'button',
        action_id: 'a1',
        text: plain('Approve'),
        style: 'primary',
        value: 'D1|approve',
      },
      html: `<button type="button" class="bk-button bk-primary" data-kind="button" ${ids()} data-value="D1|approve">Approve</button>`,
    },
    {
      name: 'danger button',
      element: { type: 'button', action_id: 'a1', text: plain('Reject'), style: 'danger' },
      html: `<button type="button" class="bk-button bk-danger" data-kind="button" ${ids()}>Reject</button>`,
    },
    {
      name: 'link button',
      element: { type: 'button', action_id: 'a1', text: plain('Docs'), url: 'https://x.io/docs' },
      html: `<button type="button" class="bk-button" data-kind="button" ${ids()} data-url="https://x.io/docs">Docs</button>`,
    },
    {
      name: 'static select with initial option',
      element: {
        type: 'static_select',
        action_id: 'a1',
        options: [option('Low', 'low'), option('High :fire:', 'high')],
        initial_option: option('High :fire:', 'high'),
      },
      html: `<select class="bk-select" aria-label="${STRINGS.chooseOption}" data-kind="select" ${ids('a1', 'b1', 'static_select')}>${placeholderOption(STRINGS.chooseOption, false)}<option value="low">Low</option><option value="high" selected>High 🔥</option></select>`,
    },
    {
      name: 'static select with placeholder and option groups',
      element: {
        type: 'static_select',
        action_id: 'a1',
        placeholder: plain('Pick one'),
        option_groups: [{ label: plain('Group A'), options: [option('One', '1')] }],
      },
      html: `<select class="bk-select" aria-label="Pick one" data-kind="select" ${ids('a1', 'b1', 'static_select')}>${placeholderOption('Pick one', true)}<optgroup label="Group A"><option value="1">One</option></optgroup></select>`,
    },
    {
      name: 'multi static select',
      element: {
        type: 'multi_static_select',
        action_id: 'a1',
        options: [option('A', 'a'), option('B', 'b'), option('C', 'c')],
        initial_options: [option('A', 'a'), option('C', 'c')],
      },
      html: `<select class="bk-select" multiple aria-label="${STRINGS.chooseOptions}" data-kind="select" ${ids('a1', 'b1', 'multi_static_select')}>${placeholderOption(STRINGS.chooseOptions, false)}<option value="a" selected>A</option><option value="b">B</option><option value="c" selected>C</option></select>`,
    },
    {
      name: 'users select',
      element: { type: 'users_select', action_id: 'a1', initial_user: 'U2' },
      html: `<select class="bk-select" aria-label="${STRINGS.selectPerson}" data-kind="select" ${ids('a1', 'b1', 'users_select')}>${placeholderOption(STRINGS.selectPerson, false)}<option value="U1">Ana Putri</option><option value="U2" selected>budi</option>`,
    },
    {
      name: 'multi users select offers an unknown preselected user',
      element: { type: 'multi_users_select', action_id: 'a1', initial_users: ['U1', 'U9'] },
      html: '<option value="U1" selected>Ana Putri</option>',
      more: ['multiple', '<option value="U9" selected>U9</option>', 'data-type="multi_users_select"'],
    },
    {
      name: 'conversations select',
      element: { type: 'conversations_select', action_id: 'a1', initial_conversation: 'C2' },
      html: `${placeholderOption(STRINGS.selectConversation, false)}<option value="C1">#proj-odoo</option><option value="C2" selected>#general</option></select>`,
      more: ['data-kind="select"', 'data-type="conversations_select"'],
    },
    {
      name: 'channels select',
      element: { type: 'channels_select', action_id: 'a1', initial_channel: 'C1' },
      html: '<option value="C1" selected>#proj-odoo</option>',
      more: ['data-type="channels_select"', `aria-label="${STRINGS.selectChannel}"`],
    },
    {
      name: 'multi conversations select',
      element: { type: 'multi_conversations_select', action_id: 'a1', initial_conversations: ['C1', 'C2'] },
      html: '<option value="C1" selected>#proj-odoo</option><option value="C2" selected>#general</option>',
      more: ['multiple', 'data-type="multi_conversations_select"'],
    },
    {
      name: 'overflow',
      element: {
        type: 'overflow',
        action_id: 'a1',
        options: [option('Edit', 'edit'), { text: plain('Docs'), value: 'docs', url: 'https://x.io' }],
      },
      html: `<details class="bk-overflow"><summary aria-label="${STRINGS.moreActions}">⋯</summary><div class="bk-overflow-menu"><button type="button" class="bk-overflow-option" data-kind="overflow-option" ${ids('a1', 'b1', 'overflow')} data-value="edit">Edit</button><button type="button" class="bk-overflow-option" data-kind="overflow-option" ${ids('a1', 'b1', 'overflow')} data-value="docs" data-url="https://x.io">Docs</button></div></details>`,
    },
    {
      name: 'datepicker',
      element: { type: 'datepicker', action_id: 'a1', initial_date: '2026-12-01' },
      html: `<input type="date" class="bk-picker bk-datepicker" value="2026-12-01" aria-label="${STRINGS.selectDate}" data-kind="datepicker" ${ids('a1', 'b1', 'datepicker')}>`,
    },
    {
      name: 'timepicker',
      element: { type: 'timepicker', action_id: 'a1', initial_time: '09:30', placeholder: plain('When') },
      html: `<input type="time" class="bk-picker bk-timepicker" value="09:30" aria-label="When" data-kind="timepicker" ${ids('a1', 'b1', 'timepicker')}>`,
    },
    {
      name: 'datetimepicker',
      element: { type: 'datetimepicker', action_id: 'a1', initial_date_time: 1_800_000_000 },
      html: `value="${localInput(1_800_000_000)}"`,
      more: ['type="datetime-local"', 'data-kind="datetimepicker"', 'data-type="datetimepicker"'],
    },
    {
      name: 'checkboxes',
      element: {
        type: 'checkboxes',
        action_id: 'a1',
        options: [option('One', '1'), { text: md('*Two*'), value: '2', description: plain('second') }],
        initial_options: [option('One', '1')],
      },
      html: `<fieldset class="bk-checkboxes" data-kind="checkboxes" ${ids('a1', 'b1', 'checkboxes')}><label class="bk-choice"><input type="checkbox" name="bk--b1--a1" value="1" checked><span class="bk-choice-text">One</span></label><label class="bk-choice"><input type="checkbox" name="bk--b1--a1" value="2"><span class="bk-choice-text"><b>Two</b><span class="bk-choice-description">second</span></span></label></fieldset>`,
    },
    {
      name: 'radio buttons',
      element: {
        type: 'radio_buttons',
        action_id: 'a1',
        options: [option('Yes', 'y'), option('No', 'n')],
        initial_option: option('No', 'n'),
      },
      html: `<fieldset class="bk-radios" data-kind="radio" ${ids('a1', 'b1', 'radio_buttons')}><label class="bk-choice"><input type="radio" name="bk--b1--a1" value="y"><span class="bk-choice-text">Yes</span></label><label class="bk-choice"><input type="radio" name="bk--b1--a1" value="n" checked>`,
    },
  ])('$name', ({ element, html, more }) => {
    const out = renderBlocks(actions(element), CTX);
    expect(out).toContain(html);
    for (const fragment of more ?? []) expect(out).toContain(fragment);
    expectInert(out);
  });

  it('every element outside an input block carries data-kind, data-action-id, data-block-id and data-type', () => {
    const elements = [
      { type: 'button', action_id: 'x1', text: plain('B') },
      { type: 'static_select', action_id: 'x2', options: [option('A', 'a')] },
      { type: 'users_select', action_id: 'x3' },
      { type: 'overflow', action_id: 'x4', options: [option('A', 'a')] },
      { type: 'datepicker', action_id: 'x5' },
      { type: 'timepicker', action_id: 'x6' },
      { type: 'checkboxes', action_id: 'x7', options: [option('A', 'a')] },
      { type: 'radio_buttons', action_id: 'x8', options: [option('A', 'a')] },
    ];
    const tags = tagsOf(renderBlocks(actions(...elements), CTX)).filter((t) => 'data-kind' in t.attrs);
    expect(tags).toHaveLength(elements.length);
    for (const [i, tag] of tags.entries()) {
      expect(tag.attrs).toMatchObject({
        'data-action-id': `x${i + 1}`,
        'data-block-id': 'b1',
        'data-type': elements[i]?.type,
      });
    }
  });
});

describe('renderBlocks: input blocks', () => {
  it.each([
    {
      name: 'plain text input',
      element: {
        type: 'plain_text_input',
        initial_value: 'Go live?',
        placeholder: plain('Ask'),
        max_length: 150,
        min_length: 3,
      },
      html: `<input type="text" class="bk-text-input" placeholder="Ask" maxlength="150" minlength="3" id="bk--f1--a1" ${inputIds('plain_text_input')} aria-required="true" value="Go live?">`,
    },
    {
      name: 'multiline text input',
      element: { type: 'plain_text_input', multiline: true, initial_value: 'a\nb & c' },
      html: `<textarea rows="4" class="bk-textarea" id="bk--f1--a1" ${inputIds('plain_text_input')} aria-required="true">a\nb &amp; c</textarea>`,
    },
    {
      name: 'decimal number input',
      element: {
        type: 'number_input',
        is_decimal_allowed: true,
        min_value: '0',
        max_value: '100',
        initial_value: '2.5',
      },
      html: `<input type="number" class="bk-text-input" id="bk--f1--a1" ${inputIds('number_input')} aria-required="true" step="any" min="0" max="100" inputmode="decimal" value="2.5">`,
    },
    {
      name: 'integer number input',
      element: { type: 'number_input', is_decimal_allowed: false },
      html: 'step="1"',
    },
    {
      name: 'email input',
      element: { type: 'email_text_input', initial_value: 'ana@example.com' },
      html: `<input type="email" class="bk-text-input" id="bk--f1--a1" ${inputIds('email_text_input')} aria-required="true" value="ana@example.com">`,
    },
    {
      name: 'url input',
      element: { type: 'url_text_input' },
      html: `<input type="url" class="bk-text-input" id="bk--f1--a1" ${inputIds('url_text_input')} aria-required="true">`,
    },
    {
      name: 'static select',
      element: {
        type: 'static_select',
        options: [option('Low', 'low')],
        initial_option: option('Low', 'low'),
      },
      html: `<select class="bk-select" id="bk--f1--a1" ${inputIds('static_select')} aria-required="true"><option value="" disabled>${STRINGS.chooseOption}</option><option value="low" selected>Low</option></select>`,
    },
    {
      name: 'multi users select',
      element: { type: 'multi_users_select' },
      html: `<select class="bk-select" multiple id="bk--f1--a1" ${inputIds('multi_users_select')} aria-required="true">`,
    },
    {
      name: 'users select',
      element: { type: 'users_select', initial_user: 'U1' },
      html: '<option value="U1" selected>Ana Putri</option>',
    },
    {
      name: 'conversations select',
      element: { type: 'conversations_select' },
      html: `<option value="" disabled selected>${STRINGS.selectConversation}</option>`,
    },
    {
      name: 'channels select',
      element: { type: 'channels_select' },
      html: inputIds('channels_select'),
    },
    {
      name: 'datepicker',
      element: { type: 'datepicker', initial_date: '2026-12-24' },
      html: `<input type="date" class="bk-picker bk-datepicker" value="2026-12-24" id="bk--f1--a1" ${inputIds('datepicker')} aria-required="true">`,
    },
    {
      name: 'timepicker',
      element: { type: 'timepicker' },
      html: `<input type="time" class="bk-picker bk-timepicker" id="bk--f1--a1" ${inputIds('timepicker')} aria-required="true">`,
    },
    {
      name: 'checkboxes (named by aria-labelledby)',
      element: { type: 'checkboxes', options: [option('A', 'a')] },
      html: `<div class="bk-label" id="bk--f1--a1-label">Question</div><fieldset class="bk-checkboxes" ${inputIds('checkboxes')} aria-labelledby="bk--f1--a1-label" aria-required="true"><label class="bk-choice"><input type="checkbox" name="bk--f1--a1" value="a">`,
    },
    {
      name: 'radio buttons',
      element: { type: 'radio_buttons', options: [option('A', 'a')] },
      html: `<fieldset class="bk-radios" ${inputIds('radio_buttons')} aria-labelledby="bk--f1--a1-label" aria-required="true">`,
    },
  ])('$name', ({ element, html }) => {
    const out = renderBlocks([inputBlock(element)], CTX, { surface: 'modal' });
    expect(out).toContain(html);
    expect(out).not.toContain('data-kind=');
    expectInert(out);
  });

  it('labels name their control, with the optional mark and the hint', () => {
    const out = renderBlocks(
      [inputBlock({ type: 'plain_text_input' }, { optional: true, hint: plain('Keep it short') })],
      CTX,
      { surface: 'modal' },
    );
    expect(out).toBe(
      '<div class="bk-blocks bk-surface-modal"><div class="bk-block bk-block-input" data-block-id="f1">' +
        `<label class="bk-label" for="bk--f1--a1" id="bk--f1--a1-label">Question <span class="bk-optional">${STRINGS.optional}</span></label>` +
        `<input type="text" class="bk-text-input" id="bk--f1--a1" ${inputIds('plain_text_input')} aria-describedby="bk--f1--a1-hint">` +
        '<div class="bk-hint" id="bk--f1--a1-hint">Keep it short</div></div></div>',
    );
  });

  it('shows an error under the field and marks the control invalid', () => {
    const out = renderBlocks(
      [
        inputBlock({ type: 'plain_text_input' }, { hint: plain('Hint') }),
        { ...inputBlock({}), block_id: 'f2' },
      ],
      CTX,
      { surface: 'modal', errors: { f1: 'Please write a question' } },
    );
    expect(out).toContain(
      `<input type="text" class="bk-text-input bk-invalid" id="bk--f1--a1" ${inputIds('plain_text_input')} aria-describedby="bk--f1--a1-error bk--f1--a1-hint" aria-invalid="true" aria-required="true">` +
        '<div class="bk-error" role="alert" id="bk--f1--a1-error">Please write a question</div><div class="bk-hint"',
    );
    expect(out.match(/bk-error/g)).toHaveLength(1);
  });

  it.each([
    { type: 'static_select', options: [option('A', 'a')] },
    { type: 'checkboxes', options: [option('A', 'a')] },
    { type: 'datepicker' },
  ])('marks a $type with an error invalid too', (element) => {
    const out = renderBlocks([inputBlock(element)], CTX, { surface: 'modal', errors: { f1: 'Wrong' } });
    expect(out).toMatch(/class="[^"]*bk-invalid"[^>]*aria-invalid="true"/);
    expect(out).toContain('<div class="bk-error" role="alert" id="bk--f1--a1-error">Wrong</div>');
  });

  it('marks dispatching inputs', () => {
    const onBlock = renderBlocks([inputBlock({ type: 'plain_text_input' }, { dispatch_action: true })], CTX);
    const onElement = renderBlocks(
      [inputBlock({ type: 'static_select', dispatch_action: true, options: [] })],
      CTX,
    );
    expect(onBlock).toContain('data-input-type="plain_text_input" data-dispatch="true"');
    expect(onElement).toContain('data-input-type="static_select" data-dispatch="true"');
    expect(renderBlocks([inputBlock({ type: 'plain_text_input' })], CTX)).not.toContain('data-dispatch');
  });

  it('gives distinct ids to inputs without block ids and spells odd characters out', () => {
    const out = renderBlocks(
      [
        { type: 'input', label: plain('A'), element: { type: 'plain_text_input', action_id: 'x' } },
        { type: 'input', label: plain('B'), element: { type: 'plain_text_input', action_id: 'x' } },
        {
          type: 'input',
          block_id: 'a b"c',
          label: plain('C'),
          element: { type: 'url_text_input', action_id: 'y' },
        },
      ],
      CTX,
    );
    const idList = tagsOf(out).flatMap((t) => (t.attrs.id === undefined ? [] : [t.attrs.id]));
    expect(new Set(idList).size).toBe(idList.length);
    expect(idList).toContain('bk--b0--x');
    expect(idList).toContain('bk--a.20b.22c--y');
  });
});

describe('unknown types are shown, never dropped', () => {
  const unknown = (title: string, type: string) =>
    `<div class="bk-unknown" data-unknown-type="${type}"><div class="bk-unknown-title">${title}: ${type}</div><pre>`;
  it.each([
    {
      name: 'block',
      blocks: [{ type: 'carousel', items: ['<b>'] }],
      title: STRINGS.unsupportedBlock,
      type: 'carousel',
    },
    {
      name: 'element in actions',
      blocks: actions({ type: 'workflow_button', action_id: 'w' }),
      title: STRINGS.unsupportedElement,
      type: 'workflow_button',
    },
    {
      name: 'section accessory',
      blocks: [{ type: 'section', text: md('x'), accessory: { type: 'feedback_buttons' } }],
      title: STRINGS.unsupportedElement,
      type: 'feedback_buttons',
    },
    {
      name: 'context element',
      blocks: [{ type: 'context', elements: [{ type: 'sparkle' }] }],
      title: STRINGS.unsupportedElement,
      type: 'sparkle',
    },
    {
      name: 'input element',
      blocks: [inputBlock({ type: 'file_input' })],
      title: STRINGS.unsupportedElement,
      type: 'file_input',
    },
    {
      name: 'rich text element',
      blocks: [{ type: 'rich_text', elements: [{ type: 'rich_text_table' }] }],
      title: STRINGS.unsupportedElement,
      type: 'rich_text_table',
    },
    {
      name: 'rich text inline element',
      blocks: [
        { type: 'rich_text', elements: [{ type: 'rich_text_section', elements: [{ type: 'hologram' }] }] },
      ],
      title: STRINGS.unsupportedElement,
      type: 'hologram',
    },
    {
      name: 'block without a type',
      blocks: [{ text: 'x' }],
      title: STRINGS.unsupportedBlock,
      type: 'object',
    },
    { name: 'not an object', blocks: ['text'], title: STRINGS.unsupportedBlock, type: 'string' },
  ])('$name', ({ blocks, title, type }) => {
    const out = renderBlocks(blocks, CTX, { surface: 'modal' });
    expect(out).toContain(unknown(title, type));
    expectInert(out);
  });

  it('shows the JSON pretty-printed and escaped', () => {
    const out = renderBlocks([{ type: 'table', rows: ['<b>&'] }], CTX);
    expect(out).toContain(
      '<pre>{\n  &quot;type&quot;: &quot;table&quot;,\n  &quot;rows&quot;: [\n    &quot;&lt;b&gt;&amp;&quot;\n  ]\n}</pre>',
    );
  });

  it('keeps the known blocks around an unknown one', () => {
    const out = renderBlocks([{ type: 'divider' }, { type: 'alert' }, { type: 'divider' }], CTX);
    expect(out.match(/bk-divider-line/g)).toHaveLength(2);
    expect(out).toContain('data-unknown-type="alert"');
  });
});

describe('renderModal', () => {
  const view = {
    id: 'V1',
    type: 'modal',
    callback_id: 'cb',
    title: plain('Ask :bulb:'),
    submit: plain('Send'),
    close: plain('Not now'),
    blocks: [{ type: 'section', text: md('Intro') }, inputBlock({ type: 'plain_text_input' })],
  };

  it('renders title, close ×, blocks and a footer with close and submit', () => {
    const out = renderModal(view, CTX);
    expect(out).toContain(
      '<div class="bk-modal" data-view-id="V1" data-callback-id="cb"><div class="bk-modal-header">' +
        `<h2 class="bk-modal-title" id="bk-modal-title">Ask 💡</h2><button type="button" class="bk-modal-close" data-kind="modal-close" aria-label="${STRINGS.close}">×</button></div>`,
    );
    expect(out).toContain('<div class="bk-modal-body"><div class="bk-blocks bk-surface-modal">');
    expect(out).toContain(
      '<div class="bk-modal-footer"><button type="button" class="bk-button bk-modal-cancel" data-kind="modal-close">Not now</button>' +
        '<button type="button" class="bk-button bk-primary bk-modal-submit" data-kind="modal-submit">Send</button></div></div>',
    );
    expect(out).not.toContain('modal-back');
    expectInert(out);
  });

  it('defaults the close text, omits submit when the view has none, and offers back when stacked', () => {
    const out = renderModal({ ...view, submit: undefined, close: undefined }, CTX, { canGoBack: true });
    expect(out).toContain(`data-kind="modal-close">${STRINGS.cancel}</button></div>`);
    expect(out).not.toContain('modal-submit');
    expect(out).toContain(
      `<button type="button" class="bk-modal-back" data-kind="modal-back" aria-label="${STRINGS.back}">‹</button>`,
    );
  });

  it('passes errors to the input blocks', () => {
    expect(renderModal(view, CTX, { errors: { f1: 'Too short' } })).toContain(
      '<div class="bk-error" role="alert" id="bk--f1--a1-error">Too short</div>',
    );
  });
});

describe('renderHome and renderMessageContent', () => {
  it('renders the App Home tab on the home surface', () => {
    expect(renderHome({ type: 'home', blocks: [{ type: 'divider' }] }, CTX)).toBe(
      '<div class="bk-home"><div class="bk-blocks bk-surface-home"><div class="bk-block bk-block-divider"><hr class="bk-divider-line"></div></div></div>',
    );
  });

  it('shows blocks rather than the fallback text', () => {
    const out = renderMessageContent(
      { text: 'fallback', blocks: [{ type: 'section', text: md('*shown*') }] },
      CTX,
    );
    expect(out).toContain('<b>shown</b>');
    expect(out).not.toContain('fallback');
  });

  it('shows the text as mrkdwn when there are no blocks', () => {
    expect(renderMessageContent({ text: 'Hi <@U1> *there*', blocks: [] }, CTX)).toBe(
      `<div class="bk-message-content"><div class="bk-message-text">Hi ${mention('@Ana Putri')} <b>there</b></div></div>`,
    );
  });

  it('shows images inline and other files as download links', () => {
    const out = renderMessageContent(
      {
        text: '',
        files: [
          { id: 'F1', name: 'chart.png', title: 'Latency chart', mimetype: 'image/png' },
          { id: 'F2', name: 'digest.csv', mimetype: 'text/csv', url_private: 'https://files.slack.com/x' },
        ],
      },
      CTX,
    );
    expect(out).toContain(
      `<figure class="bk-file bk-file-image">${a('/sandbox/files/F1', '<img class="bk-file-img" src="/sandbox/files/F1" alt="Latency chart" loading="lazy">')}<figcaption>Latency chart</figcaption></figure>`,
    );
    expect(out).toContain(
      '<a class="bk-file bk-file-download" href="/sandbox/files/F2" download="digest.csv">',
    );
    expectInert(out);
  });

  it('shows legacy attachments minimally: colour bar, title, text and fields', () => {
    const out = renderMessageContent(
      {
        text: 'head',
        attachments: [
          {
            color: 'danger',
            pretext: 'Before',
            title: 'Title',
            title_link: 'https://x.io',
            text: '*att*',
            fields: [{ title: 'F', value: 'v', short: true }],
            footer: 'foot',
          },
          { color: '36a64f', text: 'green' },
          { color: 'red; background: url(x)', text: 'bad colour' },
        ],
      },
      CTX,
    );
    expect(out).toContain(
      '<div class="bk-attachment-pretext">Before</div><div class="bk-attachment" style="border-left-color: #e01e5a">',
    );
    expect(out).toContain(`<div class="bk-attachment-title">${a('https://x.io', 'Title')}</div>`);
    expect(out).toContain('<div class="bk-attachment-text"><b>att</b></div>');
    expect(out).toContain(
      '<div class="bk-attachment-field bk-short"><div class="bk-attachment-field-title">F</div><div>v</div></div>',
    );
    expect(out).toContain('style="border-left-color: #36a64f"');
    expect(out).toContain(
      '<div class="bk-attachment"><div class="bk-attachment-text">bad colour</div></div>',
    );
    expectInert(out);
  });
});

describe("the bot's own Block Kit", () => {
  const message = (story: Story, viewer: 'decider' | 'channel') =>
    decisionMessage(story.decision, {
      project: story.project,
      now: later(120),
      timeZone: ZONE,
      ...(viewer === 'decider' ? { viewer, viewerId: U.spoc } : { viewer }),
    });

  it('renders a decision request for its decider with styled, addressable buttons', () => {
    const out = renderMessageContent(message(new Story(), 'decider'), CTX);
    expect(out).not.toContain('bk-unknown');
    expect(out).toContain('<h3 class="bk-header-text">');
    expect(out).toContain(`<b>Requested by</b><br>${mention('@Rina Sari')}`);
    const buttons = tagsOf(out).filter((t) => t.name === 'button' && !t.closing);
    expect(buttons.map((b) => b.attrs.class)).toEqual([
      'bk-button bk-primary',
      'bk-button bk-danger',
      'bk-button', // Decide with a note…
      'bk-button', // Need info
      'bk-button', // Delegate
      'bk-button', // Consult key users
      'bk-button', // Escalate now…
    ]);
    for (const b of buttons) {
      expect(b.attrs).toMatchObject({
        'data-kind': 'button',
        'data-block-id': 'decision_actions',
        'data-type': 'button',
      });
      expect(b.attrs['data-action-id']).toMatch(/^decision_/);
    }
    expectInert(out);
  });

  it.each([
    {
      name: 'a decided request',
      story: () => new Story().decide(U.spoc, 'approve', later(90), 'Cheaper & simpler'),
    },
    { name: 'an escalated request', story: () => new Story().escalate() },
    {
      name: 'a request waiting for information',
      story: () => new Story().askInfo(U.spoc, '<b>Which?</b>', later(30)),
    },
  ])('renders $name in the channel without buttons or placeholders', ({ story }) => {
    const out = renderMessageContent(message(story(), 'channel'), CTX);
    expect(out).not.toContain('bk-unknown');
    expect(out).not.toContain('<button');
    expectInert(out);
  });

  it('renders the /decide modal as a form a person can fill by label', () => {
    const view = decideModal({ project: project(), metadata: { projectId: 'P1', channel: 'C0PROJECT1' } });
    const out = renderModal(view, CTX, { errors: { [DECIDE_FIELD.question]: 'Write a question' } });
    expect(out).not.toContain('bk-unknown');
    expectInert(out);
    const dom = fakeDom(out);
    expect(byLabel(dom, 'Question').attrs).toMatchObject({
      'data-input-type': 'plain_text_input',
      'aria-invalid': 'true',
      maxlength: '150',
    });
    expect(byLabel(dom, 'Context').tag).toBe('textarea');
    expect(byLabel(dom, 'Impact').value).toBe('normal');
    expect(byLabel(dom, 'Budget impact').attrs).toMatchObject({ type: 'number', min: '0', step: 'any' });
    expect(byLabel(dom, 'Needed by').attrs.type).toBe('date');
    const labels = descendants(dom).filter((n) => n.tag === 'label' && n.attrs.for !== undefined);
    for (const label of labels) expect(byId(dom, label.attrs.for ?? '')).toBeDefined();
    expect(out).toContain('data-kind="modal-submit">Send</button>');
  });

  it('renders the delegate modal and a /decide list answer', () => {
    const story = new Story();
    const modal = renderModal(
      delegateModal({ decision: story.decision, project: story.project, actor: U.spoc }),
      CTX,
    );
    expect(modal).not.toContain('bk-unknown');
    expect(modal).toContain('data-input-type="static_select"');
    const list = renderMessageContent(
      listMessage({ project: story.project, decisions: [story.decision], now: later(60) }),
      CTX,
    );
    expect(list).not.toContain('bk-unknown');
    expectInert(list);
  });

  it('renders the App Home', () => {
    const story = new Story();
    const home = appHome({
      userId: U.spoc,
      waitingOnYou: [story.decision],
      yourRequests: [],
      recentOutcomes: [],
      projectsById: { P1: story.project },
      now: later(60),
      timeZone: ZONE,
    });
    const out = renderHome(home, CTX);
    expect(out).toContain('<div class="bk-home"><div class="bk-blocks bk-surface-home">');
    expect(out).not.toContain('bk-unknown');
    expectInert(out);
  });
});

describe('collectInputValues', () => {
  const modal = renderModal(
    {
      type: 'modal',
      title: plain('Form'),
      blocks: [
        { type: 'section', text: md('No input here') },
        actions({ type: 'static_select', action_id: 'outside', options: [option('A', 'a')] })[0],
        inputBlock({ type: 'plain_text_input', initial_value: 'typed' }, { block_id: 'text' }),
        inputBlock({ type: 'plain_text_input' }, { block_id: 'empty' }),
        inputBlock(
          { type: 'plain_text_input', multiline: true, initial_value: 'a\nb' },
          { block_id: 'area' },
        ),
        inputBlock(
          { type: 'number_input', is_decimal_allowed: true, initial_value: '2.5' },
          { block_id: 'number' },
        ),
        inputBlock({ type: 'email_text_input' }, { block_id: 'email' }),
        inputBlock({ type: 'url_text_input', initial_value: 'https://x.io' }, { block_id: 'url' }),
        inputBlock({ type: 'datepicker', initial_date: '2026-12-24' }, { block_id: 'date' }),
        inputBlock({ type: 'datepicker' }, { block_id: 'nodate' }),
        inputBlock({ type: 'timepicker', initial_time: '09:30' }, { block_id: 'time' }),
        inputBlock({ type: 'datetimepicker', initial_date_time: 1_800_000_000 }, { block_id: 'when' }),
        inputBlock(
          {
            type: 'static_select',
            options: [option('A', 'a'), option('B', 'b')],
            initial_option: option('B', 'b'),
          },
          { block_id: 'select' },
        ),
        inputBlock({ type: 'static_select', options: [option('A', 'a')] }, { block_id: 'unselected' }),
        inputBlock(
          {
            type: 'multi_static_select',
            options: [option('A', 'a'), option('B', 'b'), option('C', 'c')],
            initial_options: [option('A', 'a'), option('C', 'c')],
          },
          { block_id: 'multi' },
        ),
        inputBlock({ type: 'users_select', initial_user: 'U2' }, { block_id: 'user' }),
        inputBlock({ type: 'multi_users_select', initial_users: ['U1'] }, { block_id: 'users' }),
        inputBlock(
          { type: 'conversations_select', initial_conversation: 'C1' },
          { block_id: 'conversation' },
        ),
        inputBlock({ type: 'channels_select' }, { block_id: 'channel' }),
        inputBlock(
          {
            type: 'radio_buttons',
            options: [option('Y', 'y'), option('N', 'n')],
            initial_option: option('N', 'n'),
          },
          { block_id: 'radio' },
        ),
        inputBlock({ type: 'radio_buttons', options: [option('Y', 'y')] }, { block_id: 'noradio' }),
        inputBlock(
          {
            type: 'checkboxes',
            options: [option('1', '1'), option('2', '2'), option('3', '3')],
            initial_options: [option('2', '2')],
          },
          { block_id: 'boxes' },
        ),
      ],
    },
    CTX,
  );

  it('reads every input block of a rendered modal, initial values included', () => {
    expect(collectInputValues(fakeDom(modal))).toEqual({
      text: 'typed',
      empty: null,
      area: 'a\nb',
      number: '2.5',
      email: null,
      url: 'https://x.io',
      date: '2026-12-24',
      nodate: null,
      time: '09:30',
      when: 1_800_000_000,
      select: 'b',
      unselected: null,
      multi: ['a', 'c'],
      user: 'U2',
      users: ['U1'],
      conversation: 'C1',
      channel: null,
      radio: 'n',
      noradio: null,
      boxes: ['2'],
    });
  });

  it('reads what the person changed', () => {
    const dom = fakeDom(modal);
    byId(dom, 'bk--text--a1').value = '';
    byId(dom, 'bk--time--a1').value = '10:15:00';
    const multi = byId(dom, 'bk--multi--a1');
    for (const o of multi.options) o.selected = o.value === 'b';
    const boxes = descendants(dom).filter((n) => n.tag === 'input' && n.attrs.name === 'bk--boxes--a1');
    for (const box of boxes) box.checked = box.attrs.value !== '2';
    expect(collectInputValues(dom)).toMatchObject({
      text: null,
      time: '10:15',
      multi: ['b'],
      boxes: ['1', '3'],
    });
  });
});

describe('the modules run anywhere', () => {
  it('do not need a DOM to be imported or to render', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    expect(renderBlocks([{ type: 'divider' }], {})).toContain('bk-divider-line');
    expect(renderMrkdwn('<@U1>')).toBe(mention('@U1'));
  });

  it('keep every visible word in STRINGS', () => {
    expect(STRINGS).toMatchObject({
      cancel: 'Cancel',
      optional: '(optional)',
      chooseOption: 'Choose an option',
    });
    expect(Object.isFrozen(STRINGS)).toBe(true);
  });
});

/** What a datetime-local input shows for epoch seconds, in this machine's zone (as the browser would). */
function localInput(seconds: number): string {
  const d = new Date(seconds * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}
