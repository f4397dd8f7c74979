import { createClient } from '@redis/client';
import { createEventHub, EventBusUnavailableError, type EventHub, type GatewayEvent } from '../../src/events';
import { capturingLogger } from '../support/logger';
import { findRedisServer, startTestRedis, type TestRedis } from '../support/redis';

/**
 * Two event hubs (as two replicas would have) on one real Redis. Needs Debian's `redis-server` on PATH
 * (`.ci/run` installs it): without it this file reports itself skipped, except under CI, where a missing
 * server must not pass unnoticed.
 */
const redisServer = findRedisServer();
const inCi = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
const title = redisServer ? 'the event hub across replicas through Redis' : 'the event hub across replicas through Redis (skipped: redis-server not installed)';
const describeWithRedis = redisServer ? describe : describe.skip;
// Jest lists skipped tests by name only in files where some test ran; this says why in every case.
if (!redisServer && !inCi) console.warn(`${title}: install redis-server (Debian package) to run it`);
if (!redisServer && inCi) {
  describe('the event hub across replicas through Redis', () => {
    it('runs on a real redis-server', () => {
      throw new Error('redis-server is not on PATH, and CI is set: install the Debian package redis-server (.ci/run does) so this test runs');
    });
  });
}

const PASSWORD = 'events-redis-pass-never-logged';
const NAMESPACE = 'events-e2e';
const CHANNEL = `${NAMESPACE}:events`;
const BUFFER = { bufferSize: 1_000, onOverflow: () => undefined };

function event(dedupeKey: string, tenant = 'acme'): GatewayEvent {
  return {
    kind: 'widget',
    tenant,
    dedupeKey,
    event: { type: 'MESSAGE_USER', at: '2025-01-01T00:00:00.000Z', roomId: 'r1', userId: 'u1', names: 'Ana', botId: 'b1', texts: [dedupeKey] },
  };
}

/** The iterator's next event, or a failure naming what did not come. */
async function nextWithin(iterator: AsyncIterator<GatewayEvent>, what: string, ms = 5_000): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => (timer = setTimeout(() => reject(new Error(`no event within ${ms} ms: ${what}`)), ms)));
  try {
    const result = await Promise.race([iterator.next(), timeout]);
    if (result.done) throw new Error(`the subscription ended: ${what}`);
    return result.value.dedupeKey;
  } finally {
    clearTimeout(timer);
  }
}

