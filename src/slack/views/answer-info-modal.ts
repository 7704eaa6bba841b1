import type { Decision } from '../../domain/decision.js';
import type { UserId } from '../../domain/project.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import { INFO_TEXT_MAX } from './need-info-modal.js';
import type { Parsed, StateValues } from './state.js';
import { parseTextModal, type TextModalSpec, textModal } from './text-modal.js';

const SPEC: TextModalSpec = {
  callbackId: CALLBACK.answerInfoModal,
  field: FIELD.infoAnswer,
  max: INFO_TEXT_MAX,
  // A getter: read in the reader's language at render time, not once at import.
  get words() {
    return t.answerInfoModal;
  },
};

/** The requester answers a decider's information request; the modal shows the question asked. */
export function answerInfoModal(params: {
  decision: Decision;
  /** The question the decider asked (from the latest `info_requested` event). */
  question: string;
  asker?: UserId | undefined;
}) {
  const intro = t.answerInfoModal.intro(params.decision.question, params.asker, params.question);
  return textModal(SPEC, params.decision, intro);
}

export function parseAnswerInfoSubmission(values: StateValues): Parsed<{ answer: string }> {
  const parsed = parseTextModal(SPEC, values);
  return parsed.ok ? { ok: true, value: { answer: parsed.value } } : parsed;
}
