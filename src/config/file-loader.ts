/** Reads the project file from disk: the only reader of the file. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXAMPLE_CONFIG_FILE } from './defaults.js';
import { checkProjectsFile, type ProjectFile } from './project-file.js';

/** The checked project file at `path`, or its problems, each prefixed with the path. */
export function loadProjectFile(
  path: string,
  readFile: (path: string) => string = (file) => readFileSync(file, 'utf8'),
): ProjectFile | { problems: string[] } {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    return { problems: [`${path}: ${readProblem(path, error)}`] };
  }
  const checked = checkProjectsFile(text);
  return 'problems' in checked ? { problems: checked.problems.map((p) => `${path}: ${p}`) } : checked;
}

function readProblem(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return (
      `the project file does not exist (looked for ${resolve(path)}). Start from the example: ` +
      `cp ${EXAMPLE_CONFIG_FILE} decide.config.yml, then edit it (or set DECIDE_CONFIG to your file's path)`
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return `the project file cannot be read (${reason})`;
}
