import { appsMethods } from './apps.js';
import { authMethods } from './auth.js';
import { chatMethods } from './chat.js';
import type { MethodHandler } from './context.js';
import { conversationsMethods, conversationsReadMethods } from './conversations.js';
import { filesMethods } from './files.js';
import { usersMethods } from './users.js';
import { viewsMethods } from './views.js';

/** Every Web API method the fake answers; anything else is `unknown_method`. */
export const methods: ReadonlyMap<string, MethodHandler> = new Map(
  Object.entries({
    ...appsMethods,
    ...authMethods,
    ...chatMethods,
    ...conversationsMethods,
    ...conversationsReadMethods,
    ...filesMethods,
    ...usersMethods,
    ...viewsMethods,
  }),
);
