import {
  ChatGatewayError,
  createChatGatewayClient,
  type ChatGatewayClient,
  type DocumentString,
  type FetchLike,
} from '../../client/src/index.js';
import { useTestGateway, userId } from '../support/gateway';
import { caught, pooledFetch } from '../support/typed-client';

// The typed client (client/) against the whole gateway and its simulators, over HTTP.

describe('the typed client against the gateway', () => {
  const http = pooledFetch();
  afterAll(() => http.close());
  // Two tests make IMI fail on purpose: a high breaker threshold keeps IMI's circuit closed for the others.
  const gateway = useTestGateway({ env: { GATEWAY_BREAKER_FAILURES: '1000' } });
  let client: ChatGatewayClient;
  beforeAll(() => {
    client = createChatGatewayClient({ url: gateway().url, apiKey: 'team-key', fetch: http.fetch });
  });

  it('pages through agents with typed nodes and cursors', async () => {
    const first = await client.agents({ type: 'AGENT', first: 10 });
    expect(first.nodes).toHaveLength(10);
    expect(first.totalCount).toBeGreaterThan(24);
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, endCursor: expect.any(String) });
    // Every field of the AgentFields fragment, no more (nullable ones may be null for seeded oddities).
    expect(Object.keys(first.nodes[0]!).sort()).toEqual(
      ['departments', 'displayName', 'emails', 'id', 'livechatStatus', 'maxSimultaneousChats', 'name', 'platform', 'status', 'username'],
    );
    expect(first.nodes.every((agent) => agent.platform === 'ROCKETCHAT' && Array.isArray(agent.departments))).toBe(true);

    const second = await client.agents({ type: 'AGENT', first: 10, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasPreviousPage).toBe(true);
    const firstIds = new Set(first.nodes.map((agent) => agent.id));
    expect(second.nodes.some((agent) => firstIds.has(agent.id))).toBe(false);
    expect(gateway().simulator.log.list({ pathPrefix: '/api/v1/livechat/users' })).toHaveLength(2);
    // Department names: one department call per page at most (the agents' ids came with the list).
    expect(gateway().simulator.log.list({ pathPrefix: '/api/v1/livechat/department' }).length).toBeLessThanOrEqual(2);
  });

  it('registers, fetches and removes an agent, and reports an unknown username as the userError UNKNOWN_USER', async () => {
    const registered = await client.registerAgent({ input: { type: 'AGENT', username: 'camila.rojas' } });
    const id = userId(gateway(), 'camila.rojas');
    expect(registered).toMatchObject({ agentId: id, agent: { id, username: 'camila.rojas' }, userErrors: [] });

    const agent = await client.agent({ type: 'AGENT', id });
    expect(agent).toMatchObject({ id, username: 'camila.rojas', departments: [] });

    const removed = await client.removeAgent({ input: { type: 'AGENT', id } });
    expect(removed).toEqual({ removedAgentId: id, userErrors: [] });
    expect(await client.agent({ type: 'AGENT', id })).toBeNull();

    const unknown = await client.registerAgent({ input: { type: 'AGENT', username: 'nobody.here' } });
    expect(unknown).toEqual({
      agentId: null,
      agent: null,
      userErrors: [{ code: 'UNKNOWN_USER', message: expect.any(String), field: ['input', 'username'] }],
    });
  });

  it('creates a widget user with its rooms, and returns the same user and rooms the second time', async () => {
    const first = await client.createWidgetUser({ input: { id: 'typed-client-1', names: 'Tania Torres', legalId: '0012345678' } });
    expect(first.userErrors).toEqual([]);
    expect(first.user).toMatchObject({ id: 'typed-client-1', platform: 'JELOU', names: 'Tania Torres', createdAt: expect.stringMatching(/Z$/) });
    expect(first.room).toMatchObject({ id: first.user?.roomId, channel: 'Widget' });
    expect(first.groupRoom?.id).toBe(first.user?.groupRoomId);

    const second = await client.createWidgetUser({ input: { id: 'typed-client-1', names: 'Another Name' } });
    expect(second).toEqual(first);
  });

  it('reports an existing login id as the userError USER_ALREADY_EXISTS', async () => {
    const payload = await client.createCustomerCareUser({
      input: {
        firstName: 'Ana',
        lastName: 'Acosta',
        loginId: 'ana.acosta',
        email: 'typed.client.ana@example.com',
        password: 'typed-client-Zq8!horse',
        privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
      },
    });
    expect(payload).toEqual({
      user: null,
      privileges: [],
      userErrors: [{ code: 'USER_ALREADY_EXISTS', message: expect.any(String), field: ['input', 'loginId'] }],
    });
  });

  it('creates a customer-care user and reads it back', async () => {
    const created = await client.createCustomerCareUser({
      input: {
        firstName: 'Tomás',
        lastName: 'Tello',
        loginId: 'typed.client.tomas',
        email: 'typed.client.tomas@example.com',
        password: 'typed-client-Zq8!battery',
        privileges: [{ teamId: 101, role: 'TEAM_ANALYST' }],
        skillAttributes: { location: 'Lima' },
      },
    });
    expect(created.userErrors).toEqual([]);
    expect(created.privileges).toEqual([{ teamId: '101', role: 'TEAM_ANALYST' }]);
    const id = created.user!.id;
    const fetched = await client.customerCareUser({ id });
    expect(fetched).toEqual(created.user);
    expect(fetched?.skillAttributes).toEqual({ location: 'Lima' });
    expect(await client.customerCareUser({ id: '999999' })).toBeNull();
  });

  it('searches customer-care users a page at a time, saying whether another page follows', async () => {
    const first = await client.customerCareUsers();
    expect(first).toMatchObject({ page: 1, pageSize: 10, hasNextPage: true });
    expect(first.users).toHaveLength(10);
    expect(first.users[0]).toMatchObject({ platform: 'IMI', id: expect.stringMatching(/^\d+$/) });

    const last = await client.customerCareUsers({ page: 3 });
    expect(last.hasNextPage).toBe(false);
    expect(last.users.length).toBeGreaterThan(0);

    const active = await client.customerCareUsers({ filter: { status: 'ACTIVE', createdAt: { lt: '2100-01-01T00:00:00.000Z' } } });
    expect(active.users.every((user) => user.status === 'ACTIVE')).toBe(true);
  });

  it('throws an upstream failure as a ChatGatewayError with its code and provider', async () => {
    gateway().imi.faults.add({ path: '/v3.1/users/search', effect: { kind: 'status', status: 503 } });
    const error = await caught(client.customerCareUsers({ page: 1 }));
    expect(error).toMatchObject({
      code: 'UPSTREAM_UNAVAILABLE',
      provider: 'imi',
      path: ['customerCareUsers'],
      status: 200,
      operationName: 'CustomerCareUsers',
    });
    expect(error.graphQLErrors).toHaveLength(1);
  });

  it('returns a partial result with its errors from requestWithErrors', async () => {
    gateway().imi.faults.add({ path: '/v3.1/users/search', effect: { kind: 'status', status: 503 } });
    const BOTH = /* GraphQL */ `
      query Both {
        agents(type: MANAGER) { totalCount }
        customerCareUsers { hasNextPage }
      }
    ` as DocumentString<{ agents: { totalCount: number } | null; customerCareUsers: { hasNextPage: boolean } | null }, Record<string, never>>;

    const { data, errors } = await client.requestWithErrors(BOTH);
    expect(data).toEqual({ agents: { totalCount: 4 }, customerCareUsers: null });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ChatGatewayError);
    expect(errors[0]).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'imi', path: ['customerCareUsers'] });

    // The same document through `request` throws: some of what it asked for is missing.
    expect(await caught(client.request(BOTH))).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'imi' });
  });

  it("throws the gateway's own refusals: BAD_USER_INPUT, and NOT_FOUND for a wrong path", async () => {
    const tooMany = await caught(client.agents({ type: 'AGENT', first: 101 }));
    expect(tooMany).toMatchObject({ code: 'BAD_USER_INPUT', path: ['agents'] });
    expect(gateway().simulator.log.list()).toHaveLength(0);

    const wrongPath = createChatGatewayClient({ url: new URL('/graphq', gateway().url).toString(), fetch: http.fetch });
    expect(await caught(wrongPath.agents({ type: 'AGENT' }))).toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it('sends its operations by document id, getting what the text gets; a repeated operation costs one request', async () => {
    const sent: Array<Record<string, unknown>> = [];
    const recording: FetchLike = (url, init) => {
      sent.push(JSON.parse(init.body) as Record<string, unknown>);
      return http.fetch(url, init);
    };
    const byId = createChatGatewayClient({ url: gateway().url, apiKey: 'team-key', fetch: recording });
    const byText = createChatGatewayClient({ url: gateway().url, apiKey: 'team-key', fetch: http.fetch, documentIds: false });

    const managers = await byId.agents({ type: 'MANAGER', first: 3 });
    expect(managers).toEqual(await byText.agents({ type: 'MANAGER', first: 3 }));
    // The gateway knows the client's documents (its manifest is loaded by default): one request, by id.
    expect(sent).toEqual([{ documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), operationName: 'Agents', variables: { type: 'MANAGER', first: 3 } }]);
    expect(await byId.agents({ type: 'MANAGER', first: 3 })).toEqual(managers);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('throws NETWORK_ERROR when the gateway cannot be reached', async () => {
    const unreachable = createChatGatewayClient({ url: 'http://127.0.0.1:1/graphql', fetch: http.fetch });
    expect(await caught(unreachable.agents({ type: 'AGENT' }))).toMatchObject({ code: 'NETWORK_ERROR', status: undefined });
  });
});
