import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { Agent, request } from 'undici';
import type { AuthResult } from '../../src/access/authenticator';
import type { AdmissionRequest } from '../../src/access/admission';
import { ANONYMOUS_CALLER, type Caller } from '../../src/access/caller';
import type { GatewayContext } from '../../src/context';
import { createRequestListener, type EndpointOptions } from '../../src/endpoint/request-listener';
import { TokenBucketRateLimiter, type RateLimiter } from '../../src/access/rate-limit';
import { capturingLogger } from '../support/logger';

/**
 * The front door's access checks (401, 429, CORS) over a real Apollo Server with a two-field schema,
 * a fake authenticator and limiters on a hand-moved clock.
 */

const typeDefs = /* GraphQL */ `
  type Query { whoami: String }
  type Mutation { touch: Int }
`;

function caller(name: string, kind: Caller['kind'] = 'api-key'): Caller {
  return { name, kind, scopes: new Set(['read']), tenant: 'default' };
}

/** `Bearer key-<name>` is that caller, `Bearer stale-token-123` has expired, anything else is invalid. */
async function fakeAuthenticate(req: AdmissionRequest): Promise<AuthResult> {
  const header = req.headers.authorization;
  if (header === undefined) return { ok: false, reason: 'missing', detail: 'no Authorization header' };
  if (header === 'Bearer stale-token-123') return { ok: false, reason: 'expired', detail: 'exp in the past' };
  const name = /^Bearer key-(\w+)$/.exec(header)?.[1];
  if (name === 'anonymous') return { ok: true, caller: ANONYMOUS_CALLER };
  return name ? { ok: true, caller: caller(name) } : { ok: false, reason: 'invalid', detail: 'unknown API key' };
}

interface GraphQLBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions: Record<string, unknown> }>;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): GraphQLBody;
}

