import type { TrustedDocument, TrustedDocuments } from '../trusted-documents/registry.js';

/**
 * Which trusted document a GraphQL request names, read from the request before anything runs. A
 * document is named by id in one of the two forms clients send:
 * - `documentId` (the GraphQL-over-HTTP persisted documents proposal, graphql-codegen's and the typed
 *   client's): `sha256:<hex>` or the bare hex, as a POST body member or a GET parameter;
 * - `extensions.persistedQuery.sha256Hash` without a `query` (Apollo Client's persisted query link):
 *   a hash the manifests do not hold is left to Apollo Server's automatic persisted queries, as before.
 * A request that sends a trusted document's exact text is that document too (its id is the text's hash).
 */
export type TrustedRequest =
  /** Not a request for a trusted document (a query text that is not one, or an APQ hash for Apollo). */
  | { kind: 'none' }
  | { kind: 'trusted'; document: TrustedDocument }
  /** `documentId` naming no trusted document: nothing runs. */
  | { kind: 'unknown' }
  /** A malformed `documentId`, or one sent with a `query`. */
  | { kind: 'invalid'; message: string };

const ID = /^(?:sha256:)?([0-9a-f]{64})$/;

export function trustedRequestOf(registry: TrustedDocuments, method: 'GET' | 'POST', body: unknown, search: URLSearchParams): TrustedRequest {
  const fields = method === 'POST' ? postFields(body) : getFields(search);
  if (fields === undefined) return { kind: 'none' };
  const { documentId, query, persistedHash } = fields;
  if (documentId !== undefined) {
    if (typeof documentId !== 'string') return { kind: 'invalid', message: '`documentId` must be a string: "sha256:<64 hex digits>".' };
    if (query !== undefined) return { kind: 'invalid', message: 'Send either `documentId` or `query`, not both.' };
    const id = ID.exec(documentId)?.[1];
    if (id === undefined) return { kind: 'invalid', message: '`documentId` must be "sha256:" followed by the document\'s SHA-256 in 64 lowercase hex digits.' };
    const document = registry.byId(id);
    return document ? { kind: 'trusted', document } : { kind: 'unknown' };
  }
  if (typeof query === 'string') {
    const document = registry.byText(query);
    return document ? { kind: 'trusted', document } : { kind: 'none' };
  }
  if (query === undefined && typeof persistedHash === 'string') {
    // Exactly as sent: Apollo Server compares the hash as given, so another spelling is its to refuse.
    const document = registry.byId(persistedHash);
    if (document) return { kind: 'trusted', document };
  }
  return { kind: 'none' };
}

interface Fields {
  documentId: unknown;
  query: unknown;
  persistedHash: unknown;
}

function postFields(body: unknown): Fields | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  return { documentId: record.documentId, query: record.query ?? undefined, persistedHash: persistedHashOf(record.extensions) };
}

function getFields(search: URLSearchParams): Fields {
  const documentIds = search.getAll('documentId');
  let extensions: unknown;
  try {
    const raw = search.get('extensions');
    extensions = raw === null ? undefined : JSON.parse(raw);
  } catch {
    extensions = undefined;
  }
  return {
    documentId: documentIds.length === 0 ? undefined : documentIds.length === 1 ? documentIds[0] : documentIds,
    query: search.get('query') ?? undefined,
    persistedHash: persistedHashOf(extensions),
  };
}

function persistedHashOf(extensions: unknown): unknown {
  if (typeof extensions !== 'object' || extensions === null) return undefined;
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  return typeof persisted === 'object' && persisted !== null ? (persisted as { sha256Hash?: unknown }).sha256Hash : undefined;
}

/** The request as Apollo Server reads it, the trusted document's text in place of its id. */
export function withDocumentText(method: 'GET' | 'POST', body: unknown, search: string, document: TrustedDocument): { body: unknown; search: string } {
  if (method === 'POST') {
    const { documentId: _id, ...rest } = body as Record<string, unknown>;
    return { body: { ...rest, query: document.body }, search };
  }
  const params = new URLSearchParams(search);
  params.delete('documentId');
  params.set('query', document.body);
  return { body, search: `?${params.toString()}` };
}
