import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Slack's reference data lives in `../shared/slack-reference` beside the project and is read in place, never
 * copied. The project root is the nearest folder with a package.json above this module, so the same lookup
 * works from `src/` under tsx/vitest and from `dist/src/` after a build.
 */
export function projectRoot(fromDir = path.dirname(fileURLToPath(import.meta.url))): string {
  let dir = fromDir;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json found above ${fromDir}`);
    dir = parent;
  }
  return dir;
}

export function resolveReferenceDir(referenceDir?: string): string {
  const dir = referenceDir ?? path.resolve(projectRoot(), '../shared/slack-reference');
  if (!existsSync(path.join(dir, 'methods'))) {
    throw new Error(
      `Slack reference data not found at ${dir} (expected methods/, block-kit/, events/). ` +
        'Place shared/slack-reference beside the project or pass referenceDir.',
    );
  }
  return dir;
}

const cache = new Map<string, unknown>();

/** Reads and caches one JSON file of the reference data; undefined when the file does not exist. */
export function readReferenceJson(referenceDir: string, relative: string): unknown {
  const file = path.join(referenceDir, relative);
  if (!cache.has(file)) {
    cache.set(file, existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined);
  }
  return cache.get(file);
}
