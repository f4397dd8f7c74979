import {
  AgentsDocument,
  CreateCustomerCareUserDocument,
  type AgentsQuery,
  type AgentsQueryVariables,
  type CreateCustomerCareUserInput,
  type CustomerCareUserSummaryFragment,
} from '../../client/src/index.js';
import type { FaultSpec } from '../../src/simulators/faults';
import { useTestGateway, type TestGateway } from '../support/gateway';
import { caught, document, useTypedClient } from '../support/typed-client';

/**
 * The fault matrix: each cell injects a fault into a simulator and asserts both the GraphQL answer
 * and how many calls reached the platform (from the simulator's request log).
 *
 * Through the typed client: its `Agents`, `RegisterAgent`, `CreateWidgetUser`, `CustomerCareUser` and
 * `CreateCustomerCareUser` operations (the typed calls throw at the first GraphQL error: `caught` when
 * one is expected), and `requestWithErrors` where the test looks at the partial data or at every error.
 */
const AGENTS: AgentsQueryVariables = { type: 'AGENT', first: 3 };
const AGENTS_PATH = '/api/v1/livechat/users/agent';
// Not the client's CustomerCareUsers: it asks for hasNextPage, which after a full first page costs a
// second search, and these cells count the searches.
const SEARCH = document<{ customerCareUsers: { users: Array<Pick<CustomerCareUserSummaryFragment, 'id'>> } | null }>(
  '{ customerCareUsers { users { id } } }',
);
/** The create each IMI cell sends, with a login id and e-mail address of its own. */
const newCustomerCareUser = (login: string): CreateCustomerCareUserInput => ({
  firstName: 'A',
  lastName: 'B',
  loginId: `matrix.${login}`,
  email: `matrix.${login}@example.com`,
  password: 'x-Secret-9',
  privileges: [{ teamId: '101', role: 'TEAM_AGENT' }],
});

const rocketChatCalls = (gateway: TestGateway) => gateway.simulator.log.list({ pathPrefix: AGENTS_PATH }).length;

