import { cacheExchange, createClient, fetchExchange } from '@urql/core';
import { Agent, fetch as undiciFetch } from 'undici';
import { AgentsDocument } from '../../client/src/index.js';
import { docExamples, exampleModule, runExample, typeErrors, type ExampleModule } from '../support/doc-examples';
import { useTestGateway, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile } from '../support/security-auth-file';

/**
 * The clients other teams use, against the whole gateway (issue 19, "Clients"):
 *
 * 1. Every example of docs/typed-client.md's "With Apollo Client, urql or graphql-request" — Apollo
 *    Client 4, urql 6 (`@urql/core` with its defaults: queries as GET), graphql-request 7 and plain
 *    fetch — taken from the page, type-checked with the repository's tsconfig and run as written, with
 *    a key in `CHAT_GATEWAY_API_KEY`, on a gateway configured like production (authentication on, CORS
 *    open to one origin only). Only the URL differs from the page (and `@chat-gateway/client` is loaded
 *    from its source). The global fetch the clients use is wrapped to record what they send (and to
 *    keep its sockets in a pool closed after the file).
 * 2. CSRF prevention (src/endpoint/csrf.ts) where it has something to protect — authentication off and
 *    CORS closed, a gateway whose network position is its only protection: a simple cross-site GET is
 *    refused with 400 before anything runs, logged once and counted in
 *    `chat_gateway_requests_refused_total{reason="csrf"}`; a preflighted one (a Bearer key, Apollo's
 *    headers) runs.
 * 3. Development's defaults (authentication off, CORS `*`): urql's default client runs without a key.
 */

const PAGE = 'docs/typed-client.md';
const SECTION = 'With Apollo Client, urql or graphql-request';
const DOCUMENTED_URL = 'http://chat-gateway.internal:4000/graphql';
const APP_ORIGIN = 'https://app.example.com';
const CSRF_LOG = 'request refused: possible cross-site request forgery';

/** What one documented example sent, as the wrapped global fetch saw it. */
interface Sent {
  method: string;
  url: string;
  headers: Headers;
}

/** The sample of `name` with the given labels in a Prometheus scrape, or undefined. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`).join(',');
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name}{${wanted}} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function csrfRefusals(gateway: TestGateway): Promise<number | undefined> {
  const scrape = await gateway.http('/metrics');
  return sample(scrape.text, 'chat_gateway_requests_refused_total', { reason: 'csrf' });
}

function logLines(gateway: TestGateway): Array<Record<string, unknown>> {
  return gateway.logs.map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** A GET of `{ agents … }` as a page on another site makes a browser send it: no header a script would set. */
function crossSiteGet(gateway: TestGateway, headers: Record<string, string> = {}) {
  const query = encodeURIComponent('query Forged { agents(type: AGENT, first: 1) { totalCount } }');
  return gateway.http(`/graphql?query=${query}`, {
    headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'cors', ...headers },
  });
}

