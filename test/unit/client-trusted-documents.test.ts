import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, visit, type ASTNode, type DefinitionNode, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import {
  AgentDocument,
  AgentsDocument,
  createChatGatewayClient,
  type FetchLike,
  type FetchResponseLike,
  type SubscriptionTransport,
} from '../../client/src/index.js';
import * as nodes from '../../client/src/__generated__/graphql.js';
import * as strings from '../../client/src/__generated__/strings.js';
import { caught } from '../support/typed-client';

// Trusted documents (docs/typed-client.md#trusted-documents): the manifest codegen writes, and the
// client's requests by document id with their fallback to the text, against a fake fetch.

const ROOT = join(__dirname, '..', '..');
const MANIFEST_FILE = join(ROOT, 'client', 'src', '__generated__', 'persisted-documents.json');
const manifest = JSON.parse(readFileSync(MANIFEST_FILE, 'utf8')) as Record<string, unknown>;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
  expect(operations).toHaveLength(1);
  return operations[0]!;
}

/**
 * A document printed with its definitions, selections and variable definitions in a fixed order: the same
 * text for the same operation and fragments however they are laid out (the manifest's texts are
 * normalized: sorted fields, one line).
 */
function canonical(text: string): string {
  const byPrint = <T extends ASTNode>(nodes: readonly T[]) => [...nodes].sort((a, b) => print(a).localeCompare(print(b)));
  const sorted = visit(parse(text, { noLocation: true }), {
    SelectionSet: { leave: (node) => ({ ...node, selections: byPrint(node.selections) }) },
    OperationDefinition: { leave: (node) => ({ ...node, variableDefinitions: byPrint(node.variableDefinitions ?? []) }) },
  });
  return byPrint(sorted.definitions).map((definition) => print(definition)).join('\n');
}

/** Every operation of client/operations/*.graphql: name → type. */
function operationsInSources(): Map<string, string> {
  const found = new Map<string, string>();
  const folder = join(ROOT, 'client', 'operations');
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.graphql'))) {
    for (const definition of parse(readFileSync(join(folder, file), 'utf8')).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) found.set(definition.name.value, definition.operation);
    }
  }
  return found;
}

/** The manifest's id of a generated operation (by name), as the client sends it. */
function idOf(operationName: string): string {
  const entry = Object.entries(manifest).find(([, text]) => operationOf(parse(text as string)).name?.value === operationName);
  if (!entry) throw new Error(`no ${operationName} in the manifest`);
  return `sha256:${entry[0]}`;
}

describe('persisted-documents.json (the manifest of the typed client’s operations)', () => {
  it('keys each document by the SHA-256 (lowercase hex) of exactly its text', () => {
    const entries = Object.entries(manifest);
    expect(entries.length).toBeGreaterThan(0);
    for (const [id, text] of entries) {
      expect(typeof text).toBe('string');
      expect(id).toMatch(/^[0-9a-f]{64}$/);
      expect(id).toBe(sha256(text as string));
    }
  });

  it('holds every operation of client/operations (queries, mutations and subscriptions), one operation per document', () => {
    const expected = operationsInSources();
    const inManifest = new Map(
      Object.values(manifest).map((text) => {
        const operation = operationOf(parse(text as string));
        return [operation.name?.value, operation.operation as string] as const;
      }),
    );
    expect(inManifest).toEqual(expected);
    expect(Object.keys(manifest)).toHaveLength(expected.size);
    expect(new Set(expected.values())).toEqual(new Set(['query', 'mutation', 'subscription']));
  });

  it('names each generated operation by the hash its TypedDocumentNode carries, and holds the same operation as the text the client falls back to', () => {
    const nodeExports = nodes as unknown as Record<string, { __meta__?: { hash?: string }; definitions?: DefinitionNode[] }>;
    const stringExports = strings as unknown as Record<string, unknown>;
    let operations = 0;
    for (const [name, node] of Object.entries(nodeExports)) {
      if (!name.endsWith('Document') || !Array.isArray(node.definitions)) continue;
      operations += 1;
      const hash = node.__meta__?.hash;
      expect(typeof hash).toBe('string');
      const text = manifest[hash!];
      expect(typeof text).toBe('string');
      expect(operationOf(parse(text as string)).name?.value).toBe(operationOf(node as unknown as DocumentNode).name?.value);
      expect(canonical(text as string)).toBe(canonical(String(stringExports[name])));
    }
    expect(operations).toBe(Object.keys(manifest).length);
    // Fragments are no documents of their own.
    expect((nodes.AgentFieldsFragmentDoc as unknown as { __meta__?: unknown }).__meta__).toBeUndefined();
  });
});

interface Sent {
  body: Record<string, unknown>;
  headers: Record<string, string>;
}

/** A fetch that records each request body and answers from the queue (no network). */
function fakeFetch(...answers: FetchResponseLike[]) {
  const sent: Sent[] = [];
  const fetch: FetchLike = async (_url, init) => {
    sent.push({ body: JSON.parse(init.body) as Record<string, unknown>, headers: init.headers });
    const next = answers.shift();
    if (!next) throw new Error('fakeFetch: no answer queued');
    return next;
  };
  return { fetch, sent, bodies: () => sent.map((request) => request.body) };
}