interface Harness {
  url: string;
  /** Callers handed to contextFor, in order: one per request that reached GraphQL. */
  contexts: Array<Caller | undefined>;
  authentications: number;
  touches: number;
  logs: string[];
  call(path: string, init?: { method?: string; headers?: Record<string, string>; body?: string }): Promise<Answer>;
  graphql(query: string, headers?: Record<string, string>): Promise<Answer>;
}

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function startEndpoint(options: Partial<EndpointOptions> & { landingPage?: boolean } = {}): Promise<Harness> {
  const { landingPage = true, ...overrides } = options;
  const harness = { contexts: [], authentications: 0, touches: 0 } as unknown as Harness;
  const apollo = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: {
      Query: { whoami: (_: unknown, __: unknown, context: GatewayContext) => (context as unknown as { caller?: Caller }).caller?.name ?? null },
      Mutation: { touch: () => (harness.touches += 1) },
    },
    plugins: [landingPage ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }) : ApolloServerPluginLandingPageDisabled()],
    // As in app.ts: CSRF prevention is the endpoint's (src/endpoint/csrf.ts).
    csrfPrevention: false,
  });
  await apollo.start();
  const { logger, lines } = capturingLogger();
  const authenticate = overrides.authenticate;
  const server: Server = createServer(
    createRequestListener({
      apollo,
      logger,
      maxBodyBytes: 1024,
      readiness: () => ({ ready: true, body: { status: 'ready' } }),
      contextFor: (_req, who) => {
        harness.contexts.push(who);
        return { caller: who } as unknown as GatewayContext;
      },
      ...overrides,
      authenticate:
        authenticate &&
        ((req) => {
          harness.authentications += 1;
          return authenticate(req);
        }),
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agent = new Agent();
  cleanups.push(async () => {
    await agent.close();
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  });
  harness.logs = lines;
  harness.url = `${origin}/graphql`;
  harness.call = async (path, init = {}) => {
    const answer = await request(`${origin}${path}`, { dispatcher: agent, method: (init.method ?? 'GET') as 'GET', headers: init.headers, body: init.body });
    const text = await answer.body.text();
    return { status: answer.statusCode, headers: answer.headers, text, json: () => JSON.parse(text) as GraphQLBody };
  };
  harness.graphql = (query, headers = {}) =>
    harness.call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return harness;
}

describe('request ids on every answer', () => {
  it('gives the endpoint’s own refusals an x-request-id: a new one, or the caller’s when it is a sane token', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const refused = await endpoint.graphql('{ whoami }');
    expect(refused.status).toBe(401);
    expect(refused.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const kept = await endpoint.graphql('{ whoami }', { 'x-request-id': 'support-ticket-42' });
    expect(kept.headers['x-request-id']).toBe('support-ticket-42');
    const notFound = await endpoint.call('/nowhere', { method: 'GET', headers: { 'x-request-id': 'bad id with spaces' } });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('authentication at the HTTP endpoint', () => {
  it('refuses a request without credentials with 401, a Bearer challenge and UNAUTHENTICATED, before any GraphQL work', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.graphql('mutation { touch }');
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="chat-gateway"');
    expect(answer.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer.json()).toEqual({ errors: [{ message: expect.stringContaining('Authorization: Bearer'), extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(endpoint.contexts).toEqual([]);
    expect(endpoint.touches).toBe(0);
  });

  it.each([
    ['Bearer key-with-typo!', 'not valid'],
    ['Basic dXNlcjpwYXNz', 'not valid'],
    ['Bearer stale-token-123', 'expired'],
  ])('refuses %s with 401 and error="invalid_token", never echoing the credentials', async (authorization, words) => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.graphql('{ whoami }', { authorization });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="chat-gateway", error="invalid_token"');
    expect(answer.json().errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(answer.json().errors?.[0]?.message).toContain(words);
    expect(answer.text).not.toContain(authorization.split(' ')[1]);
    expect(endpoint.contexts).toEqual([]);
  });

  it('answers 401 in the negotiated media type', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.graphql('{ whoami }', { accept: 'application/graphql-response+json' });
    expect(answer.status).toBe(401);
    expect(answer.headers['content-type']).toBe('application/graphql-response+json; charset=utf-8');
  });

  it('refuses GET operations too', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.call('/graphql?query=%7Bwhoami%7D', { headers: { 'apollo-require-preflight': 'true' } });
    expect(answer.status).toBe(401);
  });

  it('refuses before reading the body: an oversized body without credentials is a 401, not a 413', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ whoami }', padding: 'x'.repeat(5000) }) });
    expect(answer.status).toBe(401);
  });

  it('hands the authenticated caller to contextFor', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.graphql('{ whoami }', { authorization: 'Bearer key-alice' });
    expect(answer.json()).toEqual({ data: { whoami: 'alice' } });
    expect(endpoint.contexts).toEqual([caller('alice')]);
  });

  it('serves the Sandbox landing page to a browser without credentials', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.call('/graphql', { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html');
    expect(answer.text).toContain('embeddable-sandbox');
    expect(endpoint.authentications).toBe(0);
  });

  it('still authenticates a browser-shaped GET when there is no landing page to serve', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, landingPage: false });
    const answer = await endpoint.call('/graphql', { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('Bearer realm="chat-gateway"');
    expect(answer.json().errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect(endpoint.contexts).toEqual([]);
  });

  it('does not authenticate CORS preflights', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, cors: { origins: ['https://app.example.com'] } });
    const answer = await endpoint.call('/graphql', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(endpoint.authentications).toBe(0);
  });

  it('answers 406 before asking for credentials: nothing it could send would be readable', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.graphql('{ whoami }', { accept: 'text/xml' });
    expect(answer.status).toBe(406);
    expect(endpoint.authentications).toBe(0);
  });

  it('keeps today’s behaviour without an authenticate option: every request runs, with no caller', async () => {
    const endpoint = await startEndpoint();
    const answer = await endpoint.graphql('{ whoami }');
    expect(answer.json()).toEqual({ data: { whoami: null } });
    expect(endpoint.contexts).toEqual([undefined]);
  });
});

describe('rate limiting at the HTTP endpoint', () => {
  /** One request every 4 s, bursts of 2, on a clock that only the test moves. */
  function limiter() {
    let now = 0;
    return { limiter: new TokenBucketRateLimiter({ requestsPerSecond: 0.25, burst: 2, now: () => now }), advance: (ms: number) => (now += ms) };
  }

  it('answers 429 with Retry-After (whole seconds) and RATE_LIMITED with retryAfterMs once the burst is used, and runs nothing', async () => {
    const { limiter: rateLimiter, advance } = limiter();
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, rateLimiter });
    const alice = { authorization: 'Bearer key-alice' };
    expect((await endpoint.graphql('mutation { touch }', alice)).status).toBe(200);
    advance(500);
    expect((await endpoint.graphql('mutation { touch }', alice)).status).toBe(200);
    const refused = await endpoint.graphql('mutation { touch }', alice);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('4');
    expect(refused.json()).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'RATE_LIMITED', retryAfterMs: 3500 } }] });
    expect(endpoint.touches).toBe(2);
    advance(3500);
    expect((await endpoint.graphql('mutation { touch }', alice)).status).toBe(200);
  });

  it('authenticates first: a bad key is a 401, never a 429, and uses no one’s budget', async () => {
    const { limiter: rateLimiter } = limiter();
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, rateLimiter });
    for (let i = 0; i < 5; i += 1) expect((await endpoint.graphql('{ whoami }', { authorization: 'Bearer wrong' })).status).toBe(401);
    for (let i = 0; i < 2; i += 1) expect((await endpoint.graphql('{ whoami }', { authorization: 'Bearer key-alice' })).status).toBe(200);
  });

  it('gives each caller its own budget, whichever connection it uses', async () => {
    const { limiter: rateLimiter } = limiter();
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, rateLimiter });
    for (let i = 0; i < 2; i += 1) await endpoint.graphql('{ whoami }', { authorization: 'Bearer key-alice' });
    expect((await endpoint.graphql('{ whoami }', { authorization: 'Bearer key-alice' })).status).toBe(429);
    expect((await endpoint.graphql('{ whoami }', { authorization: 'Bearer key-bob' })).status).toBe(200);
  });

  it('refuses before reading the body: an oversized body over the limit is a 429, not a 413', async () => {
    const { limiter: rateLimiter } = limiter();
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, rateLimiter });
    const alice = { authorization: 'Bearer key-alice' };
    for (let i = 0; i < 2; i += 1) await endpoint.graphql('{ whoami }', alice);
    const answer = await endpoint.call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...alice }, body: 'x'.repeat(5000) });
    expect(answer.status).toBe(429);
  });

  it('keys callers by name, and anonymous callers (authentication off or absent) by remote address', async () => {
    const keys: string[] = [];
    const recording: RateLimiter = { take: (key) => (keys.push(key), { allowed: true }), peek: () => ({ allowed: true }) };
    const withAuth = await startEndpoint({ authenticate: fakeAuthenticate, rateLimiter: recording });
    await withAuth.graphql('{ whoami }', { authorization: 'Bearer key-alice' });
    await withAuth.graphql('{ whoami }', { authorization: 'Bearer key-anonymous' });
    const withoutAuth = await startEndpoint({ rateLimiter: recording });
    await withoutAuth.graphql('{ whoami }');
    expect(keys).toEqual(['api-key:alice', 'address:127.0.0.1', 'address:127.0.0.1']);
  });

  it('does not count health probes, metrics scrapes or preflights', async () => {
    const keys: string[] = [];
    const recording: RateLimiter = { take: (key) => (keys.push(key), { allowed: true }), peek: () => ({ allowed: true }) };
    const metrics = { contentType: 'text/plain; version=0.0.4', body: () => Promise.resolve('up 1\n') };
    const endpoint = await startEndpoint({ rateLimiter: recording, cors: { origins: '*' }, metrics });
    await endpoint.call('/healthz');
    await endpoint.call('/readyz');
    expect((await endpoint.call('/metrics')).status).toBe(200);
    await endpoint.call('/graphql', { method: 'OPTIONS', headers: { origin: 'https://a.example', 'access-control-request-method': 'POST' } });
    expect(keys).toEqual([]);
  });
});

