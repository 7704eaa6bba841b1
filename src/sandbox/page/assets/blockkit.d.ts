import type { RenderContext } from './mrkdwn.js';

export type { RenderContext, RenderFile, RenderUser } from './mrkdwn.js';
export { escapeHtml, renderMrkdwn } from './mrkdwn.js';

/** Every word the renderer shows itself. */
export declare const STRINGS: {
  readonly unsupportedBlock: string;
  readonly unsupportedElement: string;
  readonly optional: string;
  readonly chooseOption: string;
  readonly chooseOptions: string;
  readonly selectPerson: string;
  readonly selectPeople: string;
  readonly selectConversation: string;
  readonly selectConversations: string;
  readonly selectChannel: string;
  readonly selectChannels: string;
  readonly selectDate: string;
  readonly selectTime: string;
  readonly selectDateTime: string;
  readonly moreActions: string;
  readonly moreActionsIcon: string;
  readonly cancel: string;
  readonly close: string;
  readonly closeIcon: string;
  readonly back: string;
  readonly backIcon: string;
  readonly file: string;
  readonly fileIcon: string;
  readonly video: string;
  readonly image: string;
};

export type Surface = 'message' | 'modal' | 'home';

export interface RenderOptions {
  readonly surface?: Surface | undefined;
  /** Error messages by block_id, shown under those input blocks. */
  readonly errors?: Readonly<Record<string, string>> | undefined;
  /** Prefix of the generated HTML ids (default `bk`), for pages showing several forms at once. */
  readonly idPrefix?: string | undefined;
}

export interface ModalOptions {
  readonly errors?: Readonly<Record<string, string>> | undefined;
  /** Shows the back button (a view pushed onto another). */
  readonly canGoBack?: boolean | undefined;
  readonly idPrefix?: string | undefined;
}

/** Slack JSON as received: the renderers accept anything and show what they do not know. */
export declare function renderText(textObject: unknown, ctx?: RenderContext): string;
export declare function renderBlocks(blocks: unknown, ctx?: RenderContext, options?: RenderOptions): string;
export declare function renderMessageContent(message: unknown, ctx?: RenderContext): string;
export declare function renderModal(view: unknown, ctx?: RenderContext, options?: ModalOptions): string;
export declare function renderHome(view: unknown, ctx?: RenderContext): string;

/** The part of a DOM element `collectInputValues` uses (a real element or a test double). */
export interface ControlLike {
  getAttribute(name: string): string | null;
  readonly value?: string | undefined;
  readonly checked?: boolean | undefined;
  readonly selected?: boolean | undefined;
  readonly disabled?: boolean | undefined;
  readonly options?: ArrayLike<ControlLike> | Iterable<ControlLike> | undefined;
  querySelectorAll?(selectors: string): ArrayLike<ControlLike> | Iterable<ControlLike>;
}

export interface RootLike {
  querySelectorAll(selectors: string): ArrayLike<ControlLike> | Iterable<ControlLike>;
}

/** What a person entered in one input block. */
export type InputValue = string | number | string[] | null;

/** `{ [blockId]: value }` for every input block rendered inside `root`. */
export declare function collectInputValues(root: RootLike): Record<string, InputValue>;
