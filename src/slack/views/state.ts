/**
 * Reading Slack's `view.state.values` defensively: `{ [blockId]: { [actionId]: { type, value?, ... } } }`.
 * Bolt's `ViewStateValue` is assignable to `StateValue`.
 */
export interface StateValue {
  readonly type: string;
  readonly value?: string | null | undefined;
  readonly selected_date?: string | null | undefined;
  readonly selected_option?: { readonly value: string } | null | undefined;
}

export type StateValues = Readonly<Record<string, Readonly<Record<string, StateValue>>>>;

/** Field errors keyed by block id, as `ack({ response_action: 'errors', errors })` expects them. */
export type FieldErrors = Record<string, string>;

export type Parsed<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly errors: FieldErrors };

/**
 * The input of a block: its element with the same action id, or else the block's only element. Undefined for
 * anything that is not an object where Slack puts one (a body Slack did not send).
 */
export function stateOf(values: StateValues, blockId: string): StateValue | undefined {
  const block: unknown = isObject(values) && Object.hasOwn(values, blockId) ? values[blockId] : undefined;
  if (!isObject(block)) return undefined;
  const element: unknown = Object.hasOwn(block, blockId) ? block[blockId] : Object.values(block)[0];
  return isObject(element) ? (element as unknown as StateValue) : undefined;
}

/** A view's `state.values`, or none when the view carries no such object. */
export function stateValuesOf(view: { readonly state?: unknown }): StateValues {
  const state: unknown = view.state;
  const values = isObject(state) ? state.values : undefined;
  return isObject(values) ? (values as StateValues) : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A text input's value, trimmed; '' when absent. */
export function textValue(values: StateValues, blockId: string): string {
  const value = stateOf(values, blockId)?.value;
  return typeof value === 'string' ? value.trim() : '';
}

export function selectedValue(values: StateValues, blockId: string): string | undefined {
  const option: unknown = stateOf(values, blockId)?.selected_option;
  const value = isObject(option) ? option.value : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function selectedDate(values: StateValues, blockId: string): string | undefined {
  const value = stateOf(values, blockId)?.selected_date;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The private_metadata of the smaller modals: which decision they act on. */
export interface DecisionMetadata {
  readonly decisionId: string;
  /** The content stamp of the version the form showed (forms that answer the decision). */
  readonly stamp?: string | undefined;
}

export function encodeDecisionMetadata(metadata: DecisionMetadata): string {
  const { decisionId, stamp } = metadata;
  return JSON.stringify(stamp === undefined ? { decisionId } : { decisionId, stamp });
}

/** Undefined on anything that is not `{"decisionId":"<non-empty string>"[,"stamp":"…"]}`. */
export function parseDecisionMetadata(raw: string | undefined | null): DecisionMetadata | undefined {
  const data = parseJsonObject(raw);
  const decisionId = data?.decisionId;
  if (typeof decisionId !== 'string' || decisionId === '') return undefined;
  return typeof data?.stamp === 'string' ? { decisionId, stamp: data.stamp } : { decisionId };
}

export function parseJsonObject(raw: string | undefined | null): Record<string, unknown> | undefined {
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    const data: unknown = JSON.parse(raw);
    return typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** A required free-text field: error when empty or above `max` characters. */
export function requiredText(
  values: StateValues,
  blockId: string,
  max: number,
  errors: FieldErrors,
  words: { empty: string; tooLong: (max: number) => string },
): string {
  const text = textValue(values, blockId);
  if (text === '') errors[blockId] = words.empty;
  else if (text.length > max) errors[blockId] = words.tooLong(max);
  return text;
}
