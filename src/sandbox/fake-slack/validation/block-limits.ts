import { asArray, asObjects, asString, isObject, type Json, textOf } from '../../json.js';
import { elementsOf } from '../blocks.js';

/** Documented Block Kit limits that the generated schemas do not encode (see slack-reference/README.md). */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  idLength: 255,
  privateMetadata: 3000,
  modalText: 24,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  actionsElements: 25,
  contextElements: 10,
  headerText: 150,
  staticSelectOptions: 100,
  viewBytes: 250 * 1024,
} as const;

type Surface = 'message' | 'modal' | 'home';

export function blockLimitErrors(blocks: unknown[], surface: Surface, pointer: string): string[] {
  const errors: string[] = [];
  const max = surface === 'message' ? LIMITS.blocksPerMessage : LIMITS.blocksPerView;
  if (blocks.length > max) errors.push(err(`must provide an array of no more than ${max} items`, pointer));
  const blockIds = new Set<string>();
  asArray(blocks).forEach((raw, i) => {
    if (!isObject(raw)) return;
    const at = `${pointer}/${i}`;
    const blockId = asString(raw.block_id);
    if (blockId !== undefined) {
      if (blockIds.has(blockId)) errors.push(err(`duplicate block_id "${blockId}"`, `${at}/block_id`));
      blockIds.add(blockId);
      tooLong(errors, blockId, LIMITS.idLength, `${at}/block_id`);
    }
    blockErrors(errors, raw, at);
  });
  return errors;
}

export function viewLimitErrors(view: Json, surface: 'modal' | 'home', pointer: string): string[] {
  const errors: string[] = [];
  for (const key of ['callback_id', 'external_id'] as const) {
    tooLong(errors, asString(view[key]), LIMITS.idLength, `${pointer}/${key}`);
  }
  tooLong(errors, asString(view.private_metadata), LIMITS.privateMetadata, `${pointer}/private_metadata`);
  if (surface === 'modal') {
    for (const key of ['title', 'submit', 'close'] as const) {
      tooLong(errors, textOf(view[key]), LIMITS.modalText, `${pointer}/${key}/text`);
    }
  }
  return errors;
}

/** Slack measures the view as sent; above about 250 KB it answers `view_too_large`. */
export function viewTooLarge(view: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(view) ?? '') > LIMITS.viewBytes;
}

function blockErrors(errors: string[], block: Json, at: string): void {
  switch (block.type) {
    case 'section': {
      tooLong(errors, textOf(block.text), LIMITS.sectionText, `${at}/text/text`);
      const fields = asArray(block.fields);
      if (fields.length > LIMITS.sectionFields) {
        errors.push(
          err(`must provide an array of no more than ${LIMITS.sectionFields} items`, `${at}/fields`),
        );
      }
      fields.forEach((f, j) => {
        tooLong(errors, textOf(f), LIMITS.sectionFieldText, `${at}/fields/${j}/text`);
      });
      break;
    }
    case 'header':
      tooLong(errors, textOf(block.text), LIMITS.headerText, `${at}/text/text`);
      break;
    case 'actions':
      tooMany(errors, block.elements, LIMITS.actionsElements, `${at}/elements`);
      break;
    case 'context':
      tooMany(errors, block.elements, LIMITS.contextElements, `${at}/elements`);
      break;
  }
  const actionIds = new Set<string>();
  const elements = elementsOf(block);
  elements.forEach((element, j) => {
    const path =
      block.type === 'section'
        ? `${at}/accessory`
        : block.type === 'input'
          ? `${at}/element`
          : `${at}/elements/${j}`;
    const actionId = asString(element.action_id);
    if (actionId !== undefined) {
      if (actionIds.has(actionId)) errors.push(err(`duplicate action_id "${actionId}"`, `${path}/action_id`));
      actionIds.add(actionId);
      tooLong(errors, actionId, LIMITS.idLength, `${path}/action_id`);
    }
    elementErrors(errors, element, path);
  });
}

function elementErrors(errors: string[], element: Json, at: string): void {
  if (element.type === 'button') {
    tooLong(errors, textOf(element.text), LIMITS.buttonText, `${at}/text/text`);
    tooLong(errors, asString(element.value), LIMITS.buttonValue, `${at}/value`);
    tooLong(errors, asString(element.url), LIMITS.buttonUrl, `${at}/url`);
  }
  if (element.type === 'static_select' || element.type === 'multi_static_select') {
    const grouped = asObjects(element.option_groups).flatMap((g) => asArray(g.options));
    const count = asArray(element.options).length + grouped.length;
    if (count > LIMITS.staticSelectOptions) {
      errors.push(err(`must provide no more than ${LIMITS.staticSelectOptions} options`, `${at}/options`));
    }
  }
}

function tooLong(errors: string[], value: string | undefined, max: number, at: string): void {
  if (value !== undefined && value.length > max)
    errors.push(err(`must be less than ${max + 1} characters`, at));
}

function tooMany(errors: string[], items: unknown, max: number, at: string): void {
  if (asArray(items).length > max) errors.push(err(`must provide an array of no more than ${max} items`, at));
}

function err(message: string, pointer: string): string {
  return `[ERROR] ${message} [json-pointer:${pointer}]`;
}
