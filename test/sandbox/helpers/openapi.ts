import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { isObject, type Json } from '../../../src/sandbox/json.js';
import { readReferenceJson, resolveReferenceDir } from '../../../src/sandbox/reference.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

const spec = readReferenceJson(resolveReferenceDir(), 'web-api-openapi-v2-2020.json') as Json;
const paths = spec.paths as Record<string, Record<string, Json>>;
const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));

/** The spec's HTTP verb for a method (the spec lists `views.*` as GET, one of its known flaws). */
export function specVerbs(method: string): string[] {
  return Object.keys(paths[`/${method}`] ?? {});
}

/**
 * Flaws of the 2020 spec beyond the README's list, corrected before use (Slack's real answers disagree):
 * - chat.update's `message.blocks` is typed as an object, but Slack returns the blocks array;
 * - conversations.history requires at least one message, but an empty range answers `messages: []`;
 * - conversations.replies nests its [parent, reply] tuple one level too deep (`items: {items: [...]}`), so it
 *   checks nothing; lifted to the array (parent first, every other item a reply), with the fields of Slack's
 *   message object the two shapes omit (`blocks`, `bot_id`, … which Slack returns for a bot's messages).
 */
export const SPEC_FIXES: Record<string, (schema: Json) => void> = {
  'chat.update': (schema) => {
    const message = (schema.properties as Record<string, Json>).message as Json;
    (message.properties as Json).blocks = { $ref: '#/definitions/blocks' };
  },
  'conversations.history': (schema) => {
    delete ((schema.properties as Record<string, Json>).messages as Json).minItems;
  },
  'conversations.replies': (schema) => {
    const messages = (schema.properties as Record<string, Json>).messages as Json;
    const [parent, reply] = ((messages.items as Json).items as Json[]).map((shape) => ({
      ...shape,
      properties: { ...messageProperties(), ...(shape.properties as Json) },
    }));
    messages.items = [parent, reply];
    messages.additionalItems = reply;
  },
};

/** The properties of Slack's message object (`objs_message`). */
function messageProperties(): Json {
  const definitions = spec.definitions as Record<string, Json>;
  return structuredClone((definitions.objs_message as Json).properties as Json);
}

export function rawSuccessSchema(method: string): Json | undefined {
  const operations = paths[`/${method}`];
  const operation = operations === undefined ? undefined : Object.values(operations)[0];
  const responses = isObject(operation?.responses) ? operation.responses : undefined;
  const ok = isObject(responses?.['200']) ? responses['200'] : undefined;
  return isObject(ok?.schema) ? structuredClone(ok.schema) : undefined;
}

/**
 * A validator for the method's 200-response schema, with the spec's `#/definitions` alongside so its `$ref`s
 * resolve (OpenAPI 2 keeps shared schemas there); undefined when the spec does not cover the method.
 */
export function successSchema(method: string): ValidateFunction | undefined {
  const schema = rawSuccessSchema(method);
  if (schema === undefined) return undefined;
  SPEC_FIXES[method]?.(schema);
  return ajv.compile({ ...schema, definitions: spec.definitions });
}
