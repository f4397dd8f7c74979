import { parse } from 'graphql';
import {
  AgentsDocument,
  createChatGatewayClient,
  isChatGatewayError,
  type FetchInit,
  type FetchLike,
  type FetchResponseLike,
} from '../../client/src/index.js';
import { caught } from '../support/typed-client';

interface Call {
  url: string;
  init: FetchInit;
  body: { query?: string; documentId?: string; variables?: Record<string, unknown>; operationName?: string };
}

/** A fetch that records each call and answers from the queue (no network). */
function fakeFetch(...answers: Array<FetchResponseLike | Error>) {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, init, body: JSON.parse(init.body) as Call['body'] });
    const answer = answers.shift();
    if (!answer) throw new Error('fakeFetch: no answer queued');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { fetch, calls };
}

function answer(status: number, body: unknown, headers: Record<string, string> = {}): FetchResponseLike {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: { get: (name: string) => headers[name.toLowerCase()] ?? null },
    text: async () => text,
  };
}

const URL = 'http://gateway.test/graphql';

describe('ChatGatewayClient error mapping', () => {
  it('turns a GraphQL error into a ChatGatewayError with code, provider, retryAfterMs and path', async () => {
    const rateLimited = {
      message: 'Rocket.Chat is rate-limiting the gateway.',
      path: ['agents'],
      extensions: { code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat', retryAfterMs: 1500 },
    };
    const { fetch } = fakeFetch(answer(200, { data: { agents: null }, errors: [rateLimited] }));
    const client = createChatGatewayClient({ url: URL, fetch });

    const error = await caught(client.agents({ type: 'AGENT' }));
    expect(error).toMatchObject({
      name: 'ChatGatewayError',
      message: 'Rocket.Chat is rate-limiting the gateway.',
      code: 'UPSTREAM_RATE_LIMITED',
      provider: 'rocketchat',
      retryAfterMs: 1500,
      path: ['agents'],
      status: 200,
      operationName: 'Agents',
      extensions: rateLimited.extensions,
      graphQLErrors: [rateLimited],
    });
    expect(isChatGatewayError(error)).toBe(true);
  });

  it('throws the first of several errors, listing all, and keeps codes it does not know', async () => {
    const errors = [
      { message: 'first', path: ['a'], extensions: { code: 'SOMETHING_NEW' } },
      { message: 'second', path: ['b'], extensions: { code: 'UPSTREAM_TIMEOUT', provider: 'imi' } },
    ];
    const { fetch } = fakeFetch(answer(200, { data: { a: null, b: null }, errors }));
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).request('query Two { a b }'));
    expect(error.code).toBe('SOMETHING_NEW');
    expect(error.provider).toBeUndefined();
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.graphQLErrors).toEqual(errors);
  });

  it('gives UNKNOWN_ERROR to a GraphQL error without a code and reads malformed entries safely', async () => {
    const { fetch } = fakeFetch(answer(200, { data: null, errors: [{ message: 42, path: 'x', extensions: { retryAfterMs: -5 } }] }));
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).request('{ agents(type: AGENT) { totalCount } }'));
    expect(error).toMatchObject({ code: 'UNKNOWN_ERROR', message: 'Unknown GraphQL error', path: undefined, retryAfterMs: undefined });
  });

  it('uses the GraphQL body of a non-2xx answer (the gateway refuses bad variables with HTTP 400)', async () => {
    const { fetch } = fakeFetch(
      answer(400, { errors: [{ message: 'Variable "$type" got invalid value', extensions: { code: 'BAD_USER_INPUT' } }] }),
      answer(413, { errors: [{ message: 'Request body larger than 1048576 bytes', extensions: { code: 'BAD_REQUEST' } }] }),
    );
    const client = createChatGatewayClient({ url: URL, fetch });
    expect(await caught(client.agents({ type: 'AGENT' }))).toMatchObject({ code: 'BAD_USER_INPUT', status: 400, path: undefined });
    expect(await caught(client.agents({ type: 'AGENT' }))).toMatchObject({ code: 'BAD_REQUEST', status: 413 });
  });

  it.each([
    [413, 'HTTP_413', '<html><body>413 Request Entity Too Large</body></html>'],
    [500, 'HTTP_500', 'Internal Server Error'],
    [502, 'HTTP_502', ''],
    [404, 'HTTP_404', '{"message":"no such route"}'],
  ])('turns HTTP %d without a GraphQL body into %s', async (status, code, body) => {
    const { fetch } = fakeFetch(answer(status, body));
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }));
    expect(error).toMatchObject({ code, status, operationName: 'Agents', graphQLErrors: [] });
  });

  it('reads Retry-After of an HTTP 503 into retryAfterMs', async () => {
    const { fetch } = fakeFetch(answer(503, 'Service Unavailable', { 'retry-after': '7' }));
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }));
    expect(error).toMatchObject({ code: 'HTTP_503', retryAfterMs: 7000 });
  });

  it('turns a 2xx answer that is not a GraphQL response into INVALID_RESPONSE', async () => {
    const { fetch } = fakeFetch(answer(200, 'not json'), answer(200, { hello: 'world' }));
    const client = createChatGatewayClient({ url: URL, fetch });
    expect(await caught(client.agents({ type: 'AGENT' }))).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
    expect(await caught(client.agents({ type: 'AGENT' }))).toMatchObject({ code: 'INVALID_RESPONSE', status: 200 });
  });

  it('refuses a list or payload that is null without an error (the gateway never answers so)', async () => {
    const { fetch } = fakeFetch(answer(200, { data: { agents: null } }));
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }));
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', path: ['agents'] });
  });

  it('turns a rejected fetch into NETWORK_ERROR with the rejection as cause', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: new Error('connect ECONNREFUSED 127.0.0.1:4000') });
    const { fetch } = fakeFetch(refused);
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: undefined, operationName: 'Agents' });
    expect(error.cause).toBe(refused);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it("passes the caller's signal to fetch, and reports an aborted request as NETWORK_ERROR with the abort as cause", async () => {
    const controller = new AbortController();
    const calls: FetchInit[] = [];
    const fetch: FetchLike = async (_url, init) => {
      calls.push(init);
      if (init.signal?.aborted) throw controller.signal.reason;
      return answer(200, { data: { agent: null } });
    };
    const client = createChatGatewayClient({ url: URL, fetch });
    await client.agent({ type: 'AGENT', id: 'a' }, { signal: controller.signal });
    controller.abort();
    const error = await caught(client.agent({ type: 'AGENT', id: 'a' }, { signal: controller.signal }));
    expect(calls.map((init) => init.signal)).toEqual([controller.signal, controller.signal]);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', cause: controller.signal.reason });
    // Without a signal, none is passed (not even `signal: undefined`).
    await client.agent({ type: 'AGENT', id: 'a' });
    expect('signal' in calls[2]!).toBe(false);
  });

  it('turns an answer cut off while reading into NETWORK_ERROR', async () => {
    const { fetch } = fakeFetch({ status: 200, headers: { get: () => null }, text: () => Promise.reject(new Error('terminated')) });
    const error = await caught(createChatGatewayClient({ url: URL, fetch }).agents({ type: 'AGENT' }));
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 200 });
  });

  it('returns data and errors together from requestWithErrors, throwing only without a GraphQL answer', async () => {
    const partial = {
      data: { agents: { totalCount: 48 }, customerCareUsers: null },
      errors: [{ message: 'IMI is unavailable.', path: ['customerCareUsers'], extensions: { code: 'UPSTREAM_UNAVAILABLE', provider: 'imi' } }],
    };
    const { fetch } = fakeFetch(answer(200, partial), answer(502, 'Bad Gateway'));
    const client = createChatGatewayClient({ url: URL, fetch });
    const document = 'query Both { agents(type: AGENT) { totalCount } customerCareUsers { hasNextPage } }';
    const result = await client.requestWithErrors(document);
    expect(result.data).toEqual(partial.data);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE', provider: 'imi', path: ['customerCareUsers'] });
    expect(await caught(client.requestWithErrors(document))).toMatchObject({ code: 'HTTP_502' });
  });
});

