/** YAML text → plain data, keeping the document around to tell the line of any path for problem reports. */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLError } from 'yaml';
import { type Path, Problems } from './problems.js';

/** The data of the YAML text and a problem collector that knows its lines; or why it cannot be read. */
export function parseYaml(text: string): { data: unknown; problems: Problems } | { errors: string[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return { errors: doc.errors.map(syntaxError) };

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // e.g. an alias bomb (yaml's maxAliasCount) or an alias to nothing.
    return { errors: [`YAML cannot be read: ${error instanceof Error ? error.message : String(error)}`] };
  }
  return { data, problems: new Problems((path) => lineOf(doc.contents, path, lineCounter)) };
}

function syntaxError(error: YAMLError): string {
  const pos = error.linePos?.[0];
  const where = pos === undefined ? '' : ` at line ${pos.line}, column ${pos.col}`;
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.message;
  return `YAML syntax error${where}: ${message}`;
}

/** The line of the deepest node on `path` that exists (the key's line for a mapping entry). */
function lineOf(contents: unknown, path: Path, lineCounter: LineCounter): number | undefined {
  let node = contents;
  let offset = rangeStart(node);
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      offset = rangeStart(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0];
}
