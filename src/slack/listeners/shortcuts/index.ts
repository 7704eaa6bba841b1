import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { registerAskForDecision } from './ask-for-decision.js';
import { registerRequestSignOff } from './request-signoff.js';

export function registerShortcuts(app: App, ctx: SlackContext): void {
  registerAskForDecision(app, ctx);
  registerRequestSignOff(app, ctx);
}
