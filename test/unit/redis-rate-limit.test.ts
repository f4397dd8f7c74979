import { createClient } from '@redis/client';
import { createRateLimiters, TokenBucketRateLimiter, type RateLimiter, type RateLimiters, type RateLimitOptions } from '../../src/access/rate-limit';
import { capturingLogger } from '../support/logger';
import { findRedisServer, freePort, startTestRedis, type TestRedis } from '../support/redis';

/**
 * The token bucket in Redis (src/access/redis-rate-limit.ts) against a real `redis-server`: the same
 * decisions as the in-memory bucket, one bucket for every replica (each "replica" here is a connection of
 * its own), and the local fallback while Redis is stopped or paused, without a request ever hanging.
 * Needs Debian's `redis-server` (`.ci/run` installs it): in CI its absence fails the file; elsewhere it
 * is reported and skipped.
 */
const redisServer = findRedisServer();
if (!redisServer && process.env.CI) throw new Error('redis-server is not installed: apt-get install redis-server (the CI machine must have it)');
const describeWithRedis = redisServer ? describe : describe.skip;
if (!redisServer) console.warn('rate limits in Redis: skipped, install redis-server (Debian package) to run it');

const PASSWORD = 'limits-redis-p@ss';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Replica {
  limiters: RateLimiters;
  lines: string[];
  /** The limiter with these settings (the first one opens the connection). */
  limiter: RateLimiter;
}

/** How many takes in a row are admitted right now, alternating between the limiters given. */
async function admittedInARow(limiters: RateLimiter[], key: string, max = 100): Promise<number> {
  let count = 0;
  while (count < max && (await limiters[count % limiters.length]?.take(key))?.allowed) count += 1;
  return count;
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await sleep(50);
  }
}

function messages(lines: string[]): Array<{ level: number; msg: string; host?: string; reason?: string }> {
  return lines.map((line) => JSON.parse(line) as { level: number; msg: string; host?: string; reason?: string });
}

