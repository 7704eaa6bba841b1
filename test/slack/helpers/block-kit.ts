import { expect } from 'vitest';
import { BlockKitValidator } from '../../../src/sandbox/fake-slack/validation/block-kit.js';
import { resolveReferenceDir } from '../../../src/sandbox/reference.js';

/**
 * Block Kit validity for builder tests. Structure and the documented limits come from the Slack stand-in's
 * validator (`src/sandbox/fake-slack/validation`), which compiles `src/sandbox/reference/block-kit/*.schema.json`
 * (the project's copy of Slack's reference data) and checks the limits table. This helper adds the limits that validator does not
 * check (option text, placeholders, labels, hints) and refuses empty texts, which Slack also refuses.
 */
const validator = new BlockKitValidator(resolveReferenceDir());

const EXTRA_LIMITS = { optionText: 75, placeholder: 150, label: 2000, hint: 2000 } as const;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOf(value: unknown): string | undefined {
  return isObject(value) && typeof value.text === 'string' ? value.text : undefined;
}

/** Problems the stand-in's validator leaves out, found by walking every object of the payload. */
export function extraProblems(root: unknown, pointer: string): string[] {
  const problems: string[] = [];
  const tooLong = (text: string | undefined, max: number, at: string) => {
    if (text !== undefined && text.length > max) problems.push(`${at}: ${text.length} characters > ${max}`);
  };
  const visit = (node: unknown, at: string) => {
    if (Array.isArray(node)) {
      for (const [i, child] of node.entries()) visit(child, `${at}/${i}`);
      return;
    }
    if (!isObject(node)) return;
    if ((node.type === 'plain_text' || node.type === 'mrkdwn') && textOf(node)?.trim() === '') {
      problems.push(`${at}: empty text`);
    }
    for (const key of ['options', 'initial_option'] as const) {
      const options = Array.isArray(node[key]) ? node[key] : isObject(node[key]) ? [node[key]] : [];
      for (const [i, o] of options.entries()) {
        tooLong(textOf(isObject(o) ? o.text : undefined), EXTRA_LIMITS.optionText, `${at}/${key}/${i}/text`);
      }
    }
    tooLong(textOf(node.placeholder), EXTRA_LIMITS.placeholder, `${at}/placeholder`);
    if (node.type === 'input') {
      tooLong(textOf(node.label), EXTRA_LIMITS.label, `${at}/label`);
      tooLong(textOf(node.hint), EXTRA_LIMITS.hint, `${at}/hint`);
    }
    for (const [key, value] of Object.entries(node)) visit(value, `${at}/${key}`);
  };
  visit(root, pointer);
  return problems;
}

export function messageProblems(blocks: unknown): string[] {
  return [...validator.messageBlocks(blocks), ...extraProblems(blocks, '/blocks')];
}

export function modalProblems(view: unknown): string[] {
  return [...validator.view(view, 'modal'), ...extraProblems(view, '/view')];
}

export function homeProblems(view: unknown): string[] {
  return [...validator.view(view, 'home'), ...extraProblems(view, '/view')];
}

/** A message's blocks (pass `text` too to check the notification fallback is not empty). */
export function expectValidMessage(blocks: unknown, text?: string): void {
  expect(messageProblems(blocks)).toEqual([]);
  if (text !== undefined) expect(text.trim()).not.toBe('');
}

export function expectValidModal(view: unknown): void {
  expect(modalProblems(view)).toEqual([]);
}

export function expectValidHome(view: unknown): void {
  expect(homeProblems(view)).toEqual([]);
}
