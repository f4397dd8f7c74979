import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { GatewayMetrics } from '../metrics.js';
import { responseErrors } from './response-errors.js';

/**
 * Counts each GraphQL request by operation name and outcome, times it, and counts the errors sent by
 * their `extensions.code` and `extensions.provider` — read from the formatted errors (after
 * `formatError`), so the metrics show exactly what clients saw.
 */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, operationName, request, contextValue }) {
          // The request's own clock (started with its context), the one its log line reports too.
          const seconds = contextValue.telemetry.elapsedMs() / 1000;
          metrics.graphqlRequest(operationName ?? request.operationName, seconds, responseErrors(response));
        },
      };
    },
  };
}
