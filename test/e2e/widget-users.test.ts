import { CreateWidgetUserDocument, type CreateWidgetUserInput } from '../../client/src/index.js';
import type { FaultEffect } from '../../src/simulators/faults';
import { jelouFailureBody } from '../../src/simulators/jelou/server';
import { useTestGateway, type TestGateway } from '../support/gateway';
import { caught, document, useTypedClient } from '../support/typed-client';

// Through the typed client: its `CreateWidgetUser` operation.

const WIDGET_USER = '/v1/widget/user';

const widgetCalls = (gateway: TestGateway) => gateway.jelou.log.list({ method: 'POST', pathPrefix: '/v1/widget/user' }).length;

describe('createWidgetUser', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('creates a widget user with its room and group room', async () => {
    const payload = await client().createWidgetUser({ input: { id: 'e2e-new-1', names: 'Diana Duarte', legalId: '0098765432' } });
    expect(payload.userErrors).toEqual([]);
    expect(payload.user).toMatchObject({
      id: 'e2e-new-1',
      platform: 'JELOU',
      displayName: 'Diana Duarte',
      names: 'Diana Duarte',
      botId: expect.any(String),
      companyId: expect.stringMatching(/^\d+$/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(payload.room).toMatchObject({ id: `G:${String(payload.user?.botId)}:e2e-new-1`, channel: 'Widget', members: expect.any(Array) });
    expect(payload.user?.roomId).toBe(payload.room?.id);
    expect(payload.user?.groupRoomId).toBe(payload.groupRoom?.id);
    expect(payload.groupRoom?.id).not.toBe(payload.room?.id);
    expect(widgetCalls(gateway())).toBe(1);
    // The legal id reached Jelou exactly as given, leading zeros included.
    const botId = String(payload.user?.botId);
    expect(gateway().jelou.state.user(botId, 'e2e-new-1')?.legalId).toBe('0098765432');
  });

  it("resolves the user's own room and groupRoom fields to the payload's rooms", async () => {
    // The client's CreateWidgetUser selects the rooms once, on the payload: this selection asks the user for them too.
    const { createWidgetUser: payload } = await client().request(
      document<
        { createWidgetUser: { user: { room: { id: string }; groupRoom: { id: string } } | null; room: { id: string } | null; groupRoom: { id: string } | null } | null },
        { input: CreateWidgetUserInput }
      >(`
        mutation Rooms($input: CreateWidgetUserInput!) {
          createWidgetUser(input: $input) { user { room { id } groupRoom { id } } room { id } groupRoom { id } }
        }`),
      { input: { id: 'e2e-new-2', names: 'Diana Duarte' } },
    );
    expect(payload?.user?.room.id).toBe(payload?.room?.id);
    expect(payload?.user?.groupRoom.id).toBe(payload?.groupRoom?.id);
  });

  it('returns the same user and rooms when called again with the same id', async () => {
    const first = await client().createWidgetUser({ input: { id: 'e2e-repeat', names: 'Elena Espinoza' } });
    const second = await client().createWidgetUser({ input: { id: 'e2e-repeat', names: 'Another Name' } });
    expect(second).toEqual(first);
    expect(second.user?.names).toBe('Elena Espinoza');
    expect(widgetCalls(gateway())).toBe(2);
  });

  it('gets a user that already exists on the platform', async () => {
    const payload = await client().createWidgetUser({ input: { id: 'web-0001', names: 'Whoever' } });
    expect(payload.user).toMatchObject({ id: 'web-0001', names: 'Ana Acosta' });
  });

  it('refuses bad input with userErrors naming each field, without calling Jelou', async () => {
    const payload = await client().createWidgetUser({ input: { id: 'bad\u0007id', names: ' ', legalId: 'x'.repeat(65) } });
    expect(payload).toEqual({
      user: null,
      room: null,
      groupRoom: null,
      userErrors: [
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'id'] }),
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'names'] }),
        expect.objectContaining({ code: 'INVALID_INPUT', field: ['input', 'legalId'] }),
      ],
    });
    expect(widgetCalls(gateway())).toBe(0);
  });

  it("turns Jelou's validation refusal (422) into userErrors with the offending field", async () => {
    const validationError = { 'user.legalId': ['The user.legalId format is invalid.'] };
    gateway().jelou.faults.add({
      path: WIDGET_USER,
      times: 1,
      effect: { kind: 'status', status: 422, body: jelouFailureBody('validation', { validationError }) },
    });
    // The typed call throws on any GraphQL error: the refusal is data.
    const payload = await client().createWidgetUser({ input: { id: 'e2e-422', names: 'Fabián Flores', legalId: '12' } });
    expect(payload).toMatchObject({
      user: null,
      userErrors: [{ code: 'INVALID_INPUT', field: ['input', 'legalId'], message: expect.any(String) }],
    });
  });

  it.each<[FaultEffect, string]>([
    [{ kind: 'status', status: 200, body: jelouFailureBody() }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'status', status: 200, body: jelouFailureBody('forbidden_bot') }, 'UPSTREAM_UNAUTHORIZED'],
    [{ kind: 'status', status: 500 }, 'UPSTREAM_UNAVAILABLE'],
    [{ kind: 'status', status: 403 }, 'UPSTREAM_UNAUTHORIZED'],
    [{ kind: 'status', status: 404 }, 'UPSTREAM_UNAUTHORIZED'],
  ])('maps Jelou failure %j to %s, nulling only the mutation', async (failure, code) => {
    // Every try fails, so retries (where the status allows them) cannot hide the failure.
    gateway().jelou.faults.add({ path: WIDGET_USER, effect: failure });
    const { data, errors } = await client().requestWithErrors(CreateWidgetUserDocument, { input: { id: 'e2e-fail', names: 'Gina Gómez' } });
    expect(errors[0]?.status).toBe(200);
    expect(data).toEqual({ createWidgetUser: null });
    expect(errors).toEqual([
      expect.objectContaining({ path: ['createWidgetUser'], extensions: expect.objectContaining({ code, provider: 'jelou' }) }),
    ]);
  });

  it('reports a 429 whose Retry-After outlasts the deadline as UPSTREAM_RATE_LIMITED with retryAfterMs, after one call', async () => {
    gateway().jelou.faults.add({ path: WIDGET_USER, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 60 } });
    const error = await caught(client().createWidgetUser({ input: { id: 'e2e-429', names: 'Hugo Herrera' } }));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'jelou', retryAfterMs: 60_000 });
    expect(widgetCalls(gateway())).toBe(1);
  });

  it('never logs the client secret', async () => {
    await client().createWidgetUser({ input: { id: 'e2e-secret', names: 'Inés Ibarra' } });
    gateway().jelou.faults.add({ path: WIDGET_USER, times: 1, effect: { kind: 'status', status: 403 } });
    await client().requestWithErrors(CreateWidgetUserDocument, { input: { id: 'e2e-secret', names: 'Inés Ibarra' } });
    const logs = gateway().logs.join('\n');
    expect(logs).not.toContain(gateway().jelou.credentials.clientSecret);
  });
});

