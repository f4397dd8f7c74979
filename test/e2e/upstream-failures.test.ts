import { startTestGateway, type TestGateway } from '../support/gateway';
import { closedPortUrl, startFixedUpstream, startHangingUpstream, startTruncatingUpstream } from '../support/fake-upstreams';

const LIST = '{ agents(type: AGENT, first: 5) { totalCount nodes { id } } }';
type Errors = Array<{ message: string; extensions?: Record<string, unknown> }>;

function onlyError(body: { errors?: Errors }) {
  expect(body.errors).toHaveLength(1);
  return body.errors![0]!;
}

describe('upstream failures through the graph', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  it('reports rejected credentials as UPSTREAM_UNAUTHORIZED without leaking the token', async () => {
    const secret = 'wrong-but-secret-token-0123456789';
    gateway = await startTestGateway({ credentials: (sim) => ({ userId: sim.serviceAccount.userId, authToken: secret }) });
    const answer = await gateway.graphql(LIST);
    expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'rocketchat' });
    expect(answer.body.data).toEqual({ agents: null });
    expect(JSON.stringify(answer.body)).not.toContain(secret);
    expect(gateway.logs.join('\n')).not.toContain(secret);
    expect(gateway.logs.join('\n')).toContain('UPSTREAM_UNAUTHORIZED');
  });

  it('reports a service account without the needed permission as UPSTREAM_UNAUTHORIZED', async () => {
    gateway = await startTestGateway({
      credentials: (sim) => {
        const plain = sim.state.userByUsername('camila.rojas')!;
        return { userId: plain._id, authToken: sim.issueToken(plain._id) };
      },
    });
    const answer = await gateway.graphql(`{ agent(type: AGENT, id: "abc") { id } }`);
    expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'rocketchat' });
  });

  it('reports a rate limit as UPSTREAM_RATE_LIMITED with retryAfterMs', async () => {
    gateway = await startTestGateway({
      simulator: { rateLimit: { limit: 2, windowMs: 30_000 } },
      // A manager without the bot role is subject to Rocket.Chat's rate limiter.
      credentials: (sim) => {
        const manager = sim.state.userByUsername('samuel.ortega')!;
        return { userId: manager._id, authToken: sim.issueToken(manager._id) };
      },
    });
    expect((await gateway.graphql(LIST)).body.errors).toBeUndefined();
    expect((await gateway.graphql(LIST)).body.errors).toBeUndefined();
    const limited = await gateway.graphql(LIST);
    const error = onlyError(limited.body);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat' });
    expect(error.extensions!.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.extensions!.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('reports an unreachable platform as UPSTREAM_UNAVAILABLE', async () => {
    gateway = await startTestGateway({ rocketchatUrl: await closedPortUrl() });
    const answer = await gateway.graphql(LIST);
    expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' });
  });

  it('answers UPSTREAM_TIMEOUT within the deadline when the platform hangs, and releases the socket', async () => {
    const hanging = await startHangingUpstream();
    try {
      gateway = await startTestGateway({ rocketchatUrl: hanging.url, env: { GATEWAY_REQUEST_TIMEOUT_MS: '300' } });
      const started = Date.now();
      const answer = await gateway.graphql(LIST);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'rocketchat' });
      expect(hanging.requests()).toBe(1);
      await waitFor(() => hanging.closedByClient() === 1);
      const again = await gateway.graphql(LIST);
      expect(onlyError(again.body).extensions?.code).toBe('UPSTREAM_TIMEOUT');
      expect(hanging.requests()).toBe(2);
      await waitFor(() => hanging.closedByClient() === 2);
    } finally {
      await hanging.close();
    }
  });

  it.each([
    ['a body that is not JSON', 'UPSTREAM_BAD_RESPONSE', 200, 'not json at all'],
    ['JSON of the wrong shape', 'UPSTREAM_BAD_RESPONSE', 200, '{"users":"nope","success":true}'],
    ['a 404 HTML page (a wrong base URL)', 'UPSTREAM_BAD_RESPONSE', 404, '<html>gone</html>'],
    ['a 400 refusing our request', 'INTERNAL_SERVER_ERROR', 400, '{"success":false,"error":"must NOT have additional properties [invalid-params]"}'],
  ])('reports %s as %s, and the server keeps serving', async (_name, code, status, body) => {
    const upstream = await startFixedUpstream(status, body);
    try {
      gateway = await startTestGateway({ rocketchatUrl: upstream.url });
      const answer = await gateway.graphql(LIST);
      expect(onlyError(answer.body).extensions).toEqual({ code, provider: 'rocketchat' });
      expect(JSON.stringify(answer.body)).not.toContain(body);
      expect((await gateway.http('/healthz')).status).toBe(200);
    } finally {
      await upstream.close();
    }
  });

  it('maps a platform outage (HTTP 500 and 503) to UPSTREAM_UNAVAILABLE', async () => {
    for (const status of [500, 503]) {
      const upstream = await startFixedUpstream(status, '{"success":false,"error":"Internal server error"}');
      try {
        gateway = await startTestGateway({ rocketchatUrl: upstream.url });
        expect(onlyError((await gateway.graphql(LIST)).body).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' });
      } finally {
        await gateway?.close();
        gateway = undefined;
        await upstream.close();
      }
    }
  });
  it('reports a create whose answer breaks off after the headers as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    const upstream = await startTruncatingUpstream();
    try {
      gateway = await startTestGateway({
        imiConnection: (imi) => ({ url: new URL(upstream.url), auth: { kind: 'access-token', accessToken: imi.accessToken } }),
      });
      const answer = await gateway.graphql(
        `mutation { createCustomerCareUser(input: { firstName: "A", lastName: "B", loginId: "cut.off", email: "cut.off@example.com",
          password: "x-Secret-3", privileges: [{ teamId: "101", role: TEAM_AGENT }] }) { user { id } } }`,
      );
      expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
      expect(upstream.requests()).toBe(1);
    } finally {
      await upstream.close();
    }
  });

  it('answers UPSTREAM_TIMEOUT for a hung Jelou within the deadline: get-or-create has no unknown outcome', async () => {
    const hanging = await startHangingUpstream();
    try {
      gateway = await startTestGateway({ jelouConnection: () => ({ url: new URL(hanging.url) }), env: { GATEWAY_REQUEST_TIMEOUT_MS: '300' } });
      const answer = await gateway.graphql('mutation { createWidgetUser(input: { id: "hung", names: "Hugo" }) { user { id } } }');
      expect(onlyError(answer.body).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'jelou' });
      expect(answer.body.data).toEqual({ createWidgetUser: null });
    } finally {
      await gateway?.close();
      gateway = undefined;
      await hanging.close();
    }
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
