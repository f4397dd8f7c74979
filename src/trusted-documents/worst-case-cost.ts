import {
  GraphQLError,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { costVariables } from '../plugins/limit-verdicts.js';
import { operationCost } from '../plugins/query-cost.js';

/**
 * The highest cost an operation can have whatever variables a request sends, or why it cannot be known
 * at load (then the document is refused: a list variable sizes a list, `_entities(representations: $r)`). Of the variables
 * that can change the cost (limit-verdicts.ts `costVariables`), an Int is a page size, which the list
 * sizes clamp to the page maximum: the largest Int is the worst case; a Boolean (`@include`, `@skip`, a
 * filter) takes every value, up to 2^MAX_BOOLEAN_VARIABLES combinations. Other variables only need a
 * value the cost calculation accepts: a minimal one of their type.
 */
export function worstCaseCost(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): number | string {
  const sizing = new Set(costVariables(document));
  const base: Record<string, unknown> = {};
  const booleans: string[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type) return `the type of $${name} is unknown`;
    const named = isNonNullType(type) ? type.ofType : type;
    if (!sizing.has(name)) {
      if (isNonNullType(type) && definition.defaultValue === undefined) base[name] = minimalValue(type);
      continue;
    }
    if (isScalarType(named) && named.name === 'Int') base[name] = MAX_INT;
    else if (isScalarType(named) && named.name === 'Boolean') booleans.push(name);
    // A list can size a list (`_entities(representations:)`): no bound without its length.
    else if (isListType(named)) return `its cost depends on the length of the list $${name}, which has no bound when the manifest loads`;
    // Other arguments of a sizing field (a cursor, a search, a type) do not change its size.
    else if (isNonNullType(type) && definition.defaultValue === undefined) base[name] = minimalValue(type);
  }
  if (booleans.length > MAX_BOOLEAN_VARIABLES) return `more than ${MAX_BOOLEAN_VARIABLES} Boolean variables decide its cost: too many combinations to bound it when the manifest loads`;
  let worst = 0;
  for (let combination = 0; combination < 2 ** booleans.length; combination++) {
    const variables = { ...base };
    booleans.forEach((name, bit) => (variables[name] = ((combination >> bit) & 1) === 1));
    try {
      worst = Math.max(worst, operationCost({ schema, document, operationName: operation.name?.value, variables }));
    } catch (error) {
      // The expansion cap (a fragment fan-out) or variables its calculation cannot take: refused, with its words.
      if (error instanceof GraphQLError) return `its cost cannot be computed: ${error.message}`;
      throw error;
    }
  }
  return worst;
}

/** GraphQL's Int is 32-bit: the largest page size a request can send. */
const MAX_INT = 2 ** 31 - 1;
/** Beyond this many Boolean variables the combinations are not enumerated: the document is refused. */
const MAX_BOOLEAN_VARIABLES = 6;

/** A value of the type that coerces (the cost calculation coerces every variable); its content does not matter. */
function minimalValue(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return minimalValue(type.ofType);
  if (isListType(type)) return [];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = minimalValue(field.type);
    }
    return value;
  }
  return SCALAR_SAMPLES[type.name] ?? '';
}

const SCALAR_SAMPLES: Readonly<Record<string, unknown>> = {
  Int: 0,
  Float: 0,
  Boolean: false,
  ID: '0',
  String: '',
  DateTime: '1970-01-01T00:00:00.000Z',
  JSONObject: {},
};
