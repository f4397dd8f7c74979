import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { SignJWT } from 'jose';
import type { Scope } from '../../src/access/caller';
import { loadConfig, QUERY_LIMIT_DEFAULTS as DEFAULT_QUERY_LIMITS } from '../../src/config/index';
import { startTestGateway, type GraphQLAnswer, type TestGateway } from '../support/gateway';
import { newKey, startTenantSimulators, writeAuthFile, type TenantSimulators } from '../support/security-auth-file';

// The security e2e suite of issue 5: who may call what (API keys and JWTs, scope by operation), tenant
// isolation, hostile operations and input, the rate limit, production mode, and a scan of every log line
// and response for the secrets the gateway holds.

const ALL: Scope[] = ['read', 'agents:write', 'users:write'];
const JWT_SECRET = randomBytes(32).toString('base64url');

let serial = 0;
const unique = (prefix: string) => `${prefix}${(serial += 1)}${randomBytes(3).toString('hex')}`;

/** Passwords sent in createCustomerCareUser inputs: none may appear in a log line or response. */
const passwords: string[] = [];
function customerCareInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const loginId = unique('sec.user.');
  const password = `pw-${randomBytes(9).toString('base64url')}-Zq8!`;
  passwords.push(password);
  return {
    firstName: 'Lucía',
    lastName: 'Mora',
    loginId,
    email: `${loginId}@example.com`,
    password,
    privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
    ...overrides,
  };
}

/** Tokens signed for the JWT tests: the scan looks for them too. */
const jwts: string[] = [];
async function signJwt(claims: Record<string, unknown>, expiresAt: number | string = '5m'): Promise<string> {
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('sec-tests')
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(new TextEncoder().encode(JWT_SECRET));
  jwts.push(token);
  return token;
}

type Platform = 'rocketchat' | 'jelou' | 'imi';

function calls(gateway: TestGateway, platform?: Platform): number {
  const logs = { rocketchat: gateway.simulator.log, jelou: gateway.jelou.log, imi: gateway.imi.log };
  return (platform ? [logs[platform]] : Object.values(logs)).reduce((sum, log) => sum + log.list().length, 0);
}

function tenantCalls(tenant: TenantSimulators): number {
  return tenant.rocketchat.log.list().length + tenant.jelou.log.list().length + tenant.imi.log.list().length;
}

function codes(answer: GraphQLAnswer): unknown[] {
  return (answer.body.errors ?? []).map((error) => error.extensions?.code);
}

