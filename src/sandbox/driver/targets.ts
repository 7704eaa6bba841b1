import { type InteractiveElement, interactiveElements } from '../fake-slack/blocks.js';
import type { FakeSlack } from '../fake-slack/fake-slack.js';
import type { StoredView } from '../fake-slack/view-store.js';
import type { EphemeralMessage, StoredMessage } from '../fake-slack/workspace.js';
import { textOf } from '../json.js';

/**
 * Where the user clicks: a stored message (or `{channel, ts}`), a view (or `{viewId}`), the open modal, or
 * the App Home. Omitted, the driver looks where the user can see: open modal, Home, ephemeral messages,
 * then messages of their conversations, newest first.
 */
export type Target = { channel: string; ts: string } | { viewId: string } | StoredView | 'modal' | 'home';

export type Surface =
  | { kind: 'message'; message: StoredMessage }
  | { kind: 'ephemeral'; message: EphemeralMessage }
  | { kind: 'view'; view: StoredView };

export interface Found {
  surface: Surface;
  element: InteractiveElement;
}

/**
 * The element with this action_id (and block_id, if given) on a surface the user can see. A test cannot act
 * on what the bot never sent: the error lists what is there instead.
 */
export function findElement(
  fake: FakeSlack,
  user: string,
  query: { actionId: string; blockId?: string; in?: Target; types?: (type: string) => boolean },
): Found {
  const surfaces = surfacesFor(fake, user, query.in);
  for (const surface of surfaces) {
    const element = elementsOf(surface).find(
      (e) =>
        e.actionId === query.actionId &&
        (query.blockId === undefined || e.blockId === query.blockId) &&
        (query.types === undefined || query.types(e.type)),
    );
    if (element !== undefined) return { surface, element };
  }
  const listing = surfaces
    .map(
      (s) =>
        `  ${describe(s)}: ${elementsOf(s).map(describeElement).join(', ') || '(no interactive elements)'}`,
    )
    .join('\n');
  const where = query.in === undefined ? `anywhere ${user} can see` : describeTarget(query.in);
  throw new Error(
    `No element with action_id "${query.actionId}"${query.blockId ? ` in block "${query.blockId}"` : ''} ${where}.\n` +
      `Present:\n${listing || '  (nothing)'}`,
  );
}

function surfacesFor(fake: FakeSlack, user: string, target: Target | undefined): Surface[] {
  if (target === 'modal') return viewSurface(fake.openView(user));
  if (target === 'home') return viewSurface(fake.homeView(user));
  if (target !== undefined && isView(target)) return viewSurface(fake.views.byId(target.id)?.view);
  if (target !== undefined && 'viewId' in target) return viewSurface(fake.views.byId(target.viewId)?.view);
  if (target !== undefined) {
    const message = fake.workspace.message(target.channel, target.ts);
    if (message !== undefined) return [{ kind: 'message', message }];
    const ephemeral = fake.workspace.ephemeral(target.channel, target.ts);
    return ephemeral === undefined || ephemeral.user !== user
      ? []
      : [{ kind: 'ephemeral', message: ephemeral }];
  }
  const ws = fake.workspace;
  const visible = ws
    .listConversations()
    .filter((c) => !c.deleted && c.members.has(user))
    .flatMap((c) => ws.messagesIn(c.id))
    .sort((a, b) => b.ts.localeCompare(a.ts));
  return [
    ...viewSurface(fake.openView(user)),
    ...viewSurface(fake.homeView(user)),
    ...ws
      .ephemeralsFor(user)
      .reverse()
      .map((message): Surface => ({ kind: 'ephemeral', message })),
    ...visible.map((message): Surface => ({ kind: 'message', message })),
  ];
}

function isView(target: Target): target is StoredView {
  return typeof target === 'object' && 'hash' in target && 'blocks' in target;
}

function viewSurface(view: StoredView | undefined): Surface[] {
  return view === undefined ? [] : [{ kind: 'view', view }];
}

function elementsOf(surface: Surface): InteractiveElement[] {
  return interactiveElements(surface.kind === 'view' ? surface.view.blocks : surface.message.blocks);
}

function describe(surface: Surface): string {
  if (surface.kind === 'view') return `${surface.view.type} view ${surface.view.id}`;
  const m = surface.message;
  return `${surface.kind} ${m.channel}/${m.ts} "${m.text.slice(0, 40)}"`;
}

function describeElement(e: InteractiveElement): string {
  const label = textOf(e.element.text);
  return `${e.type} ${e.actionId} (block ${e.blockId}${label === undefined ? '' : `, "${label}"`})`;
}

function describeTarget(target: Target): string {
  if (target === 'modal' || target === 'home')
    return `in the ${target === 'modal' ? 'open modal' : 'App Home'}`;
  if (isView(target)) return `in view ${target.id}`;
  if ('viewId' in target) return `in view ${target.viewId}`;
  return `in message ${target.channel}/${target.ts}`;
}
