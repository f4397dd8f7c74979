import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../context.js';
import type { GatewayMetrics } from '../metrics.js';

/**
 * Counts each GraphQL request by operation name and outcome, times it, and counts the errors sent by
 * their `extensions.code` and `extensions.provider` — read from the formatted errors (after
 * `formatError`), so the metrics show exactly what clients saw.
 */
export function metricsPlugin(metrics: GatewayMetrics): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ response, operationName, request }) {
          const errors =
            response.body.kind === 'single' ? (response.body.singleResult.errors ?? []) : (response.body.initialResult.errors ?? []);
          metrics.graphqlRequest(operationName ?? request.operationName, (performance.now() - started) / 1000, errors);
        },
      };
    },
  };
}
