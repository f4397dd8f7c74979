import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ErrorCode, isGatewayError } from '../errors.js';
import { graphQLErrorKind } from './error-kind.js';
import { withoutInputValues } from './input-values.js';
import { gatewayErrorOf } from './request-refusal.js';

/**
 * The one funnel from errors to what clients see. Coded gateway errors pass with their code, provider
 * and retry hint; errors graphql-js and Apollo raise about the request itself (parse, validation,
 * variable coercion) pass with the caller's input values cut out; anything else is a bug and is masked as INTERNAL_SERVER_ERROR —
 * its details go to the log (see error-logging.ts), never to the client.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = unwrapResolverError(error);
  // A refusal of the whole request, or a failure the execution layer coded, carries its GatewayError inside.
  const original = gatewayErrorOf(unwrapped) ?? unwrapped;
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
    switch (graphQLErrorKind(original)) {
      case 'internal':
        return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
      case 'bad-request':
        return { message: withoutInputValues(formatted.message), ...where, extensions: { code: 'BAD_REQUEST' } };
      case 'caller': {
        const coded = typeof original.extensions.code === 'string' && typeof formatted.extensions?.code === 'string';
        return { message: withoutInputValues(formatted.message), ...where, extensions: { code: coded ? formatted.extensions?.code : ErrorCode.BAD_USER_INPUT } };
      }
    }
  }
  return { message: 'Internal server error', ...where, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
}

