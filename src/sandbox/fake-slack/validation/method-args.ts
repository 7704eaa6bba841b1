import { asArray, isObject } from '../../json.js';
import { readReferenceJson } from '../../reference.js';

/**
 * Required arguments per method, from Slack's own method descriptions (`methods/<method>.json`, field
 * `args.required`). The token counts as given when it came in the Authorization header.
 */
export function missingArguments(
  referenceDir: string,
  method: string,
  args: Record<string, unknown>,
): string[] {
  const spec = readReferenceJson(referenceDir, `methods/${method}.json`);
  const required = isObject(spec) && isObject(spec.args) ? asArray(spec.args.required) : [];
  return required
    .filter((name): name is string => typeof name === 'string' && name !== 'token')
    .filter((name) => args[name] === undefined || args[name] === '');
}
