import { request } from 'undici';
import { compileGateway, startGatewayProcess, stopGatewayProcess, type GatewayProcess } from '../support/gateway-process';
import { findRedisServer, startTestRedis, type TestRedis } from '../support/redis';
import { subscribeSse, subscribeWs, waitForSubscriptions, wsClient, type LiveResult } from '../support/subscriptions';

/**
 * Two replicas (separate `node dist/main.js` processes, as `npm start` runs them, each with its embedded
 * simulators) and one real Redis: an event received by one replica reaches the subscribers of both, once,
 * even when the platform's retry lands on the other replica. Needs Debian's `redis-server` (`.ci/run`
 * installs it): in CI its absence fails the file; elsewhere it is reported and skipped.
 */
const redisServer = findRedisServer();
if (!redisServer && process.env.CI) throw new Error('redis-server is not installed: apt-get install redis-server (the CI machine must have it)');
const describeWithRedis = redisServer ? describe : describe.skip;
if (!redisServer) console.warn('live events across replicas: skipped, install redis-server (Debian package) to run it');

const TOKEN = 'replicas-livechat-token-0123456789';
const LIVECHAT = 'subscription { livechatEvents { type roomId agent { id } } }';

function types(results: LiveResult[]): string[] {
  return results.map((result) => (result.data?.livechatEvents as { type: string }).type);
}

