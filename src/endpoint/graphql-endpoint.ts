import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { admit, type AdmissionOptions } from '../access/admission.js';
import { mayReceiveTraces, TRACE_REQUEST_HEADER, type Caller } from '../access/caller.js';
import type { GatewayContext } from '../context.js';
import { ErrorCode } from '../errors.js';
import type { RefusalReason, TrustedDocumentLane } from '../metrics.js';
import { refusalError, runApollo } from './apollo-bridge.js';
import { createCorsHandler, GRAPHQL_METHODS, type CorsHandler, type CorsOptions } from './cors.js';
import { createCsrfCheck, type CsrfCheck } from './csrf.js';
import {
  getWouldNotRunAQuery,
  negotiateResponseMediaType,
  prefersHtml,
  requestBodyProblem,
  RESPONSE_MEDIA_TYPES,
  searchForApollo,
  type RequestBodyProblem,
  type ResponseMediaType,
} from './graphql-over-http.js';
import { BodyAbortedError, BodyTooLargeError, InvalidUtf8Error, readBody } from './read-body.js';
import { sendError, sendJson, type Handler } from './respond.js';
import { wantsEventStream } from './subscriptions/sse.js';
import { trustedRequestOf, withDocumentText } from './trusted-request.js';
import { TrustedDocuments } from '../trusted-documents/registry.js';
import type { FastLane } from '../trusted-documents/fast-lane.js';

export interface GraphQLEndpointOptions extends AdmissionOptions {
  apollo: ApolloServer<GatewayContext>;
  maxBodyBytes: number;
  /** The context of one admitted GraphQL request; `caller` is undefined only when `authenticate` is not given. */
  contextFor(req: IncomingMessage, caller: Caller | undefined): GatewayContext;
  /** CORS on `/graphql`; without it no CORS headers are sent (browsers then allow same-origin calls only). */
  cors?: CorsOptions | undefined;
  /** Subscriptions over Server-Sent Events, for requests that prefer `text/event-stream` (subscriptions/sse.ts). */
  eventStream?: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
  /** Counts a request refused before any GraphQL work (today: a GET suspected of CSRF, csrf.ts). */
  observeRefusal?: ((reason: RefusalReason) => void) | undefined;
  /** The trusted documents (trusted-documents/), and the fast lane that serves them (absent: Apollo serves them too). */
  trustedDocuments?: TrustedDocuments | undefined;
  fastLane?: FastLane | undefined;
  /** Counts which lane served a trusted document. */
  observeTrustedDocument?: ((lane: TrustedDocumentLane) => void) | undefined;
}

const ALLOWED_METHODS = GRAPHQL_METHODS.join(', ');

const BODY_PROBLEMS: Record<RequestBodyProblem, string> = {
  'missing-content-type': 'A POST needs "Content-Type: application/json".',
  'not-json': 'Unsupported media type: POST bodies must be "application/json".',
  'not-utf-8': 'Unsupported charset: POST bodies must be UTF-8.',
};

/**
 * `/graphql`, in this order and each before any GraphQL work: CORS (preflights answered here), the
 * method, the Accept header (406), the caller (401) and its rate limit (429), the body's media type
 * (415), size (413) and JSON (400), a GET's operation type (405) and whether a GET could be a
 * cross-site request forgery (400, csrf.ts), and the trusted document it names (an unknown id 400, a
 * caller limited to trusted documents 403; the fast lane answers the rest it can). Then Apollo Server
 * runs the operation (apollo-bridge.ts), its answer held to the GraphQL-over-HTTP spec (graphql-over-http.ts).
 */
export function graphqlEndpoint(options: GraphQLEndpointOptions): Handler {
  const cors = options.cors && createCorsHandler(options.cors);
  const csrf = createCsrfCheck({ corsOrigins: options.cors?.origins, logger: options.logger, observeRefusal: options.observeRefusal, trustedProxies: options.trustedProxies });
  return async ({ req, res, url }) => {
    if (url.pathname !== '/graphql') return false;
    await serveGraphQL(options, cors, csrf, req, res, url);
    return true;
  };
}

async function serveGraphQL(
  options: GraphQLEndpointOptions,
  cors: CorsHandler | undefined,
  csrf: CsrfCheck,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
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
  if (options.eventStream && wantsEventStream(req)) {
    await options.eventStream(req, res);
    return;
  }
  const accept = req.headers.accept;
  if (method !== 'GET' && method !== 'POST') {
    res.setHeader('allow', ALLOWED_METHODS);
    sendError(res, 405, negotiateResponseMediaType(accept) ?? RESPONSE_MEDIA_TYPES.json, 'BAD_REQUEST', `Method not allowed: /graphql answers ${ALLOWED_METHODS}.`);
    return;
  }
  if (method === 'GET' && !namesAnOperation(url.searchParams) && prefersHtml(accept)) {
    // A browser opening the endpoint: Apollo Server serves the landing page (Sandbox) to anyone; the
    // page then sends the key its user types. Should Apollo go further (landing page off), the
    // request is admitted and checked for CSRF when its context is created, like any other GET; it
    // names nothing to run (a GET naming a document by text, id or persisted hash takes the path below).
    await runApollo(
      options,
      req,
      res,
      { method, search: url.search, body: undefined },
      async () => {
        const admission = await admit(req, options);
        if (!admission.admitted) throw refusalError(admission.refusal);
        const forgery = csrf(req);
        if (forgery !== undefined) throw refusalError({ status: 400, headers: {}, error: { message: forgery, extensions: { code: 'BAD_REQUEST' } } });
        return options.contextFor(req, admission.caller);
      },
      { traces: false },
    );
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
  } else {
    if (getWouldNotRunAQuery(url.searchParams)) {
      res.setHeader('allow', 'POST');
      sendError(res, 405, mediaType, 'BAD_REQUEST', 'GET runs queries only: send mutations with POST.');
      return;
    }
    // The one request a browser sends cross-site without a preflight that can still run something.
    const forgery = csrf(req);
    if (forgery !== undefined) {
      sendError(res, 400, mediaType, 'BAD_REQUEST', forgery);
      return;
    }
  }
  const { caller } = admission;
  const traces = mayReceiveTraces(caller);
  const apolloRequest = await serveTrustedDocument(options, req, res, url, { method, body, mediaType, caller, traces });
  if (apolloRequest === undefined) return;
  const context = () => Promise.resolve(options.contextFor(req, caller));
  await runApollo(options, req, res, { method, ...apolloRequest }, context, { traces });
}

