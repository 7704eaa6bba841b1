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

export const INFO_TEXT_MAX = 2000;

/** A decider asks the requester for information (the level's clock pauses until the answer). */
export function needInfoModal({ decision }: { decision: Decision }): Modal {
  const m = t.needInfoModal;
  return modal({
    callbackId: CALLBACK.needInfoModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(m.intro(decision.question, decision.requester)),
      input({
        label: m.label,
        element: plainTextInput({ actionId: FIELD.infoQuestion, multiline: true, maxLength: INFO_TEXT_MAX }),
      }),
    ],
  });
}

export function parseNeedInfoSubmission(values: StateValues): Parsed<{ question: string }> {
  const errors: FieldErrors = {};
  const question = requiredText(values, FIELD.infoQuestion, INFO_TEXT_MAX, errors, t.needInfoModal.errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: { question } };
}
