// PLACEHOLDER until the translation lands: the Indonesian set replaces this file, with the same keys as en.ts.
import { en, type Texts } from './en.js';

/** Every word the Slack surfaces show, in Bahasa Indonesia. */
export const id: Texts = en;
