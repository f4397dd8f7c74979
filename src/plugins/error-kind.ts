import type { GraphQLError } from 'graphql';

/**
 * Whose fault a GraphQLError that is not a GatewayError is, decided in one place for the error funnel
 * (format-error.ts) and the log (error-logging.ts):
 * - `caller`: about the request itself — parse, validation and variable errors (coded by Apollo, or
 *   raised before execution, so without a path), and graphql-js's coercion of an argument while
 *   executing (`Argument "type" of non-null type … must not be null`, which graphql-js raises uncoded);
 * - `bad-request`: uncoded, but Apollo marked it with a 4xx status (a persisted query whose hash does
 *   not match its text);
 * - `internal`: raised while executing by graphql-js itself (an abstract type resolved to nothing, a
 *   scalar that cannot serialize a value, a null where the schema promises a value): ours, masked.
 */
export type GraphQLErrorKind = 'caller' | 'bad-request' | 'internal';

export function graphQLErrorKind(error: GraphQLError): GraphQLErrorKind {
  if (typeof error.extensions.code === 'string') return 'caller';
  if (isClientStatus(error.extensions.http)) return 'bad-request';
  if (error.path === undefined) return 'caller';
  if (isArgumentCoercionError(error)) return 'caller';
  return 'internal';
}

/**
 * graphql-js's coercion of an argument's value (`Argument "type" of non-null type … must not be null`,
 * `Argument "input" has invalid value …`): the caller's. graphql-js codes none of its errors, so it is
 * recognisable only by its wording, and by carrying no error of a resolver.
 */
export function isArgumentCoercionError(error: GraphQLError): boolean {
  return error.originalError === undefined && error.message.startsWith('Argument "');
}

/** Whether Apollo marked the error with a 4xx HTTP status (`extensions.http.status`). */
function isClientStatus(http: unknown): boolean {
  const status = typeof http === 'object' && http !== null ? (http as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
