import { asString, clone, isObject, type Json } from '../json.js';
import { inputBlocks, normalizeBlocks } from './blocks.js';
import { refusal, violation } from './errors.js';
import { type IdFactory, unixSeconds } from './ids.js';

/** A view as Slack stores and returns it (views.* responses and interaction payloads). */
export interface StoredView extends Json {
  id: string;
  type: 'modal' | 'home';
  blocks: Json[];
  private_metadata: string;
  callback_id: string;
  external_id: string;
  state: { values: Record<string, Record<string, Json>> };
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
}

export const MAX_MODAL_STACK = 3;

export interface ViewStoreState {
  /** Modal stacks by user ID, bottom first. */
  stacks: Record<string, StoredView[]>;
  /** App Home views by user ID. */
  homes: Record<string, StoredView>;
  /** Every view ID ever issued: a closed view answers a refusal, an unknown one a violation. */
  issued: string[];
}

/**
 * Per-user modal stacks (at most 3 views) and App Home views. Slack's rules live here: push limit, `hash`
 * checks against concurrent updates, unique `external_id`, input state kept across updates.
 */
export class ViewStore {
  private readonly stacks = new Map<string, StoredView[]>();
  private readonly homes = new Map<string, StoredView>();
  private readonly issued = new Set<string>();

  constructor(
    private readonly ids: IdFactory,
    private readonly now: () => number,
    private readonly app: { teamId: string; appId: string; botId: string },
  ) {}

  static restore(
    ids: IdFactory,
    now: () => number,
    app: { teamId: string; appId: string; botId: string },
    state: ViewStoreState,
  ): ViewStore {
    const store = new ViewStore(ids, now, app);
    for (const [user, stack] of Object.entries(state.stacks)) store.stacks.set(user, stack);
    for (const [user, view] of Object.entries(state.homes)) store.homes.set(user, view);
    for (const id of state.issued) store.issued.add(id);
    return store;
  }

  /** The current state, sharing objects with the live one: serialize it at once. */
  snapshot(): ViewStoreState {
    return {
      stacks: Object.fromEntries(this.stacks),
      homes: Object.fromEntries(this.homes),
      issued: [...this.issued],
    };
  }

  open(user: string, input: Json): StoredView {
    this.checkExternalId(input);
    const view = this.build(input);
    this.stacks.set(user, [view]);
    return view;
  }

  push(user: string, input: Json): StoredView {
    const stack = this.stacks.get(user) ?? [];
    const top = stack.at(-1);
    if (top === undefined) throw refusal('not_found', 'no modal is open for this user');
    if (stack.length >= MAX_MODAL_STACK)
      throw violation('push_limit_reached', `the modal stack already holds ${stack.length} views`);
    this.checkExternalId(input);
    const view = this.build(input, { root: top.root_view_id, previous: top.id });
    stack.push(view);
    return view;
  }

  /** views.update and `response_action: update`: same id, new content and hash, input state kept where ids match. */
  update(viewId: string, input: Json, hash?: string): StoredView {
    const found = this.locate(viewId);
    if (found === undefined) {
      if (this.issued.has(viewId)) throw refusal('not_found', `view ${viewId} was closed`);
      throw violation('not_found', `no view ${viewId} was ever opened`);
    }
    const current = found.view;
    if (hash !== undefined && hash !== current.hash) throw refusal('hash_conflict', `hash ${hash} is stale`);
    if (asString(input.external_id) !== current.external_id) this.checkExternalId(input);
    const next = this.build(input, {
      id: current.id,
      root: current.root_view_id,
      previous: current.previous_view_id,
    });
    next.state = { values: keepState(current, next) };
    found.replace(next);
    return next;
  }

