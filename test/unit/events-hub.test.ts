import { createEventHub, EventBusUnavailableError, SubscriberTooSlowError, type EventHub, type EventHubOptions, type GatewayEvent } from '../../src/events';
import { capturingLogger } from '../support/logger';

/** A clock the test moves by hand: de-duplication windows expire without sleeping. */
function manualClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

function livechat(tenant: string, dedupeKey: string, roomId = 'room-1'): GatewayEvent {
  return {
    kind: 'livechat',
    tenant,
    dedupeKey,
    event: {
      type: 'MESSAGE',
      roomId,
      at: '2025-01-01T00:00:00.000Z',
      departmentId: null,
      previousDepartmentId: null,
      visitor: null,
      agentId: null,
      previousAgentId: null,
      messages: [],
    },
  };
}

function widget(tenant: string, dedupeKey: string): GatewayEvent {
  return {
    kind: 'widget',
    tenant,
    dedupeKey,
    event: { type: 'USER_NEW', at: '2025-01-01T00:00:00.000Z', roomId: null, userId: 'u1', names: null, botId: null, texts: [] },
  };
}

const keysOf = (events: GatewayEvent[]) => events.map((event) => event.dedupeKey);

/** Reads what the iterator already holds, stopping at the first read that would wait. */
async function drain<T>(iterator: AsyncIterator<T>): Promise<T[]> {
  const values: T[] = [];
  for (;;) {
    const waiting = Symbol('waiting');
    // A read that would wait resolves after this macrotask; one that has a value resolves before it.
    const result = await Promise.race([iterator.next(), new Promise<typeof waiting>((resolve) => setImmediate(() => resolve(waiting)))]);
    if (result === waiting || result.done) return values;
    values.push(result.value);
  }
}

const noOverflow = { bufferSize: 100, onOverflow: () => undefined };

