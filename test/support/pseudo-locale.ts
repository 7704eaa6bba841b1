/**
 * A stand-in second language for tests of the plumbing: every word of the English set wrapped in ⟪…⟫, so a
 * rendering shows which of its words came from the reader's set and which did not (a constant captured at
 * import, a sentence written in a builder). Independent of the real translation, which may say anything.
 *
 * Use it in place of the Indonesian set with
 *   vi.mock('<path to>/src/slack/text/id.js', async () => {
 *     const { pseudoIndonesian } = await import('<path to>/test/support/pseudo-locale.js');
 *     return { id: await pseudoIndonesian() };
 *   });
 */
export function pseudo<T>(value: T): T {
  if (typeof value === 'string') return mark(value) as T;
  if (typeof value === 'function') {
    const fn = value as (...args: unknown[]) => unknown;
    return ((...args: unknown[]) => {
      const result = fn(...args);
      return typeof result === 'string' ? mark(result) : result;
    }) as T;
  }
  if (Array.isArray(value)) return value.map(pseudo) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudo(v)])) as T;
  return value;
}

export const OPEN = '⟪';
export const CLOSE = '⟫';

function mark(text: string): string {
  return text === '' ? text : `${OPEN}${text}${CLOSE}`;
}

/** The pseudo set, made from the English one. */
export async function pseudoIndonesian() {
  const { en } = await import('../../src/slack/text/en.js');
  return pseudo(en);
}

/** A text with every marked part taken out (innermost first): what the reader's set did not word. */
export function unmarked(text: string): string {
  let rest = text;
  for (;;) {
    const next = rest.replace(/⟪[^⟪⟫]*⟫/g, ' ');
    if (next === rest) return rest;
    rest = next;
  }
}

/** The text was worded by the reader's set (it carries a mark). */
export function isMarked(text: string): boolean {
  return text.includes(OPEN);
}
