import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

/**
 * What the bot's code uses of Slack, read from the code itself, so the manifest's scopes and event
 * subscriptions are checked against it rather than against a list kept by hand:
 * - every Web API method called on a WebClient (`client.users.profile.get(…)`, however the chain is broken over
 *   lines), among the methods @slack/web-api declares (each one's API reference link in its typings);
 * - every event listened to: `app.event('<name>')` with a literal name; `app.event('message')` and
 *   `app.message(…)` count as `message.im` (the bot's message listener answers people in its DM).
 * The stand-in (`src/sandbox/`) is Slack's side and is left out. (TypeScript 7 has no compiler API to ask the
 * type checker, hence a scan of the text; a test guards it with calls it must find.)
 */
export interface SlackUsage {
  /** Method name → the source files calling it (relative to the project root). */
  readonly methods: ReadonlyMap<string, readonly string[]>;
  readonly events: ReadonlyMap<string, readonly string[]>;
}

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path.endsWith(join('src', 'sandbox')) ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every method the WebClient has, from the reference links in @slack/web-api's typings. */
export function webClientMethods(): Set<string> {
  const require = createRequire(import.meta.url);
  const typings = join(dirname(require.resolve('@slack/web-api')), 'methods.d.ts');
  const text = readFileSync(typings, 'utf8');
  return new Set(
    [...text.matchAll(/docs\.slack\.dev\/reference\/methods\/([a-zA-Z.]+)/g)].map((m) => m[1] ?? ''),
  );
}

/** `client.users.profile.get(` with any whitespace (line breaks) around the dots. */
function callPattern(method: string): RegExp {
  const chain = method.split('.').join('\\s*\\.\\s*');
  return new RegExp(`\\bclient\\s*\\.\\s*${chain}\\s*\\(`);
}

export function slackUsage(): SlackUsage {
  const known = [...webClientMethods()].map((method) => ({ method, pattern: callPattern(method) }));
  const methods = new Map<string, string[]>();
  const events = new Map<string, string[]>();
  const note = (map: Map<string, string[]>, key: string, file: string) => {
    map.set(key, [...(map.get(key) ?? []), file]);
  };
  for (const file of sourceFiles(resolve(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    const relative = file.slice(ROOT.length + 1);
    for (const { method, pattern } of known) if (pattern.test(text)) note(methods, method, relative);
    for (const m of text.matchAll(/\bapp\s*\.\s*event\(\s*'([a-z_.]+)'/g)) {
      // The bot's `message` listener answers people in its DM: the subscription is `message.im`.
      note(events, m[1] === 'message' ? 'message.im' : (m[1] ?? ''), relative);
    }
    if (/\bapp\s*\.\s*message\(/.test(text)) note(events, 'message.im', relative);
  }
  return { methods, events };
}
