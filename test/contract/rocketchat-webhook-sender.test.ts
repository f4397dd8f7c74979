import { request } from 'undici';
import { startRocketChatSimulator, type RocketChatSimulator, type RocketChatWebhookOptions } from '../../src/simulators/rocketchat/server.js';
import type { SimUser } from '../../src/simulators/rocketchat/state.js';
import { startWebhookReceiver, type Reply, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The Rocket.Chat simulator's Omnichannel webhook (shared/upstreams/rocketchat.md "Omnichannel
 * webhook"), over real HTTP on loopback: Livechat sessions driven through the `/__livechat` admin
 * routes send each event in the server's shape, with the token header, in order; deliveries are
 * retried and dropped by the server's rules; closing the simulator leaves no retry behind.
 */

const TOKEN = 'omnichannel-token-0123456789';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const RECEIVER_PATH = '/webhooks/rocketchat/default';

let receiver: WebhookReceiver;
let sim: RocketChatSimulator;

async function start(replies: Reply[] = [200], webhook: Partial<RocketChatWebhookOptions> = {}): Promise<void> {
  receiver = await startWebhookReceiver({ path: RECEIVER_PATH, replies });
  sim = await startRocketChatSimulator({ webhook: { url: () => receiver.url, token: TOKEN, retryDelayMs: 5, ...webhook } });
}

afterEach(async () => {
  if (!simClosed) await sim.close();
  simClosed = false;
  await receiver.close();
});

let simClosed = false;
/** Closes the simulator during a test (afterEach then leaves it alone). */
async function closeSimulator(): Promise<void> {
  await sim.close();
  simClosed = true;
}

async function admin(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await request(`${sim.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  return { status: answer.statusCode, body: (await answer.body.json()) as Record<string, unknown> };
}

/** Starts a session and waits until its events are delivered; its room id. */
async function startSession(body: unknown = {}): Promise<string> {
  const started = await admin('POST', '/__livechat/sessions', body);
  expect(started.status).toBe(201);
  await sim.webhook.idle();
  return started.body.roomId as string;
}

async function step(path: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const answer = await admin('POST', path, body);
  if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  await sim.webhook.idle();
  return answer.body;
}

function agents(): SimUser[] {
  return sim.state.allUsers().filter((user) => user.roles.includes('livechat-agent') && user.active !== false && user.name && user.emails?.length);
}

const types = () => receiver.deliveries.map((each) => each.body.type);
const last = () => receiver.deliveries.at(-1)?.body ?? {};

describe('Rocket.Chat simulator: Omnichannel webhook events', () => {
  it('sends start → queued → taken → forwarded → message → closed, in the server shapes, with the token', async () => {
    await start();
    const [ana, bruno] = agents() as [SimUser, SimUser];
    const department = sim.state.departments[0]!;
    const visitor = { name: 'Vera Visitor', email: 'vera@example.com', phone: '+15551234567' };
    const roomId = await startSession({ visitor, departmentId: department._id });
    await step(`/__livechat/sessions/${roomId}/take`, { agentId: ana._id });
    await step(`/__livechat/sessions/${roomId}/forward`, { agentId: bruno._id });
    await step(`/__livechat/sessions/${roomId}/messages`, { text: 'How can I help?', fromAgent: true });
    await step(`/__livechat/sessions/${roomId}/close`);

    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionQueued', 'LivechatSessionTaken', 'LivechatSessionForwarded', 'Message', 'LivechatSession']);
    for (const delivery of receiver.deliveries) {
      expect(delivery.headers['x-rocketchat-livechat-token']).toBe(TOKEN);
      expect(delivery.headers['content-type']).toBe('application/json');
    }
    const [startEvent, queued, taken, forwarded, message, closed] = receiver.deliveries.map((each) => each.body) as [
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
      Record<string, unknown>,
    ];

    const visitorPart = {
      _id: expect.any(String),
      token: expect.any(String),
      name: 'Vera Visitor',
      username: expect.stringMatching(/^guest-\d+$/),
      department: department._id,
      ip: expect.any(String),
      os: expect.any(String),
      browser: expect.any(String),
      // Arrays of objects, as the server stores them.
      email: [{ address: 'vera@example.com' }],
      phone: [{ phoneNumber: '+15551234567' }],
    };
    expect(startEvent).toEqual({ _id: roomId, label: 'Vera Visitor', createdAt: expect.stringMatching(ISO), visitor: visitorPart, type: 'LivechatSessionStart', messages: [], departmentId: department._id });
    // Built in the same step as Start, before any answer came back: no crmData yet.
    expect(queued).toEqual({ ...startEvent, type: 'LivechatSessionQueued' });

    const agentPart = (user: SimUser) => ({ _id: user._id, username: user.username, name: user.name, email: user.emails?.[0]?.address });
    const servedBy = (user: SimUser) => ({ _id: user._id, username: user.username, ts: expect.stringMatching(ISO) });
    expect(taken).toEqual({
      ...startEvent,
      type: 'LivechatSessionTaken',
      agent: agentPart(ana),
      // The receiver's answer to the earlier events, echoed as the server echoes the room's crmData.
      crmData: '{}',
      servedBy: servedBy(ana),
    });
    expect(forwarded).toEqual({ ...taken, type: 'LivechatSessionForwarded', agent: agentPart(bruno), servedBy: servedBy(bruno), oldServedBy: taken.servedBy });
    expect(forwarded).not.toHaveProperty('oldDepartmentId');

    const sent = { u: { _id: bruno._id, username: bruno.username, name: bruno.name }, _id: expect.any(String), username: bruno.username, msg: 'How can I help?', ts: expect.stringMatching(ISO), rid: roomId, agentId: bruno._id, _updatedAt: expect.stringMatching(ISO) };
    const { departmentId: _departmentId, ...withoutDepartment } = startEvent;
    expect(message).toEqual({ ...withoutDepartment, type: 'Message', agent: agentPart(bruno), crmData: '{}', lastMessageAt: (message.messages as Array<{ ts: string }>)[0]?.ts, messages: [sent] });
    expect(message).not.toHaveProperty('departmentId');

    // Session events carry every message of the room: the agent's, then the closing message (no comment, so no msg).
    const closing = { u: sent.u, _id: expect.any(String), username: bruno.username, ts: expect.stringMatching(ISO), rid: roomId, agentId: bruno._id, closingMessage: true, _updatedAt: expect.stringMatching(ISO) };
    expect(closed).toEqual({
      ...startEvent,
      type: 'LivechatSession',
      agent: agentPart(bruno),
      crmData: '{}',
      lastMessageAt: expect.stringMatching(ISO),
      messages: [sent, closing],
      servedBy: servedBy(bruno),
      closedAt: expect.stringMatching(ISO),
      closedBy: { _id: bruno._id, username: bruno.username },
      closer: 'user',
    });
  });

  it('forwards to a department with oldDepartmentId, back to its queue when no agent is named', async () => {
    await start();
    const [ana] = agents() as [SimUser];
    const [from, to] = sim.state.departments.slice(0, 2).map((department) => department._id) as [string, string];
    const roomId = await startSession({ departmentId: from });
    await step(`/__livechat/sessions/${roomId}/take`, { agentId: ana._id });
    const answer = await step(`/__livechat/sessions/${roomId}/forward`, { departmentId: to });

    expect(last()).toMatchObject({ type: 'LivechatSessionForwarded', departmentId: to, oldDepartmentId: from });
    for (const key of ['servedBy', 'agent', 'oldServedBy']) expect(last()).not.toHaveProperty(key);
    expect(answer.room).toMatchObject({ departmentId: to });
  });

  it("sends a visitor's first message after Start and Queued, without agentId; a visitor may close", async () => {
    await start();
    const roomId = await startSession({ text: 'Hello?' });
    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionQueued', 'Message']);
    const [startEvent] = receiver.deliveries.map((each) => each.body) as Array<Record<string, unknown>>;
    const visitor = startEvent?.visitor as { _id: string; username: string };
    expect(startEvent).not.toHaveProperty('departmentId');
    expect(startEvent).toMatchObject({ label: visitor.username });
    expect(visitor).not.toHaveProperty('email');
    const [message] = last().messages as Array<Record<string, unknown>>;
    expect(message).toEqual({ u: { _id: visitor._id, username: visitor.username }, _id: expect.any(String), username: visitor.username, msg: 'Hello?', ts: expect.any(String), rid: roomId, _updatedAt: expect.any(String) });

    await step(`/__livechat/sessions/${roomId}/close`, { comment: 'Bye' });
    expect(last()).toMatchObject({ type: 'LivechatSession', closer: 'visitor', closedBy: { _id: visitor._id, username: visitor.username } });
    expect((last().messages as Array<Record<string, unknown>>).at(-1)).toMatchObject({ msg: 'Bye', closingMessage: true, username: visitor.username });
    expect((last().messages as Array<Record<string, unknown>>).at(-1)).not.toHaveProperty('agentId');
  });

  it('sends LivechatOfflineMessage in its own shape', async () => {
    await start();
    const answer = await admin('POST', '/__livechat/offline-messages', { name: 'Olga', email: 'olga@example.com', message: 'Call me back' });
    expect(answer.status).toBe(201);
    await sim.webhook.idle();
    expect(receiver.deliveries.map((each) => each.body)).toEqual([
      { type: 'LivechatOfflineMessage', sentAt: expect.stringMatching(ISO), visitor: { name: 'Olga', email: 'olga@example.com' }, message: 'Call me back' },
    ]);
  });

  it('answers clear errors for steps a session does not allow', async () => {
    await start();
    const [ana] = agents() as [SimUser];
    const plain = sim.state.allUsers().find((user) => !user.roles.includes('livechat-agent'))!;
    const roomId = await startSession();
    const post = (path: string, body: unknown) => admin('POST', `/__livechat/sessions/${roomId}${path}`, body);

    expect(await post('/take', { agentId: 'nobody' })).toEqual({ status: 404, body: { error: 'No user nobody.' } });
    expect(await post('/take', { agentId: plain._id })).toEqual({ status: 400, body: { error: `User ${plain.username} is not a Livechat agent.` } });
    expect(await post('/take', {})).toMatchObject({ status: 400, body: { error: 'Invalid body.', problems: [expect.objectContaining({ path: 'agentId' })] } });
    expect(await post('/messages', { text: 'hi', fromAgent: true })).toMatchObject({ status: 400, body: { error: expect.stringContaining('take it first') } });
    expect(await post('/forward', {})).toMatchObject({ status: 400 });
    expect((await post('/take', { agentId: ana._id })).status).toBe(200);
    expect(await post('/take', { agentId: ana._id })).toMatchObject({ status: 400, body: { error: expect.stringContaining('already served') } });
    expect((await post('/close', {})).status).toBe(200);
    expect(await post('/messages', { text: 'late' })).toEqual({ status: 400, body: { error: `Room ${roomId} is closed.` } });
    expect(await admin('POST', '/__livechat/sessions/unknown/close', {})).toEqual({ status: 404, body: { error: 'No Livechat room unknown.' } });
    expect(await admin('POST', '/__livechat/sessions', { departmentId: 'none' })).toEqual({ status: 404, body: { error: 'No department none.' } });
    expect((await admin('GET', '/__livechat/sessions')).status).toBe(405);

    const read = await admin('GET', `/__livechat/sessions/${roomId}`);
    expect(read).toMatchObject({ status: 200, body: { room: { _id: roomId, open: false, closer: 'user' }, visitor: { _id: expect.any(String) }, messages: [expect.objectContaining({ t: 'livechat-close' })] } });
    // Admin routes are the simulator's own: never in the API's request log.
    expect(sim.log.list()).toEqual([]);
  });

  it('lists delivery attempts without the token', async () => {
    await start([503, 200]);
    await startSession();
    const { status, body } = await admin('GET', '/__livechat/deliveries');
    expect(status).toBe(200);
    expect(body).toEqual([
      expect.objectContaining({ delivery: 1, event: 'LivechatSessionStart', attempt: 1, status: 503, outcome: 'will-retry' }),
      expect.objectContaining({ delivery: 1, event: 'LivechatSessionStart', attempt: 2, status: 200, outcome: 'delivered' }),
      expect.objectContaining({ delivery: 2, event: 'LivechatSessionQueued', attempt: 1, status: 200, outcome: 'delivered' }),
    ]);
    expect(JSON.stringify(body)).not.toContain(TOKEN);
  });
});

describe("Rocket.Chat simulator: the server's delivery rules", () => {
  it.each([500, 503, 429])('retries a %i with the same body until answered 200', async (status) => {
    await start([status, status, 200]);
    await startSession();
    const starts = receiver.deliveries.filter((each) => each.body.type === 'LivechatSessionStart');
    expect(starts).toHaveLength(3);
    expect(new Set(starts.map((each) => each.text)).size).toBe(1);
    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionStart', 'LivechatSessionStart', 'LivechatSessionQueued']);
  });

  it.each([400, 401])('does not retry a %i', async (status) => {
    await start([status, 200]);
    await startSession();
    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionQueued']);
    expect(sim.webhook.deliveries().map(({ status: answered, outcome }) => ({ answered, outcome }))).toEqual([
      { answered: status, outcome: 'rejected' },
      { answered: 200, outcome: 'delivered' },
    ]);
  });

  it('gives up after `attempts`, then goes on with the next event', async () => {
    await start([500, 500, 500, 200], { attempts: 3 });
    await startSession();
    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionStart', 'LivechatSessionStart', 'LivechatSessionQueued']);
    expect(sim.webhook.deliveries().map((each) => each.outcome)).toEqual(['will-retry', 'will-retry', 'gave-up', 'delivered']);
  });

  it('retries a refused connection', async () => {
    await start();
    const gone = await startWebhookReceiver({ path: RECEIVER_PATH });
    await gone.close();
    await sim.close();
    sim = await startRocketChatSimulator({ webhook: { url: () => gone.url, retryDelayMs: 5, attempts: 2 } });
    await startSession();
    const log = sim.webhook.deliveries();
    expect(log.map((each) => each.outcome)).toEqual(['will-retry', 'gave-up', 'will-retry', 'gave-up']);
    expect(log[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('drops events while url() is undefined, and without a webhook at all', async () => {
    const target: { url?: string } = {};
    await start([200], { url: () => target.url });
    await startSession();
    expect(receiver.deliveries).toEqual([]);
    expect(sim.webhook.deliveries().map((each) => each.outcome)).toEqual(['no-receiver', 'no-receiver']);
    target.url = receiver.url;
    await startSession();
    expect(types()).toEqual(['LivechatSessionStart', 'LivechatSessionQueued']);

    await sim.close();
    sim = await startRocketChatSimulator();
    await startSession();
    expect(sim.webhook.deliveries().map((each) => each.outcome)).toEqual(['no-receiver', 'no-receiver']);
  });

  it('sends no token header when none is set', async () => {
    await start([200], { token: undefined });
    await startSession();
    expect(receiver.deliveries[0]?.headers).not.toHaveProperty('x-rocketchat-livechat-token');
  });

  it('stops retrying when the simulator closes', async () => {
    await start([503], { retryDelayMs: 60_000 });
    await admin('POST', '/__livechat/sessions', {});
    while (sim.webhook.deliveries().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await closeSimulator();
    await sim.webhook.idle();
    expect(receiver.deliveries).toHaveLength(1);
    expect(sim.webhook.deliveries().map(({ event, outcome }) => `${event} ${outcome}`)).toEqual([
      'LivechatSessionStart will-retry',
      'LivechatSessionStart cancelled',
      'LivechatSessionQueued cancelled',
    ]);
  });
});
