import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import type { GatewayContext } from './context.js';
import { ErrorCode } from './errors.js';
import { BodyTooLargeError, readBody } from './util/read-body.js';
import type { Logger } from './logger.js';

export interface EndpointOptions {
  apollo: ApolloServer<GatewayContext>;
  maxBodyBytes: number;
  logger: Logger;
  contextFor(req: IncomingMessage): GatewayContext;
  /** What `/readyz` answers: whether to send traffic here, and why (no upstream is called for it). */
  readiness(): { ready: boolean; body: unknown };
  /** What `GET /metrics` serves (Prometheus text format); without it `/metrics` is a 404. */
  metrics?: MetricsEndpoint | undefined;
}

export interface MetricsEndpoint {
  contentType: string;
  body(): Promise<string>;
  /** When set, scrapes must send `Authorization: Bearer <token>` (else 401). */
  token?: string | undefined;
}

/**
 * The HTTP front door: `/graphql` goes to Apollo Server (which also serves the Sandbox landing page on
 * browser GETs), `/healthz` answers liveness probes, `/readyz` readiness probes, `/metrics` Prometheus scrapes
 * (when enabled), anything else is a 404. Bodies are read with a size
 * cap and parsed here, so a huge or broken body is refused before any GraphQL work.
 */
export function createRequestListener(options: EndpointOptions): RequestListener {
  return (req, res) => {
    handle(options, req, res).catch((error: unknown) => {
      options.logger.error({ err: error }, 'HTTP handler failed');
      if (!res.headersSent) sendError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
      else res.destroy();
    });
  };
}

async function handle(options: EndpointOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://gateway.invalid');
  if (url.pathname === '/healthz') {
    sendJson(res, 200, { status: 'ok' });
    return;
  }
  if (url.pathname === '/readyz') {
    const { ready, body } = options.readiness();
    sendJson(res, ready ? 200 : 503, body);
    return;
  }
  if (url.pathname === '/metrics' && options.metrics) {
    await serveMetrics(options.metrics, req, res);
    return;
  }
  if (url.pathname !== '/graphql') {
    sendError(res, 404, 'NOT_FOUND', 'Not found: the GraphQL endpoint is /graphql.');
    return;
  }

  let raw: string;
  try {
    if (Number(req.headers['content-length'] ?? 0) > options.maxBodyBytes) throw new BodyTooLargeError(options.maxBodyBytes);
    raw = await readBody(req, options.maxBodyBytes);
  } catch (error) {
    if (!(error instanceof BodyTooLargeError)) throw error;
    // The rest of the body is not read: close the connection rather than parse it as a next request.
    res.setHeader('connection', 'close');
    sendError(res, 413, 'BAD_REQUEST', error.message);
    return;
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  let body: unknown = raw;
  if (raw !== '' && (headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      sendError(res, 400, 'BAD_REQUEST', 'Request body is not valid JSON.');
      return;
    }
  }
  const httpGraphQLRequest: HTTPGraphQLRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    headers,
    search: url.search,
    body: raw === '' ? undefined : body,
  };
  const response = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest,
    context: async () => options.contextFor(req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

async function serveMetrics(metrics: MetricsEndpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendError(res, 405, 'BAD_REQUEST', 'Method not allowed: /metrics answers GET.');
    return;
  }
  if (metrics.token !== undefined && !bearerMatches(req.headers.authorization, metrics.token)) {
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    sendError(res, 401, 'UNAUTHENTICATED', 'The metrics endpoint needs its Bearer token.');
    return;
  }
  const body = await metrics.body();
  res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Compares digests in constant time, so the answer's timing says nothing about the token. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
