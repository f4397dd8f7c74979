import type { ServerResponse } from 'node:http';
import type { compileQuery } from 'graphql-jit';
import { ANONYMOUS_CALLER } from '../../src/access/caller';
import type { GatewayContext } from '../../src/context';
import { buildGatewaySchema } from '../../src/schema';
import { FastLane } from '../../src/trusted-documents/fast-lane';
import { documentId } from '../../src/trusted-documents/manifest';
import { TrustedDocuments } from '../../src/trusted-documents/registry';
import { QUERY_LIMIT_DEFAULTS } from '../../src/config/variables';
import { capturingLogger } from '../support/logger';

const schema = buildGatewaySchema();
const body = 'query Count { agents(type: AGENT) { totalCount } }';
const { registry } = TrustedDocuments.load([{ id: documentId(body), body, origin: 'unit.json' }], schema, { ...QUERY_LIMIT_DEFAULTS, hideSuggestions: true });
const document = registry.byId(documentId(body))!;

/** Just what the fast lane writes on a response. */
function fakeResponse() {
  const headers: Record<string, string> = {};
  const response = { statusCode: 0, body: '', setHeader: (name: string, value: string) => void (headers[name] = value), end: (text: string) => void (response.body = text) };
  return { response, headers, res: response as unknown as ServerResponse };
}

describe('the fast lane', () => {
  it("answers compiled code that throws as Apollo Server answers an executor that throws: HTTP 500, the error masked, logged with its message", async () => {
    const throwing = (() => ({ query: () => Promise.reject(new Error('compiled code broke')), stringify: JSON.stringify })) as unknown as typeof compileQuery;
    const lane = new FastLane({ schema, trusted: registry, hideSuggestions: true, compile: throwing });
    const { logger, lines } = capturingLogger();
    const context = { logger, requestId: 'r-1', telemetry: { nameOperation() {}, finish() {}, elapsedMs: () => 1, upstreamCalls: 0, traceId: undefined } } as unknown as GatewayContext;
    const { response, headers, res } = fakeResponse();
    const served = await lane.serve({ document, caller: ANONYMOUS_CALLER, variables: undefined, operationName: undefined, extensions: undefined, mediaType: 'application/json; charset=utf-8', context: () => context }, res);
    expect(served).toBe(true);
    expect(response.statusCode).toBe(500);
    expect(headers).toMatchObject({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r-1' });
    expect(JSON.parse(response.body)).toEqual({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
    expect(lines.map((line) => JSON.parse(line) as { level: number; msg: string }).some((line) => line.level === 50 && line.msg.includes('compiled code broke'))).toBe(true);
  });

  it('declines, before creating a context, what Apollo Server must word: another operationName, non-object variables, a missing scope, another hash', async () => {
    const lane = new FastLane({ schema, trusted: registry, hideSuggestions: true });
    const context = jest.fn();
    const base = { document, caller: ANONYMOUS_CALLER, variables: undefined, operationName: undefined, extensions: undefined, mediaType: 'application/json', context };
    const { res } = fakeResponse();
    for (const declined of [
      { operationName: 'Other' },
      { variables: [1] },
      { caller: { ...ANONYMOUS_CALLER, scopes: new Set<never>() } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } },
      { extensions: { other: true } },
    ]) {
      expect(await lane.serve({ ...base, ...declined } as Parameters<FastLane['serve']>[0], res)).toBe(false);
    }
    expect(context).not.toHaveBeenCalled();
  });
});
