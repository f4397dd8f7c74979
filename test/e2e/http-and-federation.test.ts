import { Readable } from 'node:stream';
import { useTestGateway, userId } from '../support/gateway';
import { useTypedClient } from '../support/typed-client';

describe('the HTTP endpoint', () => {
  const gateway = useTestGateway({ env: { GATEWAY_MAX_BODY_BYTES: '2048' } });

  it('answers liveness probes on /healthz', async () => {
    const answer = await gateway().http('/healthz');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ status: 'ok' });
  });

  it('answers 404 with a JSON error outside /graphql', async () => {
    const answer = await gateway().http('/admin');
    expect(answer.status).toBe(404);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('shows Apollo Sandbox to a browser outside production', async () => {
    const answer = await gateway().http('/graphql', { headers: { accept: 'text/html' } });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('embeddable-sandbox');
  });

  it('refuses a body over the size limit with 413 before parsing it', async () => {
    const answer = await gateway().http('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, padding: 'x'.repeat(4096) }),
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a chunked body (no content-length) once it grows over the limit', async () => {
    const chunks = [JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(1500) }), ' '.repeat(1500)];
    const answer = await gateway().http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from(chunks) });
    expect(answer.status).toBe(413);
  });

  it('refuses a body that is not valid UTF-8 with BAD_USER_INPUT, without calling any platform', async () => {
    // A lone 0xFF byte inside a string value: decoding leniently would turn it into U+FFFD and go on.
    const bytes = Buffer.concat([Buffer.from('{"query":"{ agent(type: AGENT, id: \\"a'), Buffer.from([0xff]), Buffer.from('\\") { id } }"}')]);
    const answer = await gateway().http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: Readable.from([bytes]) });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it('refuses a body that is not JSON with 400', async () => {
    const answer = await gateway().http('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('runs a simple GET query in development: CORS lets any origin in, so CSRF prevention has nothing to add', async () => {
    // Where it has (CORS closed, authentication off) the same GET is refused: real-clients.test.ts.
    const answer = await gateway().http('/graphql?query=%7B__typename%7D');
    expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
    const preflighted = await gateway().http('/graphql?query=%7B__typename%7D', { headers: { 'apollo-require-preflight': 'true' } });
    expect(JSON.parse(preflighted.text)).toEqual({ data: { __typename: 'Query' } });
  });

  it('reports parse and validation errors with their codes', async () => {
    expect((await gateway().graphql('{ agents(')).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect((await gateway().graphql('{ nope }')).body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('logs with the caller’s x-request-id', async () => {
    await gateway().http('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'trace-me-123' },
      body: JSON.stringify({ query: '{ agents(type: AGENT, first: 500) { totalCount } }' }),
    });
    expect(gateway().logs.some((line) => line.includes('"requestId":"trace-me-123"'))).toBe(true);
  });
});

describe('production mode', () => {
  const gateway = useTestGateway({
    env: { NODE_ENV: 'production', GATEWAY_ALLOW_SIMULATORS: 'true', GATEWAY_METRICS_TOKEN: 'scrape-token-0123456789', GATEWAY_AUTH: 'off' },
  });
  const client = useTypedClient(gateway);

  it('serves no Sandbox and refuses introspection', async () => {
    const page = await gateway().http('/graphql', { headers: { accept: 'text/html' } });
    expect(page.text).not.toContain('embeddable-sandbox');
    const answer = await gateway().graphql('{ __schema { types { name } } }');
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('still serves queries', async () => {
    // Through the typed client, which throws on any GraphQL error.
    const page = await client().agents({ type: 'MANAGER' });
    expect(page.totalCount).toBe(4);
  });
});

describe('the Federation 2 subgraph', () => {
  const gateway = useTestGateway();

  it('publishes its SDL with every referenceable type keyed by id', async () => {
    const answer = await gateway().graphql<{ _service: { sdl: string } }>('{ _service { sdl } }');
    const sdl = answer.body.data!._service.sdl;
    expect(sdl).toContain('@link(url: "https://specs.apollo.dev/federation/v2.7"');
    expect(sdl).toMatch(/type Agent implements User\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/type CustomerCareUser implements User\s+@key\(fields: "id"\)/);
    // Jelou has no read endpoint: other subgraphs may reference these, this one cannot resolve them.
    expect(sdl).toMatch(/type WidgetUser implements User\s+@key\(fields: "id", resolvable: false\)/);
    expect(sdl).toMatch(/type Room\s+@key\(fields: "id", resolvable: false\)/);
  });

  it('resolves references whose id cannot be a user id to null without calling Rocket.Chat', async () => {
    const representations = [{ __typename: 'Agent', id: '' }, { __typename: 'Agent' }, { __typename: 'Agent', id: { a: 1 } }, { __typename: 'Agent', id: 'x'.repeat(5000) }];
    const answer = await gateway().graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id } } }', { r: representations });
    expect(answer.body).toEqual({ data: { _entities: [null, null, null, null] } });
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it.each<[string, unknown]>([
    ['an unknown __typename', { __typename: 'Nope', id: '1' }],
    ['an empty __typename', { __typename: '', id: '1' }],
    ['no __typename', { id: '1' }],
    ['Query as a type', { __typename: 'Query' }],
    ['Mutation as a type', { __typename: 'Mutation' }],
    ['an entry that is not an object', 5],
    ['an interface (User)', { __typename: 'User', id: '1' }],
    ['a type this subgraph does not resolve (WidgetUser), with a bad createdAt', { __typename: 'WidgetUser', id: 'w1', names: 'Echo', createdAt: 'yesterday' }],
  ])('refuses %s in _entities with BAD_USER_INPUT, calling no platform and logging no error', async (_name, representation) => {
    const answer = await gateway().graphql('query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on WidgetUser { names } } }', {
      r: [{ __typename: 'Agent', id: 'fine123456789' }, representation],
    });
    // `_entities` is non-null: its refusal nulls the whole answer.
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^representations\[1\]/), extensions: { code: 'BAD_USER_INPUT' } }),
    ]);
    // Nothing the caller sent comes back as if it were the platform's data.
    expect(JSON.stringify(answer.body)).not.toContain('Echo');
    expect(gateway().simulator.log.list()).toHaveLength(0);
    expect(gateway().logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('answers an argument that does not coerce while executing with BAD_USER_INPUT, every time (also once compiled), logged as no error', async () => {
    // Valid as written (a nullable variable with a default may feed a non-null argument), refused by the
    // argument's coercion only while executing: graphql-js and graphql-jit raise it uncoded.
    const query = 'query($t: AgentType = AGENT) { agents(type: $t) { totalCount } }';
    for (let run = 0; run < 2; run += 1) {
      const answer = await gateway().graphql(query, { t: null });
      expect(answer.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('Argument "type"'), extensions: { code: 'BAD_USER_INPUT' } })]);
    }
    expect(gateway().simulator.log.list()).toHaveLength(0);
    expect(gateway().logs.filter((line) => line.includes('"level":50'))).toEqual([]);
  });

  it('refuses an operation that would fan out into more than 200 lookups', async () => {
    // 201 aliases are refused earlier by the alias limit; 201 references stay within the cost limit.
    const representations = Array.from({ length: 201 }, (_, index) => ({ __typename: 'Agent', id: `user${index}` }));
    const answer = await gateway().graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id } } }', { r: representations });
    const codes = new Set(answer.body.errors?.map((error) => error.extensions?.code));
    expect(codes).toEqual(new Set(['BAD_USER_INPUT']));
    expect(gateway().simulator.log.list()).toHaveLength(200);
  });

  it('resolves Agent references in one batch, agents first and managers only when needed', async () => {
    const ids = ['ana.acosta', 'bruno.herrera', 'samuel.ortega'].map((name) => userId(gateway(), name));
    const representations = [...ids, ids[0], 'unknownUser123456'].map((id) => ({ __typename: 'Agent', id }));
    const answer = await gateway().graphql<{ _entities: Array<{ id: string; username: string } | null> }>(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id username } } }',
      { r: representations },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!._entities).toEqual([
      { id: ids[0], username: 'ana.acosta' },
      { id: ids[1], username: 'bruno.herrera' },
      { id: ids[2], username: 'samuel.ortega' },
      { id: ids[0], username: 'ana.acosta' },
      null,
    ]);
    const paths = gateway().simulator.log.list().map((entry) => entry.path.replace('/api/v1/livechat/users/', ''));
    // 4 distinct ids as agents, then the 2 that are not agents as managers: never a repeated lookup.
    expect(paths.sort()).toEqual(
      [...[ids[0], ids[1], ids[2], 'unknownUser123456'].map((id) => `agent/${id}`), `manager/${ids[2]}`, 'manager/unknownUser123456'].sort(),
    );
  });
});
