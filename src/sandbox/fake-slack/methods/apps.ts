import type { MethodHandler } from './context.js';

/** Methods an app calls with its app-level token (`api.ts` checks the token type). */
export const appsMethods: Record<string, MethodHandler> = {
  /** A fresh Socket Mode WebSocket URL, as `wss://wss-….slack.com/link/?ticket=…&app_id=…` on Slack. */
  'apps.connections.open': (ctx) => ({ url: ctx.socket.openLink() }),
};
