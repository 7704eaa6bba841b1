import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder with a package.json above this module, so the same lookup works from
 * `src/` under tsx/vitest and from `dist/` after a build (files that are not compiled, such as Slack's
 * reference data and the sandbox page's assets, are read from `src/` in both cases).
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

/**
 * Slack's reference data: the project's own copy in `src/sandbox/reference/` (its README says where each file
 * comes from and under which licence), so a clone needs nothing beside it.
 */
export function resolveReferenceDir(referenceDir?: string): string {
  const dir = referenceDir ?? path.join(projectRoot(), 'src', 'sandbox', 'reference');
  if (!existsSync(path.join(dir, 'methods'))) {
    throw new Error(
      `Slack reference data not found at ${dir} (expected methods/, block-kit/, events/, manifest/). ` +
        'It is part of the project (src/sandbox/reference/); restore it from git or pass referenceDir.',
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
