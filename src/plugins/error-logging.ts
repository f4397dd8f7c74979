import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import type { Logger } from '../logger.js';
import { ErrorCode, isGatewayError } from '../errors.js';
import { graphQLErrorKind } from './error-kind.js';
import { withoutInputValues } from './input-values.js';
import { gatewayErrorOf } from './request-refusal.js';

/**
 * Logs each error of a request once, with the request id: upstream and internal problems for
 * operators, unexpected errors with their stack (clients saw them masked). Caller mistakes (parse,
 * validation, bad input) are logged at debug only.
 */
export const errorLoggingPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        logRequestErrors(contextValue.logger, errors, operationName);
      },
    };
  },
};

/** The log lines of a request's errors; also what the fast lane (execution/fast-lane.ts) logs, so both lanes log alike. */
export function logRequestErrors(logger: Logger, errors: readonly GraphQLError[], operationName: string | null | undefined): void {
  for (const error of errors) {
    const unwrapped = unwrapResolverError(error);
    // A plugin's refusal of the whole request (scopes, limits) carries its GatewayError inside.
    const original = gatewayErrorOf(unwrapped) ?? unwrapped;
    const path = error.path?.join('.');
    if (isGatewayError(original)) {
      const level = LOG_LEVEL_BY_CODE[original.code] ?? 'warn';
      logger[level](
        { code: original.code, provider: original.provider, path, operationName, ...original.logFields, cause: causeSummary(original.cause) },
        original.message,
      );
    } else if (original instanceof GraphQLError && graphQLErrorKind(original) !== 'internal') {
      logger.debug({ code: error.extensions.code, operationName }, withoutInputValues(original.message));
    } else if (original instanceof GraphQLError) {
      // graphql-js's own execution errors are bugs or schema mismatches: masked for the client, seen here.
      logger.error({ code: ErrorCode.INTERNAL_SERVER_ERROR, path, operationName }, `execution error (masked for the client): ${original.message}`);
    } else {
      logger.error({ code: ErrorCode.INTERNAL_SERVER_ERROR, path, operationName, err: original }, 'unexpected error (masked for the client)');
    }
  }
}

/**
 * Caller mistakes at debug (a hostile caller must not flood the log), a refused scope at info (a key
 * may lack a scope it needs), bugs at error; upstream trouble at warn (the default).
 */
const LOG_LEVEL_BY_CODE: Partial<Record<ErrorCode, 'debug' | 'info' | 'error'>> = {
  [ErrorCode.BAD_USER_INPUT]: 'debug',
  [ErrorCode.QUERY_TOO_COMPLEX]: 'debug',
  [ErrorCode.FORBIDDEN]: 'info',
  [ErrorCode.INTERNAL_SERVER_ERROR]: 'error',
};

/** The cause's name and code only: transport errors are safe, but nothing else of them is needed. */
function causeSummary(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${cause.name} ${code}` : cause.name;
}
