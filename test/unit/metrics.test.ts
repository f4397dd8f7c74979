import { GatewayMetrics, MAX_OPERATION_NAMES } from '../../src/metrics';
import { PLATFORM_IDS, type PlatformId } from '../../src/platforms/index';
import type { UpstreamState } from '../../src/upstream/upstream-http';

const closed: UpstreamState = { breaker: 'closed', inFlight: 0, queued: 0 };

/** Metrics whose upstream gauges read the default tenant's `states`. */
function metricsWith(states: () => Partial<Record<PlatformId, UpstreamState>> = () => ({})) {
  const upstreamStates = () =>
    Object.entries(states()).map(([provider, state]) => ({ tenant: 'default', provider, state: state as UpstreamState }));
  return new GatewayMetrics({ upstreamStates, platformIds: PLATFORM_IDS, processMetrics: false });
}

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

describe('GatewayMetrics', () => {
  it('labels operation names with a bounded set: anonymous, plain names, other', () => {
    const metrics = metricsWith();
    expect(metrics.operationLabel(undefined)).toBe('anonymous');
    expect(metrics.operationLabel(null)).toBe('anonymous');
    expect(metrics.operationLabel('')).toBe('anonymous');
    expect(metrics.operationLabel('AgentsPage')).toBe('AgentsPage');
    expect(metrics.operationLabel('_entities_2')).toBe('_entities_2');
    expect(metrics.operationLabel('a'.repeat(64))).toBe('a'.repeat(64));
    expect(metrics.operationLabel('a'.repeat(65))).toBe('other');
    expect(metrics.operationLabel('1stQuery')).toBe('other');
    expect(metrics.operationLabel('drop table"}')).toBe('other');
    expect(metrics.operationLabel('Ágents')).toBe('other');
    // Nobody can pass a name off as one of the reserved labels' meanings.
    expect(metrics.operationLabel('anonymous')).toBe('other');
  });

  it('stops adding operation names past the cap, while known names keep their label', () => {
    const metrics = metricsWith();
    for (let i = 0; i < MAX_OPERATION_NAMES; i += 1) expect(metrics.operationLabel(`Op${i}`)).toBe(`Op${i}`);
    expect(metrics.operationLabel('OneTooMany')).toBe('other');
    expect(metrics.operationLabel('Op7')).toBe('Op7');
  });

  it('counts requests by outcome and errors by bounded code and provider', async () => {
    const metrics = metricsWith();
    metrics.graphqlRequest('Dashboard', 0.2, []);
    metrics.graphqlRequest('Dashboard', 0.3, [
      { extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' } },
      { extensions: { code: 'BAD_USER_INPUT' } },
      { extensions: { code: 'weird code!', provider: 'slack' } },
      {},
    ]);
    const text = await metrics.body();
    expect(sample(text, 'chat_gateway_graphql_requests_total', { operation: 'Dashboard', outcome: 'success' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_requests_total', { operation: 'Dashboard', outcome: 'error' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_request_duration_seconds_count', { operation: 'Dashboard', outcome: 'error' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_request_duration_seconds_sum', { operation: 'Dashboard', outcome: 'error' })).toBeCloseTo(0.3);
    expect(sample(text, 'chat_gateway_graphql_errors_total', { code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_errors_total', { code: 'BAD_USER_INPUT', provider: 'none' })).toBe(1);
    expect(sample(text, 'chat_gateway_graphql_errors_total', { code: 'other', provider: 'none' })).toBe(2);
  });

  it('records upstream calls, batch sizes, and reads breaker and bulkhead gauges at scrape time', async () => {
    let rocketchat: UpstreamState = closed;
    const metrics = metricsWith(() => ({ rocketchat, imi: { breaker: 'half-open', inFlight: 3, queued: 1 } }));
    metrics.upstreamCallObserver('default')({ provider: 'imi', route: 'GET /users/:id', status: 200, ms: 12 });
    metrics.upstreamCallObserver('default')({ provider: 'imi', route: 'GET /users/:id', status: 'error', ms: 1500 });
    metrics.batchSize('imi')(3);
    let text = await metrics.body();
    expect(sample(text, 'chat_gateway_upstream_calls_total', { provider: 'imi', route: 'GET /users/:id', status: '200' })).toBe(1);
    expect(sample(text, 'chat_gateway_upstream_calls_total', { provider: 'imi', route: 'GET /users/:id', status: 'error' })).toBe(1);
    expect(sample(text, 'chat_gateway_upstream_call_duration_seconds_sum', { provider: 'imi', route: 'GET /users/:id' })).toBeCloseTo(1.512);
    expect(sample(text, 'chat_gateway_dataloader_batch_size_sum', { provider: 'imi' })).toBe(3);
    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'rocketchat' })).toBe(0);
    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'imi' })).toBe(1);
    expect(sample(text, 'chat_gateway_upstream_in_flight', { provider: 'imi' })).toBe(3);
    expect(sample(text, 'chat_gateway_upstream_queued', { provider: 'imi' })).toBe(1);
    rocketchat = { breaker: 'open', inFlight: 0, queued: 0 };
    text = await metrics.body();
    expect(sample(text, 'chat_gateway_upstream_breaker_state', { provider: 'rocketchat' })).toBe(2);
  });

  it('keeps each instance in its own registry, process metrics included', async () => {
    const first = new GatewayMetrics({ upstreamStates: () => [], platformIds: PLATFORM_IDS });
    const second = new GatewayMetrics({ upstreamStates: () => [], platformIds: PLATFORM_IDS });
    first.graphqlRequest('Only', 0.1, []);
    expect(sample(await first.body(), 'chat_gateway_graphql_requests_total', { operation: 'Only' })).toBe(1);
    const other = await second.body();
    expect(sample(other, 'chat_gateway_graphql_requests_total', { operation: 'Only' })).toBeUndefined();
    expect(other).toContain('chat_gateway_process_cpu_user_seconds_total');
    expect(second.contentType).toMatch(/^text\/plain/);
  });
});
