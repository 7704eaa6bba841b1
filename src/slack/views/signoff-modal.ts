import type { DecisionRequest } from '../../domain/decision.js';
import { IMPACTS, type Project, type UserId } from '../../domain/project.js';
import type { Instant } from '../../domain/time.js';
import { SIGNOFF_LIMIT, signOffDecisionRequest } from '../../domain/transitions/index.js';
import { keyUserDomains } from '../blocks/facts.js';
import {
  context,
  input,
  type KnownBlock,
  type Modal,
  modal,
  option,
  plainTextInput,
  section,
  staticSelect,
  truncate,
} from '../blocks/kit.js';
import { SIGNOFF_CALLBACK, SIGNOFF_FIELD } from '../ids.js';
import { t } from '../text/index.js';
import { type DecideMetadata, encodeDecideMetadata } from './decide-modal.js';
import { type FieldErrors, type StateValues, selectedValue, textValue } from './state.js';

export interface SignOffModalInput {
  readonly project: Project;
  readonly prefill?: { readonly title?: string | undefined; readonly notes?: string | undefined } | undefined;
  /** Where it was asked (and the message it was raised from): the same metadata as the `/decide` form's. */
  readonly metadata: DecideMetadata;
}

/**
 * The sign-off request form: the deliverable (title, link, notes), the domain whose key users sign it off,
 * the rule (all of them, or at least N) and the impact. Inputs use `SIGNOFF_FIELD.*` as block and action ids.
 */
export function signOffModal({ project, prefill, metadata }: SignOffModalInput): Modal {
  const m = t.signoffModal;
  const domains = keyUserDomains(project);
  const title = prefill?.title?.split('\n')[0]?.trim() ?? '';
  const notes = prefill?.notes ?? (title.length > SIGNOFF_LIMIT.title ? title : undefined);
  const blocks: KnownBlock[] = [section(m.intro(project.name))];
  if (metadata.source !== undefined) {
    blocks.push(context(t.decision.source(metadata.source.channel, metadata.source.permalink)));
  }
  blocks.push(
    input({
      label: m.titleLabel,
      element: plainTextInput({
        actionId: SIGNOFF_FIELD.title,
        maxLength: SIGNOFF_LIMIT.title,
        initialValue: truncate(title, SIGNOFF_LIMIT.title),
        placeholder: m.titlePlaceholder,
      }),
    }),
    input({
      label: m.linkLabel,
      optional: true,
      hint: m.linkHint,
      element: { type: 'url_text_input', action_id: SIGNOFF_FIELD.link },
    }),
    input({
      label: m.notesLabel,
      optional: true,
      element: plainTextInput({
        actionId: SIGNOFF_FIELD.notes,
        multiline: true,
        maxLength: SIGNOFF_LIMIT.notes,
        initialValue: notes,
        placeholder: m.notesPlaceholder,
      }),
    }),
    input({
      label: m.domainLabel,
      element: staticSelect({
        actionId: SIGNOFF_FIELD.domain,
        options: domains.map((d) => option(m.domainOption(d, project.keyUsers[d]?.length ?? 0), d)),
        initialValue: domains.length === 1 ? domains[0] : undefined,
        placeholder: m.domainPlaceholder,
      }),
    }),
    input({
      label: m.ruleLabel,
      element: {
        type: 'radio_buttons',
        action_id: SIGNOFF_FIELD.rule,
        options: [option(m.ruleAll, 'all'), option(m.ruleAtLeast, 'at_least')],
        initial_option: option(m.ruleAll, 'all'),
      },
    }),
    input({
      label: m.countLabel,
      optional: true,
      hint: m.countHint,
      element: {
        type: 'number_input',
        action_id: SIGNOFF_FIELD.count,
        is_decimal_allowed: false,
        min_value: '1',
        max_value: String(largestDomain(project)),
      },
    }),
    input({
      label: m.impactLabel,
      hint: m.impactHint,
      element: staticSelect({
        actionId: SIGNOFF_FIELD.impact,
        options: IMPACTS.map((impact) => option(t.impact(impact), impact)),
        initialValue: 'normal',
      }),
    }),
  );
  return modal({
    callbackId: SIGNOFF_CALLBACK.requestModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecideMetadata(metadata),
    blocks,
  });
}

