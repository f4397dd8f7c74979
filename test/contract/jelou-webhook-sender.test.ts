import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { SEED_BOT_ID, SEED_COMPANY } from '../../src/simulators/jelou/seed.js';
import { startJelouSimulator, type JelouSimulator, type JelouWebhookOptions } from '../../src/simulators/jelou/server.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The Jelou simulator's widget webhooks (shared/upstreams/jelou.md "Webhooks"), over real HTTP on
 * loopback: `user-new` when `POST /v1/widget/user` creates a user (never when it finds one), the other
 * events through `POST /__widget/events`, each in its documented shape; no credential, an HMAC
 * signature when a signing secret is set; one attempt, never retried.
 */

const SIGNING_SECRET = 'jelou-signing-secret-0123456789';
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RECEIVER_PATH = '/webhooks/jelou/default/path-secret-0123456789abcdef';

let receiver: WebhookReceiver;
let sim: JelouSimulator;
let simClosed = false;

async function start(status = 200, webhook: Partial<JelouWebhookOptions> = {}): Promise<void> {
  receiver = await startWebhookReceiver({ path: RECEIVER_PATH, replies: [status] });
  sim = await startJelouSimulator({ webhook: { url: () => receiver.url, signingSecret: SIGNING_SECRET, ...webhook } });
}

afterEach(async () => {
  if (!simClosed) await sim.close();
  simClosed = false;
  await receiver.close();
});

async function createUser(user: Record<string, unknown>): Promise<number> {
  const { clientId, clientSecret } = sim.credentials;
  const answer = await request(`${sim.url}/v1/widget/user`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/json' },
    body: JSON.stringify({ user }),
  });
  await answer.body.dump();
  await sim.webhook.idle();
  return answer.statusCode;
}

