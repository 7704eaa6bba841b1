/** Loose JSON helpers: Slack payloads are untyped at the wire, so the stand-in narrows them where it reads them. */
export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asObjects(value: unknown): Json[] {
  return asArray(value).filter(isObject);
}

/** The `text` of a text object (`{type:'plain_text', text}`), or undefined. */
export function textOf(value: unknown): string | undefined {
  return isObject(value) ? asString(value.text) : undefined;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}
