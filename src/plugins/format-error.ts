import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isGatewayError } from '../errors.js';
import { withoutInputValues } from './input-values.js';

/**
 * The one funnel from errors to what clients see. Coded gateway errors pass with their code, provider
 * and retry hint; errors graphql-js and Apollo raise about the request itself (parse, validation,
 * variable coercion) pass with the caller's input values cut out; anything else is a bug and is masked as INTERNAL_SERVER_ERROR —
 * its details go to the log (see error-logging.ts), never to the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = { ...(formatted.locations && { locations: formatted.locations }), ...(formatted.path && { path: formatted.path }) };
  if (isGatewayError(original)) {
    const internal = original.code === ErrorCode.INTERNAL_SERVER_ERROR;
    return {
      message: internal ? 'Internal server error' : original.message,
      ...where,
      extensions: {
        code: original.code,
        ...(original.provider && { provider: original.provider }),
        ...(original.retryAfterMs !== undefined && { retryAfterMs: original.retryAfterMs }),
      },
    };
  }
  if (original instanceof GraphQLError) {
    if (typeof original.extensions.code !== 'string') {
      // Uncoded errors: one Apollo raises about the request with a 4xx status (an automatic persisted
      // query whose hash does not match its text) is the caller's; one graphql-js raises while executing
      // (an abstract type resolved to nothing, a scalar that cannot serialize a value) is ours, and masked.
      if (isClientStatus(original.extensions.http)) {
        return { message: withoutInputValues(formatted.message), ...where, extensions: { code: 'BAD_REQUEST' } };
      }
      if (formatted.path) return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
    }
    const code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : ErrorCode.BAD_USER_INPUT;
    return { message: withoutInputValues(formatted.message), ...where, extensions: { code } };
  }
  return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

/** Whether Apollo marked the error with a 4xx HTTP status (`extensions.http.status`). */
function isClientStatus(http: unknown): boolean {
  const status = typeof http === 'object' && http !== null ? (http as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
