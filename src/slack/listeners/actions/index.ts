import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { registerAnswerButtons } from './answer-buttons.js';
import { registerModalButtons } from './modal-buttons.js';

export function registerActions(app: App, ctx: SlackContext): void {
  registerAnswerButtons(app, ctx);
  registerModalButtons(app, ctx);
}