export type SignOffSubmission =
  | { readonly ok: true; readonly request: DecisionRequest }
  | { readonly ok: false; readonly errors: FieldErrors };

/** Validates the sign-off form; every problem is reported on its own field. */
export function parseSignOffSubmission(
  values: StateValues,
  ctx: {
    readonly project: Project;
    readonly requester: UserId;
    readonly now: Instant;
    readonly source?: { readonly channel: string; readonly ts: string } | undefined;
  },
): SignOffSubmission {
  const e = t.signoffModal.errors;
  const errors: FieldErrors = {};

  const title = textValue(values, SIGNOFF_FIELD.title);
  if (title === '') errors[SIGNOFF_FIELD.title] = e.titleEmpty;
  else if (title.length > SIGNOFF_LIMIT.title)
    errors[SIGNOFF_FIELD.title] = e.tooLong(SIGNOFF_LIMIT.title, title.length);

  const link = textValue(values, SIGNOFF_FIELD.link);
  if (link.length > SIGNOFF_LIMIT.link)
    errors[SIGNOFF_FIELD.link] = e.tooLong(SIGNOFF_LIMIT.link, link.length);
  else if (link !== '' && !isWebAddress(link)) errors[SIGNOFF_FIELD.link] = e.badLink;

  const notes = textValue(values, SIGNOFF_FIELD.notes);
  if (notes.length > SIGNOFF_LIMIT.notes)
    errors[SIGNOFF_FIELD.notes] = e.tooLong(SIGNOFF_LIMIT.notes, notes.length);

  const domainValue = selectedValue(values, SIGNOFF_FIELD.domain);
  const domain = keyUserDomains(ctx.project).find((d) => d === domainValue);
  if (domain === undefined) errors[SIGNOFF_FIELD.domain] = e.domain;
  const keyUsers = domain === undefined ? 0 : (ctx.project.keyUsers[domain]?.length ?? 0);

  const ruleValue = selectedValue(values, SIGNOFF_FIELD.rule);
  const countText = textValue(values, SIGNOFF_FIELD.count);
  let rule: { kind: 'all' } | { kind: 'at_least'; count: number } | undefined;
  if (ruleValue === 'all') rule = { kind: 'all' };
  else if (ruleValue === 'at_least') {
    const count = Number(countText);
    if (countText === '') errors[SIGNOFF_FIELD.count] = e.countMissing;
    else if (!Number.isInteger(count) || count < 1 || (domain !== undefined && count > keyUsers)) {
      const max = domain === undefined ? largestDomain(ctx.project) : keyUsers;
      errors[SIGNOFF_FIELD.count] = e.countRange(max, domain);
    } else rule = { kind: 'at_least', count };
  } else errors[SIGNOFF_FIELD.rule] = e.rule;

  const impactValue = selectedValue(values, SIGNOFF_FIELD.impact);
  const impact = IMPACTS.find((i) => i === impactValue);
  if (impact === undefined) errors[SIGNOFF_FIELD.impact] = e.impact;

  if (Object.keys(errors).length > 0 || domain === undefined || rule === undefined || impact === undefined)
    return { ok: false, errors };
  return {
    ok: true,
    request: signOffDecisionRequest(
      {
        projectId: ctx.project.id,
        requester: ctx.requester,
        title,
        ...(link === '' ? {} : { link }),
        ...(notes === '' ? {} : { notes }),
        domain,
        rule,
        impact,
        ...(ctx.source === undefined ? {} : { source: ctx.source }),
      },
      ctx.now,
    ),
  };
}

/** The most key users any domain has: the largest N the form accepts. */
function largestDomain(project: Project): number {
  return Math.max(1, ...keyUserDomains(project).map((d) => project.keyUsers[d]?.length ?? 0));
}

/** An absolute http(s) address with a host. */
function isWebAddress(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
