/** Unknown keys in a mapping of the project file, each reported with the closest known key as a suggestion. */
import type { Path, Problems } from './problems.js';

/** Reports unknown keys; returns the known keys suggested for them (so "missing" is not reported twice). */
export function checkKeys(
  problems: Problems,
  path: Path,
  obj: Record<string, unknown>,
  known: readonly string[],
): Set<string> {
  const suggested = new Set<string>();
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const suggestion = closest(key, known);
    if (suggestion !== undefined && obj[suggestion] === undefined) suggested.add(suggestion);
    const hint = suggestion === undefined ? `known keys: ${known.join(', ')}` : `did you mean ${suggestion}?`;
    problems.add([...path, key], `unknown key (${hint})`);
  }
  return suggested;
}

function closest(key: string, candidates: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const k = norm(key);
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const c = norm(candidate);
    const contains = Math.min(k.length, c.length) >= 4 && (c.includes(k) || k.includes(c));
    const distance = contains ? 0.5 : levenshtein(k, c);
    const limit = Math.max(1, Math.floor(c.length / 3));
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
