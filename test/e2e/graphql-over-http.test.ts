import { useTestGateway, type TestGateway } from '../support/gateway';

/**
 * The GraphQL-over-HTTP specification (https://graphql.github.io/graphql-over-http/draft/) against
 * the real /graphql endpoint: every server MUST, plus the SHOULDs this gateway chooses to follow.
 * Test names quote the rule they prove.
 */

const GRAPHQL_RESPONSE_JSON = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string;
  /** The parsed body when the answer is JSON of any flavour. */
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> } | undefined;
  text: string;
}

async function call(gateway: TestGateway, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const answer = await gateway.http(path, init);
  const contentType = String(answer.headers['content-type'] ?? '');
  const body = /json/.test(contentType) && answer.text !== '' ? (JSON.parse(answer.text) as Answer['body']) : undefined;
  return { ...answer, contentType, body };
}

function post(gateway: TestGateway, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return call(gateway, '/graphql', {
    method: 'POST',
    headers: { 'content-type': JSON_TYPE, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A GET with the parameters URL-encoded; `apollo-require-preflight` unless `simple` (CSRF prevention wants it). */
function get(gateway: TestGateway, params: Record<string, string>, headers: Record<string, string> = {}, simple = false): Promise<Answer> {
  const search = new URLSearchParams(params).toString();
  return call(gateway, `/graphql?${search}`, { headers: { ...(simple ? {} : { 'apollo-require-preflight': 'true' }), ...headers } });
}

const MUTATION = (id: string) => `mutation Create { createWidgetUser(input: { id: "${id}", names: "Ana", legalId: "1" }) { user { id } } }`;

describe('GraphQL over HTTP on /graphql', () => {
  const gateway = useTestGateway();
  const widgetCalls = () => gateway().jelou.log.list({ method: 'POST', pathPrefix: '/v1/widget/user' }).length;

  describe('URL', () => {
    it('MUST NOT require different URLs for queries and mutations: both are POSTed to /graphql', async () => {
      const query = await post(gateway(), { query: '{ __typename }' });
      expect(query.status).toBe(200);
      expect(query.body).toEqual({ data: { __typename: 'Query' } });
      const mutation = await post(gateway(), { query: MUTATION('over-http-url') });
      expect(mutation.status).toBe(200);
      expect(mutation.body).toEqual({ data: { createWidgetUser: { user: { id: 'over-http-url' } } } });
    });
  });

  describe('serialization and encoding', () => {
    const names = 'Ana Pérez Ñandú 日本 😀';
    const echo = (id: string) => ({
      query: 'mutation($input: CreateWidgetUserInput!) { createWidgetUser(input: $input) { user { names } } }',
      variables: { input: { id, names, legalId: '1' } },
    });

    it('MUST assume UTF-8 for an application/json body without a charset', async () => {
      const answer = await post(gateway(), echo('over-http-utf8-a'));
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { createWidgetUser: { user: { names } } } });
    });

    it('accepts an explicit charset=utf-8, in any case', async () => {
      for (const [index, contentType] of ['application/json; charset=utf-8', 'application/json;charset=UTF-8', 'Application/JSON; Charset="utf-8"'].entries()) {
        const answer = await post(gateway(), echo(`over-http-utf8-b${index}`), { 'content-type': contentType });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ data: { createWidgetUser: { user: { names } } } });
      }
    });

    it('refuses a body in another charset with 415 instead of misreading it', async () => {
      const answer = await post(gateway(), echo('over-http-latin1'), { 'content-type': 'application/json; charset=iso-8859-1' });
      expect(answer.status).toBe(415);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(answer.body).not.toHaveProperty('data');
      expect(widgetCalls()).toBe(0);
    });

    it('MUST indicate the media type with Content-Type, and says UTF-8', async () => {
      for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE_JSON]) {
        const answer = await post(gateway(), { query: '{ __typename }' }, { accept });
        expect(answer.contentType).toBe(`${accept}; charset=utf-8`);
      }
    });

    it('MUST assume UTF-8 for an Accept without a charset: non-ASCII comes back as UTF-8', async () => {
      const answer = await post(gateway(), echo('over-http-utf8-c'), { accept: GRAPHQL_RESPONSE_JSON });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { createWidgetUser: { user: { names } } } });
    });
  });

  describe('POST', () => {
    it('MUST accept POST requests with an application/json body', async () => {
      const answer = await post(gateway(), { query: 'query Q { __typename }', operationName: 'Q' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('MUST allow null variables, operationName and extensions (same as absent)', async () => {
      for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE_JSON]) {
        const answer = await post(gateway(), { query: '{ __typename }', variables: null, operationName: null, extensions: null }, { accept });
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ data: { __typename: 'Query' } });
      }
    });

    it('MUST allow a map of variables and a map of extensions', async () => {
      const answer = await post(gateway(), {
        query: 'query($type: AgentType!) { agents(type: $type) { totalCount } }',
        variables: { type: 'MANAGER' },
        extensions: { some: 'value' },
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { agents: { totalCount: 4 } } });
    });

    it('refuses a POST without Content-Type with a 4xx', async () => {
      const answer = await call(gateway(), '/graphql', { method: 'POST', headers: { 'apollo-require-preflight': 'true' }, body: JSON.stringify({ query: '{ __typename }' }) });
      expect(answer.status).toBe(415);
      expect(answer.body).not.toHaveProperty('data');
    });

    it.each([
      ['a body that is not JSON', '{"query":'],
      ['an empty body', ''],
      ['a JSON body that is not an object', '"{ __typename }"'],
      ['a missing query', JSON.stringify({ qeury: '{ __typename }' })],
      ['an object query', JSON.stringify({ query: { obj: 'ect' } })],
      ['a number query', JSON.stringify({ query: 0 })],
      ['a boolean query', JSON.stringify({ query: false })],
      ['an array query', JSON.stringify({ query: ['array'] })],
      ['a string variables', JSON.stringify({ query: '{ __typename }', variables: '{}' })],
      ['a number variables', JSON.stringify({ query: '{ __typename }', variables: 0 })],
      ['a boolean variables', JSON.stringify({ query: '{ __typename }', variables: false })],
      ['an array variables', JSON.stringify({ query: '{ __typename }', variables: [7] })],
      ['a string extensions', JSON.stringify({ query: '{ __typename }', extensions: '{}' })],
      ['a number extensions', JSON.stringify({ query: '{ __typename }', extensions: 0 })],
      ['a boolean extensions', JSON.stringify({ query: '{ __typename }', extensions: false })],
      ['an array extensions', JSON.stringify({ query: '{ __typename }', extensions: ['array'] })],
      ['an object operationName', JSON.stringify({ query: '{ __typename }', operationName: { obj: 'ect' } })],
      ['a number operationName', JSON.stringify({ query: '{ __typename }', operationName: 0 })],
      ['a boolean operationName', JSON.stringify({ query: '{ __typename }', operationName: false })],
      ['an array operationName', JSON.stringify({ query: '{ __typename }', operationName: ['array'] })],
    ])('MUST NOT answer 2xx to a malformed request (%s) under application/graphql-response+json: 400 without data', async (_case, body) => {
      const answer = await post(gateway(), body, { accept: GRAPHQL_RESPONSE_JSON });
      expect(answer.status).toBe(400);
      expect(answer.contentType).toBe(`${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(answer.body).not.toHaveProperty('data');
    });

    it('refuses batched requests (an array of operations): batching is off', async () => {
      const answer = await post(gateway(), [{ query: '{ __typename }' }, { query: MUTATION('over-http-batch') }], { accept: GRAPHQL_RESPONSE_JSON });
      expect(answer.status).toBe(400);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(answer.body).not.toHaveProperty('data');
      expect(widgetCalls()).toBe(0);
    });
  });

  describe('GET', () => {
    it('runs a query whose parameters are URL-encoded, variables as a JSON string', async () => {
      const answer = await get(gateway(), {
        query: 'query Count($type: AgentType!) { agents(type: $type) { totalCount } }',
        operationName: 'Count',
        variables: JSON.stringify({ type: 'MANAGER' }),
        extensions: JSON.stringify({}),
      });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { agents: { totalCount: 4 } } });
    });

    it('treats an empty operationName as omitted', async () => {
      const answer = await get(gateway(), { query: 'query Only { __typename }', operationName: '' });
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    });

    it.each([
      ['variables that are not JSON', { variables: '{type:' }],
      ['variables that are not an object', { variables: '[7]' }],
      ['extensions that are not an object', { extensions: '"x"' }],
      ['a repeated query parameter', { query: '{ __typename }', repeat: 'query' }],
    ])('refuses %s with 400 and no data', async (_case, params: Record<string, string>) => {
      const { repeat, ...rest } = params;
      const search = new URLSearchParams({ query: '{ __typename }', ...rest });
      if (repeat) search.append(repeat, '{ __typename }');
      const answer = await call(gateway(), `/graphql?${search.toString()}`, { headers: { 'apollo-require-preflight': 'true', accept: GRAPHQL_RESPONSE_JSON } });
      expect(answer.status).toBe(400);
      expect(answer.body).not.toHaveProperty('data');
    });

    it('MUST answer 405 to a mutation over GET, and not run it', async () => {
      for (const headers of [{}, { accept: GRAPHQL_RESPONSE_JSON }, { accept: JSON_TYPE }] as Array<Record<string, string>>) {
        const answer = await get(gateway(), { query: MUTATION('over-http-get') }, headers);
        expect(answer.status).toBe(405);
        expect(answer.headers.allow).toBe('POST');
        expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
        expect(answer.body).not.toHaveProperty('data');
      }
      expect(widgetCalls()).toBe(0);
    });

    it('MUST answer 405 to a mutation over GET even without a preflight header (not a CSRF 400)', async () => {
      const answer = await get(gateway(), { query: MUTATION('over-http-get-simple') }, {}, true);
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(widgetCalls()).toBe(0);
    });

    it('chooses the operation by operationName: the query runs over GET, the mutation is refused with 405', async () => {
      const document = `query Read { __typename } ${MUTATION('over-http-get-named')}`;
      const read = await get(gateway(), { query: document, operationName: 'Read' });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ data: { __typename: 'Query' } });
      const write = await get(gateway(), { query: document, operationName: 'Create' });
      expect(write.status).toBe(405);
      expect(widgetCalls()).toBe(0);
    });
  });

  describe('Accept and the response media type', () => {
    it.each([
      [JSON_TYPE, JSON_TYPE],
      [GRAPHQL_RESPONSE_JSON, GRAPHQL_RESPONSE_JSON],
      [`${GRAPHQL_RESPONSE_JSON}; charset=utf-8, ${JSON_TYPE}; charset=utf-8`, GRAPHQL_RESPONSE_JSON],
      [`${JSON_TYPE}, ${GRAPHQL_RESPONSE_JSON}`, JSON_TYPE],
      [`${JSON_TYPE};q=0.5, ${GRAPHQL_RESPONSE_JSON}`, GRAPHQL_RESPONSE_JSON],
      [`${GRAPHQL_RESPONSE_JSON};q=0.9, ${JSON_TYPE}`, JSON_TYPE],
      ['*/*', JSON_TYPE],
      ['application/*', JSON_TYPE],
      [`text/html;q=0.9, ${GRAPHQL_RESPONSE_JSON}`, GRAPHQL_RESPONSE_JSON],
    ])('MUST respect Accept: %s → %s', async (accept, expected) => {
      const answer = await post(gateway(), { query: '{ __typename }' }, { accept });
      expect(answer.status).toBe(200);
      expect(answer.contentType).toBe(`${expected}; charset=utf-8`);
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    });

    it('answers application/json when there is no Accept header (legacy clients such as curl)', async () => {
      const answer = await post(gateway(), { query: '{ __typename }' });
      expect(answer.contentType).toBe(`${JSON_TYPE}; charset=utf-8`);
    });

    it('MUST answer 406 and stop when Accept names no supported media type: the mutation never runs', async () => {
      for (const accept of ['text/xml', 'application/xml, text/plain', `${JSON_TYPE};q=0`, 'application/json; charset=iso-8859-1']) {
        const answer = await post(gateway(), { query: MUTATION('over-http-406') }, { accept });
        expect(answer.status).toBe(406);
        expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      }
      expect(widgetCalls()).toBe(0);
    });

    it('uses the negotiated media type for its own refusals too (bad JSON, body too large)', async () => {
      const badJson = await post(gateway(), '{"query":', { accept: GRAPHQL_RESPONSE_JSON });
      expect(badJson.contentType).toBe(`${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
      const tooLarge = await post(gateway(), { query: '{ __typename }', padding: 'x'.repeat(1_100_000) }, { accept: GRAPHQL_RESPONSE_JSON });
      expect(tooLarge.status).toBe(413);
      expect(tooLarge.contentType).toBe(`${GRAPHQL_RESPONSE_JSON}; charset=utf-8`);
      expect(tooLarge.body).not.toHaveProperty('data');
    });
  });

  describe('status codes under application/graphql-response+json', () => {
    const accept = { accept: GRAPHQL_RESPONSE_JSON };

    it.each([
      ['a document that does not parse', { query: '{' }, 'GRAPHQL_PARSE_FAILED'],
      ['a document that does not validate', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['an operationName the document lacks', { query: 'query A { __typename }', operationName: 'B' }, 'OPERATION_RESOLUTION_FAILURE'],
      ['several operations and no operationName', { query: 'query A { __typename } query B { __typename }' }, 'OPERATION_RESOLUTION_FAILURE'],
      ['a variable that does not coerce', { query: 'query($t: AgentType!) { agents(type: $t) { totalCount } }', variables: { t: 'BOSS' } }, 'BAD_USER_INPUT'],
      ['a missing required variable', { query: 'query($t: AgentType!) { agents(type: $t) { totalCount } }' }, 'BAD_USER_INPUT'],
    ])('MUST NOT answer 2xx when the response has no data (%s): 400', async (_case, body, code) => {
      const answer = await post(gateway(), body, accept);
      expect(answer.status).toBe(400);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe(code);
      expect(gateway().simulator.log.list()).toHaveLength(0);
    });

    it('MUST NOT answer 2xx to an unknown persisted query (Apollo answers those 200 under application/json)', async () => {
      const body = { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } };
      const answer = await post(gateway(), body, accept);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    });

    it('MUST answer 2xx when data is present: a field error (one platform failing) is a 200 partial response', async () => {
      gateway().simulator.faults.add({ effect: { kind: 'status', status: 401 } });
      const answer = await post(gateway(), { query: '{ __typename agents(type: MANAGER) { totalCount } }' }, accept);
      expect(answer.status).toBe(200);
      expect(answer.body?.data).toEqual({ __typename: 'Query', agents: null });
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAUTHORIZED');
    });
  });

  describe('status codes under application/json', () => {
    const accept = { accept: JSON_TYPE };

    it('MUST answer 200 when data is present, even with field errors', async () => {
      gateway().simulator.faults.add({ effect: { kind: 'status', status: 401 } });
      const answer = await post(gateway(), { query: '{ __typename agents(type: MANAGER) { totalCount } }' }, accept);
      expect(answer.status).toBe(200);
      expect(answer.body?.data).toEqual({ __typename: 'Query', agents: null });
    });

    it('keeps Apollo Server’s 400 for request errors (allowed for legacy servers), errors and no data', async () => {
      for (const body of [{ query: '{' }, { query: '{ nope }' }]) {
        const answer = await post(gateway(), body, accept);
        expect(answer.status).toBe(400);
        expect(answer.contentType).toBe(`${JSON_TYPE}; charset=utf-8`);
        expect(answer.body).not.toHaveProperty('data');
        expect(answer.body?.errors).toHaveLength(1);
      }
    });
  });

  describe('methods', () => {
    it.each(['PUT', 'DELETE', 'PATCH', 'HEAD'])('answers %s with 405 and the allowed methods', async (method) => {
      const answer = await call(gateway(), '/graphql', { method, headers: { 'content-type': JSON_TYPE }, ...(method === 'HEAD' ? {} : { body: JSON.stringify({ query: '{ __typename }' }) }) });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, POST, OPTIONS');
    });

    it('answers OPTIONS with 204 without running GraphQL', async () => {
      const answer = await call(gateway(), '/graphql', { method: 'OPTIONS' });
      expect(answer.status).toBe(204);
      expect(answer.headers.allow).toBe('GET, POST, OPTIONS');
      expect(answer.text).toBe('');
    });
  });

  describe('CSRF prevention (Apollo Server’s, kept on)', () => {
    it('refuses a simple GET (no Content-Type, no preflight-forcing header)', async () => {
      const answer = await get(gateway(), { query: '{ __typename }' }, {}, true);
      expect(answer.status).toBe(400);
      expect(answer.body?.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
      expect(answer.body?.errors?.[0]?.message).toMatch(/CSRF/);
    });

    it('runs a GET that carries apollo-require-preflight or x-apollo-operation-name', async () => {
      for (const header of ['apollo-require-preflight', 'x-apollo-operation-name']) {
        const answer = await get(gateway(), { query: '{ __typename }' }, { [header]: 'x' }, true);
        expect(answer.body).toEqual({ data: { __typename: 'Query' } });
      }
    });

    it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x'])(
      'refuses a simple POST (Content-Type %s) and runs nothing',
      async (contentType) => {
        const answer = await post(gateway(), { query: MUTATION('over-http-csrf') }, { 'content-type': contentType });
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(answer.body).not.toHaveProperty('data');
        expect(widgetCalls()).toBe(0);
      },
    );

    it('runs a POST with Content-Type application/json (browsers preflight it)', async () => {
      const answer = await post(gateway(), { query: '{ __typename }' });
      expect(answer.body).toEqual({ data: { __typename: 'Query' } });
    });
  });
});
