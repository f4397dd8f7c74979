/**
 * Errors of the chat gateway client. Every failure the client reports is a `ChatGatewayError` with a
 * stable `code`: match on the code, never on the message.
 */

/**
 * `extensions.code` values the gateway sends (docs/errors.md). `UNAUTHENTICATED` and
 * `FORBIDDEN` are reserved for caller authentication.
 */
export type ChatGatewayServerErrorCode =
  | 'BAD_USER_INPUT'
  | 'UPSTREAM_UNAUTHORIZED'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_OVERLOADED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_OUTCOME_UNKNOWN'
  | 'INTERNAL_SERVER_ERROR'
  | 'GRAPHQL_PARSE_FAILED'
  | 'GRAPHQL_VALIDATION_FAILED'
  | 'BAD_REQUEST'
  | 'NOT_FOUND'
  | 'PERSISTED_DOCUMENT_NOT_FOUND'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN';

/**
 * Codes the client itself gives when no GraphQL answer arrived:
 * - `NETWORK_ERROR`: the request could not be sent or its answer was not fully received (`cause` says why);
 * - `HTTP_<status>`: a non-2xx answer without a GraphQL body (e.g. a proxy's 502 page);
 * - `INVALID_RESPONSE`: a 2xx answer that is not a GraphQL response, or lacks the data it must have;
 * - `UNKNOWN_ERROR`: a GraphQL error without `extensions.code`;
 * - `INVALID_DOCUMENT`: `request` was given something it cannot send (no query text); nothing was sent.
 */
export type ChatGatewayClientErrorCode =
  | 'NETWORK_ERROR'
  | `HTTP_${number}`
  | 'INVALID_RESPONSE'
  | 'UNKNOWN_ERROR'
  | 'INVALID_DOCUMENT'
  | 'SUBSCRIPTIONS_NOT_CONFIGURED';

/** A known code, or any other string (a newer server may send codes this client does not know yet). */
// `string & {}` keeps editors suggesting the known codes while accepting any string.
export type ChatGatewayErrorCode = ChatGatewayServerErrorCode | ChatGatewayClientErrorCode | (string & {});

/** The platform an error came from (`extensions.provider`). */
export type ChatGatewayProvider = 'rocketchat' | 'jelou' | 'imi' | (string & {});

/** One entry of a GraphQL response's `errors`, as received. */
export interface GraphQLErrorEntry {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
}

export interface ChatGatewayErrorInit {
  code: ChatGatewayErrorCode;
  message: string;
  provider?: ChatGatewayProvider | undefined;
  retryAfterMs?: number | undefined;
  path?: ReadonlyArray<string | number> | undefined;
  status?: number | undefined;
  operationName?: string | undefined;
  extensions?: Record<string, unknown> | undefined;
  graphQLErrors?: readonly GraphQLErrorEntry[] | undefined;
  cause?: unknown;
}

export class ChatGatewayError extends Error {
  /** `extensions.code` of a GraphQL error, or one of the client's own codes. */
  readonly code: ChatGatewayErrorCode;
  /** The platform involved (`extensions.provider`), when one was. */
  readonly provider: ChatGatewayProvider | undefined;
  /** When to try again, in milliseconds (`extensions.retryAfterMs`, or an HTTP `Retry-After`), when known. */
  readonly retryAfterMs: number | undefined;
  /** The response field the error belongs to, e.g. `['agents']`; none for request-level errors. */
  readonly path: ReadonlyArray<string | number> | undefined;
  /** The HTTP status of the answer; none when no answer arrived. */
  readonly status: number | undefined;
  readonly operationName: string | undefined;
  /** The GraphQL error's `extensions`, as received. */
  readonly extensions: Readonly<Record<string, unknown>>;
  /** Every GraphQL error of the response, as received (empty when there was no GraphQL answer). */
  readonly graphQLErrors: readonly GraphQLErrorEntry[];

  constructor(init: ChatGatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ChatGatewayError';
    this.code = init.code;
    this.provider = init.provider;
    this.retryAfterMs = init.retryAfterMs;
    this.path = init.path;
    this.status = init.status;
    this.operationName = init.operationName;
    this.extensions = init.extensions ?? {};
    this.graphQLErrors = init.graphQLErrors ?? [];
  }
}

/** True for errors this client throws (also across two copies of the client in one process). */
export function isChatGatewayError(error: unknown): error is ChatGatewayError {
  return error instanceof ChatGatewayError || (error instanceof Error && error.name === 'ChatGatewayError' && typeof (error as { code?: unknown }).code === 'string');
}

interface ResponseContext {
  /** HTTP status of the answer; undefined for events of a subscription. */
  status: number | undefined;
  operationName: string | undefined;
  graphQLErrors: readonly GraphQLErrorEntry[];
}

/** The `ChatGatewayError` for one entry of a response's `errors`. */
export function fromGraphQLError(entry: GraphQLErrorEntry, context: ResponseContext): ChatGatewayError {
  const extensions = entry.extensions ?? {};
  const retryAfterMs = extensions['retryAfterMs'];
  return new ChatGatewayError({
    code: typeof extensions['code'] === 'string' ? extensions['code'] : 'UNKNOWN_ERROR',
    message: entry.message,
    provider: typeof extensions['provider'] === 'string' ? extensions['provider'] : undefined,
    retryAfterMs: typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0 ? retryAfterMs : undefined,
    path: entry.path,
    status: context.status,
    operationName: context.operationName,
    extensions,
    graphQLErrors: context.graphQLErrors,
  });
}

/**
 * The entries of a response's `errors`, checked field by field: a malformed entry still becomes an
 * error (with what could be read) rather than a crash or a silently dropped failure.
 */
export function readGraphQLErrors(value: unknown): GraphQLErrorEntry[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw: unknown): GraphQLErrorEntry => {
    const entry = isRecord(raw) ? raw : {};
    const result: GraphQLErrorEntry = { message: typeof entry['message'] === 'string' ? entry['message'] : 'Unknown GraphQL error' };
    const path = entry['path'];
    if (Array.isArray(path) && path.every((key) => typeof key === 'string' || typeof key === 'number')) result.path = path;
    if (Array.isArray(entry['locations'])) result.locations = entry['locations'] as GraphQLErrorEntry['locations'];
    if (isRecord(entry['extensions'])) result.extensions = entry['extensions'];
    return result;
  });
}

/** `Retry-After` in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterHeaderMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
