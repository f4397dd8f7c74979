import { ChatGatewayError, fromGraphQLError, isRecord, readGraphQLErrors, retryAfterHeaderMs } from './errors.js';
import * as nodes from './__generated__/graphql.js';
import * as strings from './__generated__/strings.js';
import { subscribeThrough, type SubscriptionHandlers } from './subscriptions.js';
import type {
  AbortSignalLike,
  ChatGatewayClient,
  ChatGatewayClientOptions,
  ChatGatewayDocument,
  DocumentString,
  FetchInit,
  FetchLike,
  FetchResponseLike,
  RequestOptions,
  ResultWithErrors,
} from './types.js';


// Why two generated forms of each operation (see codegen.client.ts): the `TypedDocumentNode`s are what
// Apollo Client, urql and graphql-request take, but sending one needs its source text, which a JSON
// AST does not keep. Printing it would make `graphql` a runtime dependency of this client, so the client
// sends the generated source strings instead (`TypedDocumentString`, documentMode 'string'); the string
// form alone would not do for Apollo Client, which needs the AST. Result: no runtime dependency at all
// (`@graphql-typed-document-node/core` and `graphql` are needed for types only).
//
// Trusted documents: the AST form of each generated operation carries `__meta__.hash`, the SHA-256 (hex)
// of its text in persisted-documents.json (the manifest the gateway loads), so the client sends
// `documentId: "sha256:<hash>"` instead of the text (see `requestWithErrors`).

interface Source {
  query: string;
  operationName: string | undefined;
  /** `sha256:<hex>`: the id of a generated operation in persisted-documents.json; none for other documents. */
  documentId?: string | undefined;
}

/**
 * Each generated document (the `TypedDocumentNode` and the `TypedDocumentString` alike, by identity: same
 * export names in both files) → its source text, operation name and document id.
 */
const GENERATED_SOURCES: ReadonlyMap<unknown, Source> = (() => {
  const sources = new Map<unknown, Source>();
  const nodeExports = nodes as Record<string, unknown>;
  for (const [name, text] of Object.entries(strings as Record<string, unknown>)) {
    const node = nodeExports[name];
    if (!(text instanceof String) || !isRecord(node)) continue;
    const hash = isRecord(node['__meta__']) ? node['__meta__']['hash'] : undefined;
    const source: Source = { query: text.valueOf(), operationName: operationNameOfNode(node) };
    if (typeof hash === 'string') source.documentId = `sha256:${hash}`;
    sources.set(node, source);
    sources.set(text, source);
  }
  return sources;
})();

/** The code of a gateway's answer to a document id it has no document for (nothing ran). */
const PERSISTED_DOCUMENT_NOT_FOUND = 'PERSISTED_DOCUMENT_NOT_FOUND';

