import { readFileSync } from 'node:fs';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace';
import { Tracing } from '../../src/telemetry/tracing';
import { CLIENT_MANIFEST } from '../../src/trusted-documents/index';
import type { FaultSpec } from '../../src/simulators/faults';
import { startTestGateway, useTestGateway, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile } from '../support/security-auth-file';

/**
 * The fast lane is an optimisation, not a second API: every trusted document of the typed client's
 * manifest is sent through both lanes of one gateway, and the whole HTTP answers must be the same:
 * - the fast lane: `{ documentId }`, answered by execution/fast-lane.ts;
 * - the Apollo lane: the same document's text with one more newline (so no longer a trusted text),
 *   answered by Apollo Server with its plugins, as every untrusted document is.
 * Status, headers, body bytes, the request's log lines (the request line and each error's line) and
 * its metrics must agree, for data, partial results, upstream faults, `userErrors`, refused variables
 * and refused scopes alike.
 */
const manifest = JSON.parse(readFileSync(CLIENT_MANIFEST, 'utf8')) as Record<string, string>;
const byName = new Map(
  Object.entries(manifest).map(([id, body]) => [/\b(?:query|mutation|subscription)\s+(\w+)/.exec(body)?.[1] ?? '', { id, body }]),
);

/** Headers that differ between any two answers (time, connection, the request's own id). */
const VOLATILE_HEADERS = new Set(['date', 'x-request-id', 'connection', 'keep-alive']);
/** Log fields that differ between any two requests. */
const VOLATILE_LOG_FIELDS = new Set(['time', 'requestId', 'durationMs', 'pid', 'hostname']);

const full = newKey('full', ['read', 'agents:write', 'users:write', 'people:write']);
const readOnly = newKey('read-only', ['read']);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  logs: Array<Record<string, unknown>>;
}