describeWithRedis('rate limits shared through Redis', () => {
  let redis: TestRedis;
  let admin: ReturnType<typeof createClient>;
  const replicas: Replica[] = [];

  /** A process's limiter over its own connection (closed after the test). */
  function replica(options: RateLimitOptions, overrides: { callTimeoutMs?: number; probeIntervalMs?: number; url?: string } = {}): Replica {
    const { logger, lines } = capturingLogger();
    const limiters = createRateLimiters({ redisUrl: new URL(overrides.url ?? redis.url), logger, callTimeoutMs: overrides.callTimeoutMs, probeIntervalMs: overrides.probeIntervalMs });
    const made: Replica = { limiters, lines, limiter: limiters.create(options) as RateLimiter };
    replicas.push(made);
    return made;
  }

  /** Waits until a replica's limiter decides through Redis (its connection is up). */
  async function connected(made: Replica): Promise<void> {
    await eventually(async () => messages(made.lines).some((line) => line.msg === 'Rate limits shared through Redis'));
  }

  beforeAll(async () => {
    redis = await startTestRedis(redisServer as string, { password: PASSWORD });
    admin = createClient({ url: redis.url });
    admin.on('error', () => undefined);
    await admin.connect();
  }, 30_000);
  afterEach(async () => {
    await Promise.all(replicas.splice(0).map((made) => made.limiters.close()));
    if (admin.isReady) await admin.flushAll();
  });
  afterAll(async () => {
    if (admin.isOpen) await admin.disconnect();
    await redis?.close();
  });

  it('gives two replicas one bucket per key: together they admit the burst once, then both refuse', async () => {
    const options = { requestsPerSecond: 0.1, burst: 4 };
    const [a, b] = [replica(options), replica(options)];
    await Promise.all([connected(a), connected(b)]);
    const limiters = [a.limiter, b.limiter];
    expect(await admittedInARow(limiters, 'apikey:shared')).toBe(4);
    // In memory each would have admitted 4: 8 in all.
    for (const limiter of limiters) {
      const decision = await limiter.take('apikey:shared');
      expect(decision.allowed).toBe(false);
      // 0.1 per second: the next token is (nearly) 10 s away.
      expect(decision.allowed === false && decision.retryAfterMs).toBeGreaterThan(9_000);
      expect(decision.allowed === false && decision.retryAfterMs).toBeLessThanOrEqual(10_000);
    }
  });

  it('peeks without using a token, on every replica', async () => {
    const options = { requestsPerSecond: 1, burst: 2 };
    const [a, b] = [replica(options), replica(options)];
    await Promise.all([connected(a), connected(b)]);
    const [onA, onB] = [a.limiter, b.limiter];
    for (let i = 0; i < 5; i += 1) expect(await onB.peek('caller')).toEqual({ allowed: true });
    expect(await admittedInARow([onA], 'caller')).toBe(2);
    const peeked = await onB.peek('caller');
    expect(peeked.allowed).toBe(false);
    expect(peeked.allowed === false && peeked.retryAfterMs).toBeGreaterThan(900);
    expect(await onB.peek('someone else')).toEqual({ allowed: true });
    // Peeking wrote nothing: only the caller who took tokens has a key.
    expect(await admin.keys('chat-gateway:ratelimit:*')).toHaveLength(1);
  });

  it('refills at the sustained rate, never beyond the burst, and charges nothing for refusals', async () => {
    // 10 per second: a token every 100 ms.
    const a = replica({ requestsPerSecond: 10, burst: 2 });
    await connected(a);
    const { limiter } = a;
    expect(await admittedInARow([limiter], 'refill')).toBe(2);
    const refused = await limiter.take('refill');
    expect(refused.allowed).toBe(false);
    const wait = refused.allowed ? 0 : refused.retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(100);
    // Hammering an empty bucket does not push the next token further away.
    for (let i = 0; i < 20; i += 1) await limiter.take('refill');
    await sleep(wait + 20);
    expect(await admittedInARow([limiter], 'refill')).toBe(1);
    // Idle for much longer than the bucket takes to fill: the burst again, no more.
    await sleep(500);
    expect(await admittedInARow([limiter], 'refill')).toBe(2);
  });

  it('keeps one bucket per key, under a hashed name that expires once the bucket is full again', async () => {
    const a = replica({ requestsPerSecond: 0.5, burst: 3 });
    await connected(a);
    const { limiter } = a;
    expect(await admittedInARow([limiter], 'apikey:first-app')).toBe(3);
    expect(await admittedInARow([limiter], 'auth-failures:address:192.0.2.7')).toBe(3);
    expect((await limiter.take('apikey:first-app')).allowed).toBe(false);
    const keys = await admin.keys('*');
    expect(keys).toHaveLength(2);
    // Key names and addresses never appear in Redis: only their SHA-256.
    for (const key of keys) {
      expect(key).toMatch(/^chat-gateway:ratelimit:[0-9a-f]{64}$/);
      // A full bucket 3 tokens × 2 s away at most: the key outlives it by nothing.
      const ttl = await admin.pTTL(key);
      expect(ttl).toBeGreaterThan(5_000);
      expect(ttl).toBeLessThanOrEqual(6_000);
    }
  });

  it('keeps working when Redis forgets its scripts (EVALSHA falls back to EVAL)', async () => {
    const a = replica({ requestsPerSecond: 1, burst: 2 });
    await connected(a);
    const { limiter } = a;
    expect((await limiter.take('scripts')).allowed).toBe(true);
    await admin.scriptFlush();
    expect((await limiter.take('scripts')).allowed).toBe(true);
    expect((await limiter.take('scripts')).allowed).toBe(false);
    expect(messages(a.lines).some((line) => line.level >= 40)).toBe(false);
  });

  it('decides in the process at once when Redis was never reachable, and says so once', async () => {
    const nobody = `redis://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${await freePort()}`;
    const a = replica({ requestsPerSecond: 0.1, burst: 2 }, { url: nobody });
    await eventually(async () => messages(a.lines).some((line) => line.level === 40));
    const { limiter } = a;
    const started = Date.now();
    expect(await admittedInARow([limiter], 'alone')).toBe(2);
    expect(Date.now() - started).toBeLessThan(200);
    await sleep(500);
    const warnings = messages(a.lines).filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.host).toBe(new URL(nobody).host);
    expect(a.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('opens no connection when both limits are off, and limits in memory without REDIS_URL', async () => {
    const { logger, lines } = capturingLogger();
    const off = createRateLimiters({ redisUrl: new URL(redis.url), logger });
    expect(off.create('off')).toBeUndefined();
    await sleep(100);
    expect(lines).toEqual([]);
    await off.close();
    const memory = createRateLimiters({ redisUrl: undefined, logger });
    expect(memory.create({ requestsPerSecond: 1, burst: 1 })).toBeInstanceOf(TokenBucketRateLimiter);
    expect(() => off.create({ requestsPerSecond: 0, burst: 1 })).toThrow(RangeError);
  });

  it('falls back to per-process buckets while Redis is stopped, without hanging, and shares again once it is back', async () => {
    const options = { requestsPerSecond: 0.1, burst: 3 };
    const [a, b] = [replica(options, { probeIntervalMs: 100 }), replica(options, { probeIntervalMs: 100 })];
    await Promise.all([connected(a), connected(b)]);
    const limiters = [a.limiter, b.limiter];
    expect(await admittedInARow(limiters, 'outage')).toBe(3);

    await redis.stop();
    try {
      // Each replica now counts alone: a full local bucket each (3 + 3), then refusals — and no call waits.
      const started = Date.now();
      expect(await admittedInARow([limiters[0] as RateLimiter], 'outage')).toBe(3);
      expect(await admittedInARow([limiters[1] as RateLimiter], 'outage')).toBe(3);
      expect(await limiters[0]?.peek('outage')).toMatchObject({ allowed: false });
      expect(Date.now() - started).toBeLessThan(1_000);
      for (const made of [a, b]) {
        const warnings = messages(made.lines).filter((line) => line.level === 40);
        expect(warnings).toHaveLength(1);
        expect(warnings[0]).toMatchObject({ host: `127.0.0.1:${redis.port}` });
        expect(made.lines.join('\n')).not.toContain(PASSWORD);
      }
    } finally {
      await redis.start();
    }

    // Redis is back (empty: nothing persisted): both replicas share its buckets again.
    await eventually(async () => {
      await Promise.all(limiters.map((limiter) => limiter.peek('probe')));
      return [a, b].every((made) => messages(made.lines).some((line) => line.msg === 'Rate limits shared through Redis again'));
    });
    expect(await admittedInARow(limiters, 'after')).toBe(3);
    expect((await limiters[1]?.take('after'))?.allowed).toBe(false);
    for (const made of [a, b]) {
      expect(messages(made.lines).filter((line) => line.msg === 'Rate limits shared through Redis again')).toHaveLength(1);
      expect(messages(made.lines).filter((line) => line.level === 40)).toHaveLength(1);
    }
  }, 30_000);

  it('bounds each call when Redis is connected but does not answer, deciding locally meanwhile', async () => {
    const a = replica({ requestsPerSecond: 0.1, burst: 2 }, { callTimeoutMs: 100, probeIntervalMs: 100 });
    await connected(a);
    const { limiter } = a;
    expect((await limiter.take('paused')).allowed).toBe(true);
    // Every client's commands wait for 1.5 s (the admin's own reply comes first).
    await admin.sendCommand(['CLIENT', 'PAUSE', '1500', 'ALL']);
    const started = Date.now();
    // The first call waits out its 100 ms; the local bucket (full) decides; later calls do not wait.
    expect(await limiter.take('paused')).toEqual({ allowed: true });
    expect(await limiter.take('paused')).toEqual({ allowed: true });
    expect((await limiter.take('paused')).allowed).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(messages(a.lines).filter((line) => line.level === 40)).toHaveLength(1);
    await eventually(async () => {
      await limiter.peek('probe');
      return messages(a.lines).some((line) => line.msg === 'Rate limits shared through Redis again');
    });
  }, 15_000);

  it('decides locally after close, without waiting', async () => {
    const a = replica({ requestsPerSecond: 0.1, burst: 1 });
    await connected(a);
    const { limiter } = a;
    await a.limiters.close();
    expect(await limiter.take('closed')).toEqual({ allowed: true });
    expect((await limiter.take('closed')).allowed).toBe(false);
    expect(messages(a.lines).filter((line) => line.level === 40)).toHaveLength(0);
  });
});
