import { createHash } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { createGatewayCache, type KeyValueCache } from '../../src/cache';
import { GuardedCache, type StoreHealth } from '../../src/cache/guarded-cache';
import { capturingLogger } from '../support/logger';
import { freePort } from '../support/redis';

const PASSWORD = 'p4ss-w0rd-never-logged';

function health(): StoreHealth & { failures: unknown[]; answers: number } {
  const state = { failures: [] as unknown[], answers: 0 };
  return {
    ...state,
    get failures() {
      return state.failures;
    },
    get answers() {
      return state.answers;
    },
    failed: (error) => void state.failures.push(error),
    answered: () => void (state.answers += 1),
  };
}

function store(overrides: Partial<KeyValueCache> = {}): KeyValueCache & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    get: overrides.get ?? (async (key) => void calls.push(`get ${key}`)),
    set: overrides.set ?? (async (key) => void calls.push(`set ${key}`)),
    delete: overrides.delete ?? (async (key) => (calls.push(`delete ${key}`), true)),
  };
}

const guarded = (inner: KeyValueCache, observed: StoreHealth, operationTimeoutMs = 1_000) =>
  new GuardedCache(inner, { operationTimeoutMs, defaultTtlSeconds: 3_600, health: observed });

describe('createGatewayCache without a Redis URL', () => {
  it('uses Apollo Server’s bounded in-memory cache and never creates a Redis client', async () => {
    const createRedisClient = jest.fn();
    const cache = createGatewayCache({ redisUrl: undefined, logger: capturingLogger().logger, createRedisClient });
    expect(cache.apollo).toBe('bounded');
    expect(cache.state()).toBe('memory');
    await cache.close();
    expect(createRedisClient).not.toHaveBeenCalled();
  });
});

describe('GuardedCache', () => {
  it('turns a failing store into misses: reads are undefined, writes and deletes are dropped, failures reported', async () => {
    const broken = new Error('connection lost');
    const observed = health();
    const cache = guarded(
      store({ get: () => Promise.reject(broken), set: () => Promise.reject(broken), delete: () => Promise.reject(broken) }),
      observed,
    );
    await expect(cache.get('apq:abc')).resolves.toBeUndefined();
    await expect(cache.set('apq:abc', '{ a }')).resolves.toBeUndefined();
    await expect(cache.delete('apq:abc')).resolves.toBe(false);
    expect(observed.failures).toEqual([broken, broken, broken]);
    expect(observed.answers).toBe(0);
  });

  it('does not wait for a store that never answers: the read is a miss after the operation timeout', async () => {
    const observed = health();
    const cache = guarded(store({ get: () => new Promise<undefined>(() => {}) }), observed, 20);
    await expect(cache.get('apq:abc')).resolves.toBeUndefined();
    expect(observed.failures).toEqual([expect.objectContaining({ name: 'CacheTimeoutError' })]);
  });

  it('gives entries written without a TTL the default one (a shared Redis must not grow forever), keeps explicit TTLs', async () => {
    const set = jest.fn(async () => {});
    const cache = guarded(store({ set }), health());
    await cache.set('apq:a', '{ a }');
    await cache.set('apq:b', '{ b }', { ttl: 60 });
    await cache.set('apq:c', '{ c }', { ttl: null });
    expect(set.mock.calls).toEqual([
      ['apq:a', '{ a }', { ttl: 3_600 }],
      ['apq:b', '{ b }', { ttl: 60 }],
      ['apq:c', '{ c }', { ttl: null }],
    ]);
  });

  it('reports an answer after failures, so the outage can be logged as over', async () => {
    const observed = health();
    const inner = store({ get: async () => '{ a }' });
    await expect(guarded(inner, observed).get('apq:a')).resolves.toBe('{ a }');
    expect(observed.answers).toBe(1);
  });

  it('leaves the store alone once closed (it is being disconnected)', async () => {
    const inner = store();
    const cache = guarded(inner, health());
    cache.close();
    await expect(cache.get('apq:a')).resolves.toBeUndefined();
    await cache.set('apq:a', '{ a }');
    await expect(cache.delete('apq:a')).resolves.toBe(false);
    expect(inner.calls).toEqual([]);
  });
});

describe('createGatewayCache with Redis unreachable', () => {
  it('never makes a request wait: reads are misses, state is disconnected, one warning per outage, no password', async () => {
    const port = await freePort(); // nothing listens there
    const { logger, lines } = capturingLogger();
    const cache = createGatewayCache({ redisUrl: new URL(`redis://:${PASSWORD}@127.0.0.1:${port}`), logger });
    try {
      const apq = cache.apollo as KeyValueCache;
      for (let i = 0; i < 5; i += 1) {
        await expect(apq.get(`apq:${i}`)).resolves.toBeUndefined();
        await apq.set(`apq:${i}`, '{ a }');
      }
      expect(cache.state()).toBe('disconnected');
      const warnings = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.level === 40);
      expect(warnings).toEqual([
        expect.objectContaining({ host: `127.0.0.1:${port}`, msg: expect.stringContaining('Redis cache unavailable') }),
      ]);
      expect(lines.join('\n')).not.toContain(PASSWORD);
      expect(lines.join('\n')).not.toContain('redis://');
    } finally {
      await cache.close();
    }
  });

  it('does not wait for a Redis that accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => void sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    const cache = createGatewayCache({
      redisUrl: new URL(`redis://127.0.0.1:${port}`),
      logger: capturingLogger().logger,
      operationTimeoutMs: 50,
    });
    try {
      await expect((cache.apollo as KeyValueCache).get('apq:a')).resolves.toBeUndefined();
      expect(cache.state()).toBe('disconnected');
    } finally {
      await cache.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('Apollo Server over the cache while Redis is down', () => {
  const query = '{ hello }';
  const sha256Hash = createHash('sha256').update(query).digest('hex');
  const persistedQuery = { version: 1, sha256Hash };

  it('serves full queries, answers hash-only requests PERSISTED_QUERY_NOT_FOUND, and registering still executes', async () => {
    const port = await freePort();
    const cache = createGatewayCache({ redisUrl: new URL(`redis://127.0.0.1:${port}`), logger: capturingLogger().logger });
    const apollo = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'hi' } }, cache: cache.apollo });
    await apollo.start();
    try {
      const full = await apollo.executeOperation({ query });
      expect(full.body).toEqual({ kind: 'single', singleResult: { data: { hello: 'hi' } } });

      const hashOnly = await apollo.executeOperation({ extensions: { persistedQuery } });
      expect(hashOnly.body.kind === 'single' && hashOnly.body.singleResult.errors?.map((error) => error.extensions?.code)).toEqual([
        'PERSISTED_QUERY_NOT_FOUND',
      ]);

      const register = await apollo.executeOperation({ query, extensions: { persistedQuery } });
      expect(register.body).toEqual({ kind: 'single', singleResult: { data: { hello: 'hi' } } });
    } finally {
      await apollo.stop();
      await cache.close();
    }
  });
});
