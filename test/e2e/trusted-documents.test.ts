import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { hashApiKey } from '../../src/access/api-keys';
import { CLIENT_MANIFEST, documentId } from '../../src/trusted-documents/index';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { newKey } from '../support/security-auth-file';
import { subscribeWs, wsClient } from '../support/subscriptions';

/**
 * Trusted documents as callers meet them: a `documentId` runs a document of a manifest (the typed
 * client's, a team's folder, or one the auth file registers), a front-end's key runs nothing else (HTTP
 * and subscriptions), and what is wrong with a request is refused before anything runs, with a code.
 */
const clientManifest = JSON.parse(readFileSync(CLIENT_MANIFEST, 'utf8')) as Record<string, string>;
const clientDocument = (name: string) => {
  const found = Object.entries(clientManifest).find(([, body]) => new RegExp(`\\b(query|mutation|subscription) ${name}\\b`).test(body));
  if (!found) throw new Error(`no ${name} in the client's manifest`);
  return { id: found[0], body: found[1] };
};

const TEAM_DOCUMENT = 'query TeamAgentCount { agents(type: AGENT) { totalCount } }';
const REGISTERED_DOCUMENT = 'query RegisteredManagers { agents(type: MANAGER) { totalCount } }';
const JWT_SECRET = 'trusted-documents-test-secret-0123456789';

const front = newKey('front-end', ['read', 'users:write', 'events:read']);
const sandbox = newKey('sandbox', ['read', 'users:write']);

