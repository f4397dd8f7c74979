import type { ServerResponse } from 'node:http';
import { getVariableValues, GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';
import type { Caller } from '../access/caller.js';
import type { GatewayContext } from '../context.js';
import type { GatewayMetrics } from '../metrics.js';
import { logRequestErrors } from '../plugins/error-logging.js';
import { formatError } from '../plugins/format-error.js';
import { withoutSuggestions } from '../plugins/query-limits.js';
import { logRequest } from '../plugins/request-log.js';
import type { TrustedDocument, TrustedDocuments } from './registry.js';
import { asGraphQLJsError, runCompiled, safelyCompilable } from '../execution/compiled-executor.js';

export interface FastLaneOptions {
  /** A schema no Apollo plugin has instrumented (per-field hooks would slow compiled code down). */
  schema: GraphQLSchema;
  trusted: TrustedDocuments;
  /** Strip "Did you mean …?" from error messages, as the Apollo lane's plugin does. */
  hideSuggestions: boolean;
  metrics?: GatewayMetrics | undefined;
  /** graphql-jit's `compileQuery`; tests replace it. */
  compile?: typeof compileQuery;
}

export interface FastLaneRequest {
  document: TrustedDocument;
  caller: Caller;
  /** The request's `variables` member as sent (undefined when absent). */
  variables: unknown;
  /** The request's `operationName` member as sent. */
  operationName: unknown;
  /** The request's `extensions` member as sent. */
  extensions: unknown;
  /** The answer's media type, as the endpoint negotiated it. */
  mediaType: string;
  /** Creates the request's context (its telemetry starts then): only once the fast lane is sure to answer. */
  context: () => GatewayContext;
}

/**
 * The fast lane: a trusted document (trusted-documents/) was parsed, validated, limit-checked, costed
 * and scope-listed when its manifest loaded, and is compiled by graphql-jit here, once. A request for
 * it then costs what the request itself requires: the caller's scopes against the document's list, its
 * variables, the compiled operation, the error funnel, one log line and one metric, and the JSON.
 *
 * It answers only what it can answer exactly as Apollo Server would (`serve` returns false otherwise and
 * the endpoint hands the request to Apollo with the document's text): a caller missing a scope,
 * variables that do not coerce, an operationName that is not the document's, a request for an inline
 * trace, and subscriptions all take the Apollo lane, whose refusals are then the ones every caller gets.
 * The e2e suite (test/e2e/fast-lane-equivalence.test.ts) compares both lanes' whole answers.
 */
export class FastLane {
  readonly #compiled = new Map<string, CompiledQuery>();

  constructor(private readonly options: FastLaneOptions) {
    for (const document of options.trusted.all()) {
      if (document.operationType === 'subscription' || !safelyCompilable(document.document)) continue;
      try {
        const compiled = (options.compile ?? compileQuery)(options.schema, document.document, document.operationName);
        if (isCompiledQuery(compiled)) this.#compiled.set(document.id, compiled);
      } catch {
        // graphql-jit cannot compile it: the Apollo lane serves it (graphql-js executes it).
      }
    }
  }

  /** Documents the fast lane serves (the others take the Apollo lane). */
  get size(): number {
    return this.#compiled.size;
  }

  /** Answers the request, or returns false (nothing written, nothing run) for the Apollo lane to answer it. */
  async serve(request: FastLaneRequest, res: ServerResponse): Promise<boolean> {
    const { document, caller, variables } = request;
    const compiled = this.#compiled.get(document.id);
    if (!compiled) return false;
    if (request.operationName !== undefined && request.operationName !== null && request.operationName !== document.operationName) return false;
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return false;
    if (!document.scopes.every((scope) => caller.scopes.has(scope))) return false;
    if (!onlyThisPersistedQuery(request.extensions, document.id)) return false;
    const given = (variables ?? {}) as Record<string, unknown>;
    // graphql-js's coercion decides, so that invalid variables get Apollo's exact refusal (its lane).
    if (document.operation.variableDefinitions?.length && getVariableValues(this.options.schema, document.operation.variableDefinitions, given).errors) {
      return false;
    }

    const context = request.context();
    context.telemetry.nameOperation(document.operationType, document.operationName);
    let result: { data?: unknown; errors?: readonly GraphQLError[] };
    let status = 200;
    try {
      result = await runCompiled(compiled, context, given);
    } catch (failure) {
      // As Apollo Server answers an executor that throws: that error alone (masked by the funnel), HTTP 500.
      result = { errors: [new GraphQLError((failure as Error).message, { originalError: failure as Error })] };
      status = 500;
    }
    const errors = result.errors?.map((error) => {
      const copy = asGraphQLJsError(error);
      if (this.options.hideSuggestions) copy.message = withoutSuggestions(copy.message);
      return copy;
    });
    let formatted: GraphQLFormattedError[] | undefined;
    if (errors && errors.length > 0) {
      logRequestErrors(context.logger, errors, document.operationName ?? null);
      formatted = errors.map((error) => {
        const enriched = enrich(error);
        if (enriched.status !== undefined) status = enriched.status;
        return formatError(enriched.formatted, error);
      });
    }
    // Apollo Server's order (errors, data, extensions) and its trailing newline.
    const body = `${JSON.stringify(formatted ? { errors: formatted, data: result.data } : { data: result.data })}\n`;
    res.statusCode = status;
    res.setHeader('content-type', request.mediaType);
    res.setHeader('x-request-id', context.requestId);
    const operation = { operationName: document.operationName ?? null, operationType: document.operationType };
    logRequest(context, operation, { httpStatus: status, errors: formatted ?? [] });
    this.options.metrics?.graphqlRequest(document.operationName, context.telemetry.elapsedMs() / 1000, formatted ?? []);
    res.end(body);
    return true;
  }
}

/**
 * Whether the request's extensions are none, or only Apollo's persisted query naming this very document:
 * Apollo Server words its own refusal of anything else (another hash, another version).
 */
function onlyThisPersistedQuery(extensions: unknown, id: string): boolean {
  if (extensions === undefined || extensions === null) return true;
  if (typeof extensions !== 'object' || Array.isArray(extensions)) return false;
  const { persistedQuery, ...others } = extensions as Record<string, unknown>;
  if (Object.keys(others).length > 0) return false;
  if (persistedQuery === undefined) return true;
  const { version, sha256Hash } = (persistedQuery ?? {}) as { version?: unknown; sha256Hash?: unknown };
  return version === 1 && sha256Hash === id;
}

/**
 * Apollo Server's preparation of an error for `formatError` (errorNormalize.ts `enrichError`): a code
 * (INTERNAL_SERVER_ERROR when none), and `extensions.http` taken off and applied to the response.
 */
function enrich(error: GraphQLError): { formatted: GraphQLFormattedError; status: number | undefined } {
  const { http, ...rest } = error.extensions as Record<string, unknown>;
  const extensions = { ...rest, code: rest.code ?? 'INTERNAL_SERVER_ERROR' };
  const status = typeof http === 'object' && http !== null ? (http as { status?: unknown }).status : undefined;
  return { formatted: { ...error.toJSON(), extensions }, status: typeof status === 'number' ? status : undefined };
}
