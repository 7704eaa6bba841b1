/** The problem collector of the project file: each problem names the path of the bad value and its line. */

/** Where a value sits in the file: keys and list indexes from the top, e.g. `['projects', 0, 'sla']`. */
export type Path = readonly (string | number)[];

/**
 * A person the file names by email address instead of a Slack user ID: the address (lower case) and where it
 * is (`projects[0].sponsors[1] (line 12)`), for the start-up problem when Slack does not know it.
 */
export interface EmailRef {
  readonly email: string;
  readonly where: string;
}

/** Problems found so far, each tied to a path and, when the node exists in the YAML, its line. */
export class Problems {
  readonly list: string[] = [];
  /** The email addresses read so far (people are resolved with Slack at start-up, where a line is wanted). */
  readonly emails: EmailRef[] = [];
  constructor(private readonly lineOf: (path: Path) => number | undefined) {}

  add(path: Path, message: string): void {
    this.list.push(`${this.where(path)}: ${message}`);
  }

  /** `projects[0].sla.high (line 20)`: the path and, when known, its line. */
  where(path: Path): string {
    const line = this.lineOf(path);
    const at = path.length === 0 ? 'top level' : formatPath(path);
    return `${at}${line === undefined ? '' : ` (line ${line})`}`;
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
