import type { MethodHandler } from './context.js';

export const authMethods: Record<string, MethodHandler> = {
  'auth.test': (ctx) => ({
    url: ctx.baseUrl,
    team: ctx.ws.team.name,
    user: ctx.ws.bot.name,
    team_id: ctx.ws.team.id,
    user_id: ctx.ws.bot.userId,
    bot_id: ctx.ws.bot.botId,
    is_enterprise_install: false,
  }),

  'team.info': (ctx) => ({
    team: {
      id: ctx.ws.team.id,
      name: ctx.ws.team.name,
      domain: ctx.ws.team.domain,
      email_domain: '',
      icon: { image_default: true },
    },
  }),
};
