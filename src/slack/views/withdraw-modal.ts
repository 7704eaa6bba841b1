import type { Decision } from '../../domain/decision.js';
import { input, type Modal, modal, plainTextInput, section } from '../blocks/kit.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  type StateValues,
  textValue,
} from './state.js';

export const WITHDRAW_REASON_MAX = 1000;

/** The requester takes the question back, with an optional reason shown on the closed messages. */
export function withdrawModal({ decision }: { decision: Decision }): Modal {
  const m = t.withdrawModal;
  return modal({
    callbackId: CALLBACK.withdrawModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(m.intro(decision.question, decision.deciders)),
      input({
        label: m.reasonLabel,
        optional: true,
        element: plainTextInput({
          actionId: FIELD.withdrawReason,
          multiline: true,
          maxLength: WITHDRAW_REASON_MAX,
        }),
      }),
    ],
  });
}

export function parseWithdrawSubmission(values: StateValues): Parsed<{ reason: string | undefined }> {
  const reason = textValue(values, FIELD.withdrawReason);
  if (reason.length > WITHDRAW_REASON_MAX) {
    const errors: FieldErrors = { [FIELD.withdrawReason]: t.withdrawModal.tooLong(WITHDRAW_REASON_MAX) };
    return { ok: false, errors };
  }
  return { ok: true, value: { reason: reason === '' ? undefined : reason } };
}
