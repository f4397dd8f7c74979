import { request } from 'undici';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { newKey, startTenantSimulators, writeAuthFile, type TenantSimulators } from '../support/security-auth-file';
import { subscribeSse, subscribeWs, waitForSubscriptions, wsClient, type LiveResult } from '../support/subscriptions';

/**
 * Live events end to end: the simulators push webhook deliveries to the gateway's receivers, and
 * subscribers over WebSocket (graphql-ws) and Server-Sent Events (graphql-sse) see them once, in order,
 * only their tenant's, only with `events:read`.
 */

const LIVECHAT = `subscription Live($types: [LivechatEventType!], $departmentId: ID) {
  livechatEvents(types: $types, departmentId: $departmentId) {
    type roomId at departmentId
    visitor { id name emails phones }
    agent { id username }
    messages { id text fromAgent }
  }
}`;
const WIDGET = `subscription { widgetEvents { type roomId userId names botId } }`;

const ACME_TOKEN = 'acme-livechat-token-0123456789';
const DEFAULT_TOKEN = 'default-livechat-token-0123456789';

function types(results: LiveResult[]): unknown[] {
  return results.map((result) => (result.data?.livechatEvents as { type: string } | undefined)?.type ?? result.errors);
}

/** A Rocket.Chat `LivechatSessionStart` as the real server sends it. */
function sessionStart(roomId: string, messageId = 'm1'): Record<string, unknown> {
  return {
    type: 'LivechatSessionStart',
    _id: roomId,
    label: 'Visitor',
    createdAt: new Date().toISOString(),
    lastMessageAt: new Date().toISOString(),
    departmentId: 'dept-1',
    visitor: { _id: 'v1', token: 't', name: 'Ana', username: 'guest-1', email: ['ana@example.com'], phone: [] },
    messages: [{ _id: messageId, username: 'guest-1', msg: 'hello', ts: new Date().toISOString(), rid: roomId }],
  };
}

