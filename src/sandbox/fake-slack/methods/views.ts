import { isObject, type Json } from '../../json.js';
import { refusal, violation } from '../errors.js';
import type { BlockKitValidator, ViewSurface } from '../validation/block-kit.js';
import { viewTooLarge } from '../validation/block-limits.js';
import type { MethodContext, MethodHandler } from './context.js';
import { invalidArguments, userFor } from './shared.js';

/** views.*: modals (per-user stack of up to 3) and App Home. */
export const viewsMethods: Record<string, MethodHandler> = {
  'views.open': (ctx) => {
    const view = checkedView(ctx.blockKit, ctx.args.json('view'), 'modal');
    const user = ctx.tickets.exchangeTrigger(triggerId(ctx));
    return { view: ctx.views.open(user, view) };
  },

  'views.push': (ctx) => {
    const view = checkedView(ctx.blockKit, ctx.args.json('view'), 'modal');
    const user = ctx.tickets.exchangeTrigger(triggerId(ctx));
    return { view: ctx.views.push(user, view) };
  },

  'views.update': (ctx) => {
    const viewId = ctx.args.string('view_id');
    const externalId = ctx.args.string('external_id');
    if (viewId === undefined && externalId === undefined)
      invalidArguments('either view_id or external_id is required');
    const current =
      viewId !== undefined ? ctx.views.byId(viewId)?.view : ctx.views.byExternalId(externalId ?? '');
    if (current === undefined && viewId === undefined)
      throw refusal('not_found', `no open view with external_id ${externalId}`);
    const view = checkedView(ctx.blockKit, ctx.args.json('view'), current?.type ?? 'modal');
    return { view: ctx.views.update(current?.id ?? viewId ?? '', view, ctx.args.string('hash')) };
  },

  'views.publish': (ctx) => {
    const user = userFor(ctx, ctx.args.required('user_id'));
    const view = checkedView(ctx.blockKit, ctx.args.json('view'), 'home');
    return { view: ctx.views.publishHome(user.id, view, ctx.args.string('hash')) };
  },
};

function triggerId(ctx: MethodContext): string {
  return (
    ctx.args.string('trigger_id') ??
    ctx.args.string('interactivity_pointer') ??
    invalidArguments('missing required field: trigger_id')
  );
}

/**
 * A view as Slack checks it: JSON object, the right `type`, under ~250 KB (`view_too_large`), Block Kit
 * schema and limits (`invalid_arguments` with "[ERROR] ..." messages). Shared with the driver, which checks
 * views returned in `response_action` acks the same way.
 */
export function checkedView(blockKit: BlockKitValidator, raw: unknown, surface: ViewSurface): Json {
  if (!isObject(raw)) invalidArguments('view must be a JSON object [json-pointer:/view]');
  if (raw.type !== surface) invalidArguments(`must be "${surface}" here [json-pointer:/view/type]`);
  if (viewTooLarge(raw)) throw violation('view_too_large', 'the view JSON is larger than 250 KB');
  const errors = blockKit.view(raw, surface);
  if (errors.length > 0) throw violation('invalid_arguments', ...errors);
  return raw;
}
