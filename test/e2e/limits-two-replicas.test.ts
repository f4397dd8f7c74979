import { createClient } from '@redis/client';
import { startTestGateway } from '../support/gateway';
import { compileGateway, startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { findRedisServer, startTestRedis, type TestRedis } from '../support/redis';
import { newKey, writeAuthFile } from '../support/security-auth-file';

/**
 * Limits hold across replicas: two gateway processes (`node dist/main.js`, as `npm start` runs them) with
 * the same `REDIS_URL` draw on one bucket per caller and one failed-authentication budget per address, so
 * a caller whose requests alternate between them gets the burst once, not once per replica. Without Redis
 * (the control) each process counts alone. Needs Debian's `redis-server` (`.ci/run` installs it): in CI
 * its absence fails the file; elsewhere it is reported and skipped.
 */
const redisServer = findRedisServer();
if (!redisServer && process.env.CI) throw new Error('redis-server is not installed: apt-get install redis-server (the CI machine must have it)');
const describeWithRedis = redisServer ? describe : describe.skip;
if (!redisServer) console.warn('limits across replicas: skipped, install redis-server (Debian package) to run it');

const BURST = 4;
// 0.1 per second: no token comes back during the test (one every 10 s).
const LIMITS = { GATEWAY_RATE_LIMIT_RPS: '0.1', GATEWAY_RATE_LIMIT_BURST: String(BURST) };
const QUERY = JSON.stringify({ query: '{ __typename }' });

interface Answer {
  status: number;
  retryAfter: string | null;
  code: unknown;
}

async function send(gateway: GatewayProcess, key: string): Promise<Answer> {
  const response = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: QUERY });
  const body = (await response.json()) as { errors?: Array<{ extensions?: { code?: unknown } }> };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), code: body.errors?.[0]?.extensions?.code };
}

/** The statuses of `count` requests sent alternately to each gateway (A, B, A, B …), one at a time. */
async function alternately(gateways: GatewayProcess[], key: string, count: number): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < count; i += 1) answers.push(await send(gateways[i % gateways.length] as GatewayProcess, key));
  return answers;
}

async function eventually(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function expectRateLimited(answer: Answer | undefined): void {
  expect(answer).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  // Nearly 10 s until the next token (0.1 per second), in whole seconds.
  expect(Number(answer?.retryAfter)).toBeGreaterThanOrEqual(9);
  expect(Number(answer?.retryAfter)).toBeLessThanOrEqual(10);
}

describeWithRedis('limits across two replicas through Redis', () => {
  const caller = newKey('replicated-app', ['read']);
  const file = writeAuthFile({ keys: [caller] });
  let redis: TestRedis | undefined;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;

  beforeAll(async () => {
    redis = await startTestRedis(redisServer as string, { password: 'limits-redis-pass' });
    const build = compileGateway();
    const env = { REDIS_URL: redis.url, GATEWAY_AUTH_FILE: file.path, ...LIMITS };
    [a, b] = await Promise.all([startGatewayProcess(build, env), startGatewayProcess(build, env)]);
    // Until its connection is up a replica decides alone; the test is about what they do together.
    await eventually(() => [a, b].every((gateway) => gateway?.output().includes('Rate limits shared through Redis')));
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stopGatewayProcess(a), stopGatewayProcess(b)]);
    await redis?.close();
    file.remove();
  });

  it("admits a caller's burst once across both replicas, then both answer 429", async () => {
    if (!a || !b) throw new Error('not started');
    const answers = await alternately([a, b], caller.key, BURST + 2);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 429, 429]);
    expectRateLimited(answers[4]);
    expectRateLimited(answers[5]);
    // Both replicas refuse from now on, whichever the caller tries.
    expect((await send(a, caller.key)).status).toBe(429);
    expect((await send(b, caller.key)).status).toBe(429);
  });

  it("spends one address's failed-authentication budget across both replicas, then both answer 429, good keys too", async () => {
    if (!a || !b) throw new Error('not started');
    const wrong = () => newKey('wrong', ['read']).key;
    const answers: Answer[] = [];
    for (let i = 0; i < BURST + 2; i += 1) answers.push(await send(i % 2 === 0 ? a : b, wrong()));
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expectRateLimited(answers[4]);
    expectRateLimited(answers[5]);
    const good = newKey('another-caller', ['read']);
    // Refused before its credentials are checked: 429, not 401, on both replicas.
    expect((await send(a, good.key)).status).toBe(429);
    expect((await send(b, good.key)).status).toBe(429);
  });

  it('logs where Redis is, never its password', () => {
    for (const gateway of [a, b]) expect(gateway?.output()).not.toContain('limits-redis-pass');
  });

  it("closes the limits' Redis connection with the app", async () => {
    const admin = createClient({ url: redis?.url });
    await admin.connect();
    try {
      const connections = async () => String(await admin.sendCommand(['CLIENT', 'LIST'])).trim().split('\n').length;
      const before = await connections();
      const gateway = await startTestGateway({ env: { REDIS_URL: redis?.url as string, GATEWAY_RATE_LIMIT_RPS: '10' } });
      let closed = false;
      try {
        await eventually(() => gateway.logs.some((line) => line.includes('Rate limits shared through Redis')));
        expect(await connections()).toBeGreaterThan(before);
        await gateway.close();
        closed = true;
        // The cache's, the event bus's and the limits' connections are all gone.
        expect(await connections()).toBe(before);
      } finally {
        if (!closed) await gateway.close();
      }
    } finally {
      await admin.disconnect();
    }
  });
});

// The control: the same two replicas without Redis count alone, so the caller gets a burst from each.
describe('limits across two replicas without Redis (each counts alone)', () => {
  const caller = newKey('unshared-app', ['read']);
  const file = writeAuthFile({ keys: [caller] });
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;

  beforeAll(async () => {
    const build = compileGateway();
    const env = { GATEWAY_AUTH_FILE: file.path, ...LIMITS };
    [a, b] = await Promise.all([startGatewayProcess(build, env), startGatewayProcess(build, env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stopGatewayProcess(a), stopGatewayProcess(b)]);
    file.remove();
  });

  it('admits the burst on each replica: twice the limit in all', async () => {
    if (!a || !b) throw new Error('not started');
    const answers = await alternately([a, b], caller.key, 2 * BURST + 2);
    expect(answers.map((answer) => answer.status)).toEqual([...Array<number>(2 * BURST).fill(200), 429, 429]);
    const failures: number[] = [];
    for (let i = 0; i < 2 * BURST + 2; i += 1) failures.push((await send(i % 2 === 0 ? a : b, newKey('wrong', ['read']).key)).status);
    expect(failures).toEqual([...Array<number>(2 * BURST).fill(401), 429, 429]);
  });
});