async function sendEvent(body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const answer = await request(`${sim.url}/__widget/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const parsed = (await answer.body.json()) as Record<string, unknown>;
  await sim.webhook.idle();
  return { status: answer.statusCode, body: parsed };
}

describe('Jelou simulator: user-new', () => {
  it('is sent when POST /v1/widget/user creates a user, in the documented shape, to the URL with its secret', async () => {
    await start();
    expect(await createUser({ id: 'web-9001', names: 'Tester #1', legalId: '0912345678' })).toBe(200);
    const created = sim.state.user(SEED_BOT_ID, 'web-9001');
    expect(receiver.deliveries).toHaveLength(1);
    const [delivery] = receiver.deliveries as [ReceivedRequest];
    expect(delivery.path).toBe(new URL(receiver.url).pathname);
    expect(delivery.body).toEqual({
      event: 'user-new',
      payload: {
        id: 'web-9001',
        legalId: '0912345678',
        names: 'Tester #1',
        referenceId: 'web-9001',
        roomId: `G:${SEED_BOT_ID}:web-9001`,
        botId: SEED_BOT_ID,
        companyId: SEED_COMPANY.id,
        socketId: created?.socketId,
        createdAt: expect.stringMatching(ISO),
      },
    });
    expect(delivery.headers['content-type']).toBe('application/json');
    // Widget webhooks carry no credential: the URL's secret is the receiver's protection.
    expect(delivery.headers).not.toHaveProperty('authorization');
    expect(delivery.headers).not.toHaveProperty('apikey');
  });

  it('is not sent when the user already exists (seeded or created before)', async () => {
    await start();
    expect(await createUser({ id: 'web-0001', names: 'Ana Acosta' })).toBe(200);
    expect(receiver.deliveries).toEqual([]);
    await createUser({ id: 'web-9002', names: 'New' });
    await createUser({ id: 'web-9002', names: 'Again' });
    expect(receiver.deliveries.map((each) => (each.body.payload as { id: string }).id)).toEqual(['web-9002']);
    expect(receiver.deliveries[0]?.body.payload).not.toHaveProperty('legalId');
  });

  it('is not sent for a refused request, but is when the platform acts and the answer is lost', async () => {
    await start();
    sim.faults.add({ path: '/v1/widget/user', times: 1, effect: { kind: 'status', status: 503 } });
    expect(await createUser({ id: 'web-9003', names: 'Refused' })).toBe(503);
    expect(receiver.deliveries).toEqual([]);

    sim.faults.add({ path: '/v1/widget/user', times: 1, effect: { kind: 'drop' } });
    await expect(createUser({ id: 'web-9004', names: 'Dropped' })).rejects.toThrow();
    await sim.webhook.idle();
    expect(receiver.deliveries.map((each) => each.body.event)).toEqual(['user-new']);
  });
});

describe('Jelou simulator: signing and delivery rules', () => {
  it('signs the exact bytes with HMAC-SHA256 when a signing secret is set', async () => {
    await start();
    await createUser({ id: 'web-9101', names: 'Signed' });
    const [delivery] = receiver.deliveries as [ReceivedRequest];
    const expected = `sha256=${createHmac('sha256', SIGNING_SECRET).update(delivery.raw).digest('hex')}`;
    expect(delivery.headers['x-jelou-signature']).toBe(expected);
    const wrong = `sha256=${createHmac('sha256', 'another-secret-0123456789').update(delivery.raw).digest('hex')}`;
    expect(delivery.headers['x-jelou-signature']).not.toBe(wrong);
  });

  it('sends no signature without a signing secret', async () => {
    await start(200, { signingSecret: undefined });
    await createUser({ id: 'web-9102', names: 'Unsigned' });
    expect(receiver.deliveries).toHaveLength(1);
    expect(receiver.deliveries[0]?.headers).not.toHaveProperty('x-jelou-signature');
  });

  it.each([500, 503, 429, 400])('never retries (answered %i): one attempt', async (status) => {
    await start(status);
    await createUser({ id: 'web-9103', names: 'Once' });
    expect(receiver.deliveries).toHaveLength(1);
    expect(sim.webhook.deliveries()).toEqual([expect.objectContaining({ event: 'user-new', attempt: 1, status, outcome: status === 400 ? 'rejected' : 'gave-up' })]);
  });

  it('drops events while url() is undefined, and without a webhook at all', async () => {
    await start(200, { url: () => undefined });
    await createUser({ id: 'web-9104', names: 'Nobody' });
    expect(receiver.deliveries).toEqual([]);
    expect(sim.webhook.deliveries()).toEqual([expect.objectContaining({ event: 'user-new', outcome: 'no-receiver' })]);

    await sim.close();
    sim = await startJelouSimulator();
    await createUser({ id: 'web-9105', names: 'Nobody either' });
    expect(sim.webhook.deliveries()).toEqual([expect.objectContaining({ event: 'user-new', outcome: 'no-receiver' })]);
  });

  it('cuts a delivery in flight when the simulator closes', async () => {
    const hanging = createServer(() => undefined);
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    receiver = await startWebhookReceiver({ path: RECEIVER_PATH });
    sim = await startJelouSimulator({ webhook: { url: () => `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/` } });
    const { clientId, clientSecret } = sim.credentials;
    await request(`${sim.url}/v1/widget/user`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: 'web-9106', names: 'Hanging' } }),
    }).then((answer) => answer.body.dump());
    expect(sim.webhook.pending).toBe(1);
    await sim.close();
    simClosed = true;
    await sim.webhook.idle();
    expect(sim.webhook.deliveries()).toEqual([expect.objectContaining({ event: 'user-new', outcome: 'cancelled' })]);
    hanging.closeAllConnections();
    await new Promise<void>((resolve) => hanging.close(() => resolve()));
  });
});

describe('Jelou simulator: POST /__widget/events', () => {
  const roomId = `G:${SEED_BOT_ID}:web-0002`;

  it('sends message:user in the documented shape', async () => {
    await start();
    const answer = await sendEvent({ event: 'message:user', roomId, text: 'Hola' });
    expect(answer.status).toBe(202);
    expect(receiver.deliveries.map((each) => each.body)).toEqual([
      {
        event: 'message:user',
        origin: 'web',
        app: { id: SEED_BOT_ID },
        sender: { id: 'web-0002', names: 'Bruno Benítez' },
        room: { id: roomId },
        messages: [{ id: expect.stringMatching(UUID), type: 'TEXT', text: 'Hola' }],
        datetime: expect.stringMatching(ISO),
      },
    ]);
    expect(answer.body.sent).toEqual(receiver.deliveries[0]?.body);
    expect(receiver.deliveries[0]?.headers['x-jelou-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
  });

  it('sends room-member-add and room-member-remove, changing the room', async () => {
    await start();
    expect((await sendEvent({ event: 'room-member-add', roomId, userId: 'operator-7', names: 'Olga Operator' })).status).toBe(202);
    expect(sim.state.room(roomId)?.members).toContain('operator-7');
    expect((await sendEvent({ event: 'room-member-remove', roomId, userId: 'operator-7' })).status).toBe(202);
    expect(sim.state.room(roomId)?.members).not.toContain('operator-7');
    expect(receiver.deliveries.map((each) => each.body)).toEqual([
      { event: 'room-member-add', payload: { roomId, member: 'operator-7', memberInfo: { id: 'operator-7', names: 'Olga Operator' } }, datetime: expect.stringMatching(ISO) },
      { event: 'room-member-remove', payload: { roomId, member: 'operator-7', memberInfo: { id: 'operator-7', names: 'Olga Operator' } }, datetime: expect.stringMatching(ISO) },
    ]);
  });

  it('sends conversation-open, opened by the room user unless told', async () => {
    await start();
    await sendEvent({ event: 'conversation-open', roomId });
    await sendEvent({ event: 'conversation-open', roomId, userId: 'agent-1' });
    expect(receiver.deliveries.map((each) => each.body)).toEqual([
      { event: 'conversation-open', payload: { room: { id: roomId }, openedBy: 'web-0002' }, datetime: expect.stringMatching(ISO) },
      { event: 'conversation-open', payload: { room: { id: roomId }, openedBy: 'agent-1' }, datetime: expect.stringMatching(ISO) },
    ]);
  });

  it('answers clear errors and sends nothing for events that cannot happen', async () => {
    await start();
    expect(await sendEvent({ event: 'message:user', roomId: 'G:none' })).toEqual({ status: 404, body: { error: 'No room G:none.' } });
    expect(await sendEvent({ event: 'message:user', roomId })).toEqual({ status: 400, body: { error: 'message:user needs text.' } });
    expect(await sendEvent({ event: 'room-member-add', roomId, userId: 'web-0002' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('already a member') } });
    expect(await sendEvent({ event: 'room-member-remove', roomId, userId: 'stranger' })).toMatchObject({ status: 400, body: { error: expect.stringContaining('not a member') } });
    expect(await sendEvent({ event: 'user-new', roomId })).toMatchObject({ status: 400, body: { error: 'Invalid body.', problems: [expect.objectContaining({ path: 'event' })] } });
    expect(receiver.deliveries).toEqual([]);
    // The simulator's own routes are never in the API's request log.
    expect(sim.log.list()).toEqual([]);

    const listed = await request(`${sim.url}/__widget/deliveries`);
    expect(listed.statusCode).toBe(200);
    expect(await listed.body.json()).toEqual([]);
  });
});
