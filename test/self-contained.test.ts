import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, resolveReferenceDir } from '../src/sandbox/reference.js';

/**
 * A clone must build, run its sandbox and pass its tests with nothing beside it: no code, test, config or CI
 * script may reach outside the repository (as `../shared/slack-reference` once did).
 */
const ROOT = projectRoot();
const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
  .split('\0')
  .filter((file) => /\.(ts|js|mjs|json|ya?ml)$|^\.ci\//.test(file))
  .filter((file) => !file.startsWith('src/sandbox/reference/') && file !== 'package-lock.json')
  .filter((file) => file !== 'test/self-contained.test.ts'); // this file names the pattern it looks for

describe('the project is self-contained', () => {
  it('finds tracked code and scripts to check', () => {
    expect(tracked).toContain('.ci/run');
    expect(tracked).toContain('src/sandbox/reference.ts');
  });

  it('no code, test or CI script refers to a folder outside the repository', () => {
    const outside = tracked.filter((file) => /\.\.\/shared\b|shared\/slack-reference/.test(read(file)));
    expect(outside).toEqual([]);
  });

  it("reads Slack's reference data from the project's own copy", () => {
    const dir = resolveReferenceDir();
    expect(relative(ROOT, dir)).toBe(join('src', 'sandbox', 'reference'));
    for (const part of [
      'methods/chat.postMessage.json',
      'block-kit/Blocks.schema.json',
      'events/events.json',
    ]) {
      expect(() => JSON.parse(read(join(relative(ROOT, dir), part)))).not.toThrow();
    }
  });
});

function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}
