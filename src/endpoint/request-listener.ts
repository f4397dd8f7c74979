import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest } from '@apollo/server';
import { GraphQLError } from 'graphql';
import type { AuthResult } from '../access/authenticator.js';
import type { Caller } from '../access/caller.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import type { Logger } from '../logger.js';
import { admit, type Refusal } from '../access/admission.js';
import { createCorsHandler, GRAPHQL_METHODS, type CorsHandler, type CorsOptions } from './cors.js';
import {
  getWouldNotRunAQuery,
  isGraphQLResponseJson,
  negotiateResponseMediaType,
  prefersHtml,
  requestBodyProblem,
  RESPONSE_MEDIA_TYPES,
  searchForApollo,
  type RequestBodyProblem,
  type ResponseMediaType,
} from './graphql-over-http.js';
import type { RateLimiter } from '../access/rate-limit.js';
import { BodyAbortedError, BodyTooLargeError, DEFAULT_LINGER_MS, endAfterBody, InvalidUtf8Error, readBody } from './read-body.js';

export interface EndpointOptions {
  apollo: ApolloServer<GatewayContext>;
  maxBodyBytes: number;
  logger: Logger;
  /** The context of one admitted GraphQL request; `caller` is undefined only when `authenticate` is not given. */
  contextFor(req: IncomingMessage, caller: Caller | undefined): GatewayContext;
  /** What `/readyz` answers: whether to send traffic here, and why (no upstream is called for it). */
  readiness(): { ready: boolean; body: unknown };
  /** What `GET /metrics` serves (Prometheus text format); without it `/metrics` is a 404. */
  metrics?: MetricsEndpoint | undefined;
  /** Who is calling, checked before any GraphQL work (401 when it fails); without it nobody is authenticated. */
  authenticate?: ((req: IncomingMessage) => Promise<AuthResult>) | undefined;
  /** Per-caller request budget, checked after authentication (429 when used up); without it, no limit. */
  rateLimiter?: RateLimiter | undefined;
  /** Per-address budget of failed authentications (429 before checking credentials when used up); without it, no limit. */
  authFailureLimiter?: RateLimiter | undefined;
  /** CORS on `/graphql`; without it no CORS headers are sent (browsers then allow same-origin calls only). */
  cors?: CorsOptions | undefined;
  /** How long the unread body of a refused request is still read and discarded (default 5 s); see discardUnreadBody. */
  lingerMs?: number | undefined;
}

export interface MetricsEndpoint {
  contentType: string;
  body(): Promise<string>;
  /** When set, scrapes must send `Authorization: Bearer <token>` (else 401). */
  token?: string | undefined;
}

const ALLOWED_METHODS = GRAPHQL_METHODS.join(', ');

const BODY_PROBLEMS: Record<RequestBodyProblem, string> = {
  'missing-content-type': 'A POST needs "Content-Type: application/json".',
  'not-json': 'Unsupported media type: POST bodies must be "application/json".',
  'not-utf-8': 'Unsupported charset: POST bodies must be UTF-8.',
};

/**
 * The HTTP front door: `/graphql` goes to Apollo Server (which also serves the Sandbox landing page on
 * browser GETs), `/healthz` answers liveness probes, `/readyz` readiness probes, `/metrics` Prometheus
 * scrapes (when enabled), anything else is a 404.
 *
 * On `/graphql`, in this order and each before any GraphQL work: CORS (preflights answered here),
 * the method, the Accept header (406), the caller (401) and its rate limit (429), the body's media
 * type (415), size (413) and JSON (400), and a GET's operation type (405). What Apollo Server answers
 * is then held to the GraphQL-over-HTTP spec (see graphql-over-http.ts).
 */
export function createRequestListener(options: EndpointOptions): RequestListener {
  const cors = options.cors && createCorsHandler(options.cors);
  const lingerMs = options.lingerMs ?? DEFAULT_LINGER_MS;
  return (req, res) => {
    handle(options, cors, req, res)
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'HTTP handler failed');
        if (!res.headersSent) sendError(res, 500, RESPONSE_MEDIA_TYPES.json, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
        else res.destroy();
      })
      // Answers written here are ended here, once the request's body has been read (see endAfterBody).
      .finally(() => endAfterBody(req, res, lingerMs));
  };
}

async function handle(options: EndpointOptions, cors: CorsHandler | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    sendError(res, 404, RESPONSE_MEDIA_TYPES.json, 'NOT_FOUND', 'Not found: the GraphQL endpoint is /graphql.');
    return;
  }
  await serveGraphQL(options, cors, req, res, url);
}