describe('fault matrix: retries, deadlines and rate limits', () => {
  const gateway = useTestGateway({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '1500', GATEWAY_RETRY_BASE_DELAY_MS: '10' } });
  const client = useTypedClient(gateway);
  const fault = (platform: 'simulator' | 'jelou' | 'imi', spec: FaultSpec) => gateway()[platform].faults.add(spec);

  it('retries a read after one 503: it succeeds with exactly two calls', async () => {
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 503 } });
    // The typed call throws on any GraphQL error.
    const agents = await client().agents(AGENTS);
    expect(agents).toMatchObject({ totalCount: expect.any(Number) });
    expect(gateway().simulator.log.list({ pathPrefix: AGENTS_PATH }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('retries a read after a connection reset: two calls', async () => {
    fault('imi', { path: '/v3.1/users/search', times: 1, effect: { kind: 'reset' } });
    const { errors } = await client().requestWithErrors(SEARCH);
    expect(errors).toEqual([]);
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/users/search' })).toHaveLength(2);
  });

  it('retries an IMI search after a 503: two calls', async () => {
    fault('imi', { path: '/v3.1/users/search', times: 1, effect: { kind: 'status', status: 503 } });
    const { errors } = await client().requestWithErrors(SEARCH);
    expect(errors).toEqual([]);
    expect(gateway().imi.log.list({ pathPrefix: '/v3.1/users/search' }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it('retries a Rocket.Chat role grant after a 503 (repeating it is harmless): two calls', async () => {
    fault('simulator', { method: 'POST', path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 503 } });
    const payload = await client().registerAgent({ input: { type: 'AGENT', username: 'camila.rojas' } });
    expect(payload.agentId).toEqual(expect.any(String));
    expect(gateway().simulator.log.list({ method: 'POST', pathPrefix: AGENTS_PATH }).map((entry) => entry.status)).toEqual([503, 200]);
  });

  it("repeats Jelou's get-or-create after a dropped connection: one user, two calls", async () => {
    fault('jelou', { path: '/v1/widget/user', times: 1, effect: { kind: 'drop' } });
    const payload = await client().createWidgetUser({ input: { id: 'matrix-drop', names: 'Drop' } });
    expect(payload.user?.id).toBe('matrix-drop');
    expect(gateway().jelou.log.list({ pathPrefix: '/v1/widget/user' })).toHaveLength(2);
    expect(gateway().jelou.state.allUsers().filter((user) => user.referenceId === 'matrix-drop')).toHaveLength(1);
  });

  it("shows the platform's rate-limit headers in the logs", async () => {
    await client().customerCareUser({ id: '5002' });
    expect(gateway().logs.join('\n')).toMatch(/"provider":"imi"[^\n]*"rateLimit":\{"limit":"\d+","remaining":"\d+"/);
  });

  it("retries Jelou's get-or-create after a 502 (it is safe to repeat): one user, two calls", async () => {
    fault('jelou', { path: '/v1/widget/user', times: 1, effect: { kind: 'status', status: 502 } });
    const payload = await client().createWidgetUser({ input: { id: 'matrix-1', names: 'Mat' } });
    expect(payload.user?.id).toBe('matrix-1');
    expect(gateway().jelou.log.list({ pathPrefix: '/v1/widget/user' })).toHaveLength(2);
  });

  it('answers UPSTREAM_TIMEOUT within the deadline for a hung platform, and the next request works', async () => {
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'hang' } });
    const started = Date.now();
    const hung = await client().requestWithErrors(AgentsDocument, AGENTS);
    expect(Date.now() - started).toBeLessThan(1_500 + 1_000);
    expect(hung.data).toEqual({ agents: null });
    expect(hung.errors[0]?.extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'rocketchat' });
    expect(rocketChatCalls(gateway())).toBe(1);
    await expect(client().agents(AGENTS)).resolves.toMatchObject({ totalCount: expect.any(Number) });
  });

  it('surfaces a wait longer than the deadline as UPSTREAM_RATE_LIMITED with retryAfterMs, after one call', async () => {
    // Rocket.Chat says when to come back as an epoch (X-RateLimit-Reset): what is left of 30 s on arrival.
    fault('simulator', { path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 30 } });
    const error = await caught(client().agents(AGENTS));
    expect(error.extensions).toEqual({ code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat', retryAfterMs: expect.any(Number) });
    expect(error.retryAfterMs).toBe(error.extensions['retryAfterMs']);
    expect(error.retryAfterMs).toBeGreaterThan(28_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
    expect(rocketChatCalls(gateway())).toBe(1);
  });

  it('calls an IMI create that times out exactly once and reports an unknown outcome', async () => {
    await client().customerCareUser({ id: '5001' }); // a token is cached
    fault('imi', { method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'hang' } });
    const answer = await client().requestWithErrors(CreateCustomerCareUserDocument, { input: newCustomerCareUser('hang') });
    expect(answer.data).toEqual({ createCustomerCareUser: null });
    expect(answer.errors[0]?.extensions).toEqual({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
    expect(gateway().imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users')).toHaveLength(1);
  });

  it('never retries an IMI create, not even after a 503', async () => {
    fault('imi', { method: 'POST', path: '/v3.1/users', times: 1, effect: { kind: 'status', status: 503 } });
    const error = await caught(client().createCustomerCareUser({ input: newCustomerCareUser('five-oh-three') }));
    // Every error of the answer, not only the one the typed call threw.
    expect(error.graphQLErrors.map((entry) => entry.extensions?.['code'])).toEqual(['UPSTREAM_UNAVAILABLE']);
    expect(gateway().imi.log.list({ method: 'POST' }).filter((entry) => entry.path === '/v3.1/users')).toHaveLength(1);
  });

  // A cut-off read is worth another try; a complete 200 that is not JSON is not (it would be again).
  it.each([
    ['malformed', 1],
    ['truncated', 3],
  ] as const)('reports a %s body as UPSTREAM_BAD_RESPONSE naming the provider, and keeps serving', async (kind, expectedCalls) => {
    fault('simulator', { path: AGENTS_PATH, effect: { kind } });
    const error = await caught(client().agents(AGENTS));
    expect(error.extensions).toEqual({ code: 'UPSTREAM_BAD_RESPONSE', provider: 'rocketchat' });
    expect(rocketChatCalls(gateway())).toBe(expectedCalls);
    gateway().simulator.faults.clear();
    await expect(client().agents(AGENTS)).resolves.toMatchObject({ totalCount: expect.any(Number) });
  });

  it('keeps the other platforms’ fields when one platform is down, in the same operation', async () => {
    fault('simulator', { effect: { kind: 'status', status: 503 } });
    const { data, errors } = await client().requestWithErrors(
      document<{ agents: Pick<NonNullable<AgentsQuery['agents']>, 'totalCount'> | null; customerCareUser: Pick<CustomerCareUserSummaryFragment, 'loginId'> | null }>(
        '{ agents(type: AGENT, first: 1) { totalCount } customerCareUser(id: "5001") { loginId } }',
      ),
    );
    expect(data).toEqual({ agents: null, customerCareUser: { loginId: 'ana.acosta' } });
    expect(errors).toEqual([expect.objectContaining({ path: ['agents'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' } })]);
  });
});

describe('fault matrix: a Retry-After that fits the deadline', () => {
  const gateway = useTestGateway({ env: { GATEWAY_REQUEST_TIMEOUT_MS: '6000' } });
  const client = useTypedClient(gateway);

  it('is honoured: the call is repeated after the wait and succeeds', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 1 } });
    const started = Date.now();
    await expect(client().agents(AGENTS)).resolves.toMatchObject({ totalCount: expect.any(Number) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(rocketChatCalls(gateway())).toBe(2);
  });
});

describe('fault matrix: the circuit breaker', () => {
  const gateway = useTestGateway({
    env: { GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '3', GATEWAY_BREAKER_HALF_OPEN_AFTER_MS: '1500' },
  });
  const client = useTypedClient(gateway);

  it('opens after consecutive failures (calls stop reaching the platform), while other platforms keep working, and closes after recovery', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, effect: { kind: 'status', status: 503 } });
    for (let i = 0; i < 3; i += 1) await caught(client().agents(AGENTS));
    expect(rocketChatCalls(gateway())).toBe(3);

    const open = await client().requestWithErrors(
      document<{ agents: Pick<NonNullable<AgentsQuery['agents']>, 'totalCount'> | null; customerCareUser: Pick<CustomerCareUserSummaryFragment, 'id'> | null }>(
        '{ agents(type: AGENT, first: 1) { totalCount } customerCareUser(id: "5001") { id } }',
      ),
    );
    expect(open.errors[0]?.extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat', retryAfterMs: 1500 });
    expect(open.data).toEqual({ agents: null, customerCareUser: { id: '5001' } });
    expect(rocketChatCalls(gateway())).toBe(3);
    expect(gateway().logs.join('\n')).toContain('"breaker":"open"');

    gateway().simulator.faults.clear();
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    await expect(client().agents(AGENTS)).resolves.toMatchObject({ totalCount: expect.any(Number) });
    expect(rocketChatCalls(gateway())).toBe(4);
    expect(gateway().logs.join('\n')).toContain('"breaker":"closed"');
  });
});

describe('fault matrix: the bulkhead', () => {
  const gateway = useTestGateway({ env: { GATEWAY_UPSTREAM_MAX_IN_FLIGHT: '1', GATEWAY_UPSTREAM_MAX_QUEUED: '0' } });
  const client = useTypedClient(gateway);

  it('refuses calls beyond the cap with UPSTREAM_OVERLOADED instead of piling them up', async () => {
    gateway().simulator.faults.add({ path: AGENTS_PATH, times: 1, effect: { kind: 'latency', ms: 2_000 } });
    // requestWithErrors rejects only when no GraphQL answer arrives: no rejection is left unhandled
    // while the assertions below run.
    const slow = client().requestWithErrors(AgentsDocument, AGENTS);
    // The slow call holds the only slot once the platform has it.
    const until = Date.now() + 5_000;
    while (rocketChatCalls(gateway()) < 1 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await caught(client().agents(AGENTS));
    expect(refused.extensions).toEqual({ code: 'UPSTREAM_OVERLOADED', provider: 'rocketchat' });
    expect((await slow).errors).toEqual([]);
    expect(rocketChatCalls(gateway())).toBe(1);
  });
});
