import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import { responseErrors } from './response-errors.js';

/**
 * Closes each GraphQL request's telemetry: names its span after the operation once it is known, and at
 * the end writes the request's one log line — operation, outcome, duration and upstream calls made —
 * and ends the span. Error codes are read from the formatted errors, i.e. what the client saw.
 */
export const requestLogPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, operationName, contextValue }) {
        if (operation) contextValue.telemetry.nameOperation(operation.operation, operationName ?? undefined);
      },
      async willSendResponse({ response, operation, operationName, request, contextValue }) {
        const { telemetry, logger } = contextValue;
        const errorCodes = responseErrors(response).map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN'));
        const httpStatus = response.http.status ?? 200;
        // The id is sent back so callers can quote it; it is the one in every log line of the request.
        response.http.headers.set('x-request-id', contextValue.requestId);
        telemetry.finish({ httpStatus, errorCodes });
        logger.info(
          {
            operationName: operationName ?? request.operationName ?? null,
            operationType: operation?.operation ?? null,
            httpStatus,
            durationMs: Math.round(telemetry.elapsedMs() * 10) / 10,
            upstreamCalls: telemetry.upstreamCalls,
            ...(errorCodes.length > 0 && { errorCodes: [...new Set(errorCodes)] }),
            ...(telemetry.traceId && { traceId: telemetry.traceId }),
          },
          'graphql request',
        );
      },
    };
  },
};
