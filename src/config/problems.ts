/** The problem collector of the project file: each problem names the path of the bad value and its line. */

/** Where a value sits in the file: keys and list indexes from the top, e.g. `['projects', 0, 'sla']`. */
export type Path = readonly (string | number)[];

/** Problems found so far, each tied to a path and, when the node exists in the YAML, its line. */
export class Problems {
  readonly list: string[] = [];
  constructor(private readonly lineOf: (path: Path) => number | undefined) {}

  add(path: Path, message: string): void {
    const line = this.lineOf(path);
    const where = path.length === 0 ? 'top level' : formatPath(path);
    this.list.push(`${where}${line === undefined ? '' : ` (line ${line})`}: ${message}`);
  }
}

/** `projects[0].sla.high`; keys that are not plain names are quoted: `key_users["sales team"]`. */
function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
