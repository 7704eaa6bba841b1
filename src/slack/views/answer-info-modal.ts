import type { Decision } from '../../domain/decision.js';
import type { UserId } from '../../domain/project.js';
import { input, type Modal, modal, plainTextInput, section } from '../blocks/kit.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import { INFO_TEXT_MAX } from './need-info-modal.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  requiredText,
  type StateValues,
} from './state.js';

/** The requester answers a decider's information request; the modal shows the question asked. */
export function answerInfoModal(params: {
  decision: Decision;
  /** The question the decider asked (from the latest `info_requested` event). */
  question: string;
  asker?: UserId | undefined;
}): Modal {
  const m = t.answerInfoModal;
  return modal({
    callbackId: CALLBACK.answerInfoModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: params.decision.id }),
    blocks: [
      section(m.intro(params.decision.question, params.asker, params.question)),
      input({
        label: m.label,
        element: plainTextInput({ actionId: FIELD.infoAnswer, multiline: true, maxLength: INFO_TEXT_MAX }),
      }),
    ],
  });
}

export function parseAnswerInfoSubmission(values: StateValues): Parsed<{ answer: string }> {
  const errors: FieldErrors = {};
  const answer = requiredText(values, FIELD.infoAnswer, INFO_TEXT_MAX, errors, t.answerInfoModal.errors);
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: { answer } };
}