describe('ChatGatewayClient requests', () => {
  it('sends Authorization: Bearer <apiKey> when given, and JSON with the document id, variables and operation name', async () => {
    const { fetch, calls } = fakeFetch(answer(200, { data: { agents: { totalCount: 0, pageInfo: {}, nodes: [] } } }));
    const client = createChatGatewayClient({ url: URL, apiKey: 'k-123', fetch, headers: { 'X-Correlation-Id': 'c-1', Authorization: 'Basic spoofed' } });
    await client.agents({ type: 'MANAGER', first: 5 }, { headers: { 'x-request-tag': 't' } });
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.url).toBe(URL);
    expect(call!.init.method).toBe('POST');
    expect(call!.init.headers).toEqual({
      authorization: 'Bearer k-123',
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      'x-correlation-id': 'c-1',
      'x-request-tag': 't',
    });
    expect(call!.body).toEqual({ documentId: expect.stringMatching(/^sha256:[0-9a-f]{64}$/), operationName: 'Agents', variables: { type: 'MANAGER', first: 5 } });
  });

  it('sends no Authorization header without an apiKey', async () => {
    const { fetch, calls } = fakeFetch(answer(200, { data: { agent: null } }));
    const agent = await createChatGatewayClient({ url: URL, fetch }).agent({ type: 'AGENT', id: 'nobody' });
    expect(agent).toBeNull();
    expect(Object.keys(calls[0]!.init.headers)).not.toContain('authorization');
  });

  it('sends the source of a generated TypedDocumentNode (without document ids), and of a parsed document', async () => {
    const { fetch, calls } = fakeFetch(answer(200, { data: { agents: null } }), answer(200, { data: { agent: null } }));
    const client = createChatGatewayClient({ url: URL, fetch, documentIds: false });
    await client.request(AgentsDocument, { type: 'AGENT' });
    expect(calls[0]!.body).toMatchObject({ operationName: 'Agents', query: expect.stringContaining('fragment PageInfoFields on PageInfo') });
    expect(calls[0]!.body.query).toMatch(/^\s*query Agents\(/);
    const parsed = parse('query Mine($id: ID!) { agent(type: AGENT, id: $id) { id } }');
    await client.request(parsed, { id: 'x' });
    expect(calls[1]!.body).toEqual({ query: 'query Mine($id: ID!) { agent(type: AGENT, id: $id) { id } }', variables: { id: 'x' }, operationName: 'Mine' });
  });

  it('refuses a DocumentNode without its source before sending anything', async () => {
    const { fetch, calls } = fakeFetch();
    const client = createChatGatewayClient({ url: URL, fetch });
    const withoutSource = parse('{ agent(type: AGENT, id: "x") { id } }', { noLocation: true });
    await expect(client.request(withoutSource)).rejects.toThrow(/carries no source text/);
    expect(calls).toHaveLength(0);
  });
});
