import type { Decision } from '../../domain/decision.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import type { Parsed, StateValues } from './state.js';
import { parseTextModal, type TextModalSpec, textModal } from './text-modal.js';

export const OPINION_MAX = 2000;

const SPEC: TextModalSpec = {
  callbackId: CALLBACK.opinionModal,
  field: FIELD.opinion,
  max: OPINION_MAX,
  // A getter: read in the reader's language at render time, not once at import.
  get words() {
    return t.opinionModal;
  },
};

/** A key user gives an opinion on a decision they were consulted on. */
export function opinionModal(params: {
  decision: Decision;
  /** The decider's consultation question, when known. */
  question?: string | undefined;
}) {
  return textModal(SPEC, params.decision, t.opinionModal.intro(params.decision.question, params.question));
}

export function parseOpinionSubmission(values: StateValues): Parsed<{ text: string }> {
  const parsed = parseTextModal(SPEC, values);
  return parsed.ok ? { ok: true, value: { text: parsed.value } } : parsed;
}
