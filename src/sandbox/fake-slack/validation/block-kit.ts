import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { asArray, isObject, type Json } from '../../json.js';
import { readReferenceJson } from '../../reference.js';
import { blockLimitErrors, viewLimitErrors } from './block-limits.js';
import { discriminateUnions } from './discriminate.js';

export type ViewSurface = 'modal' | 'home';
type SchemaName = 'Blocks' | 'Modal' | 'Home';

interface Compiled {
  /** One block (`KnownBlock`: unknown block types are refused, as Slack does). */
  block: ValidateFunction;
  /** The view's own fields, checked with `blocks: []` so block errors come from `block` with precise paths. */
  root: ValidateFunction;
}

const MAX_REPORTED = 5;
const compiledByDir = new Map<string, Map<SchemaName, Compiled>>();

/**
 * Block Kit checks against `block-kit/*.schema.json` (structure) plus the documented limits the schemas do
 * not encode. Schemas are compiled once per reference folder and shared by every fake in the process.
 * Each check returns Slack-style messages ("[ERROR] ... [json-pointer:/blocks/0/text]"); empty means valid.
 */
export class BlockKitValidator {
  private readonly schemas: Map<SchemaName, Compiled>;

  constructor(referenceDir: string) {
    this.schemas = compiledByDir.get(referenceDir) ?? compileAll(referenceDir);
    compiledByDir.set(referenceDir, this.schemas);
  }

  messageBlocks(blocks: unknown, pointer = '/blocks'): string[] {
    if (!Array.isArray(blocks)) return [`[ERROR] must be an array [json-pointer:${pointer}]`];
    const errors = this.blocks('Blocks', blocks, pointer);
    return errors.length > 0 ? errors : blockLimitErrors(blocks, 'message', pointer);
  }

  view(view: unknown, surface: ViewSurface, pointer = '/view'): string[] {
    if (!isObject(view)) return [`[ERROR] must be an object [json-pointer:${pointer}]`];
    const compiled = this.compiled(surface === 'modal' ? 'Modal' : 'Home');
    const errors: string[] = [];
    if (!compiled.root({ ...view, blocks: [] })) errors.push(...format(compiled.root.errors, pointer));
    if (!Array.isArray(view.blocks)) errors.push(`[ERROR] must be an array [json-pointer:${pointer}/blocks]`);
    else
      errors.push(...this.blocks(surface === 'modal' ? 'Modal' : 'Home', view.blocks, `${pointer}/blocks`));
    if (errors.length > 0) return errors.slice(0, MAX_REPORTED);
    return [
      ...viewLimitErrors(view, surface, pointer),
      ...blockLimitErrors(asArray(view.blocks), surface, `${pointer}/blocks`),
    ];
  }

  private blocks(name: SchemaName, blocks: unknown[], pointer: string): string[] {
    const { block } = this.compiled(name);
    const errors: string[] = [];
    blocks.forEach((b, i) => {
      if (errors.length < MAX_REPORTED && !block(b)) errors.push(...format(block.errors, `${pointer}/${i}`));
    });
    return errors.slice(0, MAX_REPORTED);
  }

  private compiled(name: SchemaName): Compiled {
    const compiled = this.schemas.get(name);
    if (compiled === undefined) throw new Error(`Block Kit schema ${name} not loaded`);
    return compiled;
  }
}

function compileAll(referenceDir: string): Map<SchemaName, Compiled> {
  const ajv = new Ajv({ strict: false, allErrors: false, verbose: true });
  const compiled = new Map<SchemaName, Compiled>();
  for (const name of ['Blocks', 'Modal', 'Home'] as const) {
    const schema = readReferenceJson(referenceDir, `block-kit/${name}.schema.json`);
    if (!isObject(schema)) throw new Error(`Missing block-kit/${name}.schema.json in ${referenceDir}`);
    ajv.addSchema(discriminateUnions(schema), name);
    const rootRef =
      name === 'Blocks' ? undefined : `${name}#/definitions/${name === 'Modal' ? 'ModalView' : 'HomeView'}`;
    const block = ajv.getSchema(`${name}#/definitions/KnownBlock`);
    const root = rootRef === undefined ? block : ajv.getSchema(rootRef);
    if (block === undefined || root === undefined)
      throw new Error(`Unexpected layout of block-kit/${name}.schema.json`);
    compiled.set(name, { block, root });
  }
  return compiled;
}

function format(errors: ErrorObject[] | null | undefined, pointer: string): string[] {
  return (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .slice(0, MAX_REPORTED)
    .map((e) => `[ERROR] ${describe(e)} [json-pointer:${pointer}${e.instancePath}]`);
}

function describe(error: ErrorObject): string {
  const params = error.params as Json;
  if (error.keyword === 'additionalProperties')
    return `unexpected property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'enum' && Array.isArray(params.allowedValues)) {
    return `${JSON.stringify(error.data)} must be one of: ${params.allowedValues.map(String).join(', ')}`;
  }
  return error.message ?? error.keyword;
}
