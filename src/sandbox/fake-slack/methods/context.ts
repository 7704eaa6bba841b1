import type { Json } from '../../json.js';
import type { FileStore } from '../file-store.js';
import type { IdFactory } from '../ids.js';
import type { SocketModeServer } from '../socket-mode.js';
import type { Tickets } from '../tickets.js';
import type { BlockKitValidator } from '../validation/block-kit.js';
import type { ViewStore } from '../view-store.js';
import type { Workspace } from '../workspace.js';

/** Everything a method handler may read or change. */
export interface FakeState {
  ids: IdFactory;
  ws: Workspace;
  views: ViewStore;
  files: FileStore;
  tickets: Tickets;
  blockKit: BlockKitValidator;
  now: () => number;
  /** 'http://127.0.0.1:PORT/' */
  baseUrl: string;
  /** Socket Mode: the links `apps.connections.open` hands out. */
  socket: Pick<SocketModeServer, 'openLink'>;
}

export interface MethodContext extends FakeState {
  args: Args;
  /** Records a violation for a call Slack accepts anyway (so the call still succeeds, as it would on Slack). */
  softViolation(code: string, ...details: string[]): void;
}

/** Returns the success fields (without `ok`) or throws a SlackApiError. */
export type MethodHandler = (ctx: MethodContext) => Json;

/** Arguments as Slack reads them: form fields are strings, so booleans and numbers are parsed here. */
export class Args {
  constructor(readonly raw: Json) {}

  has(name: string): boolean {
    return this.raw[name] !== undefined && this.raw[name] !== '';
  }

  string(name: string): string | undefined {
    const value = this.raw[name];
    if (typeof value === 'string') return value === '' ? undefined : value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /** For arguments the reference marks required: checked before the handler runs. */
  required(name: string): string {
    return this.string(name) ?? '';
  }

  bool(name: string): boolean {
    const value = this.raw[name];
    return value === true || value === 'true' || value === '1' || value === 1;
  }

  int(name: string): number | undefined {
    const value = this.raw[name];
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
    return Number.isInteger(number) ? number : undefined;
  }

  /** A JSON argument, already decoded by the server; a string left here was not valid JSON. */
  json(name: string): unknown {
    return this.raw[name];
  }
}
