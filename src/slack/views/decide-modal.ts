import type { DecisionOption, DecisionRequest } from '../../domain/decision.js';
import { APPROVE_REJECT } from '../../domain/decision.js';
import { IMPACTS, type Impact, type Project, type UserId } from '../../domain/project.js';
import { MAX_OPTIONS, MIN_OPTIONS } from '../../domain/transitions/open.js';
import { keyUserDomains, shownLabel } from '../blocks/facts.js';
import {
  context,
  input,
  type KnownBlock,
  LIMIT,
  type Modal,
  modal,
  option,
  plain,
  plainTextInput,
  section,
  staticSelect,
  truncate,
} from '../blocks/kit.js';
import { CALLBACK, DECIDE_FIELD } from '../ids.js';
import { t } from '../text/index.js';
import {
  type FieldErrors,
  parseJsonObject,
  type StateValues,
  selectedDate,
  selectedValue,
  textValue,
} from './state.js';

/** Lengths the `/decide` form accepts (Slack's header and button limits drive the first and the third). */
export const DECIDE_LIMIT = {
  question: 150,
  context: 3000,
  optionLabel: 75,
  blocks: 200,
  /** The options textarea: room for 5 long lines and some slack, so "too many" gets its own message. */
  optionsText: 1000,
} as const;

/** What the modal remembers between opening and submission. */
export interface DecideMetadata {
  readonly projectId: string;
  /** Where `/decide` was typed (or the shortcut used): where errors and the receipt go. */
  readonly channel: string;
  /** The message the request was raised from (message shortcut). */
  readonly source?:
    | { readonly channel: string; readonly ts: string; readonly permalink?: string }
    | undefined;
}

export interface DecideModalInput {
  readonly project: Project;
  readonly prefill?:
    | { readonly question?: string | undefined; readonly context?: string | undefined }
    | undefined;
  readonly metadata: DecideMetadata;
}

/** The `/decide` form. Inputs use `DECIDE_FIELD.*` as both block id and action id. */
export function decideModal({ project, prefill, metadata }: DecideModalInput): Modal {
  const m = t.decideModal;
  const question = prefill?.question?.trim() ?? '';
  // A question typed after `/decide` may be longer than a question can be: keep it whole in the context.
  const overflow = question.length > DECIDE_LIMIT.question;
  const contextPrefill = prefill?.context ?? (overflow ? question : undefined);
  const domains = keyUserDomains(project);
  const blocks: KnownBlock[] = [section(m.intro(project.name))];
  if (metadata.source !== undefined) {
    blocks.push(context(t.decision.source(metadata.source.channel, metadata.source.permalink)));
  }
  blocks.push(
    requestInput.question(question),
    requestInput.context(contextPrefill),
    requestInput.options(undefined),
    input({
      label: m.impact.label,
      hint: m.impact.hint,
      element: staticSelect({
        actionId: DECIDE_FIELD.impact,
        options: IMPACTS.map((impact) => option(t.impact(impact), impact)),
        initialValue: 'normal',
      }),
    }),
  );
  if (domains.length > 0) {
    blocks.push(
      input({
        label: m.domain.label,
        optional: true,
        element: staticSelect({
          actionId: DECIDE_FIELD.domain,
          options: domains.map((d) => option(d, d)),
          placeholder: m.domain.placeholder,
        }),
      }),
    );
  }
  blocks.push(
    requestInput.budget(undefined),
    requestInput.neededBy(undefined),
    input({
      label: m.blocks.label,
      optional: true,
      hint: m.blocks.hint,
      element: plainTextInput({
        actionId: DECIDE_FIELD.blocks,
        maxLength: DECIDE_LIMIT.blocks,
        placeholder: m.blocks.placeholder,
      }),
    }),
    requestInput.defaultOption(undefined),
  );
  return modal({
    callbackId: CALLBACK.decideModal,
    title: m.title,
    submit: m.submit,
    close: m.close,
    privateMetadata: encodeDecideMetadata(metadata),
    blocks,
  });
}

/**
 * The inputs `/decide` and its edit form share, each with its initial value. Block id = action id =
 * `DECIDE_FIELD.*`, so one parser reads both forms.
 */