describe('the fast lane answers trusted documents exactly as the Apollo lane does', () => {
  let gateway: TestGateway;
  let authFile: { path: string; remove(): void };
  let sequence = 0;

  beforeAll(async () => {
    authFile = writeAuthFile({ keys: [full, readOnly] });
    gateway = await startTestGateway({
      env: {
        GATEWAY_AUTH_FILE: authFile.path,
        LOG_LEVEL: 'debug',
        GATEWAY_REQUEST_TIMEOUT_MS: '1000',
        GATEWAY_RETRY_MAX_ATTEMPTS: '2',
        GATEWAY_RETRY_BASE_DELAY_MS: '5',
        GATEWAY_BREAKER_FAILURES: '1000',
      },
    });
    // IMI's first call of a gateway also fetches its token: spent here, so that no lane pays it alone.
    await send('apollo', 'CustomerCareUsers', { page: 1 });
  });

  afterAll(async () => {
    await gateway?.close();
    authFile?.remove();
  });

  beforeEach(() => {
    for (const simulator of [gateway.simulator, gateway.jelou, gateway.imi]) simulator.faults.clear();
  });

  async function send(lane: 'fast' | 'apollo', name: string, variables: Record<string, unknown> | undefined, key = full.key): Promise<Answer> {
    const trusted = byName.get(name);
    if (!trusted) throw new Error(`no operation ${name} in the client's manifest`);
    const requestId = `eq-${lane}-${++sequence}`;
    const document = lane === 'fast' ? { documentId: `sha256:${trusted.id}` } : { query: `${trusted.body}\n` };
    const answer = await gateway.http('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        origin: 'https://app.example',
        authorization: `Bearer ${key}`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ ...document, operationName: name, variables }),
    });
    const logs = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.requestId === requestId);
    return { ...answer, logs };
  }

  function comparable(answer: Answer, ignoredLogFields: readonly string[] = []) {
    const headers = Object.fromEntries(Object.entries(answer.headers).filter(([name]) => !VOLATILE_HEADERS.has(name)));
    const kept = ([field]: [string, unknown]) => !VOLATILE_LOG_FIELDS.has(field) && !ignoredLogFields.includes(field);
    const logs = answer.logs.map((line) => Object.fromEntries(Object.entries(line).filter(kept)));
    return { status: answer.status, headers, text: answer.text, logs };
  }

  /** Sends the operation through both lanes (fast first) and expects the same answer; returns it. */
  async function expectSameAnswer(name: string, variables?: Record<string, unknown>, key?: string, ignoredLogFields?: readonly string[]): Promise<Answer> {
    const fast = await send('fast', name, variables, key);
    const apollo = await send('apollo', name, variables, key);
    expect(comparable(fast, ignoredLogFields)).toEqual(comparable(apollo, ignoredLogFields));
    // Each lane wrote its one request line.
    expect(fast.logs.filter((line) => line.msg === 'graphql request')).toHaveLength(1);
    return fast;
  }

  const fault = (platform: 'simulator' | 'jelou' | 'imi', spec: FaultSpec) => gateway[platform].faults.add(spec);
  const agentId = () => gateway.simulator.state.allUsers().find((user) => user.roles.includes('livechat-agent'))!._id;

  it('loads every document of the client manifest, subscriptions aside, into the fast lane', () => {
    const loaded = gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.msg === 'trusted documents loaded');
    const subscriptions = Object.values(manifest).filter((body) => /\bsubscription\s/.test(body)).length;
    expect(loaded).toMatchObject({ trustedDocuments: byName.size, fastLane: byName.size - subscriptions });
  });

  it.each([
    ['Agents', { type: 'AGENT', first: 5 }],
    ['Agents', { type: 'MANAGER' }],
    ['Departments', { first: 3 }],
    ['People', { first: 5 }],
    ['CustomerCareUsers', { page: 1 }],
    ['DirectorySync', undefined],
  ])('%s %j: data', async (name, variables) => {
    const answer = await expectSameAnswer(name, variables);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ data: expect.any(Object) });
  });

  it('an agent by id, and one that does not exist', async () => {
    expect(JSON.parse((await expectSameAnswer('Agent', { id: agentId(), type: 'AGENT' })).text).data.agent.id).toBe(agentId());
    await expectSameAnswer('Agent', { id: 'no-such-agent', type: 'AGENT' });
  });

  it('a mutation with userErrors, and one that succeeds (get-or-create: the second call finds the first one\'s user)', async () => {
    const refused = await expectSameAnswer('RegisterAgent', { input: { type: 'AGENT', username: 'nobody.here' } });
    expect(refused.text).toContain('userErrors');
    await send('fast', 'CreateWidgetUser', { input: { id: 'lane-twin', names: 'Lane Twin' } });
    const created = await expectSameAnswer('CreateWidgetUser', { input: { id: 'lane-twin', names: 'Lane Twin' } });
    expect(JSON.parse(created.text).data.createWidgetUser.user.id).toBe('lane-twin');
  });

  it('upstream faults: partial results and coded errors, with the same error log lines', async () => {
    fault('simulator', { path: '/api/v1/livechat/users/agent', effect: { kind: 'status', status: 503 } });
    const unavailable = await expectSameAnswer('Agents', { type: 'AGENT', first: 2 });
    expect(JSON.parse(unavailable.text).errors[0].extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(unavailable.logs.some((line) => line.code === 'UPSTREAM_UNAVAILABLE')).toBe(true);

    fault('imi', { path: '/v3.1/users/search', effect: { kind: 'latency', ms: 2_000 } });
    // Which timer fires first (undici's headers timeout or the deadline's abort) is a race of the
    // transport, whichever lane runs: the log names the one that won.
    const timedOut = await expectSameAnswer('CustomerCareUsers', { page: 1 }, full.key, ['cause', 'transportError']);
    expect(JSON.parse(timedOut.text).errors[0].extensions.code).toBe('UPSTREAM_TIMEOUT');

    fault('jelou', { path: '/v1/widget/user', effect: { kind: 'status', status: 500 } });
    const failed = await expectSameAnswer('CreateWidgetUser', { input: { id: 'lane-fault', names: 'Lane Fault' } });
    expect(JSON.parse(failed.text).errors).toEqual([expect.objectContaining({ path: ['createWidgetUser'] })]);
  });

  it('variables that do not coerce, and a missing scope: the same refusals (the fast lane leaves them to Apollo)', async () => {
    const invalid = await expectSameAnswer('Agents', { type: 'NOT_A_TYPE' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const missing = await expectSameAnswer('Agents', {});
    expect(missing.status).toBe(400);
    const forbidden = await expectSameAnswer('CreateWidgetUser', { input: { id: 'x', names: 'X' } }, readOnly.key);
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.text).errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('counts each lane\'s request in the same metrics', async () => {
    const scrape = async () => (await gateway.http('/metrics')).text.split('\n').filter((line) => /^chat_gateway_graphql_(requests_total|errors_total)\{/.test(line));
    const counts = (lines: string[]) => new Map(lines.map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]));
    const delta = (before: string[], after: string[]) => {
      const old = counts(before);
      return [...counts(after)].filter(([series, value]) => value !== (old.get(series) ?? 0)).map(([series, value]) => [series, value - (old.get(series) ?? 0)]);
    };
    fault('simulator', { path: '/api/v1/livechat/users/agent', effect: { kind: 'status', status: 503 } });
    const start = await scrape();
    await send('fast', 'Agents', { type: 'AGENT', first: 1 });
    const afterFast = await scrape();
    await send('apollo', 'Agents', { type: 'AGENT', first: 1 });
    const afterApollo = await scrape();
    const fastDelta = delta(start, afterFast);
    expect(fastDelta).toEqual(delta(afterFast, afterApollo));
    expect(fastDelta).toEqual(
      expect.arrayContaining([
        ['chat_gateway_graphql_requests_total{operation="Agents",outcome="error"}', 1],
        ['chat_gateway_graphql_errors_total{code="UPSTREAM_UNAVAILABLE",provider="rocketchat"}', 1],
      ]),
    );
  });

  it('serves the documentId on the fast lane, and leaves what it declines to the Apollo lane (counted by lane)', async () => {
    const lanes = async () => {
      const text = (await gateway.http('/metrics')).text;
      const read = (lane: string) => Number(new RegExp(`^chat_gateway_trusted_document_requests_total\\{lane="${lane}"\\} (\\d+)$`, 'm').exec(text)?.[1]);
      return { fast: read('fast'), apollo: read('apollo') };
    };
    const before = await lanes();
    await send('fast', 'Agents', { type: 'AGENT', first: 1 });
    const served = await lanes();
    expect(served).toEqual({ fast: before.fast + 1, apollo: before.apollo });
    // Not trusted at all: one more newline makes another text.
    await send('apollo', 'Agents', { type: 'AGENT', first: 1 });
    expect(await lanes()).toEqual(served);
    await send('fast', 'Agents', { type: 'NOT_A_TYPE' });
    expect(await lanes()).toEqual({ fast: served.fast, apollo: served.apollo + 1 });
  });

  it('GET: the same answers for a plain GET and for what Apollo refuses in one (null variables, a repeated operationName, a non-JSON Content-Type)', async () => {
    const agents = byName.get('Agents')!;
    const get = (params: string, headers: Record<string, string> = {}) =>
      gateway.http(`/graphql?${params}`, { headers: { authorization: `Bearer ${full.key}`, 'apollo-require-preflight': 'true', ...headers } });
    const variables = encodeURIComponent(JSON.stringify({ type: 'AGENT', first: 1 }));
    const byId = `documentId=sha256:${agents.id}`;
    const byText = `query=${encodeURIComponent(`${agents.body}\n`)}`;
    for (const [extra, headers] of [
      [`&variables=${variables}`, {}],
      ['&variables=null', {}],
      [`&variables=${variables}&operationName=Agents&operationName=Agents`, {}],
      [`&variables=${variables}`, { 'content-type': 'text/plain' }],
    ] as Array<[string, Record<string, string>]>) {
      const fast = await get(byId + extra, headers);
      const apollo = await get(byText + extra, headers);
      expect({ extra, status: fast.status, text: fast.text }).toEqual({ extra, status: apollo.status, text: apollo.text });
    }
  });

  it("Apollo's persisted-query form of a trusted id takes the fast lane; a hash naming another document is Apollo's to refuse", async () => {
    const agents = byName.get('Agents')!;
    const post = (body: Record<string, unknown>) =>
      gateway.http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${full.key}` }, body: JSON.stringify(body) });
    const variables = { type: 'AGENT', first: 1 };
    const persisted = await post({ extensions: { persistedQuery: { version: 1, sha256Hash: agents.id } }, variables });
    const text = await post({ query: `${agents.body}\n`, variables });
    expect([persisted.status, persisted.text]).toEqual([text.status, text.text]);
    const mismatched = await post({ documentId: `sha256:${agents.id}`, extensions: { persistedQuery: { version: 1, sha256Hash: 'c'.repeat(64) } }, variables });
    expect(mismatched.status).toBe(400);
    expect(JSON.parse(mismatched.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('traces carry the same spans whichever lane served', () => {
  const exporter = new InMemorySpanExporter();
  // The breaker stays closed: the second request must meet the platform as the first did.
  const gateway = useTestGateway({
    tracing: Tracing.create({ serviceName: 'lanes', exporter, batch: false, sampleRatio: 1 }),
    env: { GATEWAY_BREAKER_FAILURES: '1000', GATEWAY_RETRY_BASE_DELAY_MS: '5' },
  });

  /** The spans of one request, without what differs between any two (ids, times). */
  async function spansOf(body: Record<string, unknown>): Promise<Array<{ name: string; kind: number; attributes: Record<string, unknown>; status: number; parent: boolean }>> {
    exporter.reset();
    await gateway().http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const spans: ReadableSpan[] = exporter.getFinishedSpans();
    return spans
      .map((span) => ({
        name: span.name,
        kind: span.kind,
        attributes: Object.fromEntries(Object.entries(span.attributes).filter(([key]) => key !== 'chat_gateway.request_id' && key !== 'server.port')),
        status: span.status.code,
        parent: span.parentSpanContext !== undefined,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  it('for data and for an upstream failure', async () => {
    const agents = byName.get('Agents')!;
    const variables = { type: 'AGENT', first: 2 };
    const fast = await spansOf({ documentId: `sha256:${agents.id}`, variables });
    expect(fast.map((span) => span.name)).toEqual(expect.arrayContaining([expect.stringMatching(/Agents/)]));
    expect(fast).toEqual(await spansOf({ query: `${agents.body}\n`, variables }));
    gateway().simulator.faults.add({ path: '/api/v1/livechat/users/agent', effect: { kind: 'status', status: 503 } });
    const failed = await spansOf({ documentId: `sha256:${agents.id}`, variables });
    expect(failed.some((span) => span.status === 2)).toBe(true);
    expect(failed).toEqual(await spansOf({ query: `${agents.body}\n`, variables }));
  });
});

