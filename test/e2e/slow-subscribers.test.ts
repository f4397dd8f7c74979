import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { request } from 'undici';
import WebSocket from 'ws';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { subscribeSse, subscribeWs, waitForSubscriptions, wsClient } from '../support/subscriptions';

/**
 * A subscriber that stops reading must not hold up the others: its events pile up in its own bounded
 * buffer, and once more wait than GATEWAY_SUBSCRIPTION_BUFFER it is disconnected with a reason, while a
 * subscriber that keeps up receives every event.
 */

const TOKEN = 'slow-subscriber-token-0123456789';
const QUERY = 'subscription { livechatEvents { roomId messages { text } } }';
const EVENTS = 60;
/** Each event carries this much text: a few dozen fill the kernel's socket buffers of a paused reader. */
const TEXT_BYTES = 256 * 1024;

function delivery(index: number): string {
  return JSON.stringify({
    type: 'Message',
    _id: `room-${index}`,
    visitor: { _id: 'v1', token: 't', name: 'Ana', username: 'guest-1', email: [], phone: [] },
    messages: [{ _id: `m-${index}`, username: 'guest-1', msg: 'x'.repeat(TEXT_BYTES), ts: new Date().toISOString(), rid: `room-${index}` }],
  });
}

describe('slow subscribers', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      env: {
        ROCKETCHAT_WEBHOOK_TOKEN: TOKEN,
        GATEWAY_SUBSCRIPTION_BUFFER: '4',
        GATEWAY_WEBHOOK_MAX_BODY_BYTES: String(2 * TEXT_BYTES),
        GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '3',
      },
    });
  });
  afterAll(() => gateway.close());

  it('disconnects a subscriber that stops reading, with a reason, and the others receive every event', async () => {
    // The slow one speaks graphql-ws by hand, then stops reading its socket.
    const slow = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => slow.once('open', resolve).once('error', reject));
    const acknowledged = new Promise((resolve) => slow.on('message', (data) => String(data).includes('connection_ack') && resolve(undefined)));
    slow.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    await acknowledged;
    slow.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
    const slowClosed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));

    const fastClient = wsClient(gateway.url);
    const fast = subscribeWs(fastClient, QUERY);
    try {
      await waitForSubscriptions(gateway.url, 2);
      (slow as unknown as { _socket: Socket })._socket.pause();

      for (let index = 0; index < EVENTS; index += 1) await deliver(gateway, index);
      const received = await fast.waitFor(EVENTS, 20_000);
      expect(received.map((result) => (result.data?.livechatEvents as { roomId: string }).roomId)).toEqual(Array.from({ length: EVENTS }, (_, index) => `room-${index}`));

      // The slow one was cut off as soon as its buffer overflowed: said in the log, counted in metrics.
      const cutOff = gateway.logs.map((line) => JSON.parse(line) as { msg: string; reason?: string }).find((line) => line.msg === 'subscriber disconnected: too slow');
      expect(cutOff?.reason).toContain('4');
      const metrics = await gateway.http('/metrics');
      expect(metrics.text).toMatch(/chat_gateway_subscribers_disconnected_too_slow_total\{kind="livechat"\} 1/);
      // Once it reads again it learns its connection is gone (the close frame, or a destroyed socket).
      (slow as unknown as { _socket: Socket })._socket.resume();
      expect([1008, 1006]).toContain(await slowClosed);
    } finally {
      slow.terminate();
      await fast.close();
      await fastClient.dispose();
    }
  });

  it('ends the event stream of an SSE subscriber that stops reading, while another SSE subscriber receives every event', async () => {
    const before = await cutOffCount(gateway);
    // The slow one opens its stream by hand and stops reading once the answer's head arrived.
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' } }, resolve);
      req.once('error', reject);
      req.end(JSON.stringify({ query: QUERY }));
    });
    expect(response.statusCode).toBe(200);
    response.pause();
    const ended = new Promise<void>((resolve) => response.socket.once('close', () => resolve()));
    const fast = subscribeSse(gateway.url, QUERY);
    try {
      await waitForSubscriptions(gateway.url, 2);
      for (let index = 0; index < EVENTS; index += 1) await deliver(gateway, index + 1000);
      const received = await fast.waitFor(EVENTS, 20_000);
      expect(received).toHaveLength(EVENTS);
      expect(await cutOffCount(gateway)).toBe(before + 1);
      // Reading again, it finds its stream ended by the gateway.
      response.resume();
      response.on('data', () => undefined);
      await ended;
    } finally {
      response.destroy();
      await fast.close();
    }
  });
});

describe('subscription limits and shutdown', () => {
  it('holds a caller to GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER over every connection and transport', async () => {
    const gateway = await startTestGateway({ env: { GATEWAY_MAX_SUBSCRIPTIONS_PER_CALLER: '3' } });
    const first = wsClient(gateway.url);
    const second = wsClient(gateway.url);
    const held = [subscribeWs(first, QUERY), subscribeWs(first, QUERY), subscribeWs(second, QUERY)];
    try {
      await waitForSubscriptions(gateway.url, 3);
      const refused = subscribeWs(second, QUERY);
      expect(((await refused.ended) as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('RATE_LIMITED');
      const sse = await request(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream' }, body: JSON.stringify({ query: QUERY }) });
      expect(sse.statusCode).toBe(429);
      expect(JSON.parse(await sse.body.text())).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
      // One ended: room for one more.
      await held[0]?.close();
      await waitForSubscriptions(gateway.url, 2);
      const again = subscribeWs(second, QUERY);
      await waitForSubscriptions(gateway.url, 3);
      await again.close();
    } finally {
      await Promise.all(held.map((subscription) => subscription.close()));
      await Promise.all([first.dispose(), second.dispose()]);
      await gateway.close();
    }
  });

  it('shuts down promptly although a WebSocket client never answers the close handshake', async () => {
    const gateway = await startTestGateway();
    const stuck = new WebSocket(gateway.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => stuck.once('open', resolve).once('error', reject));
    (stuck as unknown as { _socket: Socket })._socket.pause();
    // ws waits 30 s for a close handshake by default; the jest timeout (20 s) fails this test if the gateway does.
    await gateway.close();
    stuck.terminate();
  });
});

async function deliver(gateway: TestGateway, index: number): Promise<void> {
  const response = await request(new URL('/webhooks/rocketchat/default', gateway.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rocketchat-livechat-token': TOKEN },
    body: delivery(index),
  });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

async function cutOffCount(gateway: TestGateway): Promise<number> {
  const metrics = await gateway.http('/metrics');
  return Number(/chat_gateway_subscribers_disconnected_too_slow_total\{kind="livechat"\} (\d+)/.exec(metrics.text)?.[1] ?? 0);
}