describe('the documented clients, with an API key (authentication on, CORS closed to one origin)', () => {
  const examples = docExamples(PAGE, SECTION);
  const modules = new Map<string, ExampleModule>();
  for (const example of examples) {
    const slug = example.heading.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    modules.set(
      example.heading,
      exampleModule(example, { fileName: `test/e2e/doc-example-${slug}.ts`, imports: { '@chat-gateway/client': '../../client/src/index.js' } }),
    );
  }

  const key = newKey('frontend-team', ['read', 'users:write']);
  const file = writeAuthFile({ keys: [key] });
  const gateway = useTestGateway({ env: { GATEWAY_AUTH_FILE: file.path, GATEWAY_CORS_ORIGINS: APP_ORIGIN } });
  afterAll(() => file.remove());

  const dispatcher = new Agent();
  const sent: Sent[] = [];
  const globalFetch = globalThis.fetch;
  const previousKey = process.env.CHAT_GATEWAY_API_KEY;
  beforeAll(() => {
    process.env.CHAT_GATEWAY_API_KEY = key.key;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      const request = input instanceof Request ? input : undefined;
      sent.push({
        method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
        url: request?.url ?? String(input),
        headers: new Headers(init?.headers ?? request?.headers),
      });
      return undiciFetch(input as string, { ...(init as object), dispatcher });
    }) as typeof fetch;
  });
  afterAll(async () => {
    globalThis.fetch = globalFetch;
    if (previousKey === undefined) delete process.env.CHAT_GATEWAY_API_KEY;
    else process.env.CHAT_GATEWAY_API_KEY = previousKey;
    await dispatcher.close();
  });
  beforeEach(() => {
    sent.length = 0;
  });

  async function run(heading: string): Promise<Record<string, unknown>> {
    const module = modules.get(heading);
    if (!module) throw new Error(`${PAGE} has no example under "### ${heading}"`);
    const url = gateway().url;
    const runnable = { ...module, text: module.text.split(DOCUMENTED_URL).join(url) };
    const { values } = await runExample(runnable, require);
    // Everything went to the test gateway, with the key.
    expect(sent.length).toBeGreaterThan(0);
    for (const request of sent) {
      expect(request.url.startsWith(url)).toBe(true);
      expect(request.headers.get('authorization')).toBe(`Bearer ${key.key}`);
    }
    return values;
  }

  it('shows one example per client, each a query and a mutation', () => {
    expect(examples.map((example) => example.heading)).toEqual(['Apollo Client', 'urql', 'graphql-request', 'fetch']);
    for (const example of examples) {
      expect(example.code).toContain(DOCUMENTED_URL);
      expect(example.code).toMatch(/CreateWidgetUser/);
    }
  });

  // A whole program with Apollo Client's, urql's and graphql-request's types: a few seconds.
  it('type-checks every example as written', () => {
    expect(typeErrors([...modules.values()])).toEqual([]);
  }, 60_000);

  it('runs the Apollo Client example: HttpLink, InMemoryCache with possibleTypes, a query and a mutation over POST', async () => {
    const { data, created } = (await run('Apollo Client')) as {
      data: { agents: { nodes: Array<{ username: string }> } };
      created: { createWidgetUser: { user: { id: string } | null; userErrors: unknown[] } };
    };
    expect(data.agents.nodes.length).toBeGreaterThan(0);
    expect(created.createWidgetUser).toMatchObject({ user: { id: 'customer-0042' }, userErrors: [] });
    expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it("runs the urql example with urql's defaults: the query as a GET (carrying the key), the mutation as a POST", async () => {
    const { result, created } = (await run('urql')) as {
      result: { data: { agents: { totalCount: number } }; error?: unknown };
      created: { data: { createWidgetUser: { user: { id: string } | null; userErrors: unknown[] } }; error?: unknown };
    };
    expect(result.error).toBeUndefined();
    expect(result.data.agents.totalCount).toBeGreaterThan(0);
    expect(created.error).toBeUndefined();
    expect(created.data.createWidgetUser).toMatchObject({ user: { id: 'customer-0042' }, userErrors: [] });
    expect(sent.map((request) => request.method)).toEqual(['GET', 'POST']);
    // What urql sends on a GET: no Content-Type, no preflight header of Apollo's, an Accept that lists
    // text/event-stream after the JSON types — the key is what makes it a preflighted request.
    const [query] = sent;
    expect(query?.headers.get('content-type')).toBeNull();
    expect(query?.headers.get('apollo-require-preflight')).toBeNull();
    expect(query?.headers.get('accept')).toMatch(/^application\/graphql-response\+json, .*text\/event-stream/);
    expect(new URL(query!.url).searchParams.get('operationName')).toBe('Agents');
  });

  it('runs the graphql-request example: a query and a mutation over POST', async () => {
    const { agents, createWidgetUser } = (await run('graphql-request')) as {
      agents: { nodes: Array<{ username: string }> };
      createWidgetUser: { user: { id: string } | null; userErrors: unknown[] };
    };
    expect(agents.nodes.length).toBeGreaterThan(0);
    expect(createWidgetUser).toMatchObject({ user: { id: 'customer-0042' }, userErrors: [] });
    expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it('runs the fetch example: a query and a mutation over POST', async () => {
    const { data, errors, created } = (await run('fetch')) as {
      data: { agents: { totalCount: number } };
      errors: unknown;
      created: { data: { createWidgetUser: { user: { id: string } | null } } };
    };
    expect(errors).toBeUndefined();
    expect(data.agents.totalCount).toBeGreaterThan(0);
    expect(created.data.createWidgetUser.user).toMatchObject({ id: 'customer-0042' });
    expect(sent.map((request) => request.method)).toEqual(['POST', 'POST']);
  });

  it('ran every operation as the key, and refused none as a CSRF', async () => {
    const requests = logLines(gateway()).filter((line) => line.msg === 'graphql request');
    expect(requests.length).toBeGreaterThanOrEqual(8);
    expect(requests.every((line) => line.caller === 'frontend-team' && line.httpStatus === 200)).toBe(true);
    expect(logLines(gateway()).filter((line) => line.msg === CSRF_LOG)).toEqual([]);
    expect(await csrfRefusals(gateway())).toBe(0);
  });

  it('answers a cross-site GET without credentials with 401: authentication decides first, nothing is counted as CSRF', async () => {
    const answer = await crossSiteGet(gateway());
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(await csrfRefusals(gateway())).toBe(0);
  });
});

describe('CSRF prevention where it protects something: authentication off, CORS closed (an internal network)', () => {
  const gateway = useTestGateway({ env: { GATEWAY_CORS_ORIGINS: APP_ORIGIN } });

  it('refuses a simple cross-site GET with 400 BAD_REQUEST before anything runs, logs it once (info) and counts it', async () => {
    const before = await csrfRefusals(gateway());
    expect(before).toBe(0);
    const logged = gateway().logs.length;

    const answer = await crossSiteGet(gateway());
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(answer.text)).toEqual({ errors: [{ message: expect.stringMatching(/cross-site request forgery \(CSRF\)/), extensions: { code: 'BAD_REQUEST' } }] });
    // Refused before Apollo Server: no platform call, no request log line.
    expect(gateway().simulator.log.list()).toEqual([]);

    const lines = logLines(gateway()).slice(logged);
    expect(lines.filter((line) => line.msg === 'graphql request')).toEqual([]);
    expect(lines.filter((line) => line.msg === CSRF_LOG)).toEqual([
      expect.objectContaining({
        level: 30,
        reason: 'csrf',
        method: 'GET',
        origin: 'https://evil.example',
        secFetchSite: 'cross-site',
        secFetchMode: 'cors',
        clientAddress: '127.0.0.1',
      }),
    ]);
    // Where it came from, never what it asked for.
    expect(lines.join('\n')).not.toContain('Forged');
    expect(await csrfRefusals(gateway())).toBe(1);
  });

  it('refuses the same GET with credentials a browser attaches by itself (Basic), or an empty preflight header', async () => {
    const before = (await csrfRefusals(gateway())) ?? 0;
    expect((await crossSiteGet(gateway(), { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(400);
    expect((await crossSiteGet(gateway(), { 'apollo-require-preflight': '' })).status).toBe(400);
    expect((await crossSiteGet(gateway(), { 'content-type': 'text/plain' })).status).toBe(400);
    expect(await csrfRefusals(gateway())).toBe(before + 3);
  });

  it.each([
    ['Authorization: Bearer', { authorization: 'Bearer any-key-authentication-is-off' }],
    ['apollo-require-preflight', { 'apollo-require-preflight': 'true' }],
    ['x-apollo-operation-name', { 'x-apollo-operation-name': 'Forged' }],
    ['Content-Type: application/json (Apollo Client on GET)', { 'content-type': 'application/json' }],
  ])('runs a GET that a browser sends only after a preflight: %s', async (_name, headers) => {
    const answer = await crossSiteGet(gateway(), headers);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text).data.agents.totalCount).toBeGreaterThan(0);
  });

  it("refuses urql's default client without a key: its query is a simple GET", async () => {
    const dispatcher = new Agent();
    try {
      const client = createClient({
        url: gateway().url,
        exchanges: [cacheExchange, fetchExchange],
        fetch: ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch,
      });
      const result = await client.query(AgentsDocument, { type: 'AGENT', first: 1 }).toPromise();
      expect(result.data).toBeUndefined();
      expect(result.error?.graphQLErrors[0]?.extensions.code).toBe('BAD_REQUEST');
      expect(result.error?.message).toMatch(/CSRF/);
    } finally {
      await dispatcher.close();
    }
  });
});

describe("development's defaults (authentication off, CORS *): nothing to protect, urql's default client just works", () => {
  const gateway = useTestGateway();

  it("runs urql's default client without a key (its query a GET), and a plain cross-site GET", async () => {
    const dispatcher = new Agent();
    const methods: string[] = [];
    try {
      const client = createClient({
        url: gateway().url,
        exchanges: [cacheExchange, fetchExchange],
        fetch: ((url: string, init: RequestInit) => {
          methods.push(init.method ?? 'GET');
          return undiciFetch(url, { ...(init as object), dispatcher });
        }) as unknown as typeof fetch,
      });
      const result = await client.query(AgentsDocument, { type: 'AGENT', first: 1 }).toPromise();
      expect(result.error).toBeUndefined();
      expect(result.data?.agents?.totalCount).toBeGreaterThan(0);
      expect(methods).toEqual(['GET']);
    } finally {
      await dispatcher.close();
    }
    const answer = await crossSiteGet(gateway());
    expect(answer.status).toBe(200);
    // Any origin may read the answer anyway: a preflight would have been approved.
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(await csrfRefusals(gateway())).toBe(0);
  });
});
