import type { SlackContext } from '../../context.js';
import type { ListenerRouter } from '../router.js';
import { registerDecideSubmitted } from './decide-submitted.js';
import { registerDecisionModalsSubmitted } from './decision-modals-submitted.js';

export function registerViews(app: ListenerRouter, ctx: SlackContext): void {
  registerDecideSubmitted(app, ctx);
  registerDecisionModalsSubmitted(app, ctx);
}