describe('trusted documents', () => {
  let gateway: TestGateway;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cgw-trusted-docs-'));
    const teamDir = join(dir, 'manifests');
    mkdirSync(teamDir);
    writeFileSync(join(teamDir, 'team.json'), JSON.stringify({ [documentId(TEAM_DOCUMENT)]: TEAM_DOCUMENT }));
    writeFileSync(
      join(dir, 'registered.json'),
      JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: documentId(REGISTERED_DOCUMENT), name: 'RegisteredManagers', type: 'query', body: REGISTERED_DOCUMENT }] }),
    );
    const auth = {
      keys: [
        { name: front.name, hash: hashApiKey(front.key), scopes: front.scopes, tenant: 'default', trustedDocumentsOnly: true },
        { name: sandbox.name, hash: hashApiKey(sandbox.key), scopes: sandbox.scopes, tenant: 'default' },
      ],
      jwt: { algorithms: ['HS256'], secret: JWT_SECRET },
      trustedDocuments: ['registered.json'],
    };
    writeFileSync(join(dir, 'auth.json'), JSON.stringify(auth), { mode: 0o600 });
    // As in production: no landing page, so Apollo Server would run any GET it is handed.
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: join(dir, 'auth.json'), GATEWAY_TRUSTED_DOCUMENTS_DIR: teamDir, GATEWAY_DEVELOPER_TOOLS: 'false' } });
  });

  afterAll(async () => {
    await gateway?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function post(key: string, body: Record<string, unknown>) {
    const answer = await gateway.http('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    return { status: answer.status, body: JSON.parse(answer.text) as { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions: { code: string } }> } };
  }
  const code = (answer: Awaited<ReturnType<typeof post>>) => answer.body.errors?.[0]?.extensions.code;

  it('runs a document named by id from each source: the client, a team folder, the auth file (codegen and Apollo formats)', async () => {
    const agents = clientDocument('Agents');
    const fromClient = await post(front.key, { documentId: `sha256:${agents.id}`, variables: { type: 'AGENT', first: 2 } });
    expect(fromClient).toMatchObject({ status: 200, body: { data: { agents: { nodes: [expect.any(Object), expect.any(Object)] } } } });
    expect(await post(front.key, { documentId: documentId(TEAM_DOCUMENT) })).toMatchObject({ status: 200, body: { data: { agents: { totalCount: expect.any(Number) } } } });
    expect(await post(front.key, { documentId: `sha256:${documentId(REGISTERED_DOCUMENT)}` })).toMatchObject({ status: 200, body: { data: { agents: { totalCount: expect.any(Number) } } } });
    // Apollo Client's persisted-query link sends the same id as `extensions.persistedQuery`.
    const apq = await post(front.key, { extensions: { persistedQuery: { version: 1, sha256Hash: documentId(TEAM_DOCUMENT) } } });
    expect(apq).toMatchObject({ status: 200, body: { data: { agents: { totalCount: expect.any(Number) } } } });
  });

  it('a front-end key runs trusted documents only; the exact text of one is that document', async () => {
    const refused = await post(front.key, { query: '{ agents(type: AGENT) { totalCount } }' });
    expect(refused.status).toBe(403);
    expect(code(refused)).toBe('TRUSTED_DOCUMENTS_ONLY');
    // An APQ hash the manifests do not hold is not a way around it.
    const apq = await post(front.key, { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } });
    expect([apq.status, code(apq)]).toEqual([403, 'TRUSTED_DOCUMENTS_ONLY']);
    expect(await post(front.key, { query: TEAM_DOCUMENT })).toMatchObject({ status: 200, body: { data: { agents: expect.any(Object) } } });
    // Nor a GET that looks like a browser's: it still names something to run.
    await post(sandbox.key, { query: '{ agents(type: AGENT) { totalCount } }', extensions: { persistedQuery: { version: 1, sha256Hash: documentId('{ agents(type: AGENT) { totalCount } }') } } });
    const browserLike = await gateway.http(
      `/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: documentId('{ agents(type: AGENT) { totalCount } }') } }))}`,
      { headers: { authorization: `Bearer ${front.key}`, accept: 'text/html, application/json;q=0.9', 'apollo-require-preflight': 'true' } },
    );
    expect([browserLike.status, JSON.parse(browserLike.text).errors[0].extensions.code]).toEqual([403, 'TRUSTED_DOCUMENTS_ONLY']);
    // A trusted id spelled in capitals is not that id (Apollo compares hashes exactly).
    const capitals = await post(front.key, { extensions: { persistedQuery: { version: 1, sha256Hash: documentId(TEAM_DOCUMENT).toUpperCase() } } });
    expect([capitals.status, code(capitals)]).toEqual([403, 'TRUSTED_DOCUMENTS_ONLY']);
    // Other keys (Sandbox, routers) still send any document within the limits.
    expect(await post(sandbox.key, { query: '{ agents(type: AGENT) { totalCount } }' })).toMatchObject({ status: 200 });
  });

  it('a JWT with trusted_documents_only: true is limited the same way; without it, not', async () => {
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('front').setExpirationTime('5m').sign(new TextEncoder().encode(JWT_SECRET));
    const limited = await sign({ scope: 'read', trusted_documents_only: true });
    expect(code(await post(limited, { query: '{ agents(type: AGENT) { totalCount } }' }))).toBe('TRUSTED_DOCUMENTS_ONLY');
    expect(await post(limited, { documentId: documentId(TEAM_DOCUMENT) })).toMatchObject({ status: 200 });
    const open = await sign({ scope: 'read' });
    expect(await post(open, { query: '{ agents(type: AGENT) { totalCount } }' })).toMatchObject({ status: 200 });
    const malformed = await sign({ scope: 'read', trusted_documents_only: 'yes' });
    expect(code(await post(malformed, { documentId: documentId(TEAM_DOCUMENT) }))).toBe('UNAUTHENTICATED');
  });

  it('a trusted document still needs its scopes', async () => {
    const removeAgent = clientDocument('RemoveAgent');
    const answer = await post(front.key, { documentId: `sha256:${removeAgent.id}`, variables: { input: { type: 'AGENT', id: 'x' } } });
    expect([answer.status, code(answer)]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses unknown and malformed ids, and an id sent with a query, before anything runs', async () => {
    const before = gateway.simulator.log.list().length;
    const unknown = await post(sandbox.key, { documentId: `sha256:${'b'.repeat(64)}` });
    expect([unknown.status, code(unknown)]).toEqual([400, 'PERSISTED_DOCUMENT_NOT_FOUND']);
    for (const documentIdValue of ['sha1:abc', 'B'.repeat(64), 42]) {
      const malformed = await post(sandbox.key, { documentId: documentIdValue });
      expect([malformed.status, code(malformed)]).toEqual([400, 'BAD_REQUEST']);
    }
    const both = await post(sandbox.key, { documentId: documentId(TEAM_DOCUMENT), query: TEAM_DOCUMENT });
    expect([both.status, code(both)]).toEqual([400, 'BAD_REQUEST']);
    expect(gateway.simulator.log.list().length).toBe(before);
  });

  it('GET runs a trusted query by id, and refuses a trusted mutation (405)', async () => {
    const get = (search: string) => gateway.http(`/graphql?${search}`, { headers: { authorization: `Bearer ${front.key}`, 'apollo-require-preflight': 'true' } });
    const query = await get(`documentId=sha256:${documentId(TEAM_DOCUMENT)}`);
    expect(query.status).toBe(200);
    expect(JSON.parse(query.text)).toEqual({ data: { agents: { totalCount: expect.any(Number) } } });
    const mutation = await get(`documentId=sha256:${clientDocument('CreateWidgetUser').id}&variables=${encodeURIComponent(JSON.stringify({ input: { id: 'get', names: 'Get' } }))}`);
    expect(mutation.status).toBe(405);
  });

  it('subscriptions: a front-end key subscribes with a trusted text only', async () => {
    const client = wsClient(gateway.url, { authorization: `Bearer ${front.key}` });
    try {
      const untrusted = subscribeWs(client, 'subscription { widgetEvents { type } }');
      const error = (await untrusted.ended) as Array<{ extensions?: { code?: string } }>;
      expect(error[0]?.extensions?.code).toBe('TRUSTED_DOCUMENTS_ONLY');
      const trusted = subscribeWs(client, clientDocument('WidgetEvents').body);
      // Accepted: it stays open (a refusal ends it at once).
      const outcome = await Promise.race([trusted.ended.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('open'), 300))]);
      expect(outcome).toBe('open');
      await trusted.close();
    } finally {
      await client.dispose();
    }
  });
});

describe('trusted documents with the fast lane off (GATEWAY_FAST_LANE=off)', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ env: { GATEWAY_FAST_LANE: 'off' } });
  });
  afterAll(() => gateway?.close());

  it('Apollo Server serves the documentId', async () => {
    const agents = clientDocument('Agents');
    const answer = await gateway.http('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documentId: `sha256:${agents.id}`, variables: { type: 'AGENT', first: 1 } }),
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.agents.nodes).toHaveLength(1);
    expect((await gateway.http('/metrics')).text).toMatch(/^chat_gateway_trusted_document_requests_total\{lane="apollo"\} 1$/m);
  });
});
