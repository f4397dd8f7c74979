import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { getVariableValues, GraphQLError, Lexer, Source, TokenKind, validate, type ParseOptions, type ValidationRule } from 'graphql';
import { ErrorCode } from '../errors.js';
import { LimitVerdicts } from './limit-verdicts.js';
import { MAX_EXPANDED_SELECTIONS, operationCost } from './query-cost.js';
import { requestRefusal } from './request-refusal.js';
import { isArgumentCoercionError } from './error-kind.js';

export interface QueryLimitOptions {
  /** Deepest field nesting (fragments add no depth of their own; `__schema` is exempt, see armorValidationRules). */
  maxDepth: number;
  /** Aliased fields in one operation, fragments expanded (`__typename` aliases are free). */
  maxAliases: number;
  /** Lexical tokens of the whole document (punctuators, names, values; comments are free). */
  maxTokens: number;
  /** Directives used in one operation, fragments expanded. */
  maxDirectives: number;
  /** Cost of the operation: 1 per field, list selections once per item (see query-cost.ts). */
  maxCost: number;
  /** Strip "Did you mean …?" from every error (Apollo only does it for validation errors). */
  hideSuggestions: boolean;
}


export interface QueryLimits<TContext extends BaseContext> {
  /** For ApolloServer's `parseOptions`: the parser itself stops at the token limit. */
  parseOptions: ParseOptions;
  plugins: ApolloServerPlugin<TContext>[];
}

/**
 * Refuses operations beyond the limits before anything executes (so no platform is called), with
 * `extensions.code` QUERY_TOO_COMPLEX, HTTP 400 and a message naming the limit and its value (never
 * the query). Depth, aliases and directives are graphql-armor's rules; the cost is graphql-query-complexity
 * with the gateway's list sizes; tokens are graphql-js's own parser limit.
 */
export function queryLimits<TContext extends BaseContext>(options: QueryLimitOptions): QueryLimits<TContext> {
  const plugins: ApolloServerPlugin<TContext>[] = [limitsPlugin(options)];
  if (options.hideSuggestions) plugins.push(hideSuggestionsPlugin());
  return { parseOptions: { maxLexicalTokens: options.maxTokens }, plugins };
}

function queryTooComplex(message: string): GraphQLError {
  return requestRefusal(ErrorCode.QUERY_TOO_COMPLEX, 400, message);
}

/** A limit graphql-armor counts, and what it counted in an operation that passed. */
export type ArmorCount = (limit: 'maxDepth' | 'maxAliases' | 'maxDirectives', found: number) => void;

/**
 * graphql-armor's depth, alias and directive rules (as its ApolloArmor wires them: refusals reported to
 * the validation context). Armor's cost rule counts only literal `first`/`last` and its token plugin
 * answers 500 to every syntax error (graphql-armor#751): both are replaced by this module.
 * `__schema` adds no depth: graphql-js's MaxIntrospectionDepthRule (a standard rule since 16.9) already
 * bounds introspection's nested lists, and its standard query (Sandbox, codegen) is 15 deep.
 */
export function armorValidationRules(options: Pick<QueryLimitOptions, 'maxDepth' | 'maxAliases' | 'maxDirectives'>, observe?: ArmorCount): ValidationRule[] {
  const counted = (limit: Parameters<ArmorCount>[0]) => (observe ? { onAccept: [(_: unknown, details: { n: number }) => observe(limit, details.n)] } : {});
  return new ApolloArmor({
    maxDepth: { n: options.maxDepth, flattenFragments: true, ignoreIntrospection: true, ...counted('maxDepth') },
    maxAliases: { n: options.maxAliases, ...counted('maxAliases') },
    maxDirectives: { n: options.maxDirectives, ...counted('maxDirectives') },
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
}

function limitsPlugin<TContext extends BaseContext>(options: QueryLimitOptions): ApolloServerPlugin<TContext> {
  const validationRules = armorValidationRules(options);
  // Walking the document for every request cost about a tenth of the gateway's CPU (bench/ profiles).
  const verdicts = new LimitVerdicts();
  return {
    async requestDidStart() {
      let tokenLimitError: Error | undefined;
      return {
        async parsingDidStart({ source }) {
          return async (error) => {
            if (error && exceedsTokenLimit(source, options.maxTokens)) tokenLimitError = error;
          };
        },
        async didEncounterErrors({ errors }) {
          // Apollo reports the parser's refusal as GRAPHQL_PARSE_FAILED; it is this limit's refusal.
          const refused = tokenLimitError && errors.find((error) => error.originalError === tokenLimitError);
          if (!refused) return;
          refused.message = `Token limit of ${options.maxTokens} exceeded.`;
          refused.extensions.code = ErrorCode.QUERY_TOO_COMPLEX;
        },
        // Thrown errors here end the request before execution, with their own code and HTTP status.
        async didResolveOperation({ schema, document, operation, request }) {
          // No operation to run (an operationName the document lacks): Apollo refuses it before execution.
          if (!operation) return;
          const overLimit = verdicts.shapeRefusal(document, () => {
            const [error] = validate(schema, document, validationRules);
            // Armor words its refusals as syntax errors; they are not.
            return error ? error.message.replace(/^Syntax Error: /, '') : null;
          });
          if (overLimit !== null) throw queryTooComplex(overLimit);

          const operationName = operation.name?.value;
          const { variables } = request;
          let cost = verdicts.cost(document, operationName, variables);
          if (cost === undefined) {
            const { errors: variableErrors } = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
            // Execution refuses these variables (BAD_USER_INPUT) before any resolver runs: nothing to cost.
            if (variableErrors) return;
            try {
              cost = operationCost({ schema, document, operationName, variables });
            } catch (error) {
              // An argument its (valid) variables cannot feed: execution refuses it (BAD_USER_INPUT) before
              // any resolver runs, so there is nothing to cost.
              if (error instanceof GraphQLError && isArgumentCoercionError(error)) return;
              // Otherwise the only failure left is the expansion cap (fragment fan-out).
              throw queryTooComplex(`Query cost limit of ${options.maxCost} exceeded: the operation expands to over ${MAX_EXPANDED_SELECTIONS} selections.`);
            }
            verdicts.rememberCost(document, operationName, variables, cost);
          }
          if (cost > options.maxCost) throw queryTooComplex(`Query cost limit of ${options.maxCost} exceeded, found ${cost}.`);
        },
      };
    },
  };
}

/**
 * Whether the source has more tokens than the limit, counted as graphql-js's parser counts them (comments
 * excluded). A source the lexer refuses before the limit is a plain syntax error. A document over the
 * limit whose grammar also breaks earlier is still over the limit: it is refused for its size.
 */
export function exceedsTokenLimit(source: string, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(source));
  try {
    for (let count = 0; lexer.advance().kind !== TokenKind.EOF; ) {
      if (++count > maxTokens) return true;
    }
  } catch {
    return false;
  }
  return false;
}

/**
 * graphql-js suggests schema names ("Did you mean "username"?", "… the enum value "AGENT"?") in
 * validation errors, which Apollo strips when hideSchemaDetailsFromClientErrors is set, but also in
 * variable coercion errors, which it does not. Production hides them everywhere.
 */
const SUGGESTION = / ?Did you mean [^?]*\?/g;

/** The message without graphql-js's "Did you mean …?" hints (they name parts of the schema). */
export function withoutSuggestions(message: string): string {
  return message.replace(SUGGESTION, '');
}

function hideSuggestionsPlugin<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) error.message = withoutSuggestions(error.message);
        },
      };
    },
  };
}