describe('security (API keys, JWTs, tenants, hostile input, secrets)', () => {
  const keys = {
    reader: newKey('reader', ['read']),
    agentsWriter: newKey('agents-writer', ['agents:write']),
    usersWriter: newKey('users-writer', ['users:write']),
    admin: newKey('admin', ALL),
    acme: newKey('acme-admin', ALL, 'acme'),
    chatOnly: newKey('chat-only', ALL, 'chat-only'),
  };
  let acme: TenantSimulators;
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  /** Every response the suite received (status, headers and body), for the secret scan. */
  const responses: string[] = [];

  beforeAll(async () => {
    acme = await startTenantSimulators(7);
    const file = writeAuthFile({
      keys: Object.values(keys),
      tenants: { acme: acme.entry(), 'chat-only': acme.entry(['rocketchat']) },
      jwtSecret: JWT_SECRET,
    });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({
      env: {
        GATEWAY_AUTH_FILE: file.path,
        // Quick, deterministic failures: no retries, a breaker that opens after two, a short deadline.
        GATEWAY_RETRY_MAX_ATTEMPTS: '1',
        GATEWAY_BREAKER_FAILURES: '2',
        GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: '600000',
        GATEWAY_REQUEST_TIMEOUT_MS: '1500',
      },
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await acme?.close();
    removeAuthFile?.();
  });
  beforeEach(() => {
    for (const simulator of [gateway.simulator, gateway.jelou, gateway.imi, acme.rocketchat, acme.jelou, acme.imi]) {
      simulator.log.clear();
      simulator.faults.clear();
    }
  });

  async function ask(credential: string | undefined, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
    const answer = await gateway.graphql(query, variables, { ...(credential !== undefined && { authorization: `Bearer ${credential}` }), ...headers });
    responses.push(JSON.stringify(answer));
    return answer;
  }
  async function raw(path: string, init: Parameters<TestGateway['http']>[1]) {
    const answer = await gateway.http(path, init);
    responses.push(JSON.stringify(answer));
    return answer;
  }
  const idOf = (username: string) => {
    const user = gateway.simulator.state.userByUsername(username);
    if (!user) throw new Error(`no seeded user ${username}`);
    return user._id;
  };

  interface Operation {
    field: string;
    scope: Scope;
    platform: Platform;
    query: string;
    variables: () => Record<string, unknown>;
  }
  const OPERATIONS: Operation[] = [
    { field: 'agents', scope: 'read', platform: 'rocketchat', query: '{ agents(type: AGENT, first: 2) { totalCount } }', variables: () => ({}) },
    {
      field: 'agent',
      scope: 'read',
      platform: 'rocketchat',
      query: 'query($id: ID!) { agent(type: MANAGER, id: $id) { id } }',
      variables: () => ({ id: idOf('gateway.service') }),
    },
    { field: 'customerCareUser', scope: 'read', platform: 'imi', query: '{ customerCareUser(id: "5001") { id } }', variables: () => ({}) },
    { field: 'customerCareUsers', scope: 'read', platform: 'imi', query: '{ customerCareUsers(page: 1) { page users { id } } }', variables: () => ({}) },
    {
      field: '_entities',
      scope: 'read',
      platform: 'rocketchat',
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id username } } }',
      variables: () => ({ r: [{ __typename: 'Agent', id: idOf('camila.rojas') }] }),
    },
    {
      field: 'registerAgent',
      scope: 'agents:write',
      platform: 'rocketchat',
      query: 'mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agentId userErrors { code } } }',
      variables: () => ({ input: { type: 'AGENT', username: 'emilia.soto' } }),
    },
    {
      field: 'removeAgent',
      scope: 'agents:write',
      platform: 'rocketchat',
      query: 'mutation($input: RemoveAgentInput!) { removeAgent(input: $input) { removedAgentId userErrors { code } } }',
      variables: () => ({ input: { type: 'MANAGER', id: idOf('camila.rojas') } }),
    },
    {
      field: 'createWidgetUser',
      scope: 'users:write',
      platform: 'jelou',
      query: 'mutation($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id } userErrors { code } } }',
      variables: () => ({ input: { id: unique('sec-widget-'), names: 'Diana Duarte' } }),
    },
    {
      field: 'createCustomerCareUser',
      scope: 'users:write',
      platform: 'imi',
      query: 'mutation($input: CreateCustomerCareUserInput!) { createCustomerCareUser(input: $input) { user { id } userErrors { code } } }',
      variables: () => ({ input: customerCareInput() }),
    },
  ];

  describe('scopes against every root operation', () => {
    const cases = (['reader', 'agentsWriter', 'usersWriter', 'admin'] as const).flatMap((caller) =>
      OPERATIONS.map((operation) => [caller, operation.field, keys[caller].scopes.includes(operation.scope), operation] as const),
    );

    it.each(cases)('%s → %s (allowed: %s)', async (caller, field, allowed, operation) => {
      const answer = await ask(keys[caller].key, operation.query, operation.variables());
      if (allowed) {
        expect(answer.status).toBe(200);
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data?.[field]).not.toBeNull();
        expect(calls(gateway, operation.platform)).toBeGreaterThan(0);
      } else {
        expect(answer.status).toBe(403);
        expect(answer.body.data).toBeUndefined();
        expect(codes(answer)).toEqual(['FORBIDDEN']);
        expect(answer.body.errors![0]!.message).toContain(operation.scope);
        expect(calls(gateway)).toBe(0);
      }
    });

    it('refuses a mutation that hides a forbidden field behind an alias, a fragment or @skip, calling nothing', async () => {
      const query = `mutation { ok: registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId }
        ... on Mutation { w: createWidgetUser(input: {id: "sec-hidden", names: "X"}) @skip(if: true) { user { id } } } }`;
      const answer = await ask(keys.agentsWriter.key, query);
      expect(answer.status).toBe(403);
      expect(codes(answer)).toEqual(['FORBIDDEN']);
      expect(calls(gateway)).toBe(0);
    });

    it('logs a refusal once, at info, with the caller and the scopes it lacks', async () => {
      const before = gateway.logs.length;
      await ask(keys.reader.key, 'mutation { registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId } }');
      const refusals = gateway.logs
        .slice(before)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.code === 'FORBIDDEN');
      expect(refusals).toHaveLength(1);
      expect(refusals[0]).toMatchObject({ level: 30, caller: 'reader', missingScopes: ['agents:write'] });
    });
  });

  describe('authentication', () => {
    const QUERY = '{ agents(type: AGENT, first: 1) { totalCount } }';

    it.each<[string, Record<string, string>]>([
      ['no Authorization header', {}],
      ['an unknown key', { authorization: `Bearer ${newKey('nobody', ALL).key}` }],
      ['a key with one character changed', { authorization: `Bearer ${keys.admin.key.slice(0, -1)}${keys.admin.key.endsWith('A') ? 'B' : 'A'}` }],
      ['the Basic scheme', { authorization: `Basic ${Buffer.from(`admin:${keys.admin.key}`).toString('base64')}` }],
      ['Bearer without a credential', { authorization: 'Bearer' }],
      ['Bearer with two credentials', { authorization: `Bearer ${keys.admin.key} ${keys.admin.key}` }],
      ['the bare key without a scheme', { authorization: keys.admin.key }],
      ['the key hash instead of the key', { authorization: `Bearer sha256:${'0'.repeat(64)}` }],
    ])('refuses %s with 401 UNAUTHENTICATED and WWW-Authenticate, calling nothing', async (_case, headers) => {
      const answer = await ask(undefined, QUERY, undefined, headers);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="chat-gateway"/);
      expect(answer.body.data).toBeUndefined();
      expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
      expect(calls(gateway)).toBe(0);
    });

    it('refuses an unauthenticated mutation too, before it reaches any platform', async () => {
      const answer = await ask(undefined, 'mutation { registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId } }');
      expect(answer.status).toBe(401);
      expect(calls(gateway)).toBe(0);
    });

    it('accepts an HS256 JWT with its scope claim, and refuses what the claim does not grant', async () => {
      const token = await signJwt({ scope: 'read', tenant: 'default' });
      const read = await ask(token, QUERY);
      expect(read.status).toBe(200);
      expect(read.body.errors).toBeUndefined();
      expect(read.body.data).toEqual({ agents: { totalCount: expect.any(Number) } });
      gateway.simulator.log.clear();
      const write = await ask(token, 'mutation { registerAgent(input: {type: AGENT, username: "emilia.soto"}) { agentId } }');
      expect(write.status).toBe(403);
      expect(codes(write)).toEqual(['FORBIDDEN']);
      expect(calls(gateway)).toBe(0);
    });

    it('routes a JWT to the tenant of its tenant claim', async () => {
      const token = await signJwt({ scope: 'read', tenant: 'acme' });
      const answer = await ask(token, QUERY);
      expect(answer.status).toBe(200);
      expect(acme.rocketchat.log.list().length).toBeGreaterThan(0);
      expect(calls(gateway)).toBe(0);
    });

    it.each<[string, () => Promise<string>]>([
      ['an expired JWT', () => signJwt({ scope: 'read' }, Math.floor(Date.now() / 1000) - 3600)],
      ['a JWT signed with another secret', () => new SignJWT({ scope: 'read' }).setProtectedHeader({ alg: 'HS256' }).setSubject('x').setExpirationTime('5m').sign(new TextEncoder().encode('x'.repeat(40)))],
      ['an unsigned JWT (alg none)', async () => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', scope: 'read', exp: Math.floor(Date.now() / 1000) + 300 })).toString('base64url')}.`],
      ['a JWT naming an undefined tenant', () => signJwt({ scope: 'read', tenant: 'nowhere' })],
      // Tenants are configured here: a token that does not say whose it is must not default to anyone's.
      ['a JWT without a tenant claim', () => signJwt({ scope: 'read' })],
    ])('refuses %s with 401', async (_case, token) => {
      const answer = await ask(await token(), QUERY);
      expect(answer.status).toBe(401);
      expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
      expect(calls(gateway)).toBe(0);
      expect(tenantCalls(acme)).toBe(0);
    });
  });

  describe('tenant isolation', () => {
    const AGENTS = '{ agents(type: AGENT, first: 5) { nodes { id username } } }';
    type AgentsAnswer = { agents: { nodes: Array<{ id: string; username: string }> } };

    it('serves each tenant’s key from its own simulators and data only', async () => {
      const ofAcme = (await ask(keys.acme.key, AGENTS)) as GraphQLAnswer<AgentsAnswer>;
      expect(acme.rocketchat.log.list().length).toBeGreaterThan(0);
      expect(calls(gateway)).toBe(0);
      const acmeNodes = ofAcme.body.data!.agents.nodes;
      expect(acmeNodes.length).toBeGreaterThan(0);
      for (const node of acmeNodes) {
        // The two seeds give the same usernames different ids: each id is acme's, never default's.
        expect(acme.rocketchat.state.userByUsername(node.username)?._id).toBe(node.id);
        expect(idOf(node.username)).not.toBe(node.id);
      }

      acme.rocketchat.log.clear();
      const ofDefault = (await ask(keys.admin.key, AGENTS)) as GraphQLAnswer<AgentsAnswer>;
      expect(tenantCalls(acme)).toBe(0);
      for (const node of ofDefault.body.data!.agents.nodes) expect(idOf(node.username)).toBe(node.id);
    });

    it('sends each tenant’s mutations to its own platforms: a user created for acme does not exist for default', async () => {
      const input = customerCareInput();
      const create = 'mutation($input: CreateCustomerCareUserInput!) { createCustomerCareUser(input: $input) { user { loginId } userErrors { code } } }';
      const first = await ask(keys.acme.key, create, { input });
      expect(first.body.data).toEqual({ createCustomerCareUser: { user: { loginId: input.loginId }, userErrors: [] } });
      const widget = await ask(keys.acme.key, 'mutation { createWidgetUser(input: {id: "sec-acme-1", names: "Acme"}) { user { id } } }');
      expect(widget.body.errors).toBeUndefined();
      expect(acme.imi.log.list({ method: 'POST', pathPrefix: '/v3.1/users' }).length).toBe(1);
      expect(acme.jelou.log.list().length).toBe(1);
      expect(calls(gateway)).toBe(0);

      // Default's IMI has never seen this login id: creating it there succeeds instead of USER_ALREADY_EXISTS.
      const again = await ask(keys.admin.key, create, { input: { ...input, password: customerCareInput().password } });
      expect(again.body.data).toEqual({ createCustomerCareUser: { user: { loginId: input.loginId }, userErrors: [] } });
      expect(acme.imi.log.list().filter((entry) => entry.method === 'POST' && entry.path === '/v3.1/users')).toHaveLength(1);
    });

    it('keeps acme’s Rocket.Chat outage (an open breaker) away from default’s callers', async () => {
      acme.rocketchat.faults.add({ effect: { kind: 'status', status: 503 } });
      const QUERY = '{ agents(type: AGENT, first: 1) { totalCount } }';
      for (let attempt = 0; attempt < 4; attempt += 1) {
        const ofAcme = await ask(keys.acme.key, QUERY);
        expect(ofAcme.body.data).toEqual({ agents: null });
        expect(codes(ofAcme)).toEqual(['UPSTREAM_UNAVAILABLE']);
        const ofDefault = await ask(keys.admin.key, QUERY);
        expect(ofDefault.body.errors).toBeUndefined();
        expect(ofDefault.body.data).toEqual({ agents: { totalCount: expect.any(Number) } });
      }
      // Two failures opened acme's breaker (GATEWAY_BREAKER_FAILURES=2): later calls never left the gateway.
      expect(acme.rocketchat.log.list()).toHaveLength(2);
      expect(gateway.simulator.log.list()).toHaveLength(4);
      // Acme's other platforms are untouched by its Rocket.Chat breaker.
      const imi = await ask(keys.acme.key, '{ customerCareUser(id: "5001") { id } }');
      expect(imi.body.errors).toBeUndefined();
    });

    it('answers PLATFORM_NOT_CONFIGURED for a platform the tenant does not list, with its other fields resolved', async () => {
      acme.rocketchat.faults.clear();
      const answer = await ask(keys.chatOnly.key, '{ agents(type: MANAGER, first: 1) { totalCount } customerCareUser(id: "5001") { id } }');
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ agents: { totalCount: expect.any(Number) }, customerCareUser: null });
      expect(answer.body.errors).toEqual([expect.objectContaining({ path: ['customerCareUser'], extensions: expect.objectContaining({ code: 'PLATFORM_NOT_CONFIGURED' }) })]);
      const widget = await ask(keys.chatOnly.key, 'mutation { createWidgetUser(input: {id: "sec-chat-only", names: "X"}) { user { id } } }');
      expect(codes(widget)).toEqual(['PLATFORM_NOT_CONFIGURED']);
      // Never another tenant's connection: neither default's nor acme's IMI and Jelou were called.
      expect(calls(gateway)).toBe(0);
      expect(acme.imi.log.list()).toHaveLength(0);
      expect(acme.jelou.log.list()).toHaveLength(0);
      expect(acme.rocketchat.log.list().length).toBeGreaterThan(0);
    });
  });

  describe('hostile operations and input', () => {
    const { maxDepth, maxAliases, maxCost } = DEFAULT_QUERY_LIMITS;

    it.each<[string, () => string]>([
      ['a depth bomb', () => {
        const ofTypes = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${ofTypes(levels - 1)} }`);
        return `{ agents(type: AGENT, first: 1) { totalCount } __type(name: "Agent") { fields { type { ${ofTypes(maxDepth)} } } } }`;
      }],
      ['an alias bomb', () => `{ ${Array.from({ length: maxAliases + 1 }, (_, index) => `a${index}: agent(type: AGENT, id: "user${index}") { id }`).join(' ')} }`],
      ['a cost bomb', () => `{ ${Array.from({ length: Math.ceil(maxCost / 700) + 1 }, (_, index) => `p${index}: agents(type: AGENT, first: 100) { nodes { id username name status emails { address } } }`).join(' ')} }`],
    ])('refuses %s with 400 QUERY_TOO_COMPLEX before any upstream call', async (_case, query) => {
      const answer = await ask(keys.admin.key, query());
      expect(answer.status).toBe(400);
      expect(answer.body.data).toBeUndefined();
      expect(codes(answer)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(calls(gateway)).toBe(0);
    });

    it('runs no code smuggled into graphql-jit’s generated code through a literal (the test gateway compiles at once)', async () => {
      const marker = '__MAGIC_DATE__33a9e76d_02e0_4128_8e92_3530ad3da74d';
      const query = `{ agents(type: AGENT, first: 1, search: ${JSON.stringify(`${marker}0), [globalThis.__smuggled = 1]: (0`)}) { totalCount } }`;
      for (let round = 0; round < 2; round++) {
        const answer = await ask(keys.admin.key, query);
        expect(answer.status).toBe(200);
        expect(answer.body.data).toEqual({ agents: { totalCount: 0 } });
      }
      expect((globalThis as { __smuggled?: unknown }).__smuggled).toBeUndefined();
    });

    it('refuses a batched (JSON array) request', async () => {
      const answer = await raw('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.admin.key}` },
        body: JSON.stringify([{ query: '{ agents(type: AGENT) { totalCount } }' }, { query: '{ agents(type: AGENT) { totalCount } }' }]),
      });
      expect(answer.status).toBe(400);
      expect(calls(gateway)).toBe(0);
    });

    const HOSTILE_IDS: Array<[string, string]> = [
      ['dot-dot', '..'],
      ['dot', '.'],
      ['dot-dot slash', '../'],
      ['path traversal', '../../../api/v1/users.list'],
      ['encoded slash', '%2F..'],
      ['encoded traversal', '..%2F..%2Fusers.list'],
      ['a query string', 'abc?x=1&fields=services'],
      ['a fragment', 'abc#frag'],
      ['a slash', 'abc/def'],
      ['a backslash', '..\\..\\x'],
      ['an absolute URL', 'http://evil.example/x'],
      ['very long', 'a'.repeat(100_000)],
      ['a NUL byte', 'abc\u0000def'],
      ['a newline (header or log injection)', 'abc\r\nX-Injected: 1'],
      ['a lone surrogate', 'abc\uD800def'],
      ['a reversed surrogate pair', '\uDC00\uD800'],
    ];

    function expectRefusedOrNull(answer: GraphQLAnswer, field: string): void {
      expect(answer.status).toBe(200);
      const refused = codes(answer).every((code) => code === 'BAD_USER_INPUT') && codes(answer).length > 0;
      if (!refused) {
        expect(answer.body.errors).toBeUndefined();
        expect(answer.body.data?.[field]).toBeNull();
      }
    }

    it.each(HOSTILE_IDS)('keeps an agent id with %s inside its Rocket.Chat path', async (_case, id) => {
      const answer = await ask(keys.admin.key, 'query($id: ID!) { agent(type: AGENT, id: $id) { id } }', { id });
      expectRefusedOrNull(answer, 'agent');
      for (const entry of gateway.simulator.log.list()) {
        // One percent-encoded segment under the route, never `.`/`..`, never a query or a fragment.
        expect(entry.path).toMatch(/^\/api\/v1\/livechat\/users\/agent\/[^/?#\\]+$/);
        const segment = decodeURIComponent(entry.path.split('/').pop()!);
        expect(['.', '..']).not.toContain(segment);
        expect(segment).toBe(id);
      }
      expect(calls(gateway, 'jelou') + calls(gateway, 'imi')).toBe(0);
    });

    it.each(HOSTILE_IDS)('keeps a customer-care user id with %s inside its IMI path', async (_case, id) => {
      const answer = await ask(keys.admin.key, 'query($id: ID!) { customerCareUser(id: $id) { id } }', { id });
      expectRefusedOrNull(answer, 'customerCareUser');
      for (const entry of gateway.imi.log.list()) {
        expect(entry.path === '/v3.1/authorize' || /^\/v3\.1\/users\/[^/?#\\]+$/.test(entry.path)).toBe(true);
        if (entry.path !== '/v3.1/authorize') expect(['.', '..']).not.toContain(decodeURIComponent(entry.path.split('/').pop()!));
      }
      expect(calls(gateway, 'rocketchat') + calls(gateway, 'jelou')).toBe(0);
    });

    it.each(HOSTILE_IDS)('keeps a removeAgent id with %s inside its Rocket.Chat path', async (_case, id) => {
      const answer = await ask(keys.admin.key, 'mutation($input: RemoveAgentInput!) { removeAgent(input: $input) { removedAgentId userErrors { code } } }', {
        input: { type: 'AGENT', id },
      });
      expect(answer.status).toBe(200);
      const refused = codes(answer).length > 0 && codes(answer).every((code) => code === 'BAD_USER_INPUT');
      if (!refused) {
        expect(answer.body.errors).toBeUndefined();
        const payload = answer.body.data?.removeAgent as { removedAgentId: string | null; userErrors: Array<{ code: string }> };
        expect(payload.removedAgentId === null ? payload.userErrors.length : 1).toBeGreaterThan(0);
      }
      for (const entry of gateway.simulator.log.list()) {
        expect(entry.path).toMatch(/^\/api\/v1\/livechat\/users\/agent\/[^/?#\\]+$/);
        expect(decodeURIComponent(entry.path.split('/').pop()!)).toBe(id);
      }
    });

    it.each<[string, string]>([
      ['very long', 'x'.repeat(100_000)],
      ['a NUL byte', 'a\u0000b'],
      ['a lone surrogate', 'a\uD800b'],
      ['an escape sequence', 'a\u001b[31mred'],
    ])('refuses widget-user input with %s as BAD_USER_INPUT before calling Jelou', async (_case, value) => {
      const answer = await ask(keys.admin.key, 'mutation($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id } userErrors { code field } } }', {
        input: { id: 'sec-odd-input', names: value },
      });
      const refusedAsError = codes(answer).includes('BAD_USER_INPUT');
      const refusedAsUserError = (answer.body.data?.createWidgetUser as { userErrors?: Array<{ code: string }> } | null)?.userErrors?.some((error) => error.code === 'INVALID_INPUT');
      expect(refusedAsError || refusedAsUserError).toBe(true);
      expect(calls(gateway)).toBe(0);
    });

    it('refuses a body that is not valid UTF-8 with 400, calling nothing', async () => {
      const body = Buffer.concat([
        Buffer.from('{"query":"query($id: ID!) { agent(type: AGENT, id: $id) { id } }","variables":{"id":"a'),
        Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]),
        Buffer.from('"}}'),
      ]);
      const answer = await raw('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${keys.admin.key}` },
        body: Readable.from([body]),
      });
      expect(answer.status).toBe(400);
      expect(calls(gateway)).toBe(0);
    });

    it('refuses an oversized body with 413, streamed or not, calling nothing', async () => {
      const body = JSON.stringify({ query: '{ agents(type: AGENT) { totalCount } }', variables: { padding: 'x'.repeat(1_100_000) } });
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${keys.admin.key}` };
      expect((await raw('/graphql', { method: 'POST', headers, body })).status).toBe(413);
      expect((await raw('/graphql', { method: 'POST', headers, body: Readable.from([Buffer.from(body)]) })).status).toBe(413);
      expect(calls(gateway)).toBe(0);
    });
  });

  describe('secret-leak scan', () => {
    it('finds none of the configured secrets, keys, tokens or passwords in any log line, response body or header', async () => {
      const CREATE_CC = 'mutation($input: CreateCustomerCareUserInput!) { createCustomerCareUser(input: $input) { user { id } userErrors { code } } }';
      const CREATE_WIDGET = 'mutation($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id } userErrors { code } } }';
      const REGISTER = 'mutation($input: RegisterAgentInput!) { registerAgent(input: $input) { agentId userErrors { code } } }';
      const REMOVE = 'mutation($input: RemoveAgentInput!) { removeAgent(input: $input) { removedAgentId userErrors { code } } }';
      const { admin, acme: acmeKey } = keys;

      // Every mutation, successful and refused with a userError, on both tenants.
      for (const key of [admin.key, acmeKey.key]) {
        await ask(key, REGISTER, { input: { type: 'AGENT', username: 'emilia.soto' } });
        await ask(key, REGISTER, { input: { type: 'AGENT', username: 'nobody.here' } });
        await ask(key, REMOVE, { input: { type: 'MANAGER', id: idOf('camila.rojas') } });
        await ask(key, REMOVE, { input: { type: 'AGENT', id: 'NoSuchUser12345' } });
        await ask(key, CREATE_WIDGET, { input: { id: unique('sec-leak-'), names: 'Leak Check' } });
        await ask(key, CREATE_WIDGET, { input: { id: unique('sec-leak-'), names: '' } });
        await ask(key, CREATE_CC, { input: customerCareInput() });
        await ask(key, CREATE_CC, { input: customerCareInput({ loginId: 'ana.acosta' }) });
        await ask(key, CREATE_CC, { input: customerCareInput({ email: 'not-an-email' }) });
        await ask(key, CREATE_CC, { input: customerCareInput({ privileges: [{ teamId: '999', role: 'TEAM_AGENT' }] }) });
      }
      // Faults on the default tenant's platforms: refused credentials, server errors, timeouts, a lost answer.
      const faulted: Array<[{ faults: { add(spec: object): void } }, string, Record<string, unknown>, { kind: string; status?: number }]> = [
        [gateway.simulator, REGISTER, { input: { type: 'AGENT', username: 'emilia.soto' } }, { kind: 'status', status: 401 }],
        [gateway.simulator, REGISTER, { input: { type: 'AGENT', username: 'emilia.soto' } }, { kind: 'status', status: 500 }],
        [gateway.jelou, CREATE_WIDGET, { input: { id: unique('sec-leak-'), names: 'X' } }, { kind: 'status', status: 401 }],
        [gateway.jelou, CREATE_WIDGET, { input: { id: unique('sec-leak-'), names: 'X' } }, { kind: 'hang' }],
        [gateway.imi, CREATE_CC, { input: customerCareInput() }, { kind: 'status', status: 401 }],
        [gateway.imi, CREATE_CC, { input: customerCareInput() }, { kind: 'status', status: 500 }],
        [gateway.imi, CREATE_CC, { input: customerCareInput() }, { kind: 'drop' }],
        [gateway.imi, CREATE_CC, { input: customerCareInput() }, { kind: 'hang' }],
        [gateway.simulator, '{ agents(type: AGENT) { totalCount } }', {}, { kind: 'malformed' }],
      ];
      for (const [simulator, query, variables, effect] of faulted) {
        simulator.faults.add({ times: 1, effect });
        const answer = await ask(admin.key, query, variables);
        // IMI's 401 makes the gateway mint a new token and send the create again, which then succeeds.
        if (!(simulator === gateway.imi && effect.status === 401)) expect(answer.body.errors?.length).toBeGreaterThan(0);
      }
      // Bad input (a password of the wrong type, an unknown field) and refused callers.
      await ask(admin.key, CREATE_CC, { input: { ...customerCareInput(), password: 98765432112345 } });
      await ask(admin.key, CREATE_CC, { input: { ...customerCareInput(), emial: 'typo@example.com' } });
      await ask(keys.reader.key, CREATE_CC, { input: customerCareInput() });
      await ask(`${admin.key}x`, '{ agents(type: AGENT) { totalCount } }');
      await ask(undefined, '{ agents(type: AGENT) { totalCount } }', undefined, { authorization: `Basic ${Buffer.from(`u:${admin.key}`).toString('base64')}` });
      const expired = await signJwt({ scope: 'read' }, Math.floor(Date.now() / 1000) - 3600);
      await ask(expired, '{ agents(type: AGENT) { totalCount } }');
      await ask(await signJwt({ scope: 'read users:write' }), CREATE_CC, { input: customerCareInput() });

      const secrets = [
        ...Object.values(keys).map((key) => key.key),
        JWT_SECRET,
        ...jwts,
        gateway.simulator.serviceAccount.authToken,
        gateway.jelou.credentials.clientSecret,
        gateway.imi.apiKey,
        gateway.imi.accessToken,
        ...acme.secrets(),
        ...passwords,
      ];
      // Not vacuous: every secret is long enough to be unmistakable, and there is plenty to scan.
      for (const secret of secrets) expect(secret.length).toBeGreaterThan(8);
      expect(passwords.length).toBeGreaterThan(20);
      expect(jwts.length).toBeGreaterThan(3);
      expect(gateway.logs.length).toBeGreaterThan(50);
      expect(responses.length).toBeGreaterThan(50);
      const logs = gateway.logs.join('\n');
      // The logs do describe these requests (callers by name), so the secrets had every chance to appear.
      expect(logs).toContain('acme-admin');
      expect(logs).toContain('jwt:sec-tests');
      const scanned = `${logs}\n${responses.join('\n')}`;
      const leaked = secrets.filter((secret) => scanned.includes(secret) || scanned.includes(JSON.stringify(secret).slice(1, -1)));
      expect(leaked).toEqual([]);
      // Nor the base64 forms the platforms receive (Jelou's Basic credentials, IMI's api key header).
      const encoded = [
        Buffer.from(`${gateway.jelou.credentials.clientId}:${gateway.jelou.credentials.clientSecret}`).toString('base64'),
        Buffer.from(`${gateway.imi.apiKey}@${gateway.imi.domain}`).toString('base64'),
      ];
      expect(encoded.filter((value) => scanned.includes(value))).toEqual([]);
    });
  });
});

describe('the rate limit (1 request/s, burst 2, per caller)', () => {
  const first = newKey('first', ['read']);
  const second = newKey('second', ['read']);
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  beforeAll(async () => {
    const file = writeAuthFile({ keys: [first, second] });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({ env: { GATEWAY_AUTH_FILE: file.path, GATEWAY_RATE_LIMIT_RPS: '1', GATEWAY_RATE_LIMIT_BURST: '2' } });
  });
  afterAll(async () => {
    await gateway?.close();
    removeAuthFile?.();
  });
  const as = (key: string) => gateway.graphql('{ __typename }', undefined, { authorization: `Bearer ${key}` });

  it('answers the third quick request 429 RATE_LIMITED with Retry-After, leaves other keys alone, and 401s wrong keys', async () => {
    expect((await as(first.key)).status).toBe(200);
    expect((await as(first.key)).status).toBe(200);
    const limited = await as(first.key);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(codes(limited)).toEqual(['RATE_LIMITED']);
    expect(limited.body.data).toBeUndefined();

    const other = await as(second.key);
    expect(other.status).toBe(200);
    expect(other.body).toEqual({ data: { __typename: 'Query' } });

    // One failure (the address may fail twice, the burst): a 401, and no caller's budget used.
    const answer = await gateway.graphql('{ __typename }', undefined, { authorization: `Bearer ${newKey('wrong', ['read']).key}` });
    expect(answer.status).toBe(401);
    expect(codes(answer)).toEqual(['UNAUTHENTICATED']);
    expect((await as(second.key)).status).toBe(200);
    expect(calls(gateway)).toBe(0);
  });

  it('answers 429 to an address whose failed authentications used up the budget, before checking any credentials', async () => {
    const wrong = (token: string) => gateway.graphql('{ __typename }', undefined, { authorization: `Bearer ${token}` });
    const answers = [];
    for (const token of [`${first.key}x`, '', newKey('other', ['read']).key]) answers.push(await wrong(token));
    const limited = answers.find((answer) => answer.status === 429);
    expect(limited).toBeDefined();
    expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThanOrEqual(1);
    expect(codes(limited!)).toEqual(['RATE_LIMITED']);
    expect(limited!.body.errors?.[0]?.message).toMatch(/failed authentications from this address/);
    const wait = Number(limited!.headers['retry-after']);
    expect(wait).toBeGreaterThanOrEqual(1);
    // Until the budget refills, even a good key from that address is refused: its check is what is limited.
    expect((await as(second.key)).status).toBe(429);
    expect(gateway.logs.some((line) => line.includes('too many failed authentications'))).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await as(second.key)).status).toBe(200);
    expect(calls(gateway)).toBe(0);
  });
});

describe('production mode', () => {
  const reader = newKey('reader', ['read']);
  let gateway: TestGateway;
  let removeAuthFile: () => void;
  beforeAll(async () => {
    const file = writeAuthFile({ keys: [reader] });
    removeAuthFile = file.remove;
    gateway = await startTestGateway({
      env: { NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off', GATEWAY_AUTH_FILE: file.path },
      apiKey: reader.key,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    removeAuthFile?.();
  });

  it('serves no Sandbox page', async () => {
    for (const path of ['/graphql', '/']) {
      const page = await gateway.http(path, { headers: { accept: 'text/html' } });
      expect(page.text).not.toMatch(/sandbox/i);
      expect(page.headers['content-type'] ?? '').not.toContain('text/html');
    }
  });

  it('refuses introspection, even to an authenticated caller', async () => {
    for (const query of ['{ __schema { types { name } } }', '{ __type(name: "Agent") { fields { name } } }']) {
      const answer = await gateway.graphql(query);
      expect(answer.body.data ?? undefined).toBeUndefined();
      expect(answer.body.errors?.length).toBeGreaterThan(0);
    }
  });

  it('gives no "Did you mean" suggestions, for fields, arguments, enum values or variables', async () => {
    const answers = await Promise.all([
      gateway.graphql('{ agnets(type: AGENT) { totalCount } }'),
      gateway.graphql('{ agents(typ: AGENT) { totalCount } }'),
      gateway.graphql('{ agents(type: AGENTS) { totalCount } }'),
      gateway.graphql('{ agents(type: AGENT) { totalCont } }'),
      gateway.graphql('query($t: AgentType!) { agents(type: $t) { totalCount } }', { t: 'MANAGERS' }),
      gateway.graphql('mutation($i: RegisterAgentInput!) { registerAgent(input: $i) { agentId } }', { i: { type: 'AGENT', usernme: 'x' } }),
    ]);
    for (const answer of answers) {
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(answer.body)).not.toMatch(/did you mean/i);
    }
    expect(calls(gateway)).toBe(0);
  });

  it('keeps CORS closed: no Access-Control-Allow-Origin for a foreign origin, preflight or not', async () => {
    const origin = 'https://evil.example';
    const preflight = await gateway.http('/graphql', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' },
    });
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const answer = await gateway.graphql('{ __typename }', undefined, { origin });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('sends no stack traces, whatever fails', async () => {
    gateway.simulator.faults.add({ times: 1, effect: { kind: 'status', status: 405 } });
    gateway.imi.faults.add({ path: '/v3.1/users/', effect: { kind: 'malformed' } });
    const answers = [
      await gateway.graphql('{ agents(type: AGENT) { totalCount } }'),
      await gateway.graphql('{ customerCareUser(id: "5001") { id } }'),
      await gateway.graphql('{ agents(type: AGENT, first: 1000) { totalCount } }'),
      await gateway.graphql('{ agents('),
      await gateway.http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${reader.key}` }, body: '{"query":' }).then((answer) => ({ body: JSON.parse(answer.text) as GraphQLAnswer['body'] })),
    ];
    for (const answer of answers) {
      expect(answer.body.errors?.length).toBeGreaterThan(0);
      const text = JSON.stringify(answer.body);
      expect(text).not.toContain('stacktrace');
      expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
      expect(text).not.toContain('node_modules');
    }
  });

  it('still serves an authorized query, and 401s a missing key', async () => {
    const answer = await gateway.graphql('{ agents(type: MANAGER) { totalCount } }');
    expect(answer.body).toEqual({ data: { agents: { totalCount: expect.any(Number) } } });
    expect((await gateway.graphql('{ __typename }', undefined, { authorization: '' })).status).toBe(401);
  });

  it('refuses to load a production configuration without an auth file', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS: 'off' })).toThrow(/GATEWAY_AUTH_FILE is required in production/);
  });
});
