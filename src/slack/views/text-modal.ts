import type { Decision } from '../../domain/decision.js';
import { input, type Modal, modal, plainTextInput, section } from '../blocks/kit.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  requiredText,
  type StateValues,
} from './state.js';

/** The words of a one-field form (the modal's part of `t`). */
export interface TextModalWords {
  readonly title: string;
  readonly submit: string;
  readonly close: string;
  readonly label: string;
  readonly errors: { readonly empty: string; readonly tooLong: (max: number) => string };
}

/** The shape shared by the Need info, Answer and Opinion forms: an intro and one required text. */
export interface TextModalSpec {
  readonly callbackId: string;
  /** block id = action id of the text input. */
  readonly field: string;
  readonly max: number;
  readonly words: TextModalWords;
}

export function textModal(spec: TextModalSpec, decision: Decision, intro: string): Modal {
  return modal({
    callbackId: spec.callbackId,
    title: spec.words.title,
    submit: spec.words.submit,
    close: spec.words.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(intro),
      input({
        label: spec.words.label,
        element: plainTextInput({ actionId: spec.field, multiline: true, maxLength: spec.max }),
      }),
    ],
  });
}

/** The text typed, or the field's error (empty, too long). */
export function parseTextModal(spec: TextModalSpec, values: StateValues): Parsed<string> {
  const errors: FieldErrors = {};
  const text = requiredText(values, spec.field, spec.max, errors, spec.words.errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: text };
}
