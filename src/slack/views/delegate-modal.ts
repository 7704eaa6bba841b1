import type { Decision } from '../../domain/decision.js';
import type { Project, UserId } from '../../domain/project.js';
import { allowedDelegates } from '../blocks/facts.js';
import {
  input,
  type KnownBlock,
  type Modal,
  modal,
  option,
  plainTextInput,
  section,
  staticSelect,
} from '../blocks/kit.js';
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

export const DELEGATE_NOTE_MAX = 1000;

/**
 * The SPoC (or the deputy) hands the decision to the deputy or a key user, with a note. People are labelled
 * with their display name from `names` (falling back to the user ID) and their role or domains.
 */
export function delegateModal(params: {
  decision: Decision;
  project: Project;
  /** Who is delegating: never offered as a delegate. */
  actor: UserId;
  names?: Readonly<Record<UserId, string>> | undefined;
}): Modal {
  const m = t.delegateModal;
  const delegates = allowedDelegates(params.project, params.actor);
  const blocks: KnownBlock[] = [section(m.intro(params.decision.question))];
  if (delegates.length === 0) blocks.push(section(m.nobody));
  else {
    blocks.push(
      input({
        label: m.toLabel,
        element: staticSelect({
          actionId: FIELD.delegateTo,
          placeholder: m.toPlaceholder,
          options: delegates.map((d) =>
            option(m.delegateOption(params.names?.[d.user] ?? d.user, d.deputy, d.domains), d.user),
          ),
        }),
      }),
      input({
        label: m.noteLabel,
        optional: true,
        element: plainTextInput({
          actionId: FIELD.delegateNote,
          multiline: true,
          maxLength: DELEGATE_NOTE_MAX,
          placeholder: m.notePlaceholder,
        }),
      }),
    );
  }
  return modal({
    callbackId: CALLBACK.delegateModal,
    title: m.title,
    submit: delegates.length === 0 ? undefined : m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: params.decision.id }),
    blocks,
  });
}

export function parseDelegateSubmission(
  values: StateValues,
  ctx: { project: Project; actor: UserId },
): Parsed<{ to: UserId; note: string }> {
  const e = t.delegateModal.errors;
  const errors: FieldErrors = {};
  const to = selectedValue(values, FIELD.delegateTo);
  if (to === undefined) errors[FIELD.delegateTo] = e.choose;
  else if (!allowedDelegates(ctx.project, ctx.actor).some((d) => d.user === to))
    errors[FIELD.delegateTo] = e.notAllowed;
  const note = textValue(values, FIELD.delegateNote);
  if (note.length > DELEGATE_NOTE_MAX) errors[FIELD.delegateNote] = e.tooLong(DELEGATE_NOTE_MAX);
  if (Object.keys(errors).length > 0 || to === undefined) return { ok: false, errors };
  return { ok: true, value: { to, note } };
}
