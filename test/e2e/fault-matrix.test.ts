import type { FaultSpec } from '../../src/simulators/faults';
import { useTestGateway, type GraphQLAnswer, type TestGateway } from '../support/gateway';

/**
 * The fault matrix: each cell injects a fault into a simulator and asserts both the GraphQL answer
 * and how many calls reached the platform (from the simulator's request log).
 */
const AGENTS = '{ agents(type: AGENT, first: 3) { totalCount nodes { id } } }';
const AGENTS_PATH = '/api/v1/livechat/users/agent';
const SEARCH = '{ customerCareUsers { users { id } } }';
const CREATE_CC = `mutation { createCustomerCareUser(input: { firstName: "A", lastName: "B", loginId: "matrix.LOGIN", email: "matrix.LOGIN@example.com",
  password: "x-Secret-9", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { user { id } } }`;

type Body = GraphQLAnswer['body'];
const codes = (body: Body) => (body.errors ?? []).map((error) => error.extensions?.code);
const rocketChatCalls = (gateway: TestGateway) => gateway.simulator.log.list({ pathPrefix: AGENTS_PATH }).length;

describe('fault matrix: retries, deadlines and rate limits', () => {
  const gateway = useTestGateway({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '1500', GATEWAY_RETRY_BASE_DELAY_MS: '10' } });
  const fault = (platform: 'simulator' | 'jelou' | 'imi', spec: FaultSpec) => gateway()[platform].faults.add(spec);

  it('retries a read after one 503: it succeeds with exactly two calls', async () => {
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql(AGENTS);
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({ agents: { totalCount: expect.any(Number) } });
    expect(gateway().simulator.log.list({ pathPrefix: AGENTS_PATH }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('retries a read after a connection reset: two calls', async () => {
    fault('imi', { path: '/v3.1/users/search', times: 1, effect: { kind: 'reset' } });
    const answer = await gateway().graphql(SEARCH);
    expect(answer.body.errors).toBeUndefined();
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/users/search' })).toHaveLength(2);
  });

  it('retries an IMI search after a 503: two calls', async () => {
    fault('imi', { path: '/v3.1/users/search', times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql(SEARCH);
    expect(answer.body.errors).toBeUndefined();
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/users/search' }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('retries a Rocket.Chat role grant after a 503 (repeating it is harmless): two calls', async () => {
    fault('simulator', { method: 'POST', path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql<{ registerAgent: { agentId: string | null } }>(
      'mutation { registerAgent(input: { type: AGENT, username: "camila.rojas" }) { agentId userErrors { code } } }',
    );
    expect(answer.body.data?.registerAgent.agentId).toEqual(expect.any(String));
    expect(gateway().simulator.log.list({ method: 'POST', pathPrefix: AGENTS_PATH }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it("repeats Jelou's get-or-create after a dropped connection: one user, two calls", async () => {
    fault('jelou', { path: '/v1/widget/user', times: 1, effect: { kind: 'drop' } });
    const answer = await gateway().graphql<{ createWidgetUser: { user: { id: string } } }>(
      'mutation { createWidgetUser(input: { id: "matrix-drop", names: "Drop" }) { user { id } } }',
    );
    expect(answer.body.data?.createWidgetUser.user.id).toBe('matrix-drop');
    expect(gateway().jelou.log.list({ pathPrefix: '/v1/widget/user' })).toHaveLength(2);
    expect(gateway().jelou.state.allUsers().filter((user) => user.referenceId === 'matrix-drop')).toHaveLength(1);
  });

  it("shows the platform's rate-limit headers in the logs", async () => {
    await gateway().graphql('{ customerCareUser(id: "5002") { id } }');
    expect(gateway().logs.join('\n')).toMatch(/"provider":"imi"[^\n]*"rateLimit":\{"limit":"\d+","remaining":"\d+"/);
  });

  it("retries Jelou's get-or-create after a 502 (it is safe to repeat): one user, two calls", async () => {
    fault('jelou', { path: '/v1/widget/user', times: 1, effect: { kind: 'status', status: 502 } });
    const answer = await gateway().graphql<{ createWidgetUser: { user: { id: string } } }>(
      'mutation { createWidgetUser(input: { id: "matrix-1", names: "Mat" }) { user { id } } }',
    );
    expect(answer.body.data?.createWidgetUser.user.id).toBe('matrix-1');
    expect(gateway().jelou.log.list({ pathPrefix: '/v1/widget/user' })).toHaveLength(2);
  });

  it('answers UPSTREAM_TIMEOUT within the deadline for a hung platform, and the next request works', async () => {
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'hang' } });
    const started = Date.now();
    const hung = await gateway().graphql(AGENTS);
    expect(Date.now() - started).toBeLessThan(1_500 + 1_000);
    expect(hung.body.data).toEqual({ agents: null });
    expect(hung.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'rocketchat' });
    expect(rocketChatCalls(gateway())).toBe(1);
    const next = await gateway().graphql(AGENTS);
    expect(next.body.errors).toBeUndefined();
  });

  it('surfaces a wait longer than the deadline as UPSTREAM_RATE_LIMITED with retryAfterMs, after one call', async () => {
    // Rocket.Chat says when to come back as an epoch (X-RateLimit-Reset): what is left of 30 s on arrival.
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 30 } });
    const answer = await gateway().graphql(AGENTS);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat', retryAfterMs: expect.any(Number) });
    const retryAfterMs = answer.body.errors?.[0]?.extensions?.retryAfterMs as number;
    expect(retryAfterMs).toBeGreaterThan(28_000);
    expect(retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(rocketChatCalls(gateway())).toBe(1);
  });

  it('calls an IMI create that times out exactly once and reports an unknown outcome', async () => {
    await gateway().graphql('{ customerCareUser(id: "5001") { id } }'); // a token is cached
    fault('imi', { method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'hang' } });
    const answer = await gateway().graphql(CREATE_CC.replaceAll('LOGIN', 'hang'));
    expect(answer.body.data).toEqual({ createCustomerCareUser: null });
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
    expect(gateway().imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users')).toHaveLength(1);
  });

  it('never retries an IMI create, not even after a 503', async () => {
    fault('imi', { method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql(CREATE_CC.replaceAll('LOGIN', 'five-oh-three'));
    expect(codes(answer.body)).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(gateway().imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users')).toHaveLength(1);
  });

  // A cut-off read is worth another try; a complete 200 that is not JSON is not (it would be again).
  it.each([
    ['malformed', 1],
    ['truncated', 3],
  ] as const)('reports a %s body as UPSTREAM_BAD_RESPONSE naming the provider, and keeps serving', async (kind, expectedCalls) => {
    fault('simulator', { path: AGENTS_PATH, effect: { kind } });
    const answer = await gateway().graphql(AGENTS);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'rocketchat' });
    expect(rocketChatCalls(gateway())).toBe(expectedCalls);
    gateway().simulator.faults.clear();
    expect((await gateway().graphql(AGENTS)).body.errors).toBeUndefined();
  });

  it('keeps the other platforms’ fields when one platform is down, in the same operation', async () => {
    fault('simulator', { effect: { kind: 'status', status: 503 } });
    const answer = await gateway().graphql<Record<string, unknown>>(
      '{ agents(type: AGENT, first: 1) { totalCount } customerCareUser(id: "5001") { loginId } }',
    );
    expect(answer.body.data).toEqual({ agents: null, customerCareUser: { loginId: 'ana.acosta' } });
    expect(answer.body.errors).toEqual([expect.objectContaining({ path: ['agents'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' } })]);
  });
});

describe('fault matrix: a Retry-After that fits the deadline', () => {
  const gateway = useTestGateway({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '6000' } });

  it('is honoured: the call is repeated after the wait and succeeds', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 1 } });
    const started = Date.now();
    const answer = await gateway().graphql(AGENTS);
    expect(answer.body.errors).toBeUndefined();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(rocketChatCalls(gateway())).toBe(2);
  });
});

describe('fault matrix: the circuit breaker', () => {
  const gateway = useTestGateway({
    env: { GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '3', GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: '1500' },
  });

  it('opens after consecutive failures (calls stop reaching the platform), while other platforms keep working, and closes after recovery', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, effect: { kind: 'status', status: 503 } });
    for (let i = 0; i < 3; i += 1) await gateway().graphql(AGENTS);
    expect(rocketChatCalls(gateway())).toBe(3);

    const open = await gateway().graphql<Record<string, unknown>>(`{ agents(type: AGENT, first: 1) { totalCount } customerCareUser(id: "5001") { id } }`);
    expect(open.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat', retryAfterMs: 1500 });
    expect(open.body.data).toEqual({ agents: null, customerCareUser: { id: '5001' } });
    expect(rocketChatCalls(gateway())).toBe(3);
    expect(gateway().logs.join('\n')).toContain('"breaker":"open"');

    gateway().simulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const probe = await gateway().graphql(AGENTS);
    expect(probe.body.errors).toBeUndefined();
    expect(rocketChatCalls(gateway())).toBe(4);
    expect(gateway().logs.join('\n')).toContain('"breaker":"closed"');
  });
});

describe('fault matrix: the bulkhead', () => {
  const gateway = useTestGateway({ env: { GATEWAY_UPSTREAM_MAX_IN_FLIGHT: '1', GATEWAY_UPSTREAM_MAX_QUEUED: '0' } });

  it('refuses calls beyond the cap with UPSTREAM_OVERLOADED instead of piling them up', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, times: 1, effect: { kind: 'latency', ms: 2_000 } });
    const slow = gateway().graphql(AGENTS);
    // The slow call holds the only slot once the platform has it.
    const until = Date.now() + 5_000;
    while (rocketChatCalls(gateway()) < 1 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await gateway().graphql(AGENTS);
    expect(refused.body.errors?.[0]?.extensions).toEqual({ code: 'UPSTREAM_OVERLOADED', provider: 'rocketchat' });
    expect((await slow).body.errors).toBeUndefined();
    expect(rocketChatCalls(gateway())).toBe(1);
  });
});
