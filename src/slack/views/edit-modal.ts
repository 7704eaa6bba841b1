import type { Decision } from '../../domain/decision.js';
import type { RequestEdit } from '../../domain/transitions/index.js';
import { hasBuiltInOptions, optionLabel } from '../blocks/facts.js';
import { context, type Modal, modal, section } from '../blocks/kit.js';
import { CALLBACK, DECIDE_FIELD } from '../ids.js';
import { t } from '../text/index.js';
import { parseRequestFields, requestInput } from './decide-modal.js';
import { encodeDecisionMetadata, type Parsed, type StateValues } from './state.js';

/**
 * The requester's "Edit": the request's own fields, filled in with what it says now (impact, domain and what it
 * blocks keep their values). The deciders' copies update in place with an "edited" mark.
 */
export function editModal({ decision }: { decision: Decision }): Modal {
  const m = t.editModal;
  const defaultLabel =
    decision.defaultOptionId === undefined ? undefined : optionLabel(decision, decision.defaultOptionId);
  // The built-in Approve / Reject is an empty field (as when it was asked), so it stays the built-in pair,
  // shown in each reader's language; typed options are given back as typed.
  const optionsText = hasBuiltInOptions(decision) ? '' : decision.options.map((o) => o.label).join('\n');
  return modal({
    callbackId: CALLBACK.editModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(m.intro(decision.deciders)),
      requestInput.question(decision.question),
      requestInput.context(decision.context),
      requestInput.options(optionsText, decision.level === 'committee' ? m.optionsHintCommittee : undefined),
      requestInput.budget(decision.budgetImpact),
      requestInput.neededBy(decision.neededBy),
      requestInput.defaultOption(defaultLabel),
      context(m.footer),
    ],
  });
}

export function parseEditSubmission(
  values: StateValues,
  ctx: { readonly today: string; readonly decision: Decision },
): Parsed<RequestEdit> {
  const { errors, fields } = parseRequestFields(values, {
    today: ctx.today,
    keepNeededBy: ctx.decision.neededBy,
  });
  // A committee member voted while the form was open: the votes were cast on what the request says.
  if (ctx.decision.votes.length > 0) errors[DECIDE_FIELD.options] = t.editModal.votesCast;
  if (fields === undefined || Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: fields };
}
