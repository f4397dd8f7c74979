import type { ApolloServerPlugin } from '@apollo/server';
import type { OperationTypeNode } from 'graphql';
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
        // The id is sent back so callers can quote it; it is the one in every log line of the request.
        response.http.headers.set('x-request-id', contextValue.requestId);
        const outcome = { httpStatus: response.http.status ?? 200, errors: responseErrors(response) };
        logRequest(contextValue, { operationName: operationName ?? request.operationName ?? null, operationType: operation?.operation ?? null }, outcome);
      },
    };
  },
};

export interface RequestOperation {
  operationName: string | null;
  operationType: OperationTypeNode | null;
}

/** Ends the request's telemetry and writes its one log line; also the fast lane's (execution/fast-lane.ts), so both lanes log alike. */
export function logRequest(
  context: Pick<GatewayContext, 'telemetry' | 'logger'>,
  { operationName, operationType }: RequestOperation,
  { httpStatus, errors }: { httpStatus: number; errors: ReadonlyArray<{ extensions?: Record<string, unknown> | undefined }> },
): void {
  const { telemetry, logger } = context;
  const errorCodes = errors.map((error) => (typeof error.extensions?.code === 'string' ? error.extensions.code : 'UNKNOWN'));
  telemetry.finish({ httpStatus, errorCodes });
  logger.info(
    {
      operationName,
      operationType,
      httpStatus,
      durationMs: Math.round(telemetry.elapsedMs() * 10) / 10,
      upstreamCalls: telemetry.upstreamCalls,
      ...(errorCodes.length > 0 && { errorCodes: [...new Set(errorCodes)] }),
      ...(telemetry.traceId && { traceId: telemetry.traceId }),
    },
    'graphql request',
  );
}