function answer(status: number, body: unknown): FetchResponseLike {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return { status, headers: { get: () => null }, text: async () => text };
}

const URL = 'http://gateway.test/graphql';
const NOT_FOUND = { errors: [{ message: 'Persisted document not found.', extensions: { code: 'PERSISTED_DOCUMENT_NOT_FOUND' } }] };
const AGENTS = { data: { agents: { totalCount: 0, pageInfo: { hasNextPage: false }, nodes: [] } } };
const AGENT = { data: { agent: null } };
const WIDGET_USER = { data: { createWidgetUser: { user: null, room: null, groupRoom: null, userErrors: [] } } };

const agentsText = strings.AgentsDocument.toString();
const agentText = strings.AgentDocument.toString();
const widgetUserText = strings.CreateWidgetUserDocument.toString();

describe('the typed client and trusted documents', () => {
  it('sends a generated operation by its id alone: documentId, operationName and variables, no query', async () => {
    const { fetch, bodies } = fakeFetch(answer(200, AGENTS));
    const client = createChatGatewayClient({ url: URL, fetch });
    await client.agents({ type: 'AGENT', first: 5 });
    expect(bodies()).toEqual([{ documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT', first: 5 } }]);
    expect(idOf('Agents')).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('sends the same id for the TypedDocumentNode and the TypedDocumentString given to request / requestWithErrors', async () => {
    const { fetch, bodies } = fakeFetch(answer(200, AGENTS), answer(200, AGENTS), answer(200, AGENT));
    const client = createChatGatewayClient({ url: URL, fetch });
    await client.request(AgentsDocument, { type: 'AGENT' });
    await client.request(strings.AgentsDocument, { type: 'AGENT' });
    await client.requestWithErrors(AgentDocument, { type: 'AGENT', id: 'a' });
    expect(bodies()).toEqual([
      { documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } },
      { documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } },
      { documentId: idOf('Agent'), operationName: 'Agent', variables: { type: 'AGENT', id: 'a' } },
    ]);
  });

  it('after PERSISTED_DOCUMENT_NOT_FOUND sends the text once, then the text for that document only, for that client only', async () => {
    const { fetch, sent, bodies } = fakeFetch(answer(400, NOT_FOUND), answer(200, AGENTS), answer(200, AGENTS), answer(200, AGENT));
    const client = createChatGatewayClient({ url: URL, fetch, apiKey: 'k-1' });
    const page = await client.agents({ type: 'AGENT', first: 5 }, { headers: { 'x-request-tag': 't' } });
    expect(page.totalCount).toBe(0);
    await client.agents({ type: 'AGENT', first: 10 });
    await client.agent({ type: 'AGENT', id: 'a' });
    expect(bodies()).toEqual([
      { documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT', first: 5 } },
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT', first: 5 } },
      // Remembered: the text directly for Agents; other documents still by id.
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT', first: 10 } },
      { documentId: idOf('Agent'), operationName: 'Agent', variables: { type: 'AGENT', id: 'a' } },
    ]);
    // The retry is the same request otherwise (same headers).
    expect(sent[1]!.headers).toEqual(sent[0]!.headers);
    expect(sent[0]!.headers).toMatchObject({ authorization: 'Bearer k-1', 'x-request-tag': 't' });

    // Another client instance starts with ids again.
    const other = fakeFetch(answer(200, AGENTS));
    await createChatGatewayClient({ url: URL, fetch: other.fetch }).agents({ type: 'AGENT' });
    expect(other.bodies()).toEqual([{ documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } }]);
  });

  it('falls back the same way in requestWithErrors, returning the answer to the text', async () => {
    const partial = { data: { agents: null }, errors: [{ message: 'Rocket.Chat is unavailable.', path: ['agents'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] };
    const { fetch, bodies } = fakeFetch(answer(400, NOT_FOUND), answer(200, partial));
    const result = await createChatGatewayClient({ url: URL, fetch }).requestWithErrors(AgentsDocument, { type: 'AGENT' });
    expect(result.data).toEqual({ agents: null });
    expect(result.errors.map((error) => error.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(bodies()).toEqual([
      { documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } },
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT' } },
    ]);
  });

  it('retries a mutation answered PERSISTED_DOCUMENT_NOT_FOUND once only, with its text', async () => {
    // A gateway that (wrongly) answers the text too with PERSISTED_DOCUMENT_NOT_FOUND: no third request.
    const { fetch, bodies } = fakeFetch(answer(400, NOT_FOUND), answer(400, NOT_FOUND), answer(200, WIDGET_USER));
    const client = createChatGatewayClient({ url: URL, fetch });
    const variables = { input: { id: 'customer-1', names: 'Ana' } };
    const error = await caught(client.createWidgetUser(variables));
    expect(error).toMatchObject({ code: 'PERSISTED_DOCUMENT_NOT_FOUND', status: 400, operationName: 'CreateWidgetUser' });
    expect(bodies()).toEqual([
      { documentId: idOf('CreateWidgetUser'), operationName: 'CreateWidgetUser', variables },
      { query: widgetUserText, operationName: 'CreateWidgetUser', variables },
    ]);
    // And the next call sends the text at once.
    await client.createWidgetUser(variables);
    expect(bodies()).toHaveLength(3);
    expect(bodies()[2]).toEqual({ query: widgetUserText, operationName: 'CreateWidgetUser', variables });
  });

  it.each([
    ['a GraphQL error', answer(401, { errors: [{ message: 'Missing or invalid API key.', extensions: { code: 'UNAUTHENTICATED' } }] }), 'UNAUTHENTICATED'],
    ['a rate limit', answer(429, { errors: [{ message: 'Too many requests.', extensions: { code: 'RATE_LIMITED' } }] }), 'RATE_LIMITED'],
    ['no GraphQL body', answer(503, 'Service Unavailable'), 'HTTP_503'],
  ])('does not retry a non-2xx answer with %s', async (_label, refusal, code) => {
    const { fetch, bodies } = fakeFetch(refusal, answer(200, AGENTS));
    const client = createChatGatewayClient({ url: URL, fetch });
    expect(await caught(client.agents({ type: 'AGENT' }))).toMatchObject({ code });
    expect(bodies()).toEqual([{ documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } }]);
    // Nothing remembered: the next call is by id again.
    await client.agents({ type: 'AGENT' });
    expect(bodies()[1]).toEqual({ documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } });
  });

  it('does not retry a 2xx answer with errors (the operation ran)', async () => {
    const failed = { data: null, errors: [{ message: 'Rocket.Chat is unavailable.', path: ['agents'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } }] };
    const { fetch, bodies } = fakeFetch(answer(200, failed));
    expect(await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' });
    expect(bodies()).toHaveLength(1);
  });

  it('sends the text of every document to a gateway older than trusted documents (BAD_REQUEST for a body without query), for that client', async () => {
    const older = { errors: [{ message: 'GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.', extensions: { code: 'BAD_REQUEST' } }] };
    const { fetch, bodies } = fakeFetch(answer(400, older), answer(200, AGENTS), answer(200, AGENT));
    const client = createChatGatewayClient({ url: URL, fetch });
    await client.agents({ type: 'AGENT' });
    await client.agent({ type: 'AGENT', id: 'a' });
    expect(bodies()).toEqual([
      { documentId: idOf('Agents'), operationName: 'Agents', variables: { type: 'AGENT' } },
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT' } },
      { query: agentText, operationName: 'Agent', variables: { type: 'AGENT', id: 'a' } },
    ]);
  });

  it('always sends the text with documentIds: false', async () => {
    const { fetch, bodies } = fakeFetch(answer(200, AGENTS), answer(200, AGENTS), answer(200, WIDGET_USER));
    const client = createChatGatewayClient({ url: URL, fetch, documentIds: false });
    await client.agents({ type: 'AGENT' });
    await client.request(AgentsDocument, { type: 'MANAGER' });
    await client.createWidgetUser({ input: { id: 'c', names: 'N' } });
    expect(bodies()).toEqual([
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT' } },
      { query: agentsText, operationName: 'Agents', variables: { type: 'MANAGER' } },
      { query: widgetUserText, operationName: 'CreateWidgetUser', variables: { input: { id: 'c', names: 'N' } } },
    ]);
  });

  it('sends documents that are not generated ones as text, even with the text of a generated one', async () => {
    const { fetch, bodies } = fakeFetch(answer(200, AGENT), answer(200, AGENT), answer(200, AGENTS));
    const client = createChatGatewayClient({ url: URL, fetch });
    const mine = 'query Mine($id: ID!) { agent(type: AGENT, id: $id) { id } }';
    await client.request(mine, { id: 'x' });
    await client.request(parse(mine), { id: 'x' });
    await client.request(agentsText, { type: 'AGENT' });
    expect(bodies()).toEqual([
      { query: mine, operationName: 'Mine', variables: { id: 'x' } },
      { query: mine, operationName: 'Mine', variables: { id: 'x' } },
      { query: agentsText, operationName: 'Agents', variables: { type: 'AGENT' } },
    ]);
  });

  it('keeps sending subscriptions as text (graphql-ws and graphql-sse need the query)', () => {
    const payloads: unknown[] = [];
    const transport: SubscriptionTransport = {
      subscribe(payload) {
        payloads.push(payload);
        return () => undefined;
      },
    };
    const { fetch } = fakeFetch();
    const stop = createChatGatewayClient({ url: URL, fetch, subscriptions: transport }).livechatEvents({ departmentId: 'sales' }, { next: () => undefined });
    stop();
    expect(payloads).toEqual([{ query: strings.LivechatEventsDocument.toString(), variables: { departmentId: 'sales' }, operationName: 'LivechatEvents' }]);
  });
});
