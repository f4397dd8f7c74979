import { createHash } from 'node:crypto';
import { request } from 'undici';
import {
  compileGateway,
  removeGatewayBuild,
  startGatewayProcess,
  stopGatewayProcess,
  type GatewayProcess,
} from '../support/gateway-process';
import { findRedisServer, startTestRedis, type TestRedis } from '../support/redis';

/**
 * Two replicas of the gateway (separate Node processes, each with its own embedded simulators, which
 * are seeded identically) share automatic persisted queries through one real Redis. Needs Debian's
 * `redis-server` on PATH (`.ci/run` installs it); without it this whole file reports itself skipped.
 */
const redisServer = findRedisServer();
const describeWithRedis = redisServer ? describe : describe.skip;
const title = redisServer
  ? 'persisted queries shared by two gateway processes through Redis'
  : 'persisted queries shared by two gateway processes through Redis (skipped: redis-server not installed)';
// Jest lists skipped tests by name only in files where some test ran; this says why in every case.
if (!redisServer) console.warn(`${title}: install redis-server (Debian package) to run it`);

const PASSWORD = 'redis-pass-never-logged';
const QUERY = '{ agents(type: MANAGER) { totalCount nodes { username } } }';
const SHA = createHash('sha256').update(QUERY).digest('hex');
const persistedQuery = { version: 1, sha256Hash: SHA };

interface Answer {
  data?: { agents: { totalCount: number; nodes: Array<{ username: string | null }> } } | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

async function post(gateway: GatewayProcess, body: Record<string, unknown>): Promise<Answer> {
  const answer = await request(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await answer.body.json()) as Answer;
}

/** The hash-only request as APQ clients send it (GET, so CDNs can cache it). */
async function getByHash(gateway: GatewayProcess): Promise<Answer> {
  const url = new URL(gateway.url);
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery }));
  // Apollo Server's CSRF prevention wants a non-simple header on GETs.
  const answer = await request(url, { method: 'GET', headers: { 'apollo-require-preflight': 'true' } });
  return (await answer.body.json()) as Answer;
}

const codes = (answer: Answer) => answer.errors?.map((error) => error.extensions?.code);

/** The process's JSON log lines with this message. */
function logged(gateway: GatewayProcess, msg: string): Array<Record<string, unknown>> {
  return gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((line) => line.msg === msg);
}
const UNAVAILABLE = 'Redis cache unavailable: persisted queries are cache misses (clients resend the full query) until it is back';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithRedis(title, () => {
  let redis: TestRedis | undefined;
  let build: string | undefined;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;
  const gateways = () => {
    if (!a || !b || !redis) throw new Error('not started');
    return { a, b, redis };
  };

  beforeAll(async () => {
    redis = await startTestRedis(redisServer as string, { password: PASSWORD });
    build = compileGateway();
    // Development mode: embedded simulators, no credentials needed, callers unauthenticated.
    const env = { REDIS_URL: redis.url, GATEWAY_METRICS: 'off', LOG_FORMAT: 'json' };
    [a, b] = await Promise.all([startGatewayProcess(build, env), startGatewayProcess(build, env)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stopGatewayProcess(a), stopGatewayProcess(b)]);
    await redis?.close();
    removeGatewayBuild(build);
  });

  it('a query registered on gateway A is served by gateway B from its hash alone', async () => {
    const { a, b } = gateways();
    // Not known anywhere yet: the protocol's "send me the full query".
    expect(codes(await post(a, { extensions: { persistedQuery } }))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registered = await post(a, { query: QUERY, extensions: { persistedQuery } });
    expect(registered.errors).toBeUndefined();
    expect(registered.data?.agents.totalCount).toBeGreaterThan(0);

    // B never saw the query text: only Redis can have told it.
    const served = await getByHash(b);
    expect(served).toEqual(registered);
  });

  it('keeps serving while Redis is down: full queries answer, hash-only requests are misses, one warning each', async () => {
    const { a, b, redis } = gateways();
    await redis.stop();

    for (const gateway of [a, b]) {
      const full = await post(gateway, { query: QUERY });
      expect(full.errors).toBeUndefined();
      expect(full.data?.agents.totalCount).toBeGreaterThan(0);
      // Registering while Redis is down still executes the query; only the sharing is lost.
      expect((await post(gateway, { query: QUERY, extensions: { persistedQuery } })).errors).toBeUndefined();
      for (let i = 0; i < 3; i += 1) expect(codes(await getByHash(gateway))).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      expect(logged(gateway, UNAVAILABLE)).toEqual([expect.objectContaining({ level: 40 })]);
    }
  });

  it('shares persisted queries again once Redis is back (the restarted Redis is empty)', async () => {
    const { a, b, redis } = gateways();
    await redis.start();
    // Both clients reconnect with a backoff of at most about 2 s; wait for it, within a bound.
    const until = Date.now() + 20_000;
    let served: Answer | undefined;
    while (Date.now() < until) {
      await post(a, { query: QUERY, extensions: { persistedQuery } });
      served = await getByHash(b);
      if (served.data) break;
      await sleep(100);
    }
    expect(served?.errors).toBeUndefined();
    expect(served?.data?.agents.totalCount).toBeGreaterThan(0);
    expect(logged(b, 'Redis cache available again')).toHaveLength(1);
  }, 30_000);

  it('logs where Redis is (host only), never its password', () => {
    const { a, b, redis } = gateways();
    for (const gateway of [a, b]) {
      expect(logged(gateway, 'Redis cache connected')).toEqual([expect.objectContaining({ host: `127.0.0.1:${redis.port}` })]);
      expect(gateway.output()).not.toContain(PASSWORD);
    }
  });
});