interface AdmittedRequest {
  method: 'GET' | 'POST';
  body: unknown;
  mediaType: ResponseMediaType;
  caller: Caller | undefined;
  /** Whether the caller may have inline traces (`traces:read`). */
  traces: boolean;
}

/**
 * Trusted documents (trusted-documents/): answers what names one and can be answered here (the fast
 * lane, or a refusal), and returns what Apollo Server must run otherwise: the request as sent, or with
 * the trusted document's text in place of its id. Undefined when the answer has been written.
 */
async function serveTrustedDocument(
  options: GraphQLEndpointOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  { method, body, mediaType, caller, traces }: AdmittedRequest,
): Promise<{ body: unknown; search: string } | undefined> {
  const search = searchForApollo(url);
  const trusted = trustedRequestOf(options.trustedDocuments ?? TrustedDocuments.EMPTY, method, body, url.searchParams);
  switch (trusted.kind) {
    case 'invalid':
      sendError(res, 400, mediaType, 'BAD_REQUEST', trusted.message);
      return undefined;
    case 'unknown':
      options.observeRefusal?.('unknown_document');
      sendError(res, 400, mediaType, ErrorCode.PERSISTED_DOCUMENT_NOT_FOUND, 'No trusted document has this documentId: register its manifest with the gateway, or send the document as `query`.');
      return undefined;
    case 'none':
      if (caller?.trustedDocumentsOnly) {
        options.logger.debug({ caller: caller.name }, 'refused: the caller may run trusted documents only');
        options.observeRefusal?.('trusted_documents_only');
        sendError(res, 403, mediaType, ErrorCode.TRUSTED_DOCUMENTS_ONLY, 'This caller may run trusted documents only: send the `documentId` of a document in a registered manifest.');
        return undefined;
      }
      return { body, search };
    case 'trusted': {
      const { document } = trusted;
      if (method === 'GET' && document.operationType !== 'query') {
        res.setHeader('allow', 'POST');
        sendError(res, 405, mediaType, 'BAD_REQUEST', 'GET runs queries only: send mutations with POST.');
        return undefined;
      }
      // An inline trace needs Apollo's per-field hooks: the Apollo lane serves a caller that may have one and asks.
      const wantsTrace = traces && req.headers[TRACE_REQUEST_HEADER] !== undefined;
      if (options.fastLane && caller && !wantsTrace) {
        const fields = method === 'POST' ? (body as Record<string, unknown>) : getFields(req, url);
        const request = {
          document,
          caller,
          variables: fields.variables,
          operationName: fields.operationName,
          extensions: fields.extensions,
          mediaType,
          context: () => options.contextFor(req, caller),
        };
        if (await options.fastLane.serve(request, res)) {
          options.observeTrustedDocument?.('fast');
          return undefined;
        }
      }
      options.observeTrustedDocument?.('apollo');
      return withDocumentText(method, body, search, document);
    }
  }
}

/** Whether a GET names something to run: a document's text, a trusted document's id, or a persisted query's hash. */
function namesAnOperation(search: URLSearchParams): boolean {
  return search.has('query') || search.has('documentId') || search.has('extensions');
}

/**
 * A GET's fields for the fast lane. What Apollo Server refuses in a GET (a parameter given twice, JSON that
 * is not an object, a Content-Type other than JSON) comes out MALFORMED, which the fast lane declines:
 * Apollo's lane then words the refusal.
 */
function getFields(req: IncomingMessage, url: URL): { variables: unknown; operationName: unknown; extensions: unknown } {
  const contentType = req.headers['content-type'];
  if (contentType !== undefined && !/^application\/json\s*(;|$)/i.test(contentType)) return { variables: MALFORMED, operationName: undefined, extensions: undefined };
  const names = url.searchParams.getAll('operationName');
  return {
    variables: searchJson(url, 'variables'),
    operationName: names.length > 1 ? MALFORMED : names[0],
    extensions: searchJson(url, 'extensions'),
  };
}

/** A GET parameter holding a JSON object (`variables`, `extensions`), or MALFORMED. */
function searchJson(url: URL, name: string): unknown {
  const values = url.searchParams.getAll(name);
  if (values.length === 0) return undefined;
  if (values.length > 1) return MALFORMED;
  try {
    const value = JSON.parse(values[0] as string) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : MALFORMED;
  } catch {
    return MALFORMED;
  }
}

/** Not an object: the fast lane hands the request to Apollo Server, which words the refusal. */
const MALFORMED = Symbol('malformed');

async function readJsonBody(
  options: GraphQLEndpointOptions,
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
