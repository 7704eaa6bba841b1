/** The bot's log after the run, summed up for the report. */
import { readFileSync } from 'node:fs';

export interface LogSummary {
  readonly byLevel: Map<string, number>;
  readonly top: string[];
}

/** The bot's log (JSON lines): counts by level, and the most frequent warnings and errors. */
export function logSummary(path: string): LogSummary {
  const byLevel = new Map<string, number>();
  const messages = new Map<string, number>();
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { byLevel, top: [] };
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: { level?: unknown; msg?: unknown; error?: unknown } | undefined;
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      entry = undefined;
    }
    const level = entry === undefined ? 'not JSON' : String(entry.level);
    byLevel.set(level, (byLevel.get(level) ?? 0) + 1);
    if (entry === undefined || ['warn', 'error', 'fatal', '40', '50', '60'].includes(level)) {
      const key =
        entry === undefined
          ? line.slice(0, 100)
          : `${level} "${String(entry.msg)}"${entry.error === undefined ? '' : ` (${String(entry.error).slice(0, 80)})`}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    }
  }
  const top = [...messages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([m, n]) => `${n} x ${m}`);
  return { byLevel, top };
}