async function serveGraphQL(options: EndpointOptions, cors: CorsHandler | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  if (method === 'OPTIONS') {
    // CORS preflights (and plain OPTIONS) are answered here: no authentication, no GraphQL.
    res.setHeader('allow', ALLOWED_METHODS);
    if (cors && (await cors(req, res))) return;
    res.writeHead(204, { 'content-length': '0' });
    res.end();
    return;
  }
  if (cors) await cors(req, res);
  const accept = req.headers.accept;
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('allow', ALLOWED_METHODS);
    sendError(res, 405, negotiateResponseMediaType(accept) ?? RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', `Method not allowed: /graphql answers ${ALLOWED_METHODS}.`);
    return;
  }
  if (method === 'GET' && !url.searchParams.has('query') && prefersHtml(accept)) {
    // A browser opening the endpoint: Apollo Server serves the landing page (Sandbox) to anyone; the
    // page then sends the key its user types. Should Apollo go further (landing page off), the
    // request is admitted when its context is created, like any other.
    await runApollo(options, req, res, { method, search: url.search, body: undefined }, async () => {
      const admission = await admit(req, options);
      if (!admission.admitted) throw refusalError(admission.refusal);
      return options.contextFor(req, admission.caller);
    });
    return;
  }
  const mediaType = negotiateResponseMediaType(accept);
  if (mediaType === undefined) {
    // Decided before anything runs: Apollo Server would find out only after executing the operation.
    sendError(res, 406, RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', 'Not acceptable: the Accept header must allow application/graphql-response+json or application/json.');
    return;
  }
  const admission = await admit(req, options);
  if (!admission.admitted) {
    const { status, headers, error } = admission.refusal;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    sendJson(res, status, { errors: [error] }, mediaType);
    return;
  }

  let body: unknown;
  if (method === 'POST') {
    const problem = requestBodyProblem(req.headers['content-type']);
    if (problem !== undefined) {
      sendError(res, 415, mediaType, 'BAD_REQUEST', BODY_PROBLEMS[problem]);
      return;
    }
    const read = await readJsonBody(options, req, res, mediaType);
    if (!read.ok) return;
    body = read.body;
  } else if (getWouldNotRunAQuery(url.searchParams)) {
    res.setHeader('allow', 'POST');
    sendError(res, 405, mediaType, 'BAD_REQUEST', 'GET runs queries only: send mutations with POST.');
    return;
  }
  const { caller } = admission;
  await runApollo(options, req, res, { method, search: searchForApollo(url), body }, () => Promise.resolve(options.contextFor(req, caller)));
}

async function readJsonBody(
  options: EndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
  mediaType: ResponseMediaType,
): Promise<{ ok: true; body: unknown } | { ok: false }> {
  const { maxBodyBytes } = options;
  let raw: string;
  try {
    if (Number(req.headers['content-length'] ?? 0) > maxBodyBytes) throw new BodyTooLargeError(maxBodyBytes);
    raw = await readBody(req, maxBodyBytes);
  } catch (error) {
    if (error instanceof InvalidUtf8Error) {
      sendError(res, 400, mediaType, ErrorCode.BAD_USER_INPUT, error.message);
      return { ok: false };
    }
    if (error instanceof BodyAbortedError) {
      // Nobody is left to answer.
      res.destroy();
      return { ok: false };
    }
    if (!(error instanceof BodyTooLargeError)) throw error;
    sendError(res, 413, mediaType, 'BAD_REQUEST', error.message);
    return { ok: false };
  }
  // An empty body goes on as "no body", for Apollo Server to refuse with its own message.
  if (raw === '') return { ok: true, body: undefined };
  try {
    return { ok: true, body: JSON.parse(raw) as unknown };
  } catch {
    sendError(res, 400, mediaType, 'BAD_REQUEST', 'Request body is not valid JSON.');
    return { ok: false };
  }
}

type ContextThunk = () => Promise<GatewayContext>;

async function runApollo(
  options: EndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
  request: Omit<HTTPGraphQLRequest, 'headers'>,
  context: ContextThunk,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await options.apollo.executeHTTPGraphQLRequest({ httpGraphQLRequest: { ...request, headers }, context });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    if (res.statusCode < 300 && isGraphQLResponseJson(response.headers.get('content-type')) && lacksData(response.body.string)) {
      // Under application/graphql-response+json a response without `data` MUST NOT be 2xx. Apollo Server
      // answers 200 to some request errors (an unknown persisted query) for its legacy clients.
      res.statusCode = 400;
    }
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Whether a serialized GraphQL response has no `data` entry (parsed only when it does not start with one). */
function lacksData(json: string): boolean {
  if (json.startsWith('{"data"')) return false;
  try {
    const parsed = JSON.parse(json) as unknown;
    return typeof parsed === 'object' && parsed !== null && !('data' in parsed);
  } catch {
    return false;
  }
}

/** A refusal raised while Apollo Server creates the context: it answers with the status and headers given. */
function refusalError({ status, headers, error }: Refusal): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: { ...error.extensions, http: { status, headers: new HeaderMap(Object.entries(headers)) } },
  });
}


async function serveMetrics(metrics: MetricsEndpoint, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendError(res, 405, RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', 'Method not allowed: /metrics answers GET.');
    return;
  }
  if (metrics.token !== undefined && !bearerMatches(req.headers.authorization, metrics.token)) {
    res.setHeader('www-authenticate', 'Bearer realm="metrics"');
    sendError(res, 401, RESPONSE_MEDIA_TYPES.json, 'UNAUTHENTICATED', 'The metrics endpoint needs its Bearer token.');
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

function sendError(res: ServerResponse, status: number, mediaType: ResponseMediaType, code: string, message: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] }, mediaType);
}

/**
 * Writes a whole JSON answer without ending the response: the request listener ends it once the
 * request's body is read, which for an early refusal means after discarding what the client still sends.
 */
function sendJson(res: ServerResponse, status: number, body: unknown, mediaType: ResponseMediaType = RESPONSE_MEDIA_TYPES.json): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': mediaType, 'content-length': Buffer.byteLength(payload) });
  res.write(payload);
}
