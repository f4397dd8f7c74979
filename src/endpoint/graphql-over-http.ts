import { MIMEType } from 'node:util';
import { getOperationAST, parse } from 'graphql';
import Negotiator from 'negotiator';

/**
 * The GraphQL-over-HTTP rules (https://graphql.github.io/graphql-over-http/draft/) that Apollo Server
 * checks too late or not at all, decided from the request head before any GraphQL work: which media
 * type the answer uses (406 when none fits), which request bodies are readable (415), and whether a GET
 * would run a mutation (405).
 */

/** The media types of a GraphQL response, spelled exactly as Apollo Server spells them, so its answers and ours agree. */
export const RESPONSE_MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  graphqlResponseJson: 'application/graphql-response+json; charset=utf-8',
} as const;

export type ResponseMediaType = (typeof RESPONSE_MEDIA_TYPES)[keyof typeof RESPONSE_MEDIA_TYPES];

/**
 * The media type to answer in, or undefined when the Accept header allows neither (the caller answers 406).
 * Candidates in Apollo Server's order, so a tie (`*∕*`) resolves to application/json as it does there;
 * otherwise the client's own order and q-values decide.
 */
export function negotiateResponseMediaType(accept: string | undefined): ResponseMediaType | undefined {
  // No Accept: application/json, as Apollo Server does and legacy clients (curl, older SDKs) expect.
  if (accept === undefined || accept.trim() === '') return RESPONSE_MEDIA_TYPES.json;
  // A client sends the same Accept on every request: negotiating it each time showed in profiles.
  const known = negotiated.get(accept);
  if (known !== undefined) return known ?? undefined;
  const chosen = (new Negotiator({ headers: { accept } }).mediaType([RESPONSE_MEDIA_TYPES.json, RESPONSE_MEDIA_TYPES.graphqlResponseJson]) ?? null) as ResponseMediaType | null;
  // Bounded: a client inventing Accept headers costs a negotiation each, never memory.
  if (negotiated.size >= MAX_NEGOTIATED && accept.length <= 256) negotiated.clear();
  if (accept.length <= 256) negotiated.set(accept, chosen);
  return chosen ?? undefined;
}

/** Accept headers already negotiated (null: none acceptable). */
const negotiated = new Map<string, ResponseMediaType | null>();
const MAX_NEGOTIATED = 64;

export function isGraphQLResponseJson(contentType: string | undefined): boolean {
  return contentType?.toLowerCase().startsWith('application/graphql-response+json') ?? false;
}

/**
 * Whether an Accept header prefers a Server-Sent Events stream to a JSON answer. Ties go to JSON (so
 * `*∕*` is JSON); otherwise the client's own order and q-values decide: graphql-sse sends
 * `text/event-stream` alone, urql's subscriptions `text/event-stream, multipart/mixed`, and urql's
 * queries and mutations the JSON types first.
 */
export function prefersEventStream(accept: string | undefined): boolean {
  // Named, not reached through a wildcard (`text/*` alone is not a request for a stream).
  if (accept === undefined || !/text\/event-stream/i.test(accept)) return false;
  const candidates = [RESPONSE_MEDIA_TYPES.json, RESPONSE_MEDIA_TYPES.graphqlResponseJson, 'text/event-stream'];
  return new Negotiator({ headers: { accept } }).mediaType(candidates) === 'text/event-stream';
}

/** Apollo Server's own test for a browser asking for the landing page (text/html strictly preferred). */
export function prefersHtml(accept: string | undefined): boolean {
  if (accept === undefined || accept === '') return false;
  const candidates = [
    RESPONSE_MEDIA_TYPES.json,
    RESPONSE_MEDIA_TYPES.graphqlResponseJson,
    'multipart/mixed; deferSpec=20220824',
    'multipart/mixed; incrementalSpec=v0.2',
    'multipart/mixed',
    'text/html',
  ];
  return new Negotiator({ headers: { accept } }).mediaType(candidates) === 'text/html';
}

/** Why a POST body cannot be read as a GraphQL request, or undefined when it can. */
export type RequestBodyProblem = 'missing-content-type' | 'not-json' | 'not-utf-8';

/**
 * POST bodies must be `application/json` (media types compare case-insensitively) in UTF-8 (assumed when
 * no charset is given). Anything else is refused rather than misread — which also refuses the
 * "simple" content types a cross-site form can send.
 */
export function requestBodyProblem(contentType: string | undefined): RequestBodyProblem | undefined {
  if (contentType === undefined || contentType.trim() === '') return 'missing-content-type';
  let mime: MIMEType;
  try {
    mime = new MIMEType(contentType);
  } catch {
    return 'not-json';
  }
  if (mime.essence !== 'application/json') return 'not-json';
  const charset = mime.params.get('charset');
  return charset === null || /^utf-?8$/i.test(charset) ? undefined : 'not-utf-8';
}

/**
 * Far more tokens than a GET URL (Node caps request heads at 16 KiB) can hold: this parse only looks
 * for the operation type, and a document it cannot handle is left for Apollo Server to report.
 */
const MAX_TOKENS = 10_000;

/**
 * Whether a GET would run something other than a query. The spec wants 405 for that, and Apollo Server
 * answers 405 only after its CSRF check, so a simple GET mutation would get a 400 there instead.
 * Returns false whenever Apollo Server will refuse the request anyway (no query, a parse error, an
 * unknown operation).
 */
export function getWouldNotRunAQuery(search: URLSearchParams): boolean {
  const [query, ...more] = search.getAll('query');
  if (query === undefined || more.length > 0) return false;
  let document;
  try {
    document = parse(query, { noLocation: true, maxTokens: MAX_TOKENS });
  } catch {
    return false;
  }
  const operationName = search.get('operationName');
  const operation = getOperationAST(document, operationName === null || operationName === '' ? undefined : operationName);
  return operation ? operation.operation !== 'query' : false;
}

/**
 * The GET query string for Apollo Server, without an empty `operationName`: the spec makes it the same
 * as omitting the parameter, while Apollo Server would look for an operation named "".
 */
export function searchForApollo(url: URL): string {
  if (url.searchParams.get('operationName') !== '' || url.searchParams.getAll('operationName').length !== 1) return url.search;
  const search = new URLSearchParams(url.searchParams);
  search.delete('operationName');
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
