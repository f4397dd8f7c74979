import type { GraphQLSchema } from 'graphql';
import { badUserInput } from './errors.js';

/** Longest `__typename` quoted back in a refusal (a caller's string, cut so it cannot flood a message). */
const QUOTED = 64;

/**
 * Checks `_entities(representations:)` before the subgraph resolves anything. A router sends only
 * objects naming an entity type this subgraph resolves; anything else (an unknown, empty or missing
 * `__typename`, `Query`, an interface such as `User`, a type whose key is `resolvable: false` such as
 * `WidgetUser`, whose representation the subgraph would otherwise echo back as if it were the
 * platform's data, or an entry that is not an object) is the caller's mistake: BAD_USER_INPUT naming
 * the entry, before any platform call.
 */
export function guardEntityRepresentations(schema: GraphQLSchema, resolvable: ReadonlySet<string>): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const resolve = field?.resolve;
  if (!field || !resolve) return schema;
  field.resolve = (source, args: { representations?: unknown }, context, info) => {
    const problem = representationProblem(args.representations, resolvable);
    if (problem !== undefined) throw badUserInput(problem);
    return resolve(source, args, context, info);
  };
  return schema;
}

function representationProblem(representations: unknown, resolvable: ReadonlySet<string>): string | undefined {
  if (!Array.isArray(representations)) return 'representations must be a list of objects.';
  const known = [...resolvable].sort().join(', ');
  for (const [index, entry] of representations.entries()) {
    const at = `representations[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return `${at} must be an object with __typename and the entity's key.`;
    const typename: unknown = (entry as Record<string, unknown>).__typename;
    if (typeof typename !== 'string' || typename === '') return `${at} needs a __typename: one of ${known}.`;
    if (!resolvable.has(typename)) {
      return `${at}.__typename ${JSON.stringify(typename.slice(0, QUOTED))} is not an entity this subgraph resolves: one of ${known}.`;
    }
  }
  return undefined;
}