export function createChatGatewayClient(options: ChatGatewayClientOptions): ChatGatewayClient {
  const url = options.url;
  // Looked up at creation, not import, so that a process may install a global fetch after importing.
  const found = options.fetch ?? (globalThis as { fetch?: FetchLike }).fetch;
  if (typeof found !== 'function') {
    throw new TypeError('createChatGatewayClient: no global fetch in this runtime; pass one as `fetch`.');
  }
  const fetchImpl: FetchLike = found;
  const ownHeaders: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json;q=0.9',
  };
  if (options.apiKey !== undefined && options.apiKey !== '') ownHeaders['authorization'] = `Bearer ${options.apiKey}`;

  // Trusted documents: ids are sent unless turned off. `unknownIds`: the ids the gateway answered
  // PERSISTED_DOCUMENT_NOT_FOUND, whose documents this client sends as text from then on. `idsRefused`:
  // the gateway takes no ids at all (one older than trusted documents refuses a body without `query`).
  const sendIds = options.documentIds !== false;
  const unknownIds = new Set<string>();
  let idsRefused = false;

  async function requestWithErrors<TResult, TVariables>(
    document: ChatGatewayDocument<TResult, TVariables>,
    variables?: TVariables,
    requestOptions: RequestOptions = {},
  ): Promise<ResultWithErrors<TResult>> {
    const source = sourceOf(document);
    const operationName = requestOptions.operationName ?? source.operationName;
    // The client's own headers win: a caller's `Authorization` must not replace the API key silently.
    const headers = mergeHeaders(options.headers, requestOptions.headers, ownHeaders);
    const documentId = source.documentId;

    let exchange: Exchange | undefined;
    if (sendIds && !idsRefused && documentId !== undefined && !unknownIds.has(documentId)) {
      exchange = await send(JSON.stringify({ documentId, operationName, variables }), headers, operationName, requestOptions.signal);
      // The gateway does not know the id: nothing ran (a mutation neither), so the same request goes
      // again with the text, once; no other answer is retried.
      const code = exchange.answer.errors[0]?.extensions?.['code'];
      if (code === PERSISTED_DOCUMENT_NOT_FOUND) {
        unknownIds.add(documentId);
        exchange = undefined;
      } else if (code === 'BAD_REQUEST' && exchange.status === 400 && exchange.answer.data === null) {
        idsRefused = true;
        exchange = undefined;
      }
    }
    exchange ??= await send(JSON.stringify({ query: source.query, variables, operationName }), headers, operationName, requestOptions.signal);

    const { status, answer } = exchange;
    const context = { status, operationName, graphQLErrors: answer.errors };
    return {
      data: (answer.data ?? null) as TResult | null,
      errors: answer.errors.map((entry) => fromGraphQLError(entry, context)),
    };
  }

  /** One POST and its GraphQL answer; throws when no GraphQL answer arrived. */
  async function send(body: string, headers: Record<string, string>, operationName: string | undefined, signal: AbortSignalLike | undefined): Promise<Exchange> {
    let response: FetchResponseLike;
    let text: string;
    try {
      const init: FetchInit = { method: 'POST', headers, body };
      if (signal) init.signal = signal;
      response = await fetchImpl(url, init);
    } catch (cause) {
      throw new ChatGatewayError({
        code: 'NETWORK_ERROR',
        message: `The chat gateway could not be reached: ${describe(cause)}`,
        operationName,
        cause,
      });
    }
    try {
      text = await response.text();
    } catch (cause) {
      throw new ChatGatewayError({
        code: 'NETWORK_ERROR',
        message: `The chat gateway's answer (HTTP ${response.status}) was not fully received: ${describe(cause)}`,
        status: response.status,
        operationName,
        cause,
      });
    }

    const answer = parseGraphQLResponse(text);
    if (answer === undefined) {
      const success = response.status >= 200 && response.status < 300;
      throw new ChatGatewayError({
        code: success ? 'INVALID_RESPONSE' : `HTTP_${response.status}`,
        message: success
          ? `The chat gateway answered HTTP ${response.status} with something that is not a GraphQL response.`
          : `The chat gateway answered HTTP ${response.status} without a GraphQL response.`,
        status: response.status,
        retryAfterMs: success ? undefined : retryAfterHeaderMs(response.headers.get('retry-after')),
        operationName,
      });
    }
    return { status: response.status, answer };
  }

  async function request<TResult, TVariables>(
    document: ChatGatewayDocument<TResult, TVariables>,
    variables?: TVariables,
    requestOptions?: RequestOptions,
  ): Promise<TResult> {
    const { data, errors } = await requestWithErrors(document, variables, requestOptions);
    const [first] = errors;
    if (first) throw first;
    if (data === null) {
      throw new ChatGatewayError({ code: 'INVALID_RESPONSE', message: 'The chat gateway answered with neither data nor errors.', operationName: sourceOf(document).operationName });
    }
    return data;
  }

  /** The root field of a one-field operation. */
  async function field<TResult, TVariables, K extends keyof TResult & string>(
    document: DocumentString<TResult, TVariables>,
    key: K,
    variables: TVariables,
    requestOptions: RequestOptions | undefined,
  ): Promise<TResult[K]> {
    const data = await request(document, variables, requestOptions);
    return data[key];
  }

  /**
   * The root field of a one-field operation whose field is null only together with an error (every
   * list and mutation here): with no error, null breaks the gateway's contract.
   */
  async function requiredField<TResult, TVariables, K extends keyof TResult & string>(
    document: DocumentString<TResult, TVariables>,
    key: K,
    variables: TVariables,
    requestOptions: RequestOptions | undefined,
  ): Promise<NonNullable<TResult[K]>> {
    const value = await field(document, key, variables, requestOptions);
    if (value === null || value === undefined) {
      throw new ChatGatewayError({
        code: 'INVALID_RESPONSE',
        message: `The chat gateway answered ${key}: null without an error.`,
        path: [key],
        operationName: sourceOf(document).operationName,
      });
    }
    return value;
  }

  /** Starts a subscription; without a transport, tells the handlers at once (and throws when they cannot hear it). */
  function subscribe<TResult, TVariables, T>(
    document: ChatGatewayDocument<TResult, TVariables>,
    variables: TVariables,
    handlers: SubscriptionHandlers<T>,
    pick: (data: TResult) => T,
  ): () => void {
    const source = sourceOf(document);
    const transport = options.subscriptions;
    if (!transport) {
      const error = new ChatGatewayError({
        code: 'SUBSCRIPTIONS_NOT_CONFIGURED',
        message: 'Subscriptions need a transport: pass a graphql-ws or graphql-sse client as `subscriptions` to createChatGatewayClient.',
        operationName: source.operationName,
      });
      if (!handlers.error) throw error;
      handlers.error(error);
      return () => undefined;
    }
    return subscribeThrough(transport, source, variables as Record<string, unknown> | undefined, handlers, pick);
  }

  return {
    request,
    requestWithErrors,
    subscribe: (document, variables, handlers) => subscribe(document, variables, handlers, (data) => data),
    livechatEvents: (variables, handlers) => subscribe(strings.LivechatEventsDocument, variables, handlers, (data) => data.livechatEvents),
    widgetEvents: (variables, handlers) => subscribe(strings.WidgetEventsDocument, variables, handlers, (data) => data.widgetEvents),
    agents: (variables, o) => requiredField(strings.AgentsDocument, 'agents', variables, o),
    agent: (variables, o) => field(strings.AgentDocument, 'agent', variables, o),
    registerAgent: (variables, o) => requiredField(strings.RegisterAgentDocument, 'registerAgent', variables, o),
    removeAgent: (variables, o) => requiredField(strings.RemoveAgentDocument, 'removeAgent', variables, o),
    setAgentDepartments: (variables, o) => requiredField(strings.SetAgentDepartmentsDocument, 'setAgentDepartments', variables, o),
    setAgentAvailability: (variables, o) => requiredField(strings.SetAgentAvailabilityDocument, 'setAgentAvailability', variables, o),
    departments: (variables = {}, o) => requiredField(strings.DepartmentsDocument, 'departments', variables, o),
    department: (variables, o) => field(strings.DepartmentDocument, 'department', variables, o),
    rocketChatUser: (variables, o) => field(strings.RocketChatUserDocument, 'rocketChatUser', variables, o),
    createRocketChatUser: (variables, o) => requiredField(strings.CreateRocketChatUserDocument, 'createRocketChatUser', variables, o),
    setRocketChatUserActive: (variables, o) => requiredField(strings.SetRocketChatUserActiveDocument, 'setRocketChatUserActive', variables, o),
    people: (variables = {}, o) => requiredField(strings.PeopleDocument, 'people', variables, o),
    person: (variables, o) => field(strings.PersonDocument, 'person', variables, o),
    directorySync: (o) => requiredField(strings.DirectorySyncDocument, 'directorySync', {}, o),
    workflow: (variables, o) => field(strings.WorkflowDocument, 'workflow', variables, o),
    onboardPerson: (variables, o) => requiredField(strings.OnboardPersonDocument, 'onboardPerson', variables, o),
    offboardPerson: (variables, o) => requiredField(strings.OffboardPersonDocument, 'offboardPerson', variables, o),
    syncDirectory: (o) => requiredField(strings.SyncDirectoryDocument, 'syncDirectory', {}, o),
    createWidgetUser: (variables, o) => requiredField(strings.CreateWidgetUserDocument, 'createWidgetUser', variables, o),
    customerCareUser: (variables, o) => field(strings.CustomerCareUserDocument, 'customerCareUser', variables, o),
    customerCareUsers: (variables = {}, o) => requiredField(strings.CustomerCareUsersDocument, 'customerCareUsers', variables, o),
    createCustomerCareUser: (variables, o) => requiredField(strings.CreateCustomerCareUserDocument, 'createCustomerCareUser', variables, o),
  };
}

