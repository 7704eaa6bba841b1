import type { DecisionRequest } from './decision.js';

/**
 * A short fingerprint of what a decider reads before answering: the question, its context, the options, the
 * budget impact, the needed-by date and the default. Buttons and forms carry the stamp of the version they
 * showed, so an answer to a request that was edited meanwhile is refused instead of applied to words the
 * decider never saw. FNV-1a (32 bits): collisions only matter between two versions of one request.
 */
export function contentStamp(d: DecisionRequest): string {
  const text = JSON.stringify([
    d.question,
    d.context,
    d.options.map((o) => [o.id, o.label]),
    d.budgetImpact ?? null,
    d.neededBy ?? null,
    d.defaultOptionId ?? null,
  ]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}
