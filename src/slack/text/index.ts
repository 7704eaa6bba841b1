import { en, type Texts } from './en.js';

export type { RefusalContext, Texts } from './en.js';

/**
 * The words of every Slack surface. English only for now; a second language becomes another `Texts` object
 * chosen here (or passed to the builders) without touching any builder's layout.
 */
export const t: Texts = en;
