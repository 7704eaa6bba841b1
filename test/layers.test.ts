import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule of docs/architecture.md, checked on every import in src/: the domain imports nothing
 * outside itself; use cases only the domain; the Slack stand-in (and its page) only itself; adapters never the
 * stand-in nor the composition roots; only the entry point loads sandbox mode.
 */
const SRC = resolve(import.meta.dirname, '../src');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'reference' ? [] : filesUnder(path);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `folder/file` of each relative import (static or dynamic), as a path inside src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1] ?? '');
  return specifiers.map((s) => relative(SRC, resolve(dirname(file), s)));
}

const layer = (path: string) => (path.includes('/') ? (path.split('/')[0] ?? '') : path.replace(/\.js$/, ''));

const ALLOWED: Record<string, (target: string) => boolean> = {
  domain: (t) => t === 'domain',
  app: (t) => t === 'app' || t === 'domain',
  sandbox: (t) => t === 'sandbox',
  slack: (t) => !['sandbox', 'sandbox-mode', 'compose', 'main', 'jobs', 'storage'].includes(t),
  jobs: (t) => !['sandbox', 'sandbox-mode', 'compose', 'main', 'slack', 'storage'].includes(t),
  storage: (t) => !['sandbox', 'sandbox-mode', 'compose', 'main', 'slack', 'jobs'].includes(t),
  config: (t) => t === 'config' || t === 'domain',
};

describe('the dependency rule', () => {
  const files = filesUnder(SRC).map((file) => ({ file: relative(SRC, file), imports: importsOf(file) }));

  it('reads the imports of every source file', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files.find((f) => f.file === 'main.ts')?.imports).toContain('compose.js');
  });

  it('no folder imports a layer it must not', () => {
    const broken = files.flatMap(({ file, imports }) => {
      const allowed = ALLOWED[layer(file)];
      return allowed === undefined
        ? []
        : imports.filter((t) => !allowed(layer(t))).map((t) => `${file} → ${t}`);
    });
    expect(broken).toEqual([]);
  });

  it('only the entry point loads sandbox mode', () => {
    const loaders = files.filter(
      ({ file, imports }) =>
        layer(file) !== 'sandbox-mode' && imports.some((t) => layer(t) === 'sandbox-mode'),
    );
    expect(loaders.map((f) => f.file)).toEqual(['main.ts']);
  });
});
