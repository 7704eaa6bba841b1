import type { Decision } from '../../domain/decision.js';
import type { Project } from '../../domain/project.js';
import { keyUserDomains } from '../blocks/facts.js';
import { input, type Modal, modal, option, plainTextInput, section, staticSelect } from '../blocks/kit.js';
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

export const CONSULT_QUESTION_MAX = 2000;

/** A decider asks the key users of one domain for their opinion (the decision's own domain preselected). */
export function consultModal({ decision, project }: { decision: Decision; project: Project }): Modal {
  const m = t.consultModal;
  const domains = keyUserDomains(project);
  return modal({
    callbackId: CALLBACK.consultModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecisionMetadata({ decisionId: decision.id }),
    blocks: [
      section(m.intro(decision.question)),
      input({
        label: m.domainLabel,
        element: staticSelect({
          actionId: FIELD.consultDomain,
          options: domains.map((d) => option(m.domainOption(d, project.keyUsers[d]?.length ?? 0), d)),
          initialValue: decision.domain,
          placeholder: m.domainPlaceholder,
        }),
      }),
      input({
        label: m.questionLabel,
        element: plainTextInput({
          actionId: FIELD.consultQuestion,
          multiline: true,
          maxLength: CONSULT_QUESTION_MAX,
        }),
      }),
    ],
  });
}

export function parseConsultSubmission(
  values: StateValues,
  { project }: { project: Project },
): Parsed<{ domain: string; question: string }> {
  const m = t.consultModal;
  const errors: FieldErrors = {};
  const domain = selectedValue(values, FIELD.consultDomain);
  if (domain === undefined || !keyUserDomains(project).includes(domain))
    errors[FIELD.consultDomain] = m.errors.domain;
  const question = requiredText(values, FIELD.consultQuestion, CONSULT_QUESTION_MAX, errors, m.errors);
  if (Object.keys(errors).length > 0 || domain === undefined) return { ok: false, errors };
  return { ok: true, value: { domain, question } };
}
