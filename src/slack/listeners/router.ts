import type {
  AllMiddlewareArgs,
  App,
  BlockButtonAction,
  SlackActionMiddlewareArgs,
  SlackViewMiddlewareArgs,
  ViewSubmitAction,
} from '@slack/bolt';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/**
 * Our button and form listeners, registered with Bolt as one listener per kind that picks the handler by
 * action id or callback id. Bolt runs every registered listener's middleware chain for every request; with
 * about twenty of ours that cost as much CPU as the rest of the ack, on the event loop that acks.
 */
export class ListenerRouter {
  private readonly buttons: { id: string | RegExp; handler: (args: ButtonArgs) => Promise<void> }[] = [];
  private readonly views = new Map<string, (args: ViewArgs) => Promise<void>>();

  /** A button whose action id is `id` or matches it. */
  action(id: string | RegExp, handler: (args: ButtonArgs) => Promise<void>): void {
    this.buttons.push({ id, handler });
  }

  /** A view submission whose callback id is `callbackId`. */
  view(callbackId: string, handler: (args: ViewArgs) => Promise<void>): void {
    if (this.views.has(callbackId)) throw new Error(`two listeners for the view ${callbackId}`);
    this.views.set(callbackId, handler);
  }

  /** Registers the dispatchers with Bolt (once, after every listener was added). */
  attach(app: App): void {
    const matches = (id: string | RegExp, actionId: string) =>
      typeof id === 'string' ? id === actionId : id.test(actionId);
    app.action<BlockButtonAction>(/.*/, async (args) => {
      const actionId = args.action.action_id;
      const found = this.buttons.filter((b) => matches(b.id, actionId));
      // An action no listener knows (a button of an older version, say) is acknowledged and ignored.
      if (found.length === 0) return args.ack();
      await Promise.all(found.map((b) => b.handler(args)));
    });
    app.view<ViewSubmitAction>(/.*/, async (args) => {
      const handler = this.views.get(args.view.callback_id);
      await (handler ? handler(args) : args.ack());
    });
  }
}