function sessionStart(roomId: string): string {
  return JSON.stringify({
    type: 'LivechatSessionStart',
    _id: roomId,
    createdAt: new Date().toISOString(),
    departmentId: null,
    visitor: { _id: 'v1', token: 't', name: 'Ana', username: 'guest-1', email: [], phone: [] },
    messages: [{ _id: 'm1', username: 'guest-1', msg: 'hello', ts: new Date().toISOString(), rid: roomId }],
  });
}

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: unknown }> {
  const response = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.body.text();
  return { status: response.statusCode, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** The embedded Rocket.Chat simulator's URL, from the replica's start-up log. */
function simulatorUrl(gateway: GatewayProcess): string {
  const url = /serving the embedded Rocket\.Chat simulator at (http:\/\/[^\s"]+)/.exec(gateway.output())?.[1];
  if (!url) throw new Error(`no simulator URL in the log:\n${gateway.output()}`);
  return url;
}

/** Waits until the simulator (another process) has no delivery pending: its delivery log says so. */
async function waitUntilIdle(simulator: string): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    const response = await request(`${simulator}/__livechat/deliveries`);
    const deliveries = (await response.body.json()) as unknown;
    const list = Array.isArray(deliveries) ? deliveries : ((deliveries as { deliveries?: unknown[] }).deliveries ?? []);
    if (!list.some((attempt) => (attempt as { outcome?: string }).outcome === 'will-retry')) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithRedis('live events across two replicas through Redis', () => {
  let redis: TestRedis | undefined;
  let a: GatewayProcess | undefined;
  let b: GatewayProcess | undefined;

  beforeAll(async () => {
    redis = await startTestRedis(redisServer as string, { password: 'events-redis-pass' });
    const build = compileGateway();
    const env = { REDIS_URL: redis.url, ROCKETCHAT_WEBHOOK_TOKEN: TOKEN, LOG_LEVEL: 'info' };
    [a, b] = await Promise.all([startGatewayProcess(build, env), startGatewayProcess(build, env)]);
  }, 90_000);
  afterAll(async () => {
    await Promise.all([stopGatewayProcess(a), stopGatewayProcess(b)]);
    await redis?.close();
  });

  it('delivers an event received by one replica to the subscribers of both, once, and a retry on the other replica is a duplicate', async () => {
    if (!a || !b) throw new Error('not started');
    const onB = wsClient(b.url);
    const wsOnB = subscribeWs(onB, LIVECHAT);
    const sseOnA = subscribeSse(a.url, LIVECHAT);
    try {
      await Promise.all([waitForSubscriptions(a.url, 1), waitForSubscriptions(b.url, 1)]);
      const body = sessionStart('room-across-replicas');
      const receiverOf = (gateway: GatewayProcess) => new URL('/webhooks/rocketchat/default', gateway.url).toString();
      expect(await post(receiverOf(a), body, { 'x-rocketchat-livechat-token': TOKEN })).toEqual({ status: 200, json: {} });
      // Rocket.Chat's retry of the same delivery, sent through the load balancer to the other replica.
      expect(await post(receiverOf(b), body, { 'x-rocketchat-livechat-token': TOKEN })).toEqual({ status: 200, json: {} });
      const [onReplicaB] = await wsOnB.waitFor(1);
      const [onReplicaA] = await sseOnA.waitFor(1);
      expect(onReplicaB?.data?.livechatEvents).toMatchObject({ type: 'SESSION_STARTED', roomId: 'room-across-replicas' });
      expect(onReplicaA?.data?.livechatEvents).toMatchObject({ type: 'SESSION_STARTED', roomId: 'room-across-replicas' });
      // The retry published nothing: the next event both get is a later delivery.
      expect((await post(receiverOf(b), sessionStart('sentinel-room'), { 'x-rocketchat-livechat-token': TOKEN })).status).toBe(200);
      expect((await wsOnB.waitFor(2))[1]?.data?.livechatEvents).toMatchObject({ roomId: 'sentinel-room' });
      expect((await sseOnA.waitFor(2))[1]?.data?.livechatEvents).toMatchObject({ roomId: 'sentinel-room' });
    } finally {
      await Promise.all([wsOnB.close(), sseOnA.close()]);
      await onB.dispose();
    }
  });

  it('shows a session simulated on one replica (start, taken, closed) to a subscriber of the other, in order and once each', async () => {
    if (!a || !b) throw new Error('not started');
    const onB = wsClient(b.url);
    const live = subscribeWs(onB, 'subscription { livechatEvents(types: [SESSION_STARTED, SESSION_TAKEN, SESSION_CLOSED]) { type roomId agent { id } } }');
    try {
      await Promise.all([waitForSubscriptions(a.url, 0), waitForSubscriptions(b.url, 1)]);
      const agents = await post(a.url, JSON.stringify({ query: '{ agents(type: AGENT, first: 1) { nodes { id } } }' }));
      const agentId = (agents.json as { data: { agents: { nodes: Array<{ id: string }> } } }).data.agents.nodes[0]?.id;
      if (!agentId) throw new Error('the simulator has an agent');
      // A's embedded simulator pushes to A's own receiver (nothing configured), A publishes through Redis.
      const simulator = simulatorUrl(a);
      const started = await post(`${simulator}/__livechat/sessions`, JSON.stringify({ visitor: { name: 'Ana' } }));
      const { roomId } = started.json as { roomId: string };
      expect((await post(`${simulator}/__livechat/sessions/${roomId}/take`, JSON.stringify({ agentId }))).status).toBe(200);
      expect((await post(`${simulator}/__livechat/sessions/${roomId}/close`, '{}')).status).toBe(200);
      const results = await live.waitFor(3, 10_000);
      expect(types(results)).toEqual(['SESSION_STARTED', 'SESSION_TAKEN', 'SESSION_CLOSED']);
      expect(results.every((result) => (result.data?.livechatEvents as { roomId: string }).roomId === roomId)).toBe(true);
      expect((results[1]?.data?.livechatEvents as { agent: { id: string } }).agent).toEqual({ id: agentId });
      // Once A's simulator is done, a last delivery is the next event: nothing came twice.
      await waitUntilIdle(simulator);
      expect((await post(new URL('/webhooks/rocketchat/default', a.url).toString(), JSON.stringify({ ...JSON.parse(sessionStart('sentinel-2')), type: 'LivechatSession', closedAt: new Date().toISOString() }), { 'x-rocketchat-livechat-token': TOKEN })).status).toBe(200);
      expect((await live.waitFor(4))[3]?.data?.livechatEvents).toMatchObject({ type: 'SESSION_CLOSED', roomId: 'sentinel-2' });
    } finally {
      await live.close();
      await onB.dispose();
    }
  });
});
