import type { Decision } from '../../domain/decision.js';
import { type SendUpTarget, targetLevel } from '../../domain/transitions/index.js';
import { sendUpTargets } from '../blocks/facts.js';
import { input, type Modal, modal, option, plainTextInput, radioButtons, section } from '../blocks/kit.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  requiredText,
  type StateValues,
  selectedValue,
} from './state.js';

export const SEND_UP_REASON_MAX = 1000;

/** "Escalate now": where to (the targets `sendUpTargets` offers) and a required reason. */
export function sendUpModal({ decision }: { decision: Decision }): Modal {
  const m = t.sendUpModal;
  const targets = sendUpTargets(decision);
  return modal({
    callbackId: CALLBACK.sendUpModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(m.intro(decision.question)),
      input({
        label: m.targetLabel,
        element: radioButtons({
          actionId: FIELD.sendUpTarget,
          options: targets.map((target) =>
            option(m.target(target, targetLevel(decision, target) ?? 'committee'), target),
          ),
          initialValue: targets.length === 1 ? targets[0] : undefined,
        }),
      }),
      input({
        label: m.reasonLabel,
        hint: m.reasonHint,
        element: plainTextInput({
          actionId: FIELD.sendUpReason,
          multiline: true,
          maxLength: SEND_UP_REASON_MAX,
        }),
      }),
    ],
  });
}

export function parseSendUpSubmission(
  values: StateValues,
  decision: Decision,
): Parsed<{ target: SendUpTarget; reason: string }> {
  const m = t.sendUpModal;
  const errors: FieldErrors = {};
  const chosen = selectedValue(values, FIELD.sendUpTarget);
  const target = sendUpTargets(decision).find((x) => x === chosen);
  if (target === undefined)
    errors[FIELD.sendUpTarget] = chosen === undefined ? m.errors.choose : m.errors.notNow;
  const reason = requiredText(values, FIELD.sendUpReason, SEND_UP_REASON_MAX, errors, m.errors);
  if (Object.keys(errors).length > 0 || target === undefined) return { ok: false, errors };
  return { ok: true, value: { target, reason } };
}
