import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { registerDecideSubmitted } from './decide-submitted.js';
import { registerDecisionModalsSubmitted } from './decision-modals-submitted.js';

export function registerViews(app: App, ctx: SlackContext): void {
  registerDecideSubmitted(app, ctx);
  registerDecisionModalsSubmitted(app, ctx);
}
