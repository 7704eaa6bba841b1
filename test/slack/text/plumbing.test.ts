import { describe, expect, it, vi } from 'vitest';
import { inLocale, t } from '../../../src/slack/text/index.js';
import { isMarked, unmarked } from '../../support/pseudo-locale.js';
import { readable, renderings, TYPED } from './renderings.js';

// The second language is the pseudo set here (every word marked ⟪…⟫), whatever the real translation says.
vi.mock('../../../src/slack/text/id.js', async () => {
  const { pseudoIndonesian } = await import('../../support/pseudo-locale.js');
  return { id: await pseudoIndonesian() };
});

/** Names from the project file (its name, its key users' domains): shown as configured in any language. */
const CONFIGURED = ['Odoo rollout, PT Maju', 'inventory', 'accounting', 'payroll'];

/**
 * Words left once the set's words, what people typed, configured names, mentions, links, emoji and code are
 * out: each one a word the reader's set did not give (one word is enough: an option label, a button).
 */
function stray(text: string): string[] {
  let s = unmarked(text);
  for (const typed of [...Object.values(TYPED), ...CONFIGURED]) s = s.split(typed).join(' ');
  s = s
    .replace(/<[^>]*>/g, ' ')
    .replace(/:[a-z0-9_+-]+:/g, ' ')
    .replace(/`[^`]*`/g, ' ');
  return s.match(/[A-Za-z]{3,}/g) ?? [];
}

describe('the reader’s set words every builder (pseudo second language)', () => {
  it('is the pseudo set inside an id scope, English outside', () => {
    expect(inLocale('id', () => t.decideModal.title)).toBe('⟪Ask for a decision⟫');
    expect(t.decideModal.title).toBe('Ask for a decision');
  });

  it.each(renderings().map((r) => [r.name, r] as const))(
    '%s: every word a person reads comes from the reader’s set',
    (_name, r) => {
      const texts = readable(inLocale('id', () => r.render()));
      expect(texts.some(isMarked)).toBe(true);
      expect(texts.flatMap(stray)).toEqual([]);
    },
  );
});
