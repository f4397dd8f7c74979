import { EventEmitter } from 'node:events';
import { createEventHub, EventBusUnavailableError, type EventsRedisClient, type GatewayEvent } from '../../src/events';
import { capturingLogger } from '../support/logger';

/**
 * A stand-in for a node-redis client: connects at once, hands SUBSCRIBE's listener to the test, and
 * answers EVAL as the test says (or never, like a Redis that stopped answering).
 */
class FakeRedisClient extends EventEmitter {
  isReady = false;
  isOpen = false;
  listener: ((message: string) => void) | undefined;
  answerEval: () => Promise<unknown> = () => new Promise(() => undefined);

  constructor(readonly options: Record<string, unknown>) {
    super();
  }

  async connect() {
    this.isOpen = true;
    this.isReady = true;
    this.emit('ready');
  }

  eval() {
    return this.answerEval();
  }

  async subscribe(_channel: string, listener: (message: string) => void) {
    this.listener = listener;
  }

  async quit() {
    this.isReady = false;
    this.isOpen = false;
  }

  async disconnect() {
    await this.quit();
  }
}

const event: GatewayEvent = {
  kind: 'widget',
  tenant: 'acme',
  dedupeKey: 'k1',
  event: { type: 'USER_NEW', at: '2025-01-01T00:00:00.000Z', roomId: null, userId: 'u1', names: null, botId: null, texts: [] },
};

function openHub(publishTimeoutMs = 1_000) {
  const clients: FakeRedisClient[] = [];
  const { logger, lines } = capturingLogger();
  const hub = createEventHub({
    redisUrl: new URL('redis://:s3cr%40t@redis.internal:6380'),
    logger,
    dedupeWindowMs: 60_000,
    publishTimeoutMs,
    createRedisClient: (options) => {
      const client = new FakeRedisClient(options as Record<string, unknown>);
      clients.push(client);
      return client as unknown as EventsRedisClient;
    },
  });
  const [commands, subscriber] = clients;
  if (!commands || !subscriber) throw new Error('expected two Redis clients');
  return { hub, commands, subscriber, lines };
}

describe('the event hub over Redis (fake clients)', () => {
  it('opens two clients that never queue commands while disconnected', async () => {
    const { hub, commands, subscriber } = openHub();
    for (const client of [commands, subscriber]) expect(client.options).toMatchObject({ disableOfflineQueue: true, url: 'redis://:s3cr%40t@redis.internal:6380' });
    await hub.close();
  });

  it('rejects a publish Redis does not answer within the limit, instead of hanging', async () => {
    const { hub } = openHub(30);
    const started = Date.now();
    await expect(hub.publish(event)).rejects.toBeInstanceOf(EventBusUnavailableError);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(hub.state()).toEqual({ mode: 'redis', connected: false });
    await hub.close();
  });

  it("reads the script's answer: 1 published, 0 duplicate; delivers only what comes back from Redis", async () => {
    const { hub, commands, subscriber } = openHub();
    const events = hub.subscribe({ tenant: 'acme', kind: 'widget' }, { bufferSize: 10, onOverflow: () => undefined });
    commands.answerEval = () => Promise.resolve(1);
    await expect(hub.publish(event)).resolves.toBe('published');
    commands.answerEval = () => Promise.resolve(0);
    await expect(hub.publish(event)).resolves.toBe('duplicate');
    // Nothing delivered by the publish itself: the subscriber gets the echo from Redis.
    const next = events.next();
    subscriber.listener?.(JSON.stringify(event));
    await expect(next).resolves.toEqual({ done: false, value: event });
    await hub.close();
  });

  it('ignores a malformed message with a debug line, and never logs the password', async () => {
    const { hub, subscriber, lines } = openHub();
    const events = hub.subscribe({ tenant: 'acme', kind: 'widget' }, { bufferSize: 10, onOverflow: () => undefined });
    subscriber.listener?.('{"kind":"widget"');
    subscriber.listener?.(JSON.stringify(event));
    await expect(events.next()).resolves.toEqual({ done: false, value: event });
    const parsed = lines.map((line) => JSON.parse(line) as { msg: string; level: number; host?: string });
    expect(parsed.filter((line) => line.msg === 'Event bus: ignored a message that is not an event')).toEqual([expect.objectContaining({ level: 20 })]);
    expect(parsed.filter((line) => line.msg.startsWith('Event bus connected'))).toEqual([
      expect.objectContaining({ host: 'redis.internal:6380' }),
      expect.objectContaining({ host: 'redis.internal:6380' }),
    ]);
    expect(lines.join('\n')).not.toMatch(/s3cr/);
    await hub.close();
  });
});
