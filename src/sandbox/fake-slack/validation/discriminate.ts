import { asArray, asString, isObject, type Json } from '../../json.js';

interface Branch {
  tag: string;
  /** `{ $ref }` to a definition, or the member schema itself when it is inline. */
  schema: Json;
}

/**
 * The Block Kit schemas are generated from TypeScript unions, so every union is an `anyOf` and one bad button
 * is reported once per union member ("must be overflow", "must be datepicker", ...). Unions whose members are
 * all tagged by a `type` constant are rewritten into a `type` enum plus `if type = X then X` branches, so an
 * element is checked against its own definition only and the first errors are the ones that matter.
 */
export function discriminateUnions(schema: Json): Json {
  const definitions = isObject(schema.definitions) ? schema.definitions : {};
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!isObject(node)) return node;
    const branches = Array.isArray(node.anyOf) ? tagBranches(node.anyOf, definitions, new Set()) : undefined;
    if (branches !== undefined) return taggedUnion(branches, rewrite);
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, rewrite(value)]));
  };
  return rewrite(schema) as Json;
}

function taggedUnion(branches: Branch[], rewrite: (node: unknown) => unknown): Json {
  const byTag = new Map<string, unknown[]>();
  for (const { tag, schema } of branches) byTag.set(tag, [...(byTag.get(tag) ?? []), rewrite(schema)]);
  return {
    type: 'object',
    required: ['type'],
    properties: { type: { enum: [...byTag.keys()] } },
    allOf: [...byTag.entries()].map(([tag, schemas]) => ({
      if: { required: ['type'], properties: { type: { const: tag } } },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, not a thenable.
      then: schemas.length === 1 ? schemas[0] : { anyOf: schemas },
    })),
  };
}

/** The `type` tag of each member, following refs to nested unions; undefined when some member has no tag. */
function tagBranches(members: unknown[], definitions: Json, seen: Set<string>): Branch[] | undefined {
  const branches: Branch[] = [];
  for (const member of members) {
    if (!isObject(member)) return undefined;
    const ref = asString(member.$ref);
    const name = ref?.startsWith('#/definitions/') ? ref.slice('#/definitions/'.length) : undefined;
    if (ref !== undefined && (name === undefined || seen.has(name))) return undefined;
    const target = name === undefined ? member : definitions[name];
    if (!isObject(target)) return undefined;
    if (Array.isArray(target.anyOf)) {
      const nested = tagBranches(
        target.anyOf,
        definitions,
        name === undefined ? seen : new Set([...seen, name]),
      );
      if (nested === undefined) return undefined;
      branches.push(...nested);
      continue;
    }
    const tags = typeTags(target);
    if (tags === undefined) return undefined;
    for (const tag of tags) branches.push({ tag, schema: ref === undefined ? member : { $ref: ref } });
  }
  return branches;
}

function typeTags(schema: Json): string[] | undefined {
  const type = isObject(schema.properties) ? schema.properties.type : undefined;
  if (!isObject(type)) return undefined;
  const tags = type.const !== undefined ? [type.const] : asArray(type.enum);
  return tags.length > 0 && tags.every((t) => typeof t === 'string') ? (tags as string[]) : undefined;
}
