import type { App } from '@slack/bolt';
import type { SlackContext } from '../../context.js';
import { registerDecideCommand } from './decide.js';

export function registerCommands(app: App, ctx: SlackContext): void {
  registerDecideCommand(app, ctx);
}
