import { asArray, isObject } from '../../json.js';
import { readReferenceJson } from '../../reference.js';

const OPENAPI = 'web-api-openapi-v2-2020.json';

/**
 * What is wrong with a call's arguments, as `[ERROR] …` lines for `invalid_arguments` (empty: nothing). From
 * Slack's own method description (`methods/<method>.json`, field `args.required`) when the reference has one;
 * otherwise from the method's operation in Slack's OpenAPI spec: its required parameters, and the types of the
 * parameters given (`number`, `integer`, `boolean`; form fields arrive as text). The token counts as given when
 * it came in the Authorization header.
 */
export function argumentErrors(
  referenceDir: string,
  method: string,
  args: Record<string, unknown>,
): string[] {
  const spec = readReferenceJson(referenceDir, `methods/${method}.json`);
  if (spec !== undefined) {
    const required = isObject(spec) && isObject(spec.args) ? asArray(spec.args.required) : [];
    return missing(required, args);
  }
  const parameters = openApiParameters(referenceDir, method);
  const required = parameters.filter((p) => p.required).map((p) => p.name);
  const typeErrors = parameters.flatMap((p) => {
    const value = args[p.name];
    if (value === undefined || value === '' || hasType(value, p.type)) return [];
    return [`[ERROR] ${p.name} must be ${p.type === 'integer' ? 'an integer' : `a ${p.type}`}`];
  });
  return [...missing(required, args), ...typeErrors];
}

interface Parameter {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** The parameters of the method's operation in the OpenAPI spec (its one verb), without the token. */
export function openApiParameters(referenceDir: string, method: string): Parameter[] {
  const spec = readReferenceJson(referenceDir, OPENAPI);
  const paths = isObject(spec) && isObject(spec.paths) ? spec.paths : {};
  const operations = paths[`/${method}`];
  const operation = isObject(operations) ? Object.values(operations).find(isObject) : undefined;
  return asArray(operation?.parameters)
    .filter(isObject)
    .flatMap((p) =>
      typeof p.name === 'string' && p.name !== 'token'
        ? [
            {
              name: p.name,
              type: typeof p.type === 'string' ? p.type : 'string',
              required: p.required === true,
            },
          ]
        : [],
    );
}

function missing(required: readonly unknown[], args: Record<string, unknown>): string[] {
  return required
    .filter((name): name is string => typeof name === 'string' && name !== 'token')
    .filter((name) => args[name] === undefined || args[name] === '')
    .map((name) => `[ERROR] missing required field: ${name}`);
}

function hasType(value: unknown, type: string): boolean {
  const text = typeof value === 'string' ? value.trim() : value;
  switch (type) {
    case 'number':
      return (
        typeof text === 'number' || (typeof text === 'string' && text !== '' && Number.isFinite(Number(text)))
      );
    case 'integer':
      return Number.isInteger(typeof text === 'string' && text !== '' ? Number(text) : text);
    case 'boolean':
      return [true, false, 'true', 'false', '1', '0', 1, 0].includes(text as never);
    default:
      return true;
  }
}