describe('CORS at the HTTP endpoint', () => {
  it('puts CORS headers on /graphql only, refusals included, so browsers can read a 401 or 429', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, cors: { origins: ['https://app.example.com'] } });
    const origin = { origin: 'https://app.example.com' };
    const refused = await endpoint.graphql('{ whoami }', origin);
    expect(refused.status).toBe(401);
    expect(refused.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(refused.headers['access-control-expose-headers']).toBe('retry-after,www-authenticate,x-request-id');
    const ok = await endpoint.graphql('{ whoami }', { ...origin, authorization: 'Bearer key-alice' });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(ok.headers.vary).toBe('Origin');
    for (const path of ['/healthz', '/readyz', '/nope']) {
      const other = await endpoint.call(path, { headers: origin });
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(other.headers.vary).toBeUndefined();
    }
  });

  it('sends no CORS headers without a cors option (today’s behaviour), and answers OPTIONS itself', async () => {
    const endpoint = await startEndpoint();
    const answer = await endpoint.graphql('{ whoami }', { origin: 'https://app.example.com' });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    const options = await endpoint.call('/graphql', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, POST, OPTIONS');
    expect(options.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('CSRF prevention at the HTTP endpoint', () => {
  const CSRF_LOG = 'request refused: possible cross-site request forgery';
  const csrfLines = (endpoint: Harness) => endpoint.logs.filter((line) => line.includes(CSRF_LOG));

  it('refuses an admitted simple GET with 400 BAD_REQUEST before any context, logs it once and counts it', async () => {
    const observeRefusal = jest.fn();
    const endpoint = await startEndpoint({ observeRefusal });
    const answer = await endpoint.call('/graphql?query=%7Bwhoami%7D', { headers: { origin: 'https://evil.example' } });
    expect(answer.status).toBe(400);
    expect(answer.json()).toEqual({ errors: [{ message: expect.stringContaining('(CSRF)'), extensions: { code: 'BAD_REQUEST' } }] });
    expect(endpoint.contexts).toEqual([]);
    expect(csrfLines(endpoint)).toHaveLength(1);
    expect(JSON.parse(csrfLines(endpoint)[0]!)).toMatchObject({ level: 30, reason: 'csrf', method: 'GET', origin: 'https://evil.example' });
    expect(observeRefusal.mock.calls).toEqual([['csrf']]);
  });

  it('authenticates first: a simple GET without credentials is a 401, not counted as CSRF', async () => {
    const observeRefusal = jest.fn();
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate, observeRefusal });
    expect((await endpoint.call('/graphql?query=%7Bwhoami%7D')).status).toBe(401);
    expect(observeRefusal).not.toHaveBeenCalled();
  });

  it('runs a GET carrying a Bearer key: a browser sends one cross-origin only after a preflight', async () => {
    const endpoint = await startEndpoint({ authenticate: fakeAuthenticate });
    const answer = await endpoint.call('/graphql?query=%7Bwhoami%7D', { headers: { authorization: 'Bearer key-alice' } });
    expect(answer.json()).toEqual({ data: { whoami: 'alice' } });
  });

  it('checks the browser-shaped GET that goes on to Apollo when there is no landing page, after admission', async () => {
    const observeRefusal = jest.fn();
    const endpoint = await startEndpoint({ landingPage: false, observeRefusal });
    // A GET naming nothing to run (one naming a query, a document id or a persisted hash takes the main path).
    const search = '';
    const refused = await endpoint.call(`/graphql${search}`, { headers: { accept: 'text/html' } });
    expect(refused.status).toBe(400);
    expect(refused.json().errors?.[0]).toEqual({ message: expect.stringContaining('(CSRF)'), extensions: { code: 'BAD_REQUEST' } });
    expect(endpoint.contexts).toEqual([]);
    expect(observeRefusal.mock.calls).toEqual([['csrf']]);
    const preflighted = await endpoint.call(`/graphql${search}`, { headers: { accept: 'text/html', 'apollo-require-preflight': 'true' } });
    expect(preflighted.json().errors?.[0]?.message).not.toContain('CSRF');
    expect(endpoint.contexts).toHaveLength(1);
    const withAuth = await startEndpoint({ landingPage: false, authenticate: fakeAuthenticate });
    expect((await withAuth.call(`/graphql${search}`, { headers: { accept: 'text/html' } })).status).toBe(401);
    // A browser-shaped GET that names a persisted query is answered as any GraphQL GET: here, nothing it accepts.
    const persisted = `?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } }))}`;
    expect((await endpoint.call(`/graphql${persisted}`, { headers: { accept: 'text/html' } })).status).toBe(406);
  });

  it('refuses nothing when CORS lets any origin in: every preflight would be approved', async () => {
    const observeRefusal = jest.fn();
    const endpoint = await startEndpoint({ cors: { origins: '*' }, observeRefusal });
    const answer = await endpoint.call('/graphql?query=%7Bwhoami%7D', { headers: { origin: 'https://evil.example' } });
    expect(answer.json()).toEqual({ data: { whoami: null } });
    expect(observeRefusal).not.toHaveBeenCalled();
  });
});