async function postWebhook(gateway: TestGateway, path: string, body: string, headers: Record<string, string> = {}) {
  const response = await request(new URL(path, gateway.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.statusCode, text: await response.body.text() };
}

async function simulatorAdmin(gateway: TestGateway, path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await request(new URL(path, gateway.simulator.url).toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.body.text();
  if (response.statusCode >= 300) throw new Error(`simulator ${path}: ${response.statusCode} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

describe('live events', () => {
  let gateway: TestGateway;
  let acme: TenantSimulators;
  let authFile: { path: string; remove(): void };
  const reader = newKey('queue-board', ['read', 'events:read']);
  const acmeReader = newKey('acme-board', ['read', 'events:read'], 'acme');
  const noEvents = newKey('no-events', ['read']);
  const newKeyWithWrite = newKey('writer', ['read', 'users:write']);
  const eventsOnly = newKey('events-only', ['events:read']);

  beforeAll(async () => {
    acme = await startTenantSimulators(7);
    authFile = writeAuthFile({
      keys: [reader, acmeReader, noEvents, newKeyWithWrite, eventsOnly],
      tenants: { acme: { ...acme.entry(), rocketchat: { ...acme.entry().rocketchat as object, webhookToken: ACME_TOKEN } } },
    });
    gateway = await startTestGateway({
      apiKey: reader.key,
      env: { GATEWAY_AUTH_FILE: authFile.path, ROCKETCHAT_WEBHOOK_TOKEN: DEFAULT_TOKEN, GATEWAY_WEBHOOK_MAX_BODY_BYTES: '4096' },
    });
  });
  beforeEach(async () => {
    // A test's simulated deliveries still under way would reach the next test's subscribers.
    await Promise.all([gateway.simulator.webhook.idle(), gateway.jelou.webhook.idle()]);
    await waitForSubscriptions(gateway.url, 0);
  });
  afterAll(async () => {
    await gateway.close();
    await acme.close();
    authFile.remove();
  });

  it('shows a simulated session start, get taken and close, in order and once each, over WebSocket', async () => {
    const client = wsClient(gateway.url, { authorization: `Bearer ${reader.key}` });
    // The visitor's first message is a MESSAGE event too: the filter leaves it out.
    const live = subscribeWs(client, LIVECHAT, { types: ['SESSION_STARTED', 'SESSION_QUEUED', 'SESSION_TAKEN', 'SESSION_CLOSED'] });
    try {
      await waitForSubscriptions(gateway.url, 1);
      const { roomId } = await simulatorAdmin(gateway, '/__livechat/sessions', { visitor: { name: 'Ana', email: 'ana@example.com' }, text: 'hi' });
      const agent = gateway.simulator.state.allUsers().find((user) => user.roles.includes('livechat-agent') && user.active !== false && user.username !== undefined);
      if (!agent) throw new Error('the seed has a livechat agent');
      await simulatorAdmin(gateway, `/__livechat/sessions/${String(roomId)}/take`, { agentId: agent._id });
      await simulatorAdmin(gateway, `/__livechat/sessions/${String(roomId)}/close`, {});
      const results = await live.waitFor(4);
      expect(types(results)).toEqual(['SESSION_STARTED', 'SESSION_QUEUED', 'SESSION_TAKEN', 'SESSION_CLOSED']);
      const taken = results[2]?.data?.livechatEvents as { roomId: string; agent: { id: string; username: string } };
      expect(taken.roomId).toBe(roomId);
      // The agent is read live from Rocket.Chat, in the event's own context.
      expect(taken.agent).toEqual({ id: agent._id, username: agent.username });
      // Nothing more: once the simulator is done, a last event is the next one the subscriber gets.
      await gateway.simulator.webhook.idle();
      expect((await postWebhook(gateway, '/webhooks/rocketchat/default', JSON.stringify(sessionStart('sentinel-1')), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(200);
      const [, , , , last] = await live.waitFor(5);
      expect(last?.data?.livechatEvents).toMatchObject({ type: 'SESSION_STARTED', roomId: 'sentinel-1' });
    } finally {
      await live.close();
      await client.dispose();
    }
  });

  it('de-duplicates a retried delivery and refuses wrong secrets, bad bodies and oversized ones without publishing', async () => {
    const live = subscribeSse(gateway.url, LIVECHAT, { headers: { authorization: `Bearer ${reader.key}` } });
    try {
      await waitForSubscriptions(gateway.url, 1);
      const body = JSON.stringify(sessionStart('room-dedupe'));
      const path = '/webhooks/rocketchat/default';
      expect(await postWebhook(gateway, path, body, { 'x-rocketchat-livechat-token': 'wrong-token-0123456789' })).toEqual({ status: 401, text: expect.not.stringContaining('wrong-token') });
      expect((await postWebhook(gateway, '/webhooks/rocketchat/nobody', body, { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(401);
      expect((await postWebhook(gateway, path, '{"type":', { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(400);
      expect((await postWebhook(gateway, path, JSON.stringify({ ...sessionStart('r'), type: 'Nonsense' }), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(400);
      expect((await postWebhook(gateway, path, JSON.stringify({ type: 'LivechatSessionTaken' }), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(422);
      expect((await postWebhook(gateway, path, JSON.stringify({ ...sessionStart('big'), topic: 'x'.repeat(5000) }), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(413);
      // The real delivery, then Rocket.Chat's retry of it: one event.
      expect(await postWebhook(gateway, path, body, { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).toEqual({ status: 200, text: '{}' });
      expect(await postWebhook(gateway, path, body, { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).toEqual({ status: 200, text: '{}' });
      const [first] = await live.waitFor(1);
      expect(first?.data?.livechatEvents).toMatchObject({ type: 'SESSION_STARTED', roomId: 'room-dedupe', visitor: { name: 'Ana', emails: ['ana@example.com'] } });
      // The retry published nothing: the next event the subscriber gets is a later delivery.
      expect((await postWebhook(gateway, path, JSON.stringify(sessionStart('sentinel-2')), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(200);
      const [, second] = await live.waitFor(2);
      expect(second?.data?.livechatEvents).toMatchObject({ roomId: 'sentinel-2' });
      const logged = gateway.logs.join('\n');
      expect(logged).not.toContain(DEFAULT_TOKEN);
      expect(logged).not.toContain('wrong-token-0123456789');
    } finally {
      await live.close();
    }
  });

  it('keeps tenants apart: a subscriber sees only its own tenant’s events', async () => {
    const defaultClient = wsClient(gateway.url, { authorization: `Bearer ${reader.key}` });
    const acmeClient = wsClient(gateway.url, { authorization: `Bearer ${acmeReader.key}` });
    const mine = subscribeWs(defaultClient, LIVECHAT);
    const theirs = subscribeWs(acmeClient, LIVECHAT);
    try {
      await waitForSubscriptions(gateway.url, 2);
      expect((await postWebhook(gateway, '/webhooks/rocketchat/acme', JSON.stringify(sessionStart('acme-room')), { 'x-rocketchat-livechat-token': ACME_TOKEN })).status).toBe(200);
      // The default tenant's token does not open acme's receiver, nor acme's the default one.
      expect((await postWebhook(gateway, '/webhooks/rocketchat/acme', JSON.stringify(sessionStart('x')), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(401);
      expect((await postWebhook(gateway, '/webhooks/rocketchat/default', JSON.stringify(sessionStart('default-room')), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(200);
      const [acmeEvent] = await theirs.waitFor(1);
      const [defaultEvent] = await mine.waitFor(1);
      expect(acmeEvent?.data?.livechatEvents).toMatchObject({ roomId: 'acme-room' });
      expect(defaultEvent?.data?.livechatEvents).toMatchObject({ roomId: 'default-room' });
      // Each tenant's next event is its own next delivery: the other tenant's never came in between.
      expect((await postWebhook(gateway, '/webhooks/rocketchat/acme', JSON.stringify(sessionStart('acme-sentinel')), { 'x-rocketchat-livechat-token': ACME_TOKEN })).status).toBe(200);
      expect((await postWebhook(gateway, '/webhooks/rocketchat/default', JSON.stringify(sessionStart('default-sentinel')), { 'x-rocketchat-livechat-token': DEFAULT_TOKEN })).status).toBe(200);
      expect((await theirs.waitFor(2))[1]?.data?.livechatEvents).toMatchObject({ roomId: 'acme-sentinel' });
      expect((await mine.waitFor(2))[1]?.data?.livechatEvents).toMatchObject({ roomId: 'default-sentinel' });
    } finally {
      await Promise.all([mine.close(), theirs.close()]);
      await Promise.all([defaultClient.dispose(), acmeClient.dispose()]);
    }
  });

  it('delivers Jelou’s user-new over SSE when a widget user is created', async () => {
    const live = subscribeSse(gateway.url, WIDGET, { headers: { authorization: `Bearer ${reader.key}` } });
    try {
      await waitForSubscriptions(gateway.url, 1);
      const created = await gateway.graphql(`mutation { createWidgetUser(input: { id: "live-events-1", names: "Luz" }) { user { id roomId } userErrors { code } } }`, undefined, {
        authorization: `Bearer ${newKeyWithWrite.key}`,
      });
      expect(created.body.errors).toBeUndefined();
      const [event] = await live.waitFor(1);
      expect(event?.data?.widgetEvents).toMatchObject({ type: 'USER_NEW', names: 'Luz' });
    } finally {
      await live.close();
    }
  });

  it('takes Jelou deliveries only with the tenant’s path secret, and shows a widget user’s message with its texts', async () => {
    const live = subscribeSse(gateway.url, 'subscription { widgetEvents(types: [MESSAGE_USER]) { type roomId userId texts } }', { headers: { authorization: `Bearer ${reader.key}` } });
    try {
      await waitForSubscriptions(gateway.url, 1);
      const created = await gateway.graphql<{ createWidgetUser: { user: { id: string; roomId: string } } }>(
        `mutation { createWidgetUser(input: { id: "live-events-2", names: "Sol" }) { user { id roomId } } }`,
        undefined,
        { authorization: `Bearer ${newKeyWithWrite.key}` },
      );
      const { roomId } = created.body.data?.createWidgetUser.user ?? { roomId: '' };
      const wrongSecret = JSON.stringify({ event: 'user-new', payload: { id: 'x', names: 'X', roomId: 'G:b:x', botId: 'b', createdAt: new Date().toISOString() } });
      const refused = await postWebhook(gateway, '/webhooks/jelou/default/not-the-secret-0123456789abcdef', wrongSecret);
      expect(refused.status).toBe(401);
      expect(refused.text).not.toContain('not-the-secret');
      const sent = await request(new URL('/__widget/events', gateway.jelou.url).toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ event: 'message:user', roomId, userId: 'live-events-2', text: 'Where is my order?' }),
      });
      expect(sent.statusCode).toBe(202);
      await sent.body.text();
      const [event] = await live.waitFor(1);
      expect(event?.data?.widgetEvents).toEqual({ type: 'MESSAGE_USER', roomId, userId: 'live-events-2', texts: ['Where is my order?'] });
      expect(gateway.logs.join('\n')).not.toContain('not-the-secret');
    } finally {
      await live.close();
    }
  });

  it('refuses subscribers without events:read, without credentials, and subscriptions over POST', async () => {
    const forbidden = wsClient(gateway.url, { authorization: `Bearer ${noEvents.key}` });
    const refused = subscribeWs(forbidden, WIDGET);
    const error = (await refused.ended) as Array<{ extensions?: { code?: string } }>;
    expect(error[0]?.extensions?.code).toBe('FORBIDDEN');
    await forbidden.dispose();

    // The agent is read live, as a query reads it: a key with events:read alone may not select it.
    const limited = wsClient(gateway.url, { authorization: `Bearer ${eventsOnly.key}` });
    const withAgent = subscribeWs(limited, LIVECHAT);
    const agentRefused = (await withAgent.ended) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(agentRefused[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringContaining('read') });
    const withoutAgent = subscribeWs(limited, 'subscription { livechatEvents { type roomId } }');
    await waitForSubscriptions(gateway.url, 1);
    await withoutAgent.close();
    await limited.dispose();

    const anonymous = wsClient(gateway.url);
    subscribeWs(anonymous, WIDGET);
    expect(await anonymous.closed).toMatchObject({ code: 4401, reason: expect.stringContaining('UNAUTHENTICATED') });

    const sse = await request(new URL('/graphql', gateway.url).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${noEvents.key}` },
      body: JSON.stringify({ query: WIDGET }),
    });
    expect(sse.statusCode).toBe(403);
    expect(JSON.parse(await sse.body.text())).toMatchObject({ errors: [{ extensions: { code: 'FORBIDDEN' } }] });

    const post = await gateway.graphql(WIDGET);
    expect(post.status).toBe(400);
    expect(post.body.errors?.[0]?.message).toContain('WebSocket');
  });
});

