export { decide, vote } from './answer.js';
export { consultKeyUsers, giveOpinion } from './consult.js';
export type { TransitionContext } from './context.js';
export { provideInfo, requestInfo } from './info.js';
export { markLate } from './late.js';
export { MAX_OPTIONS, MIN_OPTIONS, openDecision } from './open.js';
export { withdraw } from './requester.js';
export { delegate, handOverToDeputy } from './spoc-level.js';
export { escalate, remind, reminderRecipients } from './timers.js';