export const requestInput = {
  question: (initial: string | undefined, hint?: string): KnownBlock =>
    input({
      label: t.decideModal.question.label,
      hint,
      element: plainTextInput({
        actionId: DECIDE_FIELD.question,
        maxLength: DECIDE_LIMIT.question,
        initialValue: initial,
        placeholder: t.decideModal.question.placeholder,
      }),
    }),
  context: (initial: string | undefined): KnownBlock =>
    input({
      label: t.decideModal.context.label,
      optional: true,
      element: plainTextInput({
        actionId: DECIDE_FIELD.context,
        multiline: true,
        maxLength: DECIDE_LIMIT.context,
        initialValue: initial,
        placeholder: t.decideModal.context.placeholder,
      }),
    }),
  options: (initial: string | undefined, hint: string = t.decideModal.options.hint): KnownBlock =>
    input({
      label: t.decideModal.options.label,
      optional: true,
      hint,
      element: plainTextInput({
        actionId: DECIDE_FIELD.options,
        multiline: true,
        maxLength: DECIDE_LIMIT.optionsText,
        initialValue: initial,
      }),
    }),
  budget: (initial: number | undefined): KnownBlock =>
    input({
      label: t.decideModal.budget.label,
      optional: true,
      hint: t.decideModal.budget.hint,
      element: {
        type: 'number_input',
        action_id: DECIDE_FIELD.budget,
        is_decimal_allowed: true,
        min_value: '0',
        ...(initial === undefined ? {} : { initial_value: String(initial) }),
      },
    }),
  neededBy: (initial: string | undefined): KnownBlock =>
    input({
      label: t.decideModal.neededBy.label,
      optional: true,
      element: {
        type: 'datepicker',
        action_id: DECIDE_FIELD.neededBy,
        placeholder: plain(t.decideModal.neededBy.placeholder, LIMIT.placeholder),
        ...(initial === undefined ? {} : { initial_date: initial }),
      },
    }),
  defaultOption: (initial: string | undefined): KnownBlock =>
    input({
      label: t.decideModal.defaultOption.label,
      optional: true,
      hint: t.decideModal.defaultOption.hint,
      element: plainTextInput({
        actionId: DECIDE_FIELD.defaultOption,
        maxLength: DECIDE_LIMIT.optionLabel,
        initialValue: initial,
      }),
    }),
};

/** JSON within Slack's 3000 characters: the permalink (the only long part) is dropped if it would not fit. */
export function encodeDecideMetadata(metadata: DecideMetadata): string {
  const full = JSON.stringify(metadata);
  if (full.length <= LIMIT.privateMetadata || metadata.source === undefined) return full;
  const { channel, ts } = metadata.source;
  return JSON.stringify({ ...metadata, source: { channel, ts } });
}

