import type { GatewayExecutor, GatewayInterface, GatewaySchemaLoadOrUpdateCallback } from '@apollo/server-gateway-interface';
import { BREAK, execute, getVariableValues, GraphQLError, printSchema, visit, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import { LRUCache } from 'lru-cache';
import { ErrorCode, GatewayError } from '../errors.js';

export interface CompiledExecutionOptions {
  /** The schema Apollo Server serves (and instruments when a plugin asks for per-field hooks). */
  schema: GraphQLSchema;
  /**
   * Builds the same schema again. Apollo Server wraps every resolver of its schema, for good, the first
   * time a plugin asks for per-field hooks (a router's `ftv1` trace); operations compiled after that
   * would call those wrappers for every scalar instead of reading a property. From then on operations
   * are compiled against a fresh copy, built on first need (a schema costs about 5 MB).
   */
  rebuildSchema: () => GraphQLSchema;
  /**
   * A document is compiled at its Nth execution, and executed by graphql-js until then; 0 never compiles.
   * Compiling costs more than executing once, so one-off documents (a hostile client can send endless
   * new ones) never pay for it.
   */
  compileAfter: number;
  /**
   * Documents whose executions are counted and compiled operations kept, least recently used first out.
   * A compiled operation takes about 30 KB of heap (8× its document): the default bounds them to ~15 MB.
   */
  maxDocuments?: number;
  /** graphql-jit's `compileQuery`; tests wrap it to count compilations. */
  compile?: typeof compileQuery;
}

export const DEFAULT_MAX_COMPILED_DOCUMENTS = 500;

/** Per (document, operation): executions so far, then the compiled operation, or `interpreted` for good. */
type Entry = { executions: number; compiled?: CompiledQuery | 'interpreted' };

/**
 * Apollo Server's documented way to replace graphql-js's `execute` is a gateway (`new ApolloServer({
 * gateway })`): this one serves a fixed schema and runs operations through graphql-jit, which compiles
 * each operation into a JavaScript function once, so that a request no longer walks the query AST,
 * looks up field definitions and coerces arguments for each of its hundreds of fields. Apollo Server's
 * request pipeline is unchanged: parsing, validation, plugins, error formatting and HTTP all stay its own.
 *
 * graphql-js still runs: the first executions of a document (see `compileAfter`), requests whose
 * plugins need per-field hooks (compiled code calls no Apollo hook), and requests without a runnable
 * operation (its errors are the ones Apollo Server knows). Variables are always coerced by graphql-js
 * first, so invalid ones get its errors and BAD_USER_INPUT exactly as before.
 */
export function compiledExecution(options: CompiledExecutionOptions): GatewayInterface {
  const { schema, rebuildSchema, compileAfter, compile = compileQuery } = options;
  let pristine: GraphQLSchema | undefined;
  const compileSchema = () => (isInstrumented(schema) ? (pristine ??= rebuildSchema()) : schema);
  const entries = new LRUCache<DocumentNode, Map<string, Entry>>({ max: options.maxDocuments ?? DEFAULT_MAX_COMPILED_DOCUMENTS });

  const compiledFor = (document: DocumentNode, operationName: string | null): CompiledQuery | undefined => {
    if (compileAfter === 0) return undefined;
    let byOperation = entries.get(document);
    if (!byOperation) entries.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let entry = byOperation.get(key);
    if (!entry) byOperation.set(key, (entry = { executions: 0 }));
    if (entry.compiled === undefined && ++entry.executions >= compileAfter) {
      entry.compiled = safelyCompilable(document) ? compileOrInterpret(() => compile(compileSchema(), document, operationName ?? undefined)) : 'interpreted';
    }
    return entry.compiled === 'interpreted' ? undefined : entry.compiled;
  };

  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    const standard = () => execute({ schema, document, contextValue: context, variableValues: request.variables, operationName: request.operationName });
    // No operation to run (an operationName the document lacks): graphql-js words the refusal.
    if (!operation || wantsFieldHooks(context)) return standard();
    const compiled = compiledFor(document, operationName);
    if (compiled === undefined) return standard();
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
    if (coerced.errors) return { errors: coerced.errors };
    const result = await runCompiled(compiled, context, request.variables);
    return result.errors ? { ...result, errors: result.errors.map(asGraphQLJsError) } : result;
  };

  let listeners: GatewaySchemaLoadOrUpdateCallback[] = [];
  return {
    onSchemaLoadOrUpdate(callback) {
      listeners.push(callback);
      return () => {
        listeners = listeners.filter((listener) => listener !== callback);
      };
    },
    async load() {
      // Apollo Server takes the schema it serves from this event; the SDL is only informative here.
      for (const listener of listeners) listener({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return { schema, executor };
    },
    async stop() {},
  };
}

/**
 * Runs a compiled operation. Resolvers' errors come back in its result; a throw is the compiled code's own
 * failure, coded INTERNAL_SERVER_ERROR (masked for the client, logged with its message) wherever it runs.
 */
export async function runCompiled(compiled: CompiledQuery, context: object, variables: Record<string, unknown> | undefined): Promise<ExecutionResult> {
  try {
    return await compiled.query(undefined, context, variables);
  } catch (thrown) {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    throw new GatewayError(ErrorCode.INTERNAL_SERVER_ERROR, `compiled execution failed: ${message}`, { cause: thrown });
  }
}

/**
 * Whether a plugin of this request asked for per-field hooks (`willResolveField`, e.g. the federated
 * trace a router requests with `apollo-federation-include-trace: ftv1`): Apollo Server marks the
 * request's context with a symbol it does not export, recognised here by its description.
 */
function wantsFieldHooks(context: object): boolean {
  return hasApolloMark(context, 'apolloServerExecutionDispatcherWillResolveField');
}

/**
 * graphql-jit 0.8.9 writes the literal arguments of an operation into the code it generates with a
 * JSON text in which it then replaces `"__MAGIC_DATE__<uuid><anything>"` by `new Date(<anything>)`,
 * unescaped (execution.js `objectStringify`; likewise for NaN and ±Infinity markers): a string literal
 * carrying that marker would be client-written code run by the gateway. Documents holding the marker in
 * any string or name are never compiled; graphql-js runs them (tested with the exploit itself).
 */
export function safelyCompilable(document: DocumentNode): boolean {
  let safe = true;
  const check = (node: { value: string }) => {
    if (!node.value.includes(JIT_MARKER)) return undefined;
    safe = false;
    return BREAK;
  };
  visit(document, { StringValue: check, Name: check });
  return safe;
}

/** The prefix of graphql-jit's in-band markers (`__MAGIC_DATE__…`, `__MAGIC_NAN__…`, `__MAGIC_PLUS_INFINITY__…`). */
const JIT_MARKER = '__MAGIC_';

/** A document graphql-jit refuses, or fails on, is executed by graphql-js instead (which words any error). */
function compileOrInterpret(compile: () => CompiledQuery | ExecutionResult): CompiledQuery | 'interpreted' {
  try {
    const compiled = compile();
    return isCompiledQuery(compiled) ? compiled : 'interpreted';
  } catch {
    return 'interpreted';
  }
}

/** Whether Apollo Server has wrapped the schema's resolvers for per-field hooks (marked by a symbol it does not export). */
function isInstrumented(schema: GraphQLSchema): boolean {
  return hasApolloMark(schema, 'apolloServerPluginsEnabled');
}

/** Apollo Server marks objects with symbols it does not export; their descriptions are what is left to match. */
function hasApolloMark(target: object, description: string): boolean {
  return Object.getOwnPropertySymbols(target).some((symbol) => symbol.description === description);
}

/**
 * graphql-jit's errors inherit from graphql-js's GraphQLError but with read-only fields; Apollo Server
 * and our plugins (which strip "Did you mean" hints from messages) expect graphql-js's own. Errors
 * graphql-jit raises itself (a null for a non-null field, a value a scalar cannot serialize, an argument
 * that does not coerce) carry no original error, like graphql-js's own.
 */
export function asGraphQLJsError(error: GraphQLError): GraphQLError {
  // No error of its own is made up: one graphql-jit raised itself stays a GraphQLError without an original,
  // so the funnel (plugins/error-kind.ts) judges it exactly as it judges graphql-js's.
  const copy = new GraphQLError(error.message, { path: error.path, originalError: error.originalError, extensions: error.extensions });
  if (error.locations) Object.defineProperty(copy, 'locations', { value: error.locations, enumerable: true, writable: true, configurable: true });
  return copy;
}
