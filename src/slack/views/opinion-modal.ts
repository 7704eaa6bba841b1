import type { Decision } from '../../domain/decision.js';
import { input, type Modal, modal, plainTextInput, section } from '../blocks/kit.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  requiredText,
  type StateValues,
} from './state.js';

export const OPINION_MAX = 2000;

/** A key user gives an opinion on a decision they were consulted on. */
export function opinionModal(params: {
  decision: Decision;
  /** The decider's consultation question, when known. */
  question?: string | undefined;
}): Modal {
  const m = t.opinionModal;
  return modal({
    callbackId: CALLBACK.opinionModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: params.decision.id }),
    blocks: [
      section(m.intro(params.decision.question, params.question)),
      input({
        label: m.label,
        element: plainTextInput({ actionId: FIELD.opinion, multiline: true, maxLength: OPINION_MAX }),
      }),
    ],
  });
}

export function parseOpinionSubmission(values: StateValues): Parsed<{ text: string }> {
  const errors: FieldErrors = {};
  const text = requiredText(values, FIELD.opinion, OPINION_MAX, errors, t.opinionModal.errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: { text } };
}
