import { refusal } from '../errors.js';
import { profileJson, userJson } from '../render.js';
import type { MethodHandler } from './context.js';
import { userFor } from './shared.js';

export const usersMethods: Record<string, MethodHandler> = {
  'users.info': (ctx) => {
    const user = userFor(ctx, ctx.args.required('user'));
    return { user: userJson(ctx.ws, user, ctx.now(), ctx.args.bool('include_locale')) };
  },

  /** Without `user`, the caller's own profile (the bot's); its custom status is what the person set. */
  'users.profile.get': (ctx) => {
    const user = userFor(ctx, ctx.args.string('user') ?? ctx.ws.bot.userId);
    return { profile: profileJson(ctx.ws, user, ctx.now()) };
  },

  /** An unknown address is data the bot was given, not its bug: a refusal. */
  'users.lookupByEmail': (ctx) => {
    const email = ctx.args.required('email');
    const user = ctx.ws.userByEmail(email);
    if (user === undefined) throw refusal('users_not_found', `no user with email ${email}`);
    return { user: userJson(ctx.ws, user, ctx.now(), false) };
  },
};
