import { useTestGateway, type TestGateway } from '../support/gateway';

const TOKEN = 'scrape-token-0123456789abcdef';

/** The value of the sample `name` whose labels include `labels`, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

async function scrape(gateway: TestGateway): Promise<string> {
  const answer = await gateway.http('/metrics');
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return answer.text;
}

describe('GET /metrics', () => {
  // One call per field and a breaker that opens after two failures, so the counts below are exact.
  const gateway = useTestGateway({ env: { GATEWAY_RETRY_MAX_ATTEMPTS: '1', GATEWAY_BREAKER_FAILURES: '2' } });

  it('counts GraphQL requests, errors, upstream calls, batches and breaker state across the three platforms', async () => {
    gateway().simulator.faults.add({ effect: { kind: 'status', status: 503 } });
    const dashboard = await gateway().graphql(`
      query Dashboard {
        agents(type: AGENT, first: 2) { totalCount }
        agent(type: AGENT, id: "some-agent") { id }
        first: customerCareUser(id: "5001") { id }
        second: customerCareUser(id: "5002") { id }
      }
    `);
    expect(dashboard.body.errors?.map((error) => error.extensions)).toEqual([
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' },
      { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' },
    ]);
    expect(dashboard.body.data).toMatchObject({ agents: null, agent: null, first: { id: '5001' }, second: { id: '5002' } });
    const widget = await gateway().graphql(
      'mutation NewWidgetUser($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { id } } }',
      { input: { id: 'metrics-e2e-1', names: 'Marta Metrics' } },
    );
    expect(widget.body.errors).toBeUndefined();
    expect((await gateway().graphql('{ __typename }')).body.errors).toBeUndefined();

    const text = await scrape(gateway());
    const requests = 'chat_gateway_graphql_requests_total';
    expect(sample(text, requests, { operation: 'Dashboard', outcome: 'error' })).toBe(1);
    expect(sample(text, requests, { operation: 'Dashboard', outcome: 'success' })).toBeUndefined();
    expect(sample(text, requests, { operation: 'NewWidgetUser', outcome: 'success' })).toBe(1);
    expect(sample(text, requests, { operation: 'anonymous', outcome: 'success' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_request_duration_seconds_count', { operation: 'Dashboard', outcome: 'error' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_request_duration_seconds_sum', { operation: 'Dashboard', outcome: 'error' })).toBeGreaterThan(0);
    expect(sample(text, 'chat_gateway_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' })).toBe(2);

    const calls = 'chat_gateway_upstream_calls_total';
    expect(sample(text, calls, { provider: 'rocketchat', route: 'GET /livechat/users/:type', status: '503' })).toBe(1);
    expect(sample(text, calls, { provider: 'rocketchat', route: 'GET /livechat/users/:type/:id', status: '503' })).toBe(1);
    expect(sample(text, calls, { provider: 'imi', route: 'GET /authorize', status: '200' })).toBe(1);
    expect(sample(text, calls, { provider: 'imi', route: 'GET /users/:id', status: '200' })).toBe(2);
    expect(sample(text, calls, { provider: 'jelou', route: 'POST /v1/widget/user', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'chat_gateway_upstream_call_duration_seconds_count', { provider: 'imi', route: 'GET /users/:id' })).toBe(2);

    // Both IMI lookups went out in one DataLoader batch; the agent lookup was a batch of one.
    expect(sample(text, 'chat_gateway_dataloader_batch_size_count', { provider: 'imi' })).toBe(1);
    expect(sample(text, 'chat_gateway_dataloader_batch_size_sum', { provider: 'imi' })).toBe(2);
    expect(sample(text, 'chat_gateway_dataloader_batch_size_sum', { provider: 'rocketchat' })).toBe(1);

    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'rocketchat' })).toBe(2);
    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'imi' })).toBe(0);
    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'jelou' })).toBe(0);
    expect(sample(text, 'chat_gateway_upstream_in_flight', { provider: 'imi' })).toBe(0);
    expect(sample(text, 'chat_gateway_upstream_queued', { provider: 'jelou' })).toBe(0);
    expect(text).toContain('chat_gateway_process_resident_memory_bytes');
  });

  it('is open without a token outside production, and only to GET', async () => {
    expect((await gateway().http('/metrics', { method: 'POST', body: '' })).status).toBe(405);
    expect((await gateway().http('/metrics', { headers: { authorization: 'Bearer whatever' } })).status).toBe(200);
  });
});

describe('GET /metrics with GATEWAY_METRICS_TOKEN', () => {
  const gateway = useTestGateway({ env: { GATEWAY_METRICS_TOKEN: TOKEN } });

  it('answers 401 without the Bearer token and 200 with it', async () => {
    const missing = await gateway().http('/metrics');
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.text).not.toContain('chat_gateway_');
    expect((await gateway().http('/metrics', { headers: { authorization: 'Bearer not-the-token-0123456789' } })).status).toBe(401);
    expect((await gateway().http('/metrics', { headers: { authorization: TOKEN } })).status).toBe(401);
    const allowed = await gateway().http('/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(allowed.status).toBe(200);
    expect(allowed.text).toContain('chat_gateway_graphql_requests_total');
    expect(gateway().logs.join('\n')).not.toContain(TOKEN);
  });
});

describe('GET /metrics with GATEWAY_METRICS=off', () => {
  const gateway = useTestGateway({ env: { GATEWAY_METRICS: 'off' } });

  it('is not served', async () => {
    expect((await gateway().http('/metrics')).status).toBe(404);
    expect((await gateway().graphql('{ __typename }')).body.errors).toBeUndefined();
  });
});
