import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import {
  compileGateway,
  removeGatewayBuild,
  startGatewayProcess,
  stopGatewayProcess,
  type GatewayProcess,
} from '../support/gateway-process';

/**
 * The real OTLP/HTTP exporter, in a real gateway process, posting to a fake collector. Jest cannot run
 * the exporter itself (it loads `node:http` with a dynamic `import()`), so the gateway runs as
 * `node main.js` and the test only reads what reached the collector. The last batch is sent at
 * shutdown, so stopping the process (SIGTERM, which awaits the exporter) is what delivers the spans.
 */
const API_KEY = 'otlp-key-never-logged';
const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';
// OTLP JSON numbers span kinds from 1 (internal); the API's SpanKind from 0.
const OTLP_KIND_SERVER = 2;
const OTLP_KIND_CLIENT = 3;

interface Export {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string };
}

interface OtlpTraces {
  resourceSpans: Array<{
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
}

/** Records every request and answers as a collector does (200, empty partial success). */
async function startCollector(): Promise<{ server: Server; url: string; exports: Export[] }> {
  const exports: Export[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // Recorded before answering: the exporter (and so the gateway's shutdown) waits for the answer.
      exports.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks) });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, exports };
}

const closeCollector = (server: Server | undefined) =>
  new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.closeAllConnections();
    server.close(() => resolve());
  });

function decode(exported: Export): OtlpTraces {
  const body = exported.headers['content-encoding'] === 'gzip' ? gunzipSync(exported.body) : exported.body;
  return JSON.parse(body.toString('utf8')) as OtlpTraces;
}

async function query(gateway: GatewayProcess, text: string, headers: Record<string, string> = {}) {
  const answer = await request(gateway.url.replace('localhost', '127.0.0.1'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: text }),
  });
  return { status: answer.statusCode, body: (await answer.body.json()) as { data?: unknown; errors?: unknown[] } };
}

/** The `tracing` part of the process's "effective configuration" log line. */
function loggedTracingConfig(gateway: GatewayProcess): Record<string, unknown> | undefined {
  const line = gateway
    .output()
    .split('\n')
    .filter((text) => text.startsWith('{'))
    .map((text) => JSON.parse(text) as { msg?: string; config?: { tracing?: Record<string, unknown> } })
    .find((entry) => entry.msg === 'effective configuration');
  return line?.config?.tracing;
}

const env = { NODE_ENV: 'development', LOG_FORMAT: 'json', GATEWAY_METRICS: 'off' };

describe('OTLP/HTTP export from a gateway process', () => {
  let build: string | undefined;
  let collector: Awaited<ReturnType<typeof startCollector>> | undefined;
  let gateway: GatewayProcess | undefined;

  beforeAll(() => {
    build = compileGateway();
  }, 120_000);

  beforeEach(async () => {
    collector = await startCollector();
  });

  afterEach(async () => {
    await stopGatewayProcess(gateway);
    gateway = undefined;
    await closeCollector(collector?.server);
  });

  afterAll(() => removeGatewayBuild(build));

  const started = () => {
    if (!build || !collector) throw new Error('not set up');
    return { build, collector };
  };

  test('with OTEL_EXPORTER_OTLP_ENDPOINT set, the spans of an operation reach the collector at shutdown, with its headers', async () => {
    const { build, collector } = started();
    gateway = await startGatewayProcess(build, {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${API_KEY}`,
    });
    expect(loggedTracingConfig(gateway)).toMatchObject({ otlpTracesUrl: `${collector.url}/v1/traces`, otlpHeaders: { 'x-api-key': '[set]' } });

    const answer = await query(gateway, 'query ManagersForTracing { agents(type: MANAGER) { totalCount } }', {
      traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`,
    });
    expect(answer).toEqual({ status: 200, body: { data: { agents: { totalCount: expect.any(Number) } } } });

    const output = gateway.output;
    expect(await stopGatewayProcess(gateway)).toBe(0);
    gateway = undefined;

    expect(collector.exports.length).toBeGreaterThan(0);
    for (const exported of collector.exports) {
      expect(exported).toMatchObject({ method: 'POST', url: '/v1/traces' });
      expect(exported.headers['x-api-key']).toBe(API_KEY);
      expect(exported.headers['content-type']).toBe('application/json');
    }

    const traces = collector.exports.map(decode);
    const resources = traces.flatMap((trace) => trace.resourceSpans.map((resourceSpan) => resourceSpan.resource));
    for (const resource of resources) {
      expect(resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'chat-gateway' } });
    }
    const spans = traces.flatMap((trace) => trace.resourceSpans.flatMap((resourceSpan) => resourceSpan.scopeSpans.flatMap((scope) => scope.spans)));

    const servers = spans.filter((span) => span.kind === OTLP_KIND_SERVER);
    expect(servers).toHaveLength(1);
    const [operation] = servers;
    expect(operation).toMatchObject({ name: 'query ManagersForTracing', traceId: CALLER_TRACE_ID, parentSpanId: CALLER_SPAN_ID });
    expect(operation?.spanId).toMatch(/^[0-9a-f]{16}$/);

    const calls = spans.filter((span) => span.kind === OTLP_KIND_CLIENT);
    expect(calls.length).toBeGreaterThan(0);
    for (const call of calls) {
      expect(call).toMatchObject({ traceId: CALLER_TRACE_ID, parentSpanId: operation?.spanId });
    }
    // Only the operation and its upstream calls were traced.
    expect(spans).toHaveLength(1 + calls.length);

    // The collector's key is a secret: the process never printed it.
    expect(output()).not.toContain(API_KEY);
  }, 60_000);

  test('without an OTLP endpoint, nothing is exported even with export headers set', async () => {
    const { build, collector } = started();
    gateway = await startGatewayProcess(build, { ...env, OTEL_EXPORTER_OTLP_HEADERS: `x-api-key=${API_KEY}` });
    expect(loggedTracingConfig(gateway)).toMatchObject({ otlpHeaders: { 'x-api-key': '[set]' } });
    expect(loggedTracingConfig(gateway)).not.toHaveProperty('otlpTracesUrl');

    const answer = await query(gateway, 'query ManagersUntraced { agents(type: MANAGER) { totalCount } }', {
      traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`,
    });
    expect(answer.status).toBe(200);
    expect(await stopGatewayProcess(gateway)).toBe(0);
    gateway = undefined;

    expect(collector.exports).toHaveLength(0);
  }, 60_000);
});
