import { asObjects, asString, clone, isObject, type Json, textOf } from '../json.js';

/** An element a user can act on, with the block that holds it. */
export interface InteractiveElement {
  blockId: string;
  blockType: string;
  actionId: string;
  type: string;
  element: Json;
}

export interface ButtonInfo {
  actionId: string;
  blockId: string;
  text: string;
  value?: string;
  url?: string;
  style?: string;
}

/** The elements of one block that carry an action_id (section accessory, actions/context elements, input element). */
export function elementsOf(block: Json): Json[] {
  switch (block.type) {
    case 'section':
      return isObject(block.accessory) ? [block.accessory] : [];
    case 'actions':
    case 'context_actions':
      return asObjects(block.elements);
    case 'input':
      return isObject(block.element) ? [block.element] : [];
    default:
      return [];
  }
}

export function interactiveElements(blocks: unknown): InteractiveElement[] {
  const found: InteractiveElement[] = [];
  for (const block of asObjects(blocks)) {
    for (const element of elementsOf(block)) {
      const actionId = asString(element.action_id);
      if (actionId === undefined) continue;
      found.push({
        blockId: asString(block.block_id) ?? '',
        blockType: asString(block.type) ?? '',
        actionId,
        type: asString(element.type) ?? '',
        element,
      });
    }
  }
  return found;
}

/** The buttons of a message or view (anything with `blocks`), in display order. */
export function findButtons(surface: { blocks?: unknown } | undefined): ButtonInfo[] {
  return interactiveElements(surface?.blocks)
    .filter((e) => e.type === 'button')
    .map((e) => {
      const button: ButtonInfo = {
        actionId: e.actionId,
        blockId: e.blockId,
        text: textOf(e.element.text) ?? '',
      };
      const value = asString(e.element.value);
      const url = asString(e.element.url);
      const style = asString(e.element.style);
      if (value !== undefined) button.value = value;
      if (url !== undefined) button.url = url;
      if (style !== undefined) button.style = style;
      return button;
    });
}

/**
 * Slack stores blocks with a `block_id` on every block and an `action_id` on every interactive element,
 * generating short random ones where the app sent none; payloads and `state.values` rely on them.
 */
export function normalizeBlocks(blocks: unknown, newId: () => string): Json[] {
  return asObjects(blocks).map((original) => {
    const block = clone(original);
    if (typeof block.block_id !== 'string') block.block_id = newId();
    for (const element of elementsOf(block)) {
      if (typeof element.action_id !== 'string' && element.type !== undefined) element.action_id = newId();
    }
    return block;
  });
}

/** Input blocks of a view, as the targets of `state.values`. */
export function inputBlocks(
  blocks: unknown,
): Array<{ blockId: string; actionId: string; block: Json; element: Json }> {
  return asObjects(blocks)
    .filter((b) => b.type === 'input' && isObject(b.element))
    .map((block) => {
      const element = block.element as Json;
      return {
        blockId: asString(block.block_id) ?? '',
        actionId: asString(element.action_id) ?? '',
        block,
        element,
      };
    });
}
