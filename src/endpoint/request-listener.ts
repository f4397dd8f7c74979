import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { requestIdFrom } from '../context.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { localExplorer } from './explorer.js';
import { graphqlEndpoint, type GraphQLEndpointOptions } from './graphql-endpoint.js';
import { RESPONSE_MEDIA_TYPES } from './graphql-over-http.js';
import { healthCheck } from './health.js';
import { metricsScrape, type MetricsEndpoint } from './metrics.js';
import { DEFAULT_LINGER_MS, endAfterBody } from './read-body.js';
import { readinessCheck, type Readiness } from './readiness.js';
import { sendError, type Handler } from './respond.js';

export type { MetricsEndpoint } from './metrics.js';

export interface EndpointOptions extends GraphQLEndpointOptions {
  logger: Logger;
  /** What `/readyz` answers: whether to send traffic here, and why (no upstream is called for it). */
  readiness: Readiness;
  /** What `GET /metrics` serves (Prometheus text format); without it `/metrics` is a 404. */
  metrics?: MetricsEndpoint | undefined;
  /** How long the unread body of a refused request is still read and discarded (default 5 s); see endAfterBody. */
  lingerMs?: number | undefined;
  /** The platforms' webhook receivers under `/webhooks/` (webhooks.ts); without them that path is a 404. */
  webhooks?: Handler | undefined;
  /** The receivers' own body limit (larger than a GraphQL request's), for `Expect: 100-continue` below. */
  webhookMaxBodyBytes?: number | undefined;
  /** Serve the local explorer (GraphiQL) on `/explorer` (explorer.ts): with the developer tools only; else a 404. */
  explorer?: boolean | undefined;
}

/** Anything no handler took: the gateway serves nothing else. */
const notFound: Handler = ({ res }) => {
  sendError(res, 404, RESPONSE_MEDIA_TYPES.json, 'NOT_FOUND', 'Not found: the GraphQL endpoint is /graphql.');
  return true;
};

/**
 * The HTTP front door, a list of small handlers tried in order: `/healthz` (liveness), `/readyz`
 * (readiness), `/metrics` (Prometheus, when enabled), `/webhooks/…` (the platforms' event receivers),
 * `/graphql` (graphql-endpoint.ts; Apollo Server also serves the Sandbox landing page there on browser
 * GETs, and event streams are served there too), `/explorer` (GraphiQL, where Sandbox is served;
 * explorer.ts), and a 404 for anything else. WebSocket upgrades on `/graphql` are taken by
 * subscriptions/websocket.ts.
 */
export function createRequestListener(options: EndpointOptions): RequestListener {
  const handlers: Handler[] = [
    healthCheck,
    readinessCheck(options.readiness),
    ...(options.metrics ? [metricsScrape(options.metrics)] : []),
    ...(options.webhooks ? [options.webhooks] : []),
    graphqlEndpoint(options),
    ...(options.explorer ? [localExplorer()] : []),
    notFound,
  ];
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  return (req, res) => {
    // Every answer carries the request's id, the endpoint's own refusals too (a 401, 413 or 429 that
    // support must find in the logs); the GraphQL context reads the same id from the header.
    const requestId = requestIdFrom(req.headers['x-request-id']);
    req.headers['x-request-id'] = requestId;
    res.setHeader('x-request-id', requestId);
    handle(handlers, req, res)
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'HTTP handler failed');
        if (!res.headersSent) sendError(res, 500, RESPONSE_MEDIA_TYPES.json, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
        else res.destroy();
      })
      // Answers written by the handlers are ended here, once the request's body has been read (see endAfterBody).
      .finally(() => endAfterBody(req, res, lingerMs));
  };
}

/**
 * Serves the front door on `server`: every request, and those that send `Expect: 100-continue` first
 * (curl does for bodies over 1 MB). Those are told to go on only when their declared body fits: one
 * over the limit gets its 413 at once, before uploading anything, and the connection is closed.
 */
export function attachEndpoint(server: Server, options: EndpointOptions): void {
  const listener = createRequestListener(options);
  server.on('request', listener);
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const webhook = options.webhookMaxBodyBytes !== undefined && (req.url ?? '').startsWith('/webhooks/');
    const limit = webhook ? (options.webhookMaxBodyBytes ?? options.maxBodyBytes) : options.maxBodyBytes;
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      res.setHeader('x-request-id', requestIdFrom(req.headers['x-request-id']));
      res.setHeader('connection', 'close');
      sendError(res, 413, RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', `Request body is larger than ${limit} bytes.`);
      res.end();
      return;
    }
    res.writeContinue();
    listener(req, res);
  });
}

async function handle(handlers: readonly Handler[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  const exchange = { req, res, url: new URL(req.url ?? '/', 'http://gateway.invalid') };
  for (const handler of handlers) if (await handler(exchange)) return;
}
