/** `dist/`, which the bot runs from: built first when older than `src/`. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { distIsStale, MAIN, ROOT } from '../bot-dist.js';
import { seconds } from '../stats.js';

export { MAIN, ROOT } from '../bot-dist.js';

/** Builds `dist/` when stale (`tsc -b`, as `npm start` does); returns what was done, for the report. */
export function ensureBuilt(progress: (line: string) => void): string {
  if (!distIsStale()) return 'dist/ was up to date';
  progress('lifecycle: dist/ is stale, building it (tsc -b tsconfig.build.json)');
  const started = performance.now();
  const result = spawnSync('npx', ['tsc', '-b', 'tsconfig.build.json'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    if (!existsSync(MAIN))
      throw new Error(`the build failed (${result.status}):\n${result.stdout}${result.stderr}`);
    const first = `${result.stdout}${result.stderr}`.split('\n').find((l) => l.trim() !== '') ?? '';
    progress(`lifecycle: the build reported errors, running the dist/ it emitted: ${first}`);
    return `dist/ was stale: tsc -b reported errors (${first.trim()}), the emitted dist/ was run`;
  }
  return `dist/ was stale: tsc -b took ${seconds(performance.now() - started)} (not part of the figures)`;
}
