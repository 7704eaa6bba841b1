import type { Decision } from '../../domain/decision.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import type { Parsed, StateValues } from './state.js';
import { parseTextModal, type TextModalSpec, textModal } from './text-modal.js';

export const INFO_TEXT_MAX = 2000;

const SPEC: TextModalSpec = {
  callbackId: CALLBACK.needInfoModal,
  field: FIELD.infoQuestion,
  max: INFO_TEXT_MAX,
  // A getter: read in the reader's language at render time, not once at import.
  get words() {
    return t.needInfoModal;
  },
};

/** A decider asks the requester for information (the level's clock pauses until the answer). */
export function needInfoModal({ decision }: { decision: Decision }) {
  return textModal(SPEC, decision, t.needInfoModal.intro(decision.question, decision.requester));
}

export function parseNeedInfoSubmission(values: StateValues): Parsed<{ question: string }> {
  const parsed = parseTextModal(SPEC, values);
  return parsed.ok ? { ok: true, value: { question: parsed.value } } : parsed;
}
