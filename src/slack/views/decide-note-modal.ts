import { contentStamp } from '../../domain/content-stamp.js';
import type { Decision } from '../../domain/decision.js';
import { shownLabel, voteOf } from '../blocks/facts.js';
import { input, type Modal, modal, option, plainTextInput, radioButtons, section } from '../blocks/kit.js';
import { CALLBACK, FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  encodeDecisionMetadata,
  type FieldErrors,
  type Parsed,
  type StateValues,
  selectedValue,
  textValue,
} from './state.js';

export const DECISION_NOTE_MAX = 1000;

/**
 * "Decide with a note…": the options as radio buttons and an optional note that travels with the outcome. At
 * the committee it is a vote with a note (the member's current vote is preselected). The metadata carries the
 * content stamp of the version shown, so an answer to a request edited meanwhile is refused.
 */
export function decideNoteModal(params: { decision: Decision; viewerId: string }): Modal {
  const { decision } = params;
  const vote = decision.level === 'committee';
  const m = t.noteModal;
  return modal({
    callbackId: CALLBACK.decideNoteModal,
    title: vote ? m.voteTitle : m.title,
    submit: vote ? m.voteSubmit : m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id, stamp: contentStamp(decision) }),
    blocks: [
      section(m.intro(decision.question)),
      input({
        label: vote ? m.voteOptionLabel : m.optionLabel,
        element: radioButtons({
          actionId: FIELD.noteOption,
          options: decision.options.map((o) => option(shownLabel(decision, o), o.id)),
          initialValue: vote ? voteOf(decision, params.viewerId) : undefined,
        }),
      }),
      input({
        label: m.noteLabel,
        optional: true,
        hint: vote ? m.voteNoteHint : m.noteHint,
        element: plainTextInput({ actionId: FIELD.note, multiline: true, maxLength: DECISION_NOTE_MAX }),
      }),
    ],
  });
}

export function parseDecideNoteSubmission(
  values: StateValues,
  decision: Decision,
): Parsed<{ optionId: string; note: string }> {
  const e = t.noteModal.errors;
  const errors: FieldErrors = {};
  const optionId = selectedValue(values, FIELD.noteOption);
  if (optionId === undefined) errors[FIELD.noteOption] = e.choose;
  else if (!decision.options.some((o) => o.id === optionId)) errors[FIELD.noteOption] = e.unknownOption;
  const note = textValue(values, FIELD.note);
  if (note.length > DECISION_NOTE_MAX) errors[FIELD.note] = e.tooLong(DECISION_NOTE_MAX, note.length);
  if (Object.keys(errors).length > 0 || optionId === undefined) return { ok: false, errors };
  return { ok: true, value: { optionId, note } };
}
