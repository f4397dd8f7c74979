import {
  createSourceEventStream,
  execute,
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { checkScopes, liveReadScopes } from '../access/authorization.js';
import type { Caller } from '../access/caller.js';
import type { GatewayContext, LiveEvents } from '../context.js';
import { ErrorCode, GatewayError } from '../errors.js';
import { SubscriberTooSlowError } from '../events/index.js';
import type { Logger } from '../logger.js';
import { formatError } from '../plugins/format-error.js';
import { operationCost } from '../plugins/query-cost.js';
import { armorValidationRules, exceedsTokenLimit, withoutSuggestions, type QueryLimitOptions } from '../plugins/query-limits.js';
import { mapResults } from './map-results.js';
import type { TrustedDocuments } from '../trusted-documents/registry.js';

/** What a transport hands over: the GraphQL request's parameters as the client sent them (unchecked). */
export interface SubscribeRequest {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

/** A subscription that started (its formatted results), or why it was refused (nothing subscribed). */
export type Opened =
  | { ok: true; results: AsyncIterableIterator<FormattedExecutionResult>; schema: GraphQLSchema; document: DocumentNode; operationName: string | undefined }
  | { ok: false; status: 400 | 403 | 429; errors: GraphQLFormattedError[] };

export interface SubscriptionRunnerOptions {
  schema: GraphQLSchema;
  limits: QueryLimitOptions;
  /** A fresh context for the caller: one to start the subscription in (with its live events), then one per event. */
  contextFor(caller: Caller, liveEvents?: LiveEvents): GatewayContext;
  /** The caller's tenant's events; `disconnect` is told when the subscriber falls too far behind. */
  liveEventsFor(caller: Caller, disconnect: (reason: string) => void): LiveEvents;
  logger: Logger;
  /** Subscriptions one caller may hold at once, over every transport and connection of this replica. */
  maxPerCaller: number;
  /** The trusted documents: a caller limited to them subscribes with a trusted document's exact text. */
  trusted?: TrustedDocuments | undefined;
}


/**
 * Runs subscriptions for both transports (graphql-ws and graphql-sse), with the same checks as the
 * HTTP endpoint's Apollo plugins, in the same order: parse (token limit), validation with the limits'
 * rules, the operation (subscriptions only: queries and mutations go to POST /graphql), scopes, cost,
 * variables. Then every source event is executed in a fresh context: loaders never outlive one event,
 * so a subscriber sees each agent as it is when the event arrives. Errors go through the one funnel.
 */
export class SubscriptionRunner {
  private readonly validationRules: ValidationRule[];
  /** Open subscriptions by caller, for `maxPerCaller`. */
  private readonly openByCaller = new Map<string, number>();

  constructor(private readonly options: SubscriptionRunnerOptions) {
    this.validationRules = [...specifiedRules, ...armorValidationRules(options.limits)];
  }

  async open(caller: Caller, request: SubscribeRequest, disconnect: (reason: string) => void): Promise<Opened> {
    const { query, variables, operationName } = request;
    if (typeof query !== 'string' || query.trim() === '') return refused(400, 'BAD_REQUEST', 'The subscription needs a "query" string.');
    // The subscription protocols carry a document's text, not its id: a trusted one is recognised by its text.
    if (caller.trustedDocumentsOnly && !this.options.trusted?.byText(query)) {
      return refused(403, ErrorCode.TRUSTED_DOCUMENTS_ONLY, 'This caller may run trusted documents only: subscribe with the exact text of a document in a registered manifest.');
    }
    if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
      return refused(400, 'BAD_REQUEST', '"variables" must be an object.');
    }
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
      return refused(400, 'BAD_REQUEST', '"operationName" must be a string.');
    }
    const { limits } = this.options;
    let document: DocumentNode;
    try {
      document = parse(query, { maxLexicalTokens: limits.maxTokens });
    } catch (error) {
      if (exceedsTokenLimit(query, limits.maxTokens)) return refused(400, ErrorCode.QUERY_TOO_COMPLEX, `Token limit of ${limits.maxTokens} exceeded.`);
      return refused(400, 'GRAPHQL_PARSE_FAILED', error instanceof GraphQLError ? error.message : 'The query is not valid GraphQL.');
    }
    const validationErrors = validate(this.options.schema, document, this.validationRules);
    if (validationErrors.length > 0) return this.invalid(validationErrors);

    const operation = getOperationAST(document, operationName ?? undefined);
    if (!operation) return refused(400, 'BAD_REQUEST', 'The document must hold exactly one operation, or name the one to run in "operationName".');
    if (operation.operation !== 'subscription') {
      return refused(400, 'BAD_REQUEST', `Only subscriptions are served here: send ${operation.operation === 'query' ? 'queries' : 'mutations'} with POST /graphql.`);
    }
    const scopes = checkScopes(caller, operation, document);
    for (const scope of liveReadScopes(this.options.schema, document)) if (!caller.scopes.has(scope) && !scopes.missing.includes(scope)) scopes.missing.push(scope);
    scopes.missing.sort();
    if (scopes.unassigned.length > 0 || scopes.missing.length > 0) {
      const message =
        scopes.unassigned.length > 0
          ? `No scope allows ${scopes.unassigned.map((field) => `"${field}"`).join(', ')}.`
          : `This operation needs the scope${scopes.missing.length === 1 ? '' : 's'} ${scopes.missing.join(', ')}, which the caller does not have.`;
      return refused(403, ErrorCode.FORBIDDEN, message);
    }
    const variableValues = (variables ?? {}) as Record<string, unknown>;
    const overCost = this.costProblem(document, operation, variableValues);
    if (overCost) return refused(400, ErrorCode.QUERY_TOO_COMPLEX, overCost);

    const callerKey = `${caller.tenant}\u0000${caller.kind}\u0000${caller.name}`;
    const held = this.openByCaller.get(callerKey) ?? 0;
    if (held >= this.options.maxPerCaller) {
      return refused(429, ErrorCode.RATE_LIMITED, `A caller holds at most ${this.options.maxPerCaller} subscriptions at once: end one first.`);
    }
    // The slot is taken before anything is awaited: subscriptions starting together each see the others.
    this.openByCaller.set(callerKey, held + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (this.openByCaller.get(callerKey) ?? 1) - 1;
      if (left > 0) this.openByCaller.set(callerKey, left);
      else this.openByCaller.delete(callerKey);
    };

    const startContext = this.options.contextFor(caller, this.options.liveEventsFor(caller, disconnect));
    let source: Awaited<ReturnType<typeof createSourceEventStream>>;
    try {
      source = await createSourceEventStream({
        schema: this.options.schema,
        document,
        contextValue: startContext,
        variableValues,
        operationName: operationName ?? undefined,
      });
    } catch (error) {
      release();
      throw error;
    }
    if (!isAsyncIterable(source)) {
      // Variables that do not coerce, or a subscribe resolver's refusal (a bad departmentId): nothing subscribed.
      release();
      const { errors = [] } = this.format(source);
      startContext.telemetry.finish({ httpStatus: 400, errorCodes: errors.map((error) => String(error.extensions?.code)) });
      return { ok: false, status: 400, errors: [...errors] };
    }
    startContext.telemetry.finish({ httpStatus: 200, errorCodes: [] });
    const events = source[Symbol.asyncIterator]();
    const results = mapResults(events, release, async (event): Promise<FormattedExecutionResult> => {
      const context = this.options.contextFor(caller);
      const result = await execute({ schema: this.options.schema, document, rootValue: event, contextValue: context, variableValues, operationName: operationName ?? undefined });
      context.telemetry.finish({ httpStatus: 200, errorCodes: (result.errors ?? []).map((error) => String(error.extensions.code ?? ErrorCode.INTERNAL_SERVER_ERROR)) });
      if (result.errors) this.logErrors(context, result.errors);
      return this.format(result);
    });
    return { ok: true, results, schema: this.options.schema, document, operationName: operationName ?? undefined };
  }

  /**
   * Errors a transport reports for a running subscription (its results failed), through the one funnel.
   * A transport wraps whatever was thrown in an uncoded GraphQLError, which the funnel would take for the
   * caller's: only our own coded errors keep their message; anything else is logged and masked.
   */
  formatErrors(errors: readonly GraphQLError[]): GraphQLFormattedError[] {
    return errors.map((error) => {
      const original = error.originalError;
      if (original instanceof SubscriberTooSlowError) return { message: original.message, extensions: { code: original.code } };
      const coded = typeof error.extensions.code === 'string' || original instanceof GatewayError || original instanceof GraphQLError;
      if (coded) return this.formatOne(error);
      this.options.logger.error({ err: original ?? error }, 'subscription failed');
      return { message: 'Internal server error', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    });
  }

  private invalid(errors: readonly GraphQLError[]): Opened {
    const formatted = errors.map((error) => {
      const code = limitCode(error);
      // Armor words its refusals as syntax errors; they are not.
      const message = code === ErrorCode.QUERY_TOO_COMPLEX ? error.message.replace(/^Syntax Error: /, '') : error.message;
      return this.formatOne(new GraphQLError(message, { nodes: error.nodes, extensions: { code } }));
    });
    return { ok: false, status: 400, errors: formatted };
  }

  private costProblem(document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown>): string | undefined {
    const { maxCost } = this.options.limits;
    let cost: number;
    try {
      cost = operationCost({ schema: this.options.schema, document, operationName: operation.name?.value, variables });
    } catch {
      // Variables that cannot feed an argument: createSourceEventStream refuses them with their own message.
      return undefined;
    }
    return cost > maxCost ? `Query cost limit of ${maxCost} exceeded, found ${cost}.` : undefined;
  }

  private format(result: ExecutionResult): FormattedExecutionResult {
    return {
      ...(result.errors && { errors: result.errors.map((error) => this.formatOne(error)) }),
      ...('data' in result && { data: result.data }),
    };
  }

  private formatOne(error: GraphQLError): GraphQLFormattedError {
    const formatted = formatError(error.toJSON(), error);
    return this.options.limits.hideSuggestions ? { ...formatted, message: withoutSuggestions(formatted.message) } : formatted;
  }

  /** Masked errors are logged once, with the event's request id, as the HTTP path's error plugin does. */
  private logErrors(context: GatewayContext, errors: readonly GraphQLError[]): void {
    for (const error of errors) {
      const code = formatError(error.toJSON(), error).extensions?.code;
      if (code === ErrorCode.INTERNAL_SERVER_ERROR) context.logger.error({ err: error.originalError ?? error, path: error.path }, 'subscription event failed');
    }
  }
}

/** Armor's refusals are limits (QUERY_TOO_COMPLEX); graphql-js's own rules are validation failures. */
function limitCode(error: GraphQLError): string {
  return /^Syntax Error: (Query depth|Aliases|Directives)/.test(error.message) ? ErrorCode.QUERY_TOO_COMPLEX : 'GRAPHQL_VALIDATION_FAILED';
}

function refused(status: 400 | 403 | 429, code: string, message: string): Opened {
  return { ok: false, status, errors: [{ message, extensions: { code } }] };
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
