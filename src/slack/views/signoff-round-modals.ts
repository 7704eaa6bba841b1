import type { Decision } from '../../domain/decision.js';
import { SIGNOFF_LIMIT } from '../../domain/transitions/index.js';
import { input, type Modal, modal, plainTextInput, section } from '../blocks/kit.js';
import { SIGNOFF_CALLBACK, SIGNOFF_FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  type FieldErrors,
  type Parsed,
  parseJsonObject,
  requiredText,
  type StateValues,
  textValue,
} from './state.js';

/** The sign-off and the round a reject or new-round form was opened for. */
export interface RoundMetadata {
  readonly decisionId: string;
  readonly round: number;
}

export function encodeRoundMetadata(metadata: RoundMetadata): string {
  return JSON.stringify({ decisionId: metadata.decisionId, round: metadata.round });
}

/** Undefined on anything that is not `{"decisionId":"<non-empty>","round":<positive integer>}`. */
export function parseRoundMetadata(raw: string | undefined | null): RoundMetadata | undefined {
  const data = parseJsonObject(raw);
  const { decisionId, round } = data ?? {};
  if (typeof decisionId !== 'string' || decisionId === '') return undefined;
  if (typeof round !== 'number' || !Number.isInteger(round) || round < 1) return undefined;
  return { decisionId, round };
}

function roundOf(decision: Decision): number {
  return decision.signoff?.round ?? 1;
}

/** Reject: the reason (required) goes back to the requester with the round. */
export function rejectModal({ decision }: { decision: Decision }): Modal {
  const m = t.rejectModal;
  const round = roundOf(decision);
  return modal({
    callbackId: SIGNOFF_CALLBACK.rejectModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeRoundMetadata({ decisionId: decision.id, round }),
    blocks: [
      section(m.intro(decision.question, round, decision.level !== 'key_users')),
      input({
        label: m.label,
        element: plainTextInput({
          actionId: SIGNOFF_FIELD.reason,
          multiline: true,
          maxLength: SIGNOFF_LIMIT.reason,
        }),
      }),
    ],
  });
}

export function parseRejectSubmission(values: StateValues): Parsed<{ reason: string }> {
  const errors: FieldErrors = {};
  const reason = requiredText(
    values,
    SIGNOFF_FIELD.reason,
    SIGNOFF_LIMIT.reason,
    errors,
    t.rejectModal.errors,
  );
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, value: { reason } };
}

/** Send a new round: optionally, what changed since the last one. */
export function newRoundModal({ decision }: { decision: Decision }): Modal {
  const m = t.newRoundModal;
  return modal({
    callbackId: SIGNOFF_CALLBACK.newRoundModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeRoundMetadata({ decisionId: decision.id, round: roundOf(decision) }),
    blocks: [
      section(m.intro(decision.question, roundOf(decision) + 1)),
      input({
        label: m.label,
        optional: true,
        element: plainTextInput({
          actionId: SIGNOFF_FIELD.roundNote,
          multiline: true,
          maxLength: SIGNOFF_LIMIT.reason,
          placeholder: m.placeholder,
        }),
      }),
    ],
  });
}

export function parseNewRoundSubmission(values: StateValues): Parsed<{ note?: string }> {
  const note = textValue(values, SIGNOFF_FIELD.roundNote);
  if (note.length > SIGNOFF_LIMIT.reason)
    return {
      ok: false,
      errors: { [SIGNOFF_FIELD.roundNote]: t.newRoundModal.errors.tooLong(SIGNOFF_LIMIT.reason) },
    };
  return { ok: true, value: note === '' ? {} : { note } };
}