describe('createWidgetUser with the raw auth scheme of the older docs', () => {
  const gateway = useTestGateway({
    jelou: { acceptedAuthSchemes: ['raw'] },
    jelouConnection: () => ({ authScheme: 'raw' }),
  });
  const client = useTypedClient(gateway);

  it('authenticates with `clientId:clientSecret`', async () => {
    const payload = await client().createWidgetUser({ input: { id: 'e2e-raw', names: 'Julia Juárez' } });
    expect(payload.user?.id).toBe('e2e-raw');
  });
});

describe('createWidgetUser with credentials Jelou does not know', () => {
  const gateway = useTestGateway({
    jelouConnection: () => ({ credentials: { clientId: 'unknown-client', clientSecret: 'wrong-secret-value' } }),
  });
  const client = useTypedClient(gateway);

  it('fails with UPSTREAM_UNAUTHORIZED and does not leak the secret', async () => {
    const error = await caught(client().createWidgetUser({ input: { id: 'e2e-unauth', names: 'Karla Kent' } }));
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'jelou' });
    // The answer as it came over the wire, not only what the client kept of it.
    expect(client().answers.map((answer) => answer.text).join('\n')).not.toContain('wrong-secret-value');
    expect(gateway().logs.join('\n')).not.toContain('wrong-secret-value');
  });
});
