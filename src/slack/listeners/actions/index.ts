import type { SlackContext } from '../../context.js';
import type { ListenerRouter } from '../router.js';
import { registerAnswerButtons } from './answer-buttons.js';
import { registerModalButtons } from './modal-buttons.js';
import { registerSignOffButtons } from './signoff-buttons.js';

export function registerActions(app: ListenerRouter, ctx: SlackContext): void {
  registerAnswerButtons(app, ctx);
  registerModalButtons(app, ctx);
  registerSignOffButtons(app, ctx);
}
