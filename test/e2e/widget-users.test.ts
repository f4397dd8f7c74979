import type { FaultEffect } from '../../src/simulators/faults';
import { jelouFailureBody } from '../../src/simulators/jelou/server';
import { useTestGateway, type GraphQLAnswer, type TestGateway } from '../support/gateway';

const WIDGET_USER = '/v1/widget/user';

const CREATE = /* GraphQL */ `
  mutation Create($input: CreateWidgetUserInput!) {
    createWidgetUser(input: $input) {
      user { id platform displayName names botId companyId roomId groupRoomId createdAt updatedAt room { id } groupRoom { id } }
      room { id name type kind channel channelProvider avatarUrl members tags deleted lastMessageAt createdAt updatedAt }
      groupRoom { id name channel members }
      userErrors { code message field }
    }
  }
`;

interface Payload {
  createWidgetUser: {
    user: Record<string, unknown> & { id: string; room: { id: string }; groupRoom: { id: string } } | null;
    room: Record<string, unknown> & { id: string } | null;
    groupRoom: Record<string, unknown> & { id: string } | null;
    userErrors: Array<{ code: string; message: string; field: string[] | null }>;
  } | null;
}

function create(gateway: TestGateway, input: Record<string, unknown>): Promise<GraphQLAnswer<Payload>> {
  return gateway.graphql<Payload>(CREATE, { input });
}

const widgetCalls = (gateway: TestGateway) => gateway.jelou.log.list({ method: 'POST', pathPrefix: '/v1/widget/user' }).length;

describe('createWidgetUser', () => {
  const gateway = useTestGateway();

  it('creates a widget user with its room and group room', async () => {
    const answer = await create(gateway(), { id: 'e2e-new-1', names: 'Diana Duarte', legalId: '0098765432' });
    expect(answer.body.errors).toBeUndefined();
    const payload = answer.body.data?.createWidgetUser;
    expect(payload?.userErrors).toEqual([]);
    expect(payload?.user).toMatchObject({
      id: 'e2e-new-1',
      platform: 'JELOU',
      displayName: 'Diana Duarte',
      names: 'Diana Duarte',
      botId: expect.any(String),
      companyId: expect.stringMatching(/^\d+$/),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
    });
    expect(payload?.room).toMatchObject({ id: `G:${String(payload?.user?.botId)}:e2e-new-1`, channel: 'Widget', members: expect.any(Array) });
    expect(payload?.user?.room.id).toBe(payload?.room?.id);
    expect(payload?.user?.groupRoom.id).toBe(payload?.groupRoom?.id);
    expect(payload?.groupRoom?.id).not.toBe(payload?.room?.id);
    expect(widgetCalls(gateway())).toBe(1);
    // The legal id reached Jelou exactly as given, leading zeros included.
    const botId = String(payload?.user?.botId);
    expect(gateway().jelou.state.user(botId, 'e2e-new-1')?.legalId).toBe('0098765432');
  });

  it('returns the same user and rooms when called again with the same id', async () => {
    const first = await create(gateway(), { id: 'e2e-repeat', names: 'Elena Espinoza' });
    const second = await create(gateway(), { id: 'e2e-repeat', names: 'Another Name' });
    expect(second.body.data?.createWidgetUser).toEqual(first.body.data?.createWidgetUser);
    expect(second.body.data?.createWidgetUser?.user?.names).toBe('Elena Espinoza');
    expect(widgetCalls(gateway())).toBe(2);
  });

  it('gets a user that already exists on the platform', async () => {
    const answer = await create(gateway(), { id: 'web-0001', names: 'Whoever' });
    expect(answer.body.data?.createWidgetUser?.user).toMatchObject({ id: 'web-0001', names: 'Ana Acosta' });
  });

  it('refuses bad input with userErrors naming each field, without calling Jelou', async () => {
    const answer = await create(gateway(), { id: 'bad\u0007id', names: ' ', legalId: 'x'.repeat(65) });
    expect(answer.body.data?.createWidgetUser).toEqual({
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
    const answer = await create(gateway(), { id: 'e2e-422', names: 'Fabián Flores', legalId: '12' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data?.createWidgetUser).toMatchObject({
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
    const answer = await create(gateway(), { id: 'e2e-fail', names: 'Gina Gómez' });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ createWidgetUser: null });
    expect(answer.body.errors).toEqual([
      expect.objectContaining({ path: ['createWidgetUser'], extensions: expect.objectContaining({ code, provider: 'jelou' }) }),
    ]);
  });

  it('reports a 429 whose Retry-After outlasts the deadline as UPSTREAM_RATE_LIMITED with retryAfterMs, after one call', async () => {
    gateway().jelou.faults.add({ path: WIDGET_USER, times: 1, effect: { kind: 'status', status: 429, retryAfterSeconds: 60 } });
    const answer = await create(gateway(), { id: 'e2e-429', names: 'Hugo Herrera' });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'jelou', retryAfterMs: 60_000 });
    expect(widgetCalls(gateway())).toBe(1);
  });

  it('never logs the client secret', async () => {
    await create(gateway(), { id: 'e2e-secret', names: 'Inés Ibarra' });
    gateway().jelou.faults.add({ path: WIDGET_USER, times: 1, effect: { kind: 'status', status: 403 } });
    await create(gateway(), { id: 'e2e-secret', names: 'Inés Ibarra' });
    const logs = gateway().logs.join('\n');
    expect(logs).not.toContain(gateway().jelou.credentials.clientSecret);
  });
});

describe('createWidgetUser with the raw auth scheme of the older docs', () => {
  const gateway = useTestGateway({
    jelou: { acceptedAuthSchemes: ['raw'] },
    jelouConnection: () => ({ authScheme: 'raw' }),
  });

  it('authenticates with `clientId:clientSecret`', async () => {
    const answer = await create(gateway(), { id: 'e2e-raw', names: 'Julia Juárez' });
    expect(answer.body.data?.createWidgetUser?.user?.id).toBe('e2e-raw');
  });
});

describe('createWidgetUser with credentials Jelou does not know', () => {
  const gateway = useTestGateway({
    jelouConnection: () => ({ credentials: { clientId: 'unknown-client', clientSecret: 'wrong-secret-value' } }),
  });

  it('fails with UPSTREAM_UNAUTHORIZED and does not leak the secret', async () => {
    const answer = await create(gateway(), { id: 'e2e-unauth', names: 'Karla Kent' });
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'jelou' });
    expect(JSON.stringify(answer.body)).not.toContain('wrong-secret-value');
    expect(gateway().logs.join('\n')).not.toContain('wrong-secret-value');
  });
});
