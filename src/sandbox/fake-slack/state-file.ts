import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { isObject } from '../json.js';
import { FileStore, type FileStoreState } from './file-store.js';
import { IdFactory, type IdFactoryState } from './ids.js';
import { Tickets, type TicketsState } from './tickets.js';
import { ViewStore, type ViewStoreState } from './view-store.js';
import { Workspace, type WorkspaceState } from './workspace.js';

export const STATE_VERSION = 1;
/** Changes within this window go into one write. */
export const SAVE_DELAY_MS = 200;

/**
 * The fake's state file: what a person sees again after a restart, and the ID generator's position so no ID
 * repeats. Not saved: the recorded calls, violations and injected faults (a test's business, not a person's).
 */
export interface FakeSlackState {
  version: typeof STATE_VERSION;
  ids: IdFactoryState;
  workspace: WorkspaceState;
  views: ViewStoreState;
  files: FileStoreState;
  tickets: TicketsState;
}

const SECTIONS = ['ids', 'workspace', 'views', 'files', 'tickets'] as const;

/** The stateful parts of the fake, all sharing one IdFactory. */
export interface StateParts {
  ids: IdFactory;
  workspace: Workspace;
  views: ViewStore;
  files: FileStore;
  tickets: Tickets;
}

/** A state file the sandbox cannot use; the message names the file and how to start over. */
export class StateFileError extends Error {
  constructor(
    readonly path: string,
    problem: string,
    options?: ErrorOptions,
  ) {
    super(
      `The fake Slack state file ${path} ${problem}. Start the sandbox over with its --reset flag, or delete the file.`,
      options,
    );
    this.name = 'StateFileError';
  }
}

export function snapshotState(parts: StateParts): FakeSlackState {
  return {
    version: STATE_VERSION,
    ids: parts.ids.snapshot(),
    workspace: parts.workspace.snapshot(),
    views: parts.views.snapshot(),
    files: parts.files.snapshot(),
    tickets: parts.tickets.snapshot(),
  };
}

/** The saved state, or undefined when there is no file yet. */
export async function readStateFile(path: string): Promise<FakeSlackState | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw new StateFileError(path, `cannot be read (${messageOf(error)})`, { cause: error });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(path, `is not valid JSON (${messageOf(error)})`, { cause: error });
  }
  if (!isObject(parsed)) throw new StateFileError(path, 'does not hold a JSON object');
  if (parsed.version !== STATE_VERSION) {
    throw new StateFileError(
      path,
      `has version ${JSON.stringify(parsed.version)}, but this sandbox reads version ${STATE_VERSION}`,
    );
  }
  const missing = SECTIONS.filter((key) => !isObject(parsed[key]));
  if (missing.length > 0) throw new StateFileError(path, `has no ${missing.join(', ')} section`);
  // The file is the fake's own output; a hand-edited one that breaks the types fails in restoreState.
  return parsed as unknown as FakeSlackState;
}

/** Rebuilds the parts from a saved state; `responseBaseUrl` is the fake's current hooks URL. */
export function restoreState(
  path: string,
  state: FakeSlackState,
  env: { now: () => number; responseBaseUrl: string },
): StateParts {
  try {
    const ids = IdFactory.restore(state.ids);
    const workspace = Workspace.restore(ids, env.now, state.workspace);
    return {
      ids,
      workspace,
      views: ViewStore.restore(ids, env.now, workspace.app, state.views),
      files: FileStore.restore(ids, state.files),
      tickets: Tickets.restore(ids, env.now, env.responseBaseUrl, state.tickets),
    };
  } catch (error) {
    throw new StateFileError(path, `holds a state this sandbox cannot restore (${messageOf(error)})`, {
      cause: error,
    });
  }
}

/**
 * Saves the state debounced: the first change arms a timer, changes until it fires go into the same write.
 * Writes run one after another, each from a snapshot taken when it was queued, so the file ends at the
 * newest state.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => FakeSlackState,
    /** A failed background write (disk full...); the fake keeps running. */
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = SAVE_DELAY_MS,
  ) {}

  schedule(): void {
    if (this.closed || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save().catch(this.onError);
    }, this.delayMs);
  }

  /** Saves now, pending change or not (seeding does not notify), and ignores later changes. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private async save(): Promise<void> {
    const text = JSON.stringify(this.snapshot());
    const write = this.queue.then(() => writeAtomically(this.path, text));
    this.queue = write.catch(() => {}); // a failed write must not block the next one
    await write;
  }
}

let tempCounter = 0;

/** Temp file in the same folder, flushed to disk, then renamed: a crash leaves the old file or the new one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  tempCounter += 1;
  const temp = `${path}.${process.pid}.${tempCounter}.tmp`;
  try {
    const file = await open(temp, 'w');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
