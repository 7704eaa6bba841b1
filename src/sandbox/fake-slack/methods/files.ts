import { asString, isObject } from '../../json.js';
import { violation } from '../errors.js';
import type { StoredFile } from '../file-store.js';
import { unixSeconds } from '../ids.js';
import { fileJson } from '../render.js';
import type { MethodHandler } from './context.js';
import { assertBotCanPost, checkedBlocks, conversationFor, invalidArguments } from './shared.js';

/**
 * The upload flow of @slack/web-api's `filesUploadV2`: get an upload URL (served by this fake, see
 * server.ts), POST the bytes there, then complete the upload, which shares the files to `channel_id` as one
 * message carrying `files`.
 */
export const filesMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': (ctx) => {
    const length = ctx.args.int('length');
    if (length === undefined) invalidArguments('length must be an integer [json-pointer:/length]');
    if (length <= 0) throw violation('missing_argument', 'length must be greater than 0');
    const file = ctx.files.create(
      ctx.args.required('filename'),
      length,
      unixSeconds(ctx.now()),
      ctx.args.string('alt_txt'),
    );
    return { upload_url: `${ctx.baseUrl}upload/v1/${file.uploadToken}`, file_id: file.id };
  },

  'files.completeUploadExternal': (ctx) => {
    const entries = ctx.args.json('files');
    if (!Array.isArray(entries) || entries.length === 0 || !entries.every(isObject)) {
      invalidArguments('files must be a JSON array of {id, title} [json-pointer:/files]');
    }
    const files = entries.map((entry): StoredFile => {
      const id = asString(entry.id) ?? '';
      const file = ctx.files.get(id);
      if (file === undefined) throw violation('file_not_found', `no upload ticket for ${id}`);
      if (file.bytes === undefined)
        throw violation('file_not_found', `file ${id} was never uploaded to its upload_url`);
      file.title = asString(entry.title) ?? file.name;
      return file;
    });
    const channelRef = ctx.args.string('channel_id') ?? ctx.args.string('channels')?.split(',')[0];
    const blocks = ctx.args.has('blocks') ? checkedBlocks(ctx, ctx.args.json('blocks')) : undefined;
    const channels: string[] = [];
    if (channelRef !== undefined) {
      const conversation = conversationFor(ctx, channelRef);
      assertBotCanPost(ctx, conversation);
      channels.push(conversation.id);
      const threadTs = ctx.args.string('thread_ts');
      ctx.ws.postMessage({
        channel: conversation.id,
        user: ctx.ws.bot.userId,
        botId: ctx.ws.bot.botId,
        text: ctx.args.string('initial_comment') ?? '',
        files: files.map((f) => fileJson(ctx.ws, ctx.baseUrl, f, channels)),
        ...(blocks === undefined ? {} : { blocks }),
        ...(threadTs === undefined ? {} : { threadTs }),
      });
    }
    for (const file of files) file.completed = true;
    return { files: files.map((f) => fileJson(ctx.ws, ctx.baseUrl, f, channels)) };
  },
};
