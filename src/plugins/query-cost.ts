import type { DocumentNode, GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DOMAIN_LIST_SIZES } from '../schema.js';

/** How many items a field stands for, from its arguments. */
type ItemCount = (args: Record<string, unknown>) => number;

/**
 * Fields whose selection is repeated once per item, keyed by `Type.field`. Every other field counts its
 * selection once: its lists (e-mails, privileges, userErrors, introspection) are small, and their size is
 * not the caller's to choose. A connection's size sits on the field taking `first` (its `edges`, `nodes`,
 * `pageInfo` and `totalCount` are all multiplied: a slight overcount that keeps the model one table).
 * test/unit/query-limits-cost.test.ts fails when the schema gains a list of objects not decided here.
 */
export const ITEM_COUNTS: Readonly<Record<string, ItemCount>> = {
  // Each domain's own (src/domains/*/list-sizes.ts).
  ...DOMAIN_LIST_SIZES,
  // Federation: one entity (one lookup) per representation the router sends.
  'Query._entities': ({ representations }) => (Array.isArray(representations) ? representations.length : 1),
};

/** What one field costs on its own, before its selection (scalars and lookups alike). */
export const FIELD_COST = 1;

/**
 * graphql-query-complexity visits this many selections at most (fragments expanded); beyond, the cost
 * is not computed and the operation is refused. Far above any real operation (the largest client
 * operation expands to under 100), it stops fragment fan-outs whose expansion would take exponential time.
 */
export const MAX_EXPANDED_SELECTIONS = 10_000;

/** Cost of a field: its own cost plus its selection's cost times the items it stands for. */
export const itemCountEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const count = ITEM_COUNTS[`${type.name}.${field.name}`];
  return FIELD_COST + (count ? count(args) : 1) * childComplexity;
};

export interface CostInput {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName?: string | undefined;
  /** Coerced-or-raw variables of the request: list sizes and `first` may come from them. */
  variables?: Record<string, unknown> | undefined;
}

/**
 * The cost of the operation: every field costs 1, and the selection of a field in `ITEM_COUNTS` costs
 * once per item (e.g. `agents(first: 100) { nodes { id } }` costs 1 + 100 × (1 + 1) = 201). Fragments
 * and inline fragments count where they are spread; for abstract types the costliest branch counts.
 * Throws (a GraphQLError) when variables do not coerce or the expansion exceeds MAX_EXPANDED_SELECTIONS.
 */
export function operationCost({ schema, document, operationName, variables }: CostInput): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables: variables ?? {},
    estimators: [itemCountEstimator],
    maxQueryNodes: MAX_EXPANDED_SELECTIONS,
  });
}