describe('the in-memory event hub', () => {
  let hub: EventHub;
  let clock: ReturnType<typeof manualClock>;
  const open = (extra: Partial<EventHubOptions> = {}) => {
    clock = manualClock();
    hub = createEventHub({ logger: capturingLogger().logger, dedupeWindowMs: 60_000, clock, ...extra });
    return hub;
  };
  afterEach(() => hub.close());

  it('takes a (tenant, dedupeKey) pair once within the window, and again once it has passed', async () => {
    open();
    const events = hub.subscribe({ tenant: 't1', kind: 'livechat' }, noOverflow);
    expect(await hub.publish(livechat('t1', 'k1'))).toBe('published');
    clock.advance(60_000);
    // Remembered up to and including the window's last millisecond (Redis's PX counts the same way).
    expect(await hub.publish(livechat('t1', 'k1'))).toBe('duplicate');
    // The same key in another tenant is another event.
    expect(await hub.publish(livechat('t2', 'k1'))).toBe('published');
    clock.advance(1);
    expect(await hub.publish(livechat('t1', 'k1'))).toBe('published');
    expect(keysOf(await drain(events))).toEqual(['k1', 'k1']);
  });

  it('shows a subscriber only its own tenant and kind, filtered by accept', async () => {
    open();
    const tenantA = hub.subscribe({ tenant: 'a', kind: 'livechat' }, noOverflow);
    const tenantB = hub.subscribe({ tenant: 'b', kind: 'livechat' }, noOverflow);
    const widgetsA = hub.subscribe({ tenant: 'a', kind: 'widget' }, noOverflow);
    const roomTwoA = hub.subscribe({ tenant: 'a', kind: 'livechat', accept: (event) => event.event.roomId === 'room-2' }, noOverflow);

    await hub.publish(livechat('a', 'a1', 'room-1'));
    await hub.publish(livechat('b', 'b1', 'room-2'));
    await hub.publish(widget('a', 'aw1'));
    await hub.publish(livechat('a', 'a2', 'room-2'));

    expect(keysOf(await drain(tenantA))).toEqual(['a1', 'a2']);
    expect(keysOf(await drain(tenantB))).toEqual(['b1']);
    expect(keysOf(await drain(widgetsA))).toEqual(['aw1']);
    expect(keysOf(await drain(roomTwoA))).toEqual(['a2']);
  });

  it('delivers in publish order, also to a consumer already waiting', async () => {
    open();
    const events = hub.subscribe({ tenant: 't', kind: 'livechat' }, { bufferSize: 1_000, onOverflow: () => undefined });
    const first = events.next();
    const keys = Array.from({ length: 200 }, (_, index) => `k${index}`);
    for (const key of keys) void hub.publish(livechat('t', key));
    expect((await first).value?.dedupeKey).toBe('k0');
    expect(keysOf(await drain(events))).toEqual(keys.slice(1));
  });

  it('cuts off a subscriber that leaves more than bufferSize events unread, and only that one', async () => {
    const overflowed = jest.fn();
    open({ observer: { overflowed } });
    const onOverflow = jest.fn();
    const slow = hub.subscribe({ tenant: 't', kind: 'livechat' }, { bufferSize: 3, onOverflow });
    const other = hub.subscribe({ tenant: 't', kind: 'livechat' }, { bufferSize: 5, onOverflow: () => undefined });

    const published: Array<Promise<unknown>> = [];
    for (const key of ['k1', 'k2', 'k3', 'k4']) published.push(hub.publish(livechat('t', key)));
    // At once, within the publish that overflowed: no read of the slow subscriber is needed for it.
    expect(onOverflow).toHaveBeenCalledTimes(1);
    published.push(hub.publish(livechat('t', 'k5')));
    await Promise.all(published);

    expect(onOverflow).toHaveBeenCalledTimes(1);
    const error: unknown = onOverflow.mock.calls[0]?.[0];
    expect(error).toBeInstanceOf(SubscriberTooSlowError);
    expect(error).toMatchObject({ code: 'SUBSCRIBER_TOO_SLOW', bufferSize: 3 });
    expect((error as Error).message).toContain('3');
    expect(overflowed).toHaveBeenCalledWith('livechat');

    // The buffered events are dropped: the next read is the error, then the iteration is over.
    await expect(slow.next()).rejects.toBe(error);
    await expect(slow.next()).resolves.toEqual({ done: true, value: undefined });
    expect(keysOf(await drain(other))).toEqual(['k1', 'k2', 'k3', 'k4', 'k5']);
    expect(hub.subscriberCount()).toBe(1);
  });

  it('with bufferSize 0 hands events only to a consumer that is waiting', async () => {
    open();
    const onOverflow = jest.fn();
    const events = hub.subscribe({ tenant: 't', kind: 'widget' }, { bufferSize: 0, onOverflow });
    const read = events.next();
    await hub.publish(widget('t', 'w1'));
    expect((await read).value?.dedupeKey).toBe('w1');
    await hub.publish(widget('t', 'w2'));
    expect(onOverflow).toHaveBeenCalledTimes(1);
    await expect(events.next()).rejects.toMatchObject({ code: 'SUBSCRIBER_TOO_SLOW' });
  });

  it('unsubscribes at once on return(), also a consumer waiting in next()', async () => {
    open();
    const events = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    const kept = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    expect(hub.subscriberCount()).toBe(2);
    const waiting = events.next();
    await expect(events.return?.()).resolves.toEqual({ done: true, value: undefined });
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(hub.subscriberCount()).toBe(1);
    await hub.publish(livechat('t', 'after'));
    await expect(events.next()).resolves.toEqual({ done: true, value: undefined });
    expect(keysOf(await drain(kept))).toEqual(['after']);
  });

  it('unsubscribes when a for-await loop breaks', async () => {
    open();
    const events = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    await hub.publish(livechat('t', 'k1'));
    for await (const event of events) {
      expect(event.dedupeKey).toBe('k1');
      break;
    }
    expect(hub.subscriberCount()).toBe(0);
  });

  it('ends every iteration on close(), refuses publishes after it, and ends late subscriptions at once', async () => {
    open();
    const waiting = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    const idle = hub.subscribe({ tenant: 'u', kind: 'widget' }, noOverflow);
    const read = waiting.next();
    await hub.close();
    await expect(read).resolves.toEqual({ done: true, value: undefined });
    await expect(idle.next()).resolves.toEqual({ done: true, value: undefined });
    expect(hub.subscriberCount()).toBe(0);
    await expect(hub.publish(livechat('t', 'late'))).rejects.toBeInstanceOf(EventBusUnavailableError);
    const late = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    await expect(late.next()).resolves.toEqual({ done: true, value: undefined });
    expect(hub.state()).toEqual({ mode: 'memory' });
  });

  it('tells the observer what happened; a throwing hook or filter disturbs nobody else', async () => {
    const { logger, lines } = capturingLogger();
    const calls: string[] = [];
    hub = createEventHub({
      logger,
      dedupeWindowMs: 1_000,
      observer: {
        published: (kind) => calls.push(`published ${kind}`),
        duplicate: (kind) => calls.push(`duplicate ${kind}`),
        delivered: (kind, count) => {
          calls.push(`delivered ${kind} ${count}`);
          throw new Error('metrics bug');
        },
      },
    });
    const broken = hub.subscribe({ tenant: 't', kind: 'livechat', accept: () => { throw new Error('filter bug'); } }, noOverflow);
    const healthy = hub.subscribe({ tenant: 't', kind: 'livechat' }, noOverflow);
    await expect(hub.publish(livechat('t', 'k1'))).resolves.toBe('published');
    await expect(hub.publish(livechat('t', 'k1'))).resolves.toBe('duplicate');
    expect(calls).toEqual(['delivered livechat 1', 'published livechat', 'duplicate livechat']);
    expect(keysOf(await drain(healthy))).toEqual(['k1']);
    expect(keysOf(await drain(broken))).toEqual([]);
    const messages = lines.map((line) => (JSON.parse(line) as { msg: string }).msg);
    expect(messages).toEqual(expect.arrayContaining(['Event hub observer threw', 'Event subscription filter threw; event not delivered to it']));
  });

  it('refuses settings that make no sense', () => {
    const logger = capturingLogger().logger;
    expect(() => createEventHub({ logger, dedupeWindowMs: 0 })).toThrow(RangeError);
    hub = createEventHub({ logger, dedupeWindowMs: 10 });
    expect(() => hub.subscribe({ tenant: 't', kind: 'widget' }, { bufferSize: -1, onOverflow: () => undefined })).toThrow(RangeError);
  });
});