/** The metadata back from a submission; undefined on anything malformed. */
export function parseDecideMetadata(raw: string | undefined | null): DecideMetadata | undefined {
  const data = parseJsonObject(raw);
  if (data === undefined) return undefined;
  const { projectId, channel, source } = data;
  if (!isNonEmptyString(projectId) || !isNonEmptyString(channel)) return undefined;
  if (source === undefined) return { projectId, channel };
  if (typeof source !== 'object' || source === null) return undefined;
  const s = source as Record<string, unknown>;
  if (!isNonEmptyString(s.channel) || !isNonEmptyString(s.ts)) return undefined;
  const permalink = isNonEmptyString(s.permalink) ? s.permalink : undefined;
  return {
    projectId,
    channel,
    source:
      permalink === undefined
        ? { channel: s.channel, ts: s.ts }
        : { channel: s.channel, ts: s.ts, permalink },
  };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

export type DecideSubmission =
  | { readonly ok: true; readonly request: DecisionRequest }
  | { readonly ok: false; readonly errors: FieldErrors };

export interface DecideSubmissionContext {
  readonly project: Project;
  /** Today's local date "YYYY-MM-DD" in the project's zone: needed-by may be today, not before. */
  readonly today: string;
  readonly requester: UserId;
  /** The message the request was raised from (from the metadata). */
  readonly source?: { readonly channel: string; readonly ts: string } | undefined;
}

/** Validates the `/decide` form; every problem is reported against its field's block id. */
export function parseDecideSubmission(values: StateValues, ctx: DecideSubmissionContext): DecideSubmission {
  const e = t.decideModal.errors;
  const { errors, fields } = parseRequestFields(values, { today: ctx.today });

  const impactValue = selectedValue(values, DECIDE_FIELD.impact);
  const impact = IMPACTS.find((i) => i === impactValue);
  if (impact === undefined) errors[DECIDE_FIELD.impact] = e.badImpact;

  const domain = selectedValue(values, DECIDE_FIELD.domain);
  if (domain !== undefined && !keyUserDomains(ctx.project).includes(domain))
    errors[DECIDE_FIELD.domain] = e.unknownDomain;

  const blocks = textValue(values, DECIDE_FIELD.blocks);
  if (blocks.length > DECIDE_LIMIT.blocks)
    errors[DECIDE_FIELD.blocks] = e.tooLong(DECIDE_LIMIT.blocks, blocks.length);

  if (Object.keys(errors).length > 0 || fields === undefined || impact === undefined)
    return { ok: false, errors };
  const request: DecisionRequest = {
    projectId: ctx.project.id,
    requester: ctx.requester,
    ...fields,
    impact: impact satisfies Impact,
    ...(domain === undefined ? {} : { domain }),
    ...(blocks === '' ? {} : { blocks }),
    ...(ctx.source === undefined ? {} : { source: { channel: ctx.source.channel, ts: ctx.source.ts } }),
  };
  return { ok: true, request };
}

/** The fields a request shares with its edit form: question, context, options, default, budget, needed-by. */
export interface RequestFields {
  readonly question: string;
  readonly context: string;
  readonly options: DecisionOption[];
  readonly defaultOptionId?: string;
  readonly budgetImpact?: number;
  readonly neededBy?: string;
}

/**
 * Validates the fields `/decide` and its edit form share. `keepNeededBy`: a needed-by date the request has
 * already (an edit may keep a date that has passed meanwhile).
 */
export function parseRequestFields(
  values: StateValues,
  ctx: { readonly today: string; readonly keepNeededBy?: string | undefined },
): { errors: FieldErrors; fields: RequestFields | undefined } {
  const e = t.decideModal.errors;
  const errors: FieldErrors = {};

  const question = textValue(values, DECIDE_FIELD.question);
  if (question === '') errors[DECIDE_FIELD.question] = e.questionEmpty;
  else if (question.length > DECIDE_LIMIT.question)
    errors[DECIDE_FIELD.question] = e.tooLong(DECIDE_LIMIT.question, question.length);

  const contextText = textValue(values, DECIDE_FIELD.context);
  if (contextText.length > DECIDE_LIMIT.context)
    errors[DECIDE_FIELD.context] = e.tooLong(DECIDE_LIMIT.context, contextText.length);

  const options = parseOptions(textValue(values, DECIDE_FIELD.options));
  if (!options.ok) errors[DECIDE_FIELD.options] = options.error;

  let defaultOptionId: string | undefined;
  const defaultText = textValue(values, DECIDE_FIELD.defaultOption);
  if (defaultText !== '' && options.ok) {
    // As typed, or as the reader reads it (the built-in Approve / Reject in their language).
    const wanted = defaultText.toLowerCase();
    const match = options.options.find(
      (o) => o.label.toLowerCase() === wanted || shownLabel({}, o).toLowerCase() === wanted,
    );
    if (match === undefined)
      errors[DECIDE_FIELD.defaultOption] = e.defaultNotAnOption(
        options.options.map((o) => shownLabel({}, o)),
      );
    else defaultOptionId = match.id;
  }

  const budgetText = textValue(values, DECIDE_FIELD.budget);
  const budgetImpact = budgetText === '' ? undefined : Number(budgetText);
  if (budgetImpact !== undefined && !(Number.isFinite(budgetImpact) && budgetImpact >= 0))
    errors[DECIDE_FIELD.budget] = e.badBudget;

  const neededBy = selectedDate(values, DECIDE_FIELD.neededBy);
  if (neededBy !== undefined) {
    if (!isIsoDate(neededBy)) errors[DECIDE_FIELD.neededBy] = e.badDate;
    else if (neededBy < ctx.today && neededBy !== ctx.keepNeededBy)
      errors[DECIDE_FIELD.neededBy] = e.pastDate;
  }

  if (Object.keys(errors).length > 0 || !options.ok) return { errors, fields: undefined };
  return {
    errors,
    fields: {
      question,
      context: contextText,
      options: options.options,
      ...(defaultOptionId === undefined ? {} : { defaultOptionId }),
      ...(budgetImpact === undefined ? {} : { budgetImpact }),
      ...(neededBy === undefined ? {} : { neededBy }),
    },
  };
}

type ParsedOptions = { ok: true; options: DecisionOption[] } | { ok: false; error: string };

/** One option per line (bullets and numbering stripped); empty → Approve / Reject. */
function parseOptions(text: string): ParsedOptions {
  const e = t.decideModal.errors;
  const labels = text
    .split(/\r?\n/)
    .map((line) => line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim())
    .filter((line) => line !== '');
  if (labels.length === 0) return { ok: true, options: [...APPROVE_REJECT] };
  if (labels.length < MIN_OPTIONS) return { ok: false, error: e.tooFewOptions(MIN_OPTIONS) };
  if (labels.length > MAX_OPTIONS) return { ok: false, error: e.tooManyOptions(MAX_OPTIONS, labels.length) };
  const tooLong = labels.findIndex((l) => l.length > DECIDE_LIMIT.optionLabel);
  if (tooLong >= 0) return { ok: false, error: e.optionTooLong(tooLong + 1, DECIDE_LIMIT.optionLabel) };
  const seen = new Set<string>();
  for (const label of labels) {
    const key = label.toLowerCase();
    if (seen.has(key)) return { ok: false, error: e.duplicateOption(truncate(label, 40)) };
    seen.add(key);
  }
  // "Approve" and "Reject" typed out are the default pair: they keep its ids (and button colours).
  const pair = labels.map((l) => l.toLowerCase()).sort();
  if (pair.length === 2 && pair[0] === 'approve' && pair[1] === 'reject') {
    return { ok: true, options: labels.map((label) => ({ id: label.toLowerCase(), label })) };
  }
  return { ok: true, options: labels.map((label, i) => ({ id: `opt${i + 1}`, label })) };
}

function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}