async function waitUntil(condition: () => boolean, what: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const connected = (hub: EventHub) => {
  const state = hub.state();
  return state.mode === 'redis' && state.connected;
};

/** Runs one command as Redis's administrator (the default user). */
async function asAdmin<T>(redis: TestRedis, command: (client: ReturnType<typeof createClient>) => Promise<T>): Promise<T> {
  const client = createClient({ url: redis.url });
  await client.connect();
  try {
    return await command(client);
  } finally {
    await client.quit();
  }
}

describeWithRedis(title, () => {
  let redis: TestRedis;
  const logsA = capturingLogger();
  const logsB = capturingLogger();
  let a: EventHub;
  let b: EventHub;
  let onA: AsyncIterableIterator<GatewayEvent>;
  let onB: AsyncIterableIterator<GatewayEvent>;
  const open = (logger = capturingLogger().logger, url = redis.url) =>
    createEventHub({ redisUrl: new URL(url), logger, dedupeWindowMs: 60_000, namespace: NAMESPACE });

  /** Both replicas' subscribers get exactly these events next, in this order. */
  const expectBothReceive = async (keys: string[]) => {
    for (const [name, subscription] of [['A', onA], ['B', onB]] as const) {
      const received: string[] = [];
      for (const key of keys) received.push(await nextWithin(subscription, `${key} on replica ${name}`));
      expect(received).toEqual(keys);
    }
  };

  beforeAll(async () => {
    redis = await startTestRedis(redisServer as string, { password: PASSWORD });
    a = open(logsA.logger);
    b = open(logsB.logger);
    await waitUntil(() => connected(a) && connected(b), 'both hubs connected and subscribed', 10_000);
    onA = a.subscribe({ tenant: 'acme', kind: 'widget' }, BUFFER);
    onB = b.subscribe({ tenant: 'acme', kind: 'widget' }, BUFFER);
  });

  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await redis?.close();
  });

  it("delivers an event published on one replica to every replica's subscribers, once each", async () => {
    await expect(a.publish(event('e1'))).resolves.toBe('published');
    // Events of one replica arrive in order: were e1 delivered twice anywhere, the marker would not be next.
    await expect(a.publish(event('marker-1'))).resolves.toBe('published');
    await expectBothReceive(['e1', 'marker-1']);
  });

  it('takes a delivery already published by another replica for a duplicate, and delivers it once', async () => {
    await expect(a.publish(event('e2'))).resolves.toBe('published');
    await expect(b.publish(event('e2'))).resolves.toBe('duplicate');
    // The same key in another tenant is another event.
    await expect(b.publish(event('e2', 'globex'))).resolves.toBe('published');
    await expect(b.publish(event('marker-2'))).resolves.toBe('published');
    await expectBothReceive(['e2', 'marker-2']);
  });

  it("keeps one replica's publish order for every subscriber", async () => {
    const keys = Array.from({ length: 50 }, (_, index) => `ordered-${index}`);
    const outcomes = await Promise.all(keys.map((key) => a.publish(event(key))));
    expect(new Set(outcomes)).toEqual(new Set(['published']));
    await expectBothReceive(keys);
  });

  it('ignores (and logs at debug) a message on the channel that is not an event', async () => {
    await asAdmin(redis, (admin) => admin.publish(CHANNEL, 'not json at all'));
    await a.publish(event('marker-3'));
    await expectBothReceive(['marker-3']);
    for (const { lines } of [logsA, logsB]) {
      const ignored = lines.map((line) => JSON.parse(line) as { msg: string; level: number }).filter((line) => line.msg === 'Event bus: ignored a message that is not an event');
      expect(ignored).toEqual([expect.objectContaining({ level: 20 })]);
    }
  });

  it('rejects an event Redis refuses to publish, and leaves no mark that would drop its retry', async () => {
    // A user who may write keys but not publish: the mark is set, then the PUBLISH fails.
    await asAdmin(redis, (admin) => admin.sendCommand(['ACL', 'SETUSER', 'no-publish', 'on', '>no-publish-pass', '~*', 'resetchannels', '+@all']));
    const url = new URL(redis.url);
    url.username = 'no-publish';
    url.password = 'no-publish-pass';
    const restrictedLogs = capturingLogger();
    const restricted = open(restrictedLogs.logger, url.toString());
    try {
      // Its subscriber cannot subscribe (no channel allowed), so wait for the publishing connection alone.
      await waitUntil(() => restrictedLogs.lines.some((line) => line.includes('Event bus connected to Redis (publishing)')), 'restricted hub connected', 5_000);
      await expect(restricted.publish(event('refused'))).rejects.toMatchObject({
        code: 'EVENT_BUS_UNAVAILABLE',
        message: expect.stringContaining("can't publish to the channel"),
      });
      await asAdmin(redis, (admin) => admin.sendCommand(['ACL', 'SETUSER', 'no-publish', 'allchannels']));
      await expect(restricted.publish(event('refused'))).resolves.toBe('published');
      await expectBothReceive(['refused']);
    } finally {
      await restricted.close();
    }
  });

  it('rejects publishes at once while Redis is down, warning once', async () => {
    await redis.stop();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const started = Date.now();
      await expect(a.publish(event('during-outage'))).rejects.toBeInstanceOf(EventBusUnavailableError);
      expect(Date.now() - started).toBeLessThan(1_500);
    }
    expect(a.state()).toEqual({ mode: 'redis', connected: false });
    const warnings = logsA.lines.map((line) => JSON.parse(line) as { msg: string }).filter((line) => line.msg.startsWith('Event bus unavailable'));
    expect(warnings).toHaveLength(1);
  });

  it('publishes and delivers again once Redis is back, to the subscriptions opened before the outage', async () => {
    await redis.start();
    // Both clients of both hubs reconnect with a backoff of at most about 2 s.
    await waitUntil(() => connected(a) && connected(b), 'both hubs reconnected and resubscribed', 20_000);
    // Refused during the outage, so its retry is published, not a duplicate (the restarted Redis is
    // empty anyway: the ACL test above is what proves a refused event leaves no mark).
    await expect(a.publish(event('during-outage'))).resolves.toBe('published');
    await expect(b.publish(event('after-outage'))).resolves.toBe('published');
    await expectBothReceive(['during-outage', 'after-outage']);
    const messages = logsA.lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['Event bus available again (publishing)', 'Event bus available again (subscribed)']));
  }, 30_000);

  it('logs where Redis is (host only), never its password', () => {
    for (const { lines } of [logsA, logsB]) {
      const connectedLines = lines.map((line) => JSON.parse(line) as { msg: string; host?: string }).filter((line) => line.msg.startsWith('Event bus connected'));
      expect(connectedLines).toHaveLength(2);
      for (const line of connectedLines) expect(line.host).toBe(`127.0.0.1:${redis.port}`);
      expect(lines.join('\n')).not.toContain(PASSWORD);
    }
  });

  it('ends its subscriptions on close and stops counting them', async () => {
    const extra = b.subscribe({ tenant: 'acme', kind: 'livechat' }, BUFFER);
    expect(b.subscriberCount()).toBe(2);
    await b.close();
    await expect(onB.next()).resolves.toEqual({ done: true, value: undefined });
    await expect(extra.next()).resolves.toEqual({ done: true, value: undefined });
    expect(b.subscriberCount()).toBe(0);
    await expect(b.publish(event('after-close'))).rejects.toBeInstanceOf(EventBusUnavailableError);
  });
});
