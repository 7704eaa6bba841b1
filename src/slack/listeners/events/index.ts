import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { registerAppHomeOpened } from './app-home-opened.js';
import { registerDirectMessage } from './direct-message.js';

export function registerEvents(app: App, ctx: SlackContext): void {
  registerAppHomeOpened(app, ctx);
  registerDirectMessage(app, ctx);
}
