import { unwrapResolverError } from '@apollo/server/errors';
import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../context.js';
import { ErrorCode, isGatewayError } from '../errors.js';
import { withoutInputValues } from './input-values.js';

/**
 * Logs each error of a request once, with the request id: upstream and internal problems for
 * operators, unexpected errors with their stack (clients saw them masked). Caller mistakes (parse,
 * validation, bad input) are logged at debug only.
 */
export const errorLoggingPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didEncounterErrors({ errors, contextValue, operationName }) {
        const logger = contextValue.logger;
        for (const error of errors) {
          const original = unwrapResolverError(error);
          const path = error.path?.join('.');
          if (isGatewayError(original)) {
            const level = original.code === ErrorCode.BAD_USER_INPUT ? 'debug' : original.code === ErrorCode.INTERNAL_SERVER_ERROR ? 'error' : 'warn';
            logger[level](
              { code: original.code, provider: original.provider, path, operationName, ...original.logFields, cause: causeSummary(original.cause) },
              original.message,
            );
          } else if (original instanceof GraphQLError) {
            logger.debug({ code: error.extensions.code, operationName }, withoutInputValues(original.message));
          } else {
            logger.error({ code: ErrorCode.INTERNAL_SERVER_ERROR, path, operationName, err: original }, 'unexpected error (masked for the client)');
          }
        }
      },
    };
  },
};

/** The cause's name and code only: transport errors are safe, but nothing else of them is needed. */
function causeSummary(cause: unknown): string | undefined {
  if (!(cause instanceof Error)) return undefined;
  const code = (cause as { code?: unknown }).code;
  return typeof code === 'string' ? `${cause.name} ${code}` : cause.name;
}
