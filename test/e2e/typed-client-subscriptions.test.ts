import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import { fetch } from 'undici';
import WebSocket from 'ws';
import { createChatGatewayClient, type ChatGatewayError, type LivechatEventsSubscription } from '../../client/src/index.js';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { newKey, writeAuthFile } from '../support/security-auth-file';
import { waitForSubscriptions } from '../support/subscriptions';

// The typed client's subscriptions over both transports, written as the client's docs show them.

type LivechatEvent = LivechatEventsSubscription['livechatEvents'];

const TOKEN = 'typed-client-livechat-token-0123';

function collector<T>() {
  const values: T[] = [];
  let failed: ChatGatewayError | undefined;
  return {
    values,
    failed: () => failed,
    handlers: { next: (value: T) => values.push(value), error: (error: ChatGatewayError) => (failed = error) },
    async until(count: number): Promise<T[]> {
      for (let waited = 0; values.length < count && failed === undefined; waited += 20) {
        if (waited > 5_000) throw new Error(`expected ${count} events, got ${values.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      if (failed) throw failed;
      return values;
    },
  };
}

async function deliver(gateway: TestGateway, roomId: string): Promise<void> {
  const { request } = await import('undici');
  const response = await request(new URL('/webhooks/rocketchat/default', gateway.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-rocketchat-livechat-token': TOKEN },
    body: JSON.stringify({
      type: 'LivechatSessionQueued',
      _id: roomId,
      departmentId: 'dept-sales',
      visitor: { _id: 'v9', token: 't', name: 'Olga', username: 'guest-9', email: ['olga@example.com'], phone: ['+5215555555'] },
      messages: [],
    }),
  });
  expect(response.statusCode).toBe(200);
  await response.body.text();
}

describe('the typed client’s subscriptions', () => {
  const key = newKey('board', ['read', 'events:read']);
  const file = writeAuthFile({ keys: [key] });
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ apiKey: key.key, env: { GATEWAY_AUTH_FILE: file.path, ROCKETCHAT_WEBHOOK_TOKEN: TOKEN } });
  });
  afterAll(async () => {
    await gateway.close();
    file.remove();
  });

  it('receives typed Livechat events over WebSocket (graphql-ws)', async () => {
    const transport = createWsClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${key.key}` } });
    const client = createChatGatewayClient({ url: gateway.url, apiKey: key.key, fetch, subscriptions: transport });
    const events = collector<LivechatEvent>();
    const stop = client.livechatEvents({ departmentId: 'dept-sales' }, events.handlers);
    try {
      await waitForSubscriptions(gateway.url, 1);
      await deliver(gateway, 'room-typed-ws');
      const [event] = await events.until(1);
      expect(event).toMatchObject({ type: 'SESSION_QUEUED', roomId: 'room-typed-ws', departmentId: 'dept-sales', visitor: { name: 'Olga', emails: ['olga@example.com'], phones: ['+5215555555'] }, agent: null, messages: [] });
    } finally {
      stop();
      await transport.dispose();
    }
  });

  it('receives typed Livechat events over Server-Sent Events (graphql-sse)', async () => {
    const transport = createSseClient({ url: gateway.url, fetchFn: fetch, headers: { authorization: `Bearer ${key.key}` } });
    const client = createChatGatewayClient({ url: gateway.url, apiKey: key.key, fetch, subscriptions: transport });
    const events = collector<LivechatEvent>();
    const stop = client.livechatEvents({ types: ['SESSION_QUEUED'] }, events.handlers);
    try {
      await waitForSubscriptions(gateway.url, 1);
      await deliver(gateway, 'room-typed-sse');
      const [event] = await events.until(1);
      expect(event).toMatchObject({ type: 'SESSION_QUEUED', roomId: 'room-typed-sse' });
    } finally {
      stop();
      transport.dispose();
    }
  });

  it('reports a refused subscription and a missing transport as ChatGatewayErrors with codes', async () => {
    const transport = createWsClient({ url: gateway.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: { authorization: 'Bearer not-a-key' } });
    const client = createChatGatewayClient({ url: gateway.url, fetch, subscriptions: transport });
    const events = collector<LivechatEvent>();
    client.livechatEvents({}, events.handlers);
    await expect(events.until(1)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await transport.dispose();

    const withoutTransport = createChatGatewayClient({ url: gateway.url, fetch });
    expect(() => withoutTransport.widgetEvents({}, { next: () => undefined })).toThrow(expect.objectContaining({ code: 'SUBSCRIPTIONS_NOT_CONFIGURED' }));
  });
});