/** The text to send for a document, and its first operation's name. */
function sourceOf(document: unknown): Source {
  const generated = GENERATED_SOURCES.get(document);
  if (generated) return generated;
  if (typeof document === 'string' || document instanceof String) {
    const query = document.valueOf();
    return { query, operationName: OPERATION_NAME.exec(query)?.[2] };
  }
  if (isRecord(document) && document['kind'] === 'Document') {
    // graphql's parse (and so gql tags) keeps the source in `loc` unless told not to.
    const body = (document['loc'] as { source?: { body?: unknown } } | undefined)?.source?.body;
    if (typeof body === 'string') return { query: body, operationName: operationNameOfNode(document) };
    throw new ChatGatewayError({
      code: 'INVALID_DOCUMENT',
      message: 'ChatGatewayClient.request: this DocumentNode carries no source text; pass its source string instead (e.g. print(document)).',
    });
  }
  throw new ChatGatewayError({ code: 'INVALID_DOCUMENT', message: 'ChatGatewayClient.request: expected a GraphQL document (a DocumentNode or a string).' });
}

const OPERATION_NAME = /(?:^|[\s}])(query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/;

function operationNameOfNode(node: Record<string, unknown>): string | undefined {
  const definitions = Array.isArray(node['definitions']) ? (node['definitions'] as unknown[]) : [];
  for (const definition of definitions) {
    if (isRecord(definition) && definition['kind'] === 'OperationDefinition') {
      const name = (definition['name'] as { value?: unknown } | undefined)?.value;
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}

interface GraphQLAnswer {
  data: unknown;
  errors: ReturnType<typeof readGraphQLErrors>;
}

/** One POST's HTTP status and GraphQL answer. */
interface Exchange {
  status: number;
  answer: GraphQLAnswer;
}

/** A GraphQL response body (JSON with `data` or a non-empty `errors`), or undefined for anything else. */
function parseGraphQLResponse(text: string): GraphQLAnswer | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body)) return undefined;
  const hasErrors = Array.isArray(body['errors']) && body['errors'].length > 0;
  const hasData = isRecord(body['data']) || (body['data'] === null && hasErrors);
  if (!hasErrors && !hasData) return undefined;
  return { data: isRecord(body['data']) ? body['data'] : null, errors: readGraphQLErrors(body['errors']) };
}

/** Header records merged with lower-cased names (later ones win), so no header is sent twice. */
function mergeHeaders(...records: Array<Record<string, string> | undefined>): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const record of records) {
    for (const [name, value] of Object.entries(record ?? {})) merged[name.toLowerCase()] = value;
  }
  return merged;
}

function describe(cause: unknown): string {
  if (cause instanceof Error) {
    const inner = cause.cause instanceof Error ? ` (${cause.cause.message})` : '';
    return `${cause.message}${inner}`;
  }
  return String(cause);
}
