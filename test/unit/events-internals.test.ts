import { memoryTransport } from '../../src/events/memory-transport';
import type { GatewayEvent } from '../../src/events/model';
import { decodeEvent, encodeEvent } from '../../src/events/wire-format';

const event = (tenant: string, dedupeKey: string): GatewayEvent => ({
  kind: 'widget',
  tenant,
  dedupeKey,
  event: { type: 'MESSAGE_USER', at: '2025-01-01T00:00:00.000Z', roomId: 'r', userId: 'u', names: 'Ana', botId: 'b', texts: ['hi'] },
});

describe('in-memory de-duplication', () => {
  it('forgets the oldest keys first beyond its bound', async () => {
    const delivered: string[] = [];
    const transport = memoryTransport({
      dedupeWindowMs: 60_000,
      maxDedupeKeys: 2,
      clock: undefined,
      deliver: (published) => delivered.push(published.dedupeKey),
    });
    for (const key of ['k1', 'k2', 'k3']) await expect(transport.publish(event('t', key))).resolves.toBe('published');
    // k1 was evicted to make room for k3; k2 and k3 are still remembered.
    await expect(transport.publish(event('t', 'k2'))).resolves.toBe('duplicate');
    await expect(transport.publish(event('t', 'k3'))).resolves.toBe('duplicate');
    await expect(transport.publish(event('t', 'k1'))).resolves.toBe('published');
    expect(delivered).toEqual(['k1', 'k2', 'k3', 'k1']);
  });
});

describe('the wire format of the Redis bus', () => {
  it('round-trips an event', () => {
    const original = event('tenant-1', 'key-1');
    expect(decodeEvent(encodeEvent(original))).toEqual(original);
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '[1,2]'],
    ['an unknown kind', JSON.stringify({ ...event('t', 'k'), kind: 'fax' })],
    ['no tenant', JSON.stringify({ ...event('t', 'k'), tenant: undefined })],
    ['a numeric dedupeKey', JSON.stringify({ ...event('t', 'k'), dedupeKey: 7 })],
    ['no payload', JSON.stringify({ kind: 'widget', tenant: 't', dedupeKey: 'k' })],
    ['a payload without a type', JSON.stringify({ kind: 'widget', tenant: 't', dedupeKey: 'k', event: {} })],
  ])('ignores a message with %s', (_what, message) => {
    expect(decodeEvent(message)).toBeUndefined();
  });
});
