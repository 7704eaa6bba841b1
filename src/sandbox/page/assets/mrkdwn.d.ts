/** A user as the page knows it, for mentions and user selects. */
export interface RenderUser {
  readonly name: string;
  readonly realName?: string | undefined;
}

/** A file the page can show: `url` is where the page fetches its bytes. */
export interface RenderFile {
  readonly id: string;
  readonly name?: string | undefined;
  readonly title?: string | undefined;
  readonly mimetype?: string | undefined;
  readonly url?: string | undefined;
}

/** What the renderers look IDs up in. Every table is optional; an unknown ID is shown as the ID. */
export interface RenderContext {
  readonly users?: Readonly<Record<string, RenderUser>> | undefined;
  readonly channels?: Readonly<Record<string, { readonly name: string }>> | undefined;
  readonly files?: Readonly<Record<string, RenderFile>> | undefined;
}

/** Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values. */
export declare function escapeHtml(text: unknown): string;

/** Undoes Slack's `&amp;`, `&lt;` and `&gt;` in one pass. */
export declare function decodeSlackEntities(text: string): string;

/** Slack mrkdwn as safe HTML. */
export declare function renderMrkdwn(text: string | null | undefined, ctx?: RenderContext): string;

/** A user's real name, else name, else the ID. */
export declare function userName(id: string, ctx?: RenderContext): string;

/** A channel's name, else the ID. */
export declare function channelName(id: string, ctx?: RenderContext): string;

/** A mention chip around plain `label` text. */
export declare function mentionHtml(label: string, extraClass?: string): string;

/** The normalised URL if it may be a link (http(s), mailto, tel, same-site path), else undefined. */
export declare function safeLinkUrl(url: unknown): string | undefined;

/** The normalised URL if it may be an image source (http(s), same-site path, data:image), else undefined. */
export declare function safeImageUrl(url: unknown): string | undefined;

/** `<a target="_blank" rel="noopener noreferrer">` around `labelHtml`, or the label alone for an unsafe URL. */
export declare function linkHtml(url: unknown, labelHtml: string): string;

/** Epoch seconds as `YYYY-MM-DD HH:mm UTC`. */
export declare function isoDate(seconds: unknown): string;
