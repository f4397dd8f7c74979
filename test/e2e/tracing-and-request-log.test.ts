import { SpanKind } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Tracing } from '../../src/telemetry/tracing';
import { useTestGateway, userId, type TestGateway } from '../support/gateway';

const exporter = new InMemorySpanExporter();
const traced = useTestGateway({ tracing: Tracing.create({ serviceName: 'chat-gateway-test', exporter, batch: false, sampleRatio: 1 }) });

const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

async function post(gateway: TestGateway, query: string, headers: Record<string, string> = {}) {
  const answer = await gateway.http('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { ...answer, body: JSON.parse(answer.text) as { data?: unknown; errors?: unknown[] } };
}

function requestLogLines(gateway: TestGateway): Array<Record<string, unknown>> {
  return gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((entry) => entry.msg === 'graphql request');
}

const spanId = (span: ReadableSpan) => span.spanContext().spanId;

describe('tracing', () => {
  beforeEach(() => exporter.reset());

  test('an operation span continues the caller’s traceparent, with a child span per upstream call whose traceparent reaches the platform', async () => {
    const gateway = traced();
    const [first, second] = [userId(gateway, 'ana.acosta'), userId(gateway, 'legacy.import')];
    const answer = await post(
      gateway,
      `query TwoAgentsAndOneUser { a: agent(type: AGENT, id: "${first}") { id } b: agent(type: AGENT, id: "${second}") { id } c: customerCareUser(id: "5001") { id } }`,
      { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` },
    );
    expect(answer.body.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(operation?.name).toBe('query TwoAgentsAndOneUser');
    expect(operation?.spanContext().traceId).toBe(CALLER_TRACE_ID);
    expect(operation?.parentSpanContext?.spanId).toBe(CALLER_SPAN_ID);
    expect(operation?.attributes).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'TwoAgentsAndOneUser',
      'http.response.status_code': 200,
    });

    const calls = spans.filter((span) => span.kind === SpanKind.CLIENT);
    const platformCalls = [...gateway.simulator.log.list(), ...gateway.imi.log.list()];
    expect(calls).toHaveLength(platformCalls.length);
    expect(calls.length).toBeGreaterThanOrEqual(3);
    for (const call of calls) {
      expect(call.spanContext().traceId).toBe(CALLER_TRACE_ID);
      expect(call.parentSpanContext?.spanId).toBe(operation && spanId(operation));
      expect(call.attributes['http.response.status_code']).toBe(200);
    }
    expect(new Set(calls.map((call) => call.attributes['chat_gateway.provider']))).toEqual(new Set(['rocketchat', 'imi']));
    // What each platform received names the call's own span as its parent.
    expect(new Set(platformCalls.map((call) => call.traceparent))).toEqual(
      new Set(calls.map((call) => `00-${CALLER_TRACE_ID}-${spanId(call)}-01`)),
    );
  });

  test('without a caller traceparent the operation starts a new trace; a retried call makes one span per attempt', async () => {
    const gateway = traced();
    gateway.simulator.faults.add({ path: '/api/v1/livechat/users/agent', times: 1, effect: { kind: 'status', status: 503 } });
    const answer = await post(gateway, '{ agents(type: AGENT, first: 2) { nodes { id } } }');
    expect(answer.body.errors).toBeUndefined();

    const spans = exporter.getFinishedSpans();
    const operation = spans.find((span) => span.kind === SpanKind.SERVER);
    expect(operation?.name).toBe('query');
    expect(operation?.parentSpanContext).toBeUndefined();
    const attempts = spans.filter((span) => span.kind === SpanKind.CLIENT);
    expect(attempts.map((span) => span.attributes['http.response.status_code'])).toEqual([503, 200]);
    expect(attempts.every((span) => span.parentSpanContext?.spanId === (operation && spanId(operation)))).toBe(true);
  });

  test('an operation with errors ends its span with their codes', async () => {
    const gateway = traced();
    gateway.simulator.faults.add({ path: '/api/v1/livechat/users/agent', effect: { kind: 'status', status: 401 } });
    await post(gateway, 'query Failing { agents(type: AGENT, first: 1) { nodes { id } } }');
    const operation = exporter.getFinishedSpans().find((span) => span.kind === SpanKind.SERVER);
    expect(operation?.attributes['chat_gateway.error_codes']).toEqual(['UPSTREAM_UNAUTHORIZED']);
    expect(operation?.status.code).toBe(2); // SpanStatusCode.ERROR
  });
});

describe('without an exporter', () => {
  const untraced = useTestGateway();

  test('no spans are made and no traceparent is sent upstream', async () => {
    const gateway = untraced();
    await post(gateway, '{ agents(type: AGENT, first: 1) { nodes { id } } }', { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` });
    expect(gateway.simulator.log.list().length).toBeGreaterThan(0);
    expect(gateway.simulator.log.list().every((call) => call.traceparent === undefined)).toBe(true);
  });
});

describe('the per-request log line', () => {
  const gateway = useTestGateway();

  test('names the operation and counts the upstream calls made, including a token mint; the request id is echoed', async () => {
    gateway().imi.expireTokens();
    gateway().logs.length = 0;
    const answer = await post(gateway(), 'query Lookups { a: customerCareUser(id: "5002") { id } b: customerCareUser(id: "5004") { id } }', {
      'x-request-id': 'trace-me-42',
    });
    expect(answer.headers['x-request-id']).toBe('trace-me-42');
    const [line, ...others] = requestLogLines(gateway());
    expect(others).toHaveLength(0);
    expect(line).toMatchObject({ level: 30, requestId: 'trace-me-42', operationName: 'Lookups', operationType: 'query', httpStatus: 200 });
    expect(line?.upstreamCalls).toBe(gateway().imi.log.list().length);
    // One authorize call, then the two lookups.
    expect(line?.upstreamCalls).toBe(3);
    expect(typeof line?.durationMs).toBe('number');
    expect(line).not.toHaveProperty('errorCodes');
  });

  test('a refused request is logged with its error codes and no upstream call; a generated request id is echoed', async () => {
    gateway().logs.length = 0;
    const answer = await post(gateway(), '{ agent(type: AGENT, id: "") { id } }');
    const [line] = requestLogLines(gateway());
    expect(line).toMatchObject({ upstreamCalls: 0, errorCodes: ['BAD_USER_INPUT'], operationName: null });
    expect(answer.headers['x-request-id']).toBe(line?.requestId);
  });
});
