export { decide, vote } from './answer.js';
export { consultKeyUsers, giveOpinion } from './consult.js';
export type { TransitionContext } from './context.js';
export { type Deactivations, passOverDeactivated } from './deactivated.js';
export { editRequest, type RequestEdit } from './edit.js';
export { provideInfo, requestInfo } from './info.js';
export { markLate } from './late.js';
export { MAX_OPTIONS, MIN_OPTIONS, openDecision } from './open.js';
export { withdraw } from './requester.js';
export { type SendUpTarget, sendUp, targetLevel } from './send-up.js';
export {
  answerSignOff,
  openSignOff,
  SIGNOFF_LIMIT,
  type SignOffRequest,
  signOffDecisionRequest,
  startNewRound,
} from './signoff.js';
export { delegate, handBackToSpoc, handOverToDeputy } from './spoc-level.js';
export { escalate, remind, reminderRecipients } from './timers.js';