  publishHome(user: string, input: Json, hash?: string): StoredView {
    const current = this.homes.get(user);
    if (hash !== undefined && current !== undefined && hash !== current.hash) throw refusal('hash_conflict');
    const view = this.build(
      input,
      current === undefined ? {} : { id: current.id, root: current.root_view_id },
    );
    if (current !== undefined) view.state = { values: keepState(current, view) };
    this.homes.set(user, view);
    return view;
  }

  byExternalId(externalId: string): StoredView | undefined {
    return this.allViews().find((v) => v.external_id === externalId);
  }

  byId(viewId: string): { view: StoredView; user: string } | undefined {
    const found = this.locate(viewId);
    return found === undefined ? undefined : { view: found.view, user: found.user };
  }

  top(user: string): StoredView | undefined {
    return this.stacks.get(user)?.at(-1);
  }

  stack(user: string): StoredView[] {
    return [...(this.stacks.get(user) ?? [])];
  }

  home(user: string): StoredView | undefined {
    return this.homes.get(user);
  }

  /** Closes the top view; the one below (if any) shows again. */
  pop(user: string): StoredView | undefined {
    const stack = this.stacks.get(user);
    const popped = stack?.pop();
    if (stack !== undefined && stack.length === 0) this.stacks.delete(user);
    return popped;
  }

  clear(user: string): void {
    this.stacks.delete(user);
  }

  setState(viewId: string, values: StoredView['state']['values']): void {
    const found = this.locate(viewId);
    if (found !== undefined) found.view.state = { values: clone(values) };
  }

  private build(input: Json, ids: { id?: string; root?: string; previous?: string | null } = {}): StoredView {
    const id = ids.id ?? this.ids.next('V');
    this.issued.add(id);
    const type = input.type === 'home' ? 'home' : 'modal';
    const view: StoredView = {
      id,
      team_id: this.app.teamId,
      type,
      blocks: normalizeBlocks(input.blocks, () => this.ids.shortId()),
      private_metadata: asString(input.private_metadata) ?? '',
      callback_id: asString(input.callback_id) ?? '',
      external_id: asString(input.external_id) ?? '',
      state: { values: {} },
      hash: `${unixSeconds(this.now())}.${this.ids.next('', 8)}`,
      clear_on_close: input.clear_on_close === true,
      notify_on_close: input.notify_on_close === true,
      root_view_id: ids.root ?? id,
      previous_view_id: ids.previous ?? null,
      app_id: this.app.appId,
      app_installed_team_id: this.app.teamId,
      bot_id: this.app.botId,
    };
    for (const key of ['title', 'submit', 'close'] as const) {
      view[key] = isObject(input[key]) ? clone(input[key]) : null;
    }
    return view;
  }

  private checkExternalId(input: Json): void {
    const externalId = asString(input.external_id);
    if (externalId && this.byExternalId(externalId) !== undefined) {
      throw violation('duplicate_external_id', `external_id "${externalId}" is already used by an open view`);
    }
  }

  private allViews(): StoredView[] {
    return [...[...this.stacks.values()].flat(), ...this.homes.values()];
  }

  private locate(
    viewId: string,
  ): { view: StoredView; user: string; replace(next: StoredView): void } | undefined {
    for (const [user, stack] of this.stacks) {
      const index = stack.findIndex((v) => v.id === viewId);
      const view = stack[index];
      if (view !== undefined) return { view, user, replace: (next) => stack.splice(index, 1, next) };
    }
    for (const [user, view] of this.homes) {
      if (view.id === viewId) return { view, user, replace: (next) => this.homes.set(user, next) };
    }
    return undefined;
  }
}

/** Slack keeps what the user entered when the updated view has the same block_id and action_id. */
function keepState(previous: StoredView, next: StoredView): StoredView['state']['values'] {
  const kept: StoredView['state']['values'] = {};
  for (const { blockId, actionId } of inputBlocks(next.blocks)) {
    const value = previous.state.values[blockId]?.[actionId];
    if (value !== undefined) kept[blockId] = { [actionId]: value };
  }
  return kept;
}
