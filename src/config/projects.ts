/** The `projects:` list of the project file: each project read, and ids and channels kept unique. */
import type { Project } from '../domain/project.js';
import { EXAMPLE_CONFIG_FILE } from './defaults.js';
import type { Path, Problems } from './problems.js';
import { readProject } from './project.js';
import type { Defaults } from './project-defaults.js';
import { isObj, readList, readRequired, type Section } from './readers.js';

/** The projects of the top level (`top` with the keys it misspelt). */
export function readProjects(problems: Problems, top: Section, defaults: Defaults): Project[] | undefined {
  const hint = `list at least one project; see ${EXAMPLE_CONFIG_FILE}`;
  return readRequired(problems, [], top, 'projects', hint, (_, path, value) =>
    readProjectList(problems, path, value, defaults),
  );
}

function readProjectList(
  problems: Problems,
  listPath: Path,
  value: unknown,
  defaults: Defaults,
): Project[] | undefined {
  const ids = new Map<string, number>();
  const channels = new Map<string, number>();
  return readList(problems, listPath, value, {
    expected: 'a list of projects (each starting with "- id: …")',
    empty: `the list is empty (add at least one project; see ${EXAMPLE_CONFIG_FILE})`,
    item: (path, item, index) => {
      const project = readProject(problems, path, item, defaults);
      // Uniqueness is checked on the raw values so that one clash is reported even if the project has other problems.
      const raw = isObj(item) ? item : {};
      const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id) : undefined;
      const channel = typeof raw.channel === 'string' ? raw.channel : undefined;
      const idIsNew = claim(problems, [...path, 'id'], ids, id, index, (first) => {
        return `"${id}" is already the id of projects[${first}] (each project needs its own id)`;
      });
      const channelIsNew = claim(problems, [...path, 'channel'], channels, channel, index, (first) => {
        return `${channel} is already the channel of projects[${first}] (each project needs its own channel)`;
      });
      return idIsNew && channelIsNew ? project : undefined;
    },
  });
}

/** Records where `key` is first used; on a later use, reports the clash (`clash` words it) and returns false. */
function claim(
  problems: Problems,
  path: Path,
  seen: Map<string, number>,
  key: string | undefined,
  index: number,
  clash: (first: number) => string,
): boolean {
  if (key === undefined) return true;
  const first = seen.get(key);
  if (first === undefined) {
    seen.set(key, index);
    return true;
  }
  problems.add(path, clash(first));
  return false;
}
