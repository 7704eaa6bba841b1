/** Shortcode name (without colons) → emoji. */
export declare const EMOJI: Readonly<Record<string, string>>;

/** The emoji for a shortcode name, or undefined when unknown. */
export declare function emojiFor(name: string): string | undefined;

/** Replaces known `:name:` shortcodes; unknown ones stay as written. */
export declare function replaceEmoji(text: string): string;
