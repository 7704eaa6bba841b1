import { linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decisionLog } from '../app/decision-log.js';
import type { AppDeps } from '../app/deps.js';
import { projectLocale } from '../app/languages.js';
import type { Instant } from '../domain/time.js';
import { optionLabel } from '../slack/blocks/facts.js';
import { inLocale } from '../slack/text/index.js';
import { logFile } from './log-file.js';

/**
 * Writes the decision log (the JSON of `npm run export -- --format json`) of these decisions of the project into
 * `dir` before the retention job deletes them: `deleted-decisions-<project>-<instant>.json`, one file per
 * project and run, in the project's language. The file is complete under its name or not there at all (written
 * aside, then linked); an existing file is never overwritten. Throws, so that nothing is deleted, when the
 * folder cannot be written or a decision is missing from the log.
 */
export async function archiveDecisions(
  deps: Pick<AppDeps, 'decisions' | 'projects' | 'clock'>,
  dir: string,
  projectId: string,
  decisionIds: readonly string[],
  at: Instant,
): Promise<string> {
  const project = deps.projects.byId(projectId);
  const wanted = new Set(decisionIds);
  const content = await inLocale(projectLocale(project), async () => {
    const rows = (await decisionLog(deps, projectId, undefined, optionLabel)).filter((r) => wanted.has(r.id));
    if (rows.length !== wanted.size)
      throw new Error(`only ${rows.length} of the ${wanted.size} decisions to delete could be exported`);
    return logFile(rows, 'json', { projectId, timeZone: deps.projects.timezone, at }).content;
  });
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '');
  const path = resolve(join(dir, `deleted-decisions-${projectId}-${stamp}.json`));
  const partial = `${path}.partial`;
  try {
    writeFileSync(partial, content, { flag: 'wx' });
    // A hard link appears whole, and fails (EEXIST) rather than replace a file already there.
    linkSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
  return path;
}
