import {
  AgentDocument,
  AgentsDocument,
  CreateCustomerCareUserDocument,
  CreateWidgetUserDocument,
  type ChatGatewayError,
  type ResultWithErrors,
} from '../../client/src/index.js';
import { startTestGateway, type TestGateway, type TestGatewayOptions } from '../support/gateway';
import { closedPortUrl, startFixedUpstream, startHangingUpstream, startTruncatingUpstream } from '../support/fake-upstreams';
import { typedClient, type TestClient } from '../support/typed-client';

// Through the typed client's `requestWithErrors`, which returns the answer's data and every error (the
// typed calls would throw at the first one).

function onlyError(answer: ResultWithErrors<unknown>): ChatGatewayError {
  expect(answer.errors).toHaveLength(1);
  return answer.errors[0]!;
}

describe('upstream failures through the graph', () => {
  let gateway: TestGateway | undefined;
  let client: TestClient;
  let closeClient: (() => Promise<void>) | undefined;
  /** A gateway for this test, and the typed client against it. */
  async function start(options: TestGatewayOptions): Promise<TestGateway> {
    gateway = await startTestGateway(options);
    const made = typedClient(gateway);
    client = made.client;
    closeClient = made.close;
    return gateway;
  }
  const list = () => client.requestWithErrors(AgentsDocument, { type: 'AGENT', first: 5 });
  afterEach(async () => {
    await closeClient?.();
    closeClient = undefined;
    await gateway?.close();
    gateway = undefined;
  });

  it('reports rejected credentials as UPSTREAM_UNAUTHORIZED without leaking the token', async () => {
    const secret = 'wrong-but-secret-token-0123456789';
    gateway = await start({ credentials: (sim) => ({ userId: sim.serviceAccount.userId, authToken: secret }) });
    const answer = await list();
    expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'rocketchat' });
    expect(answer.data).toEqual({ agents: null });
    // The answer as it came over the wire, not only what the client kept of it.
    expect(client.answers.at(-1)?.text).not.toContain(secret);
    expect(gateway.logs.join('\n')).not.toContain(secret);
    expect(gateway.logs.join('\n')).toContain('UPSTREAM_UNAUTHORIZED');
  });

  it('reports a service account without the needed permission as UPSTREAM_UNAUTHORIZED', async () => {
    gateway = await start({
      credentials: (sim) => {
        const plain = sim.state.userByUsername('camila.rojas')!;
        return { userId: plain._id, authToken: sim.issueToken(plain._id) };
      },
    });
    const answer = await client.requestWithErrors(AgentDocument, { type: 'AGENT', id: 'abc' });
    expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_UNAUTHORIZED', provider: 'rocketchat' });
  });

  it('reports a rate limit as UPSTREAM_RATE_LIMITED with retryAfterMs', async () => {
    gateway = await start({
      simulator: { rateLimit: { limit: 2, windowMs: 30_000 } },
      // A manager without the bot role is subject to Rocket.Chat's rate limiter.
      credentials: (sim) => {
        const manager = sim.state.userByUsername('samuel.ortega')!;
        return { userId: manager._id, authToken: sim.issueToken(manager._id) };
      },
    });
    expect((await list()).errors).toEqual([]);
    expect((await list()).errors).toEqual([]);
    const limited = await list();
    const error = onlyError(limited);
    expect(error.extensions).toMatchObject({ code: 'UPSTREAM_RATE_LIMITED', provider: 'rocketchat' });
    expect(error.extensions.retryAfterMs).toBeGreaterThan(25_000);
    expect(error.extensions.retryAfterMs).toBeLessThanOrEqual(30_000);
  });

  it('reports an unreachable platform as UPSTREAM_UNAVAILABLE', async () => {
    gateway = await start({ rocketchatUrl: await closedPortUrl() });
    const answer = await list();
    expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' });
  });

  it('answers UPSTREAM_TIMEOUT within the deadline when the platform hangs, and releases the socket', async () => {
    const hanging = await startHangingUpstream();
    try {
      gateway = await start({ rocketchatUrl: hanging.url, env: { GATEWAY_REQUEST_TIMEOUT_MS: '300' } });
      const started = Date.now();
      const answer = await list();
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'rocketchat' });
      expect(hanging.requests()).toBe(1);
      await waitFor(() => hanging.closedByClient() === 1);
      const again = await list();
      expect(onlyError(again).extensions.code).toBe('UPSTREAM_TIMEOUT');
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
      gateway = await start({ rocketchatUrl: upstream.url });
      const answer = await list();
      expect(onlyError(answer).extensions).toEqual({ code, provider: 'rocketchat' });
      expect(client.answers.at(-1)?.text).not.toContain(body);
      expect((await gateway.http('/healthz')).status).toBe(200);
    } finally {
      await upstream.close();
    }
  });

  it('maps a platform outage (HTTP 500 and 503) to UPSTREAM_UNAVAILABLE', async () => {
    for (const status of [500, 503]) {
      const upstream = await startFixedUpstream(status, '{"success":false,"error":"Internal server error"}');
      try {
        gateway = await start({ rocketchatUrl: upstream.url });
        expect(onlyError(await list()).extensions).toEqual({ code: 'UPSTREAM_UNAVAILABLE', provider: 'rocketchat' });
      } finally {
        await closeClient?.();
        closeClient = undefined;
        await gateway?.close();
        gateway = undefined;
        await upstream.close();
      }
    }
  });
  it('reports a create whose answer breaks off after the headers as UPSTREAM_OUTCOME_UNKNOWN', async () => {
    const upstream = await startTruncatingUpstream();
    try {
      gateway = await start({
        imiConnection: (imi) => ({ url: new URL(upstream.url), auth: { kind: 'access-token', accessToken: imi.accessToken } }),
      });
      const answer = await client.requestWithErrors(CreateCustomerCareUserDocument, {
        input: { firstName: 'A', lastName: 'B', loginId: 'cut.off', email: 'cut.off@example.com', password: 'x-Secret-3', privileges: [{ teamId: '101', role: 'TEAM_AGENT' }] },
      });
      expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_OUTCOME_UNKNOWN', provider: 'imi' });
      expect(upstream.requests()).toBe(1);
    } finally {
      await upstream.close();
    }
  });

  it('answers UPSTREAM_TIMEOUT for a hung Jelou within the deadline: get-or-create has no unknown outcome', async () => {
    const hanging = await startHangingUpstream();
    try {
      gateway = await start({ jelouConnection: () => ({ url: new URL(hanging.url) }), env: { GATEWAY_REQUEST_TIMEOUT_MS: '300' } });
      const answer = await client.requestWithErrors(CreateWidgetUserDocument, { input: { id: 'hung', names: 'Hugo' } });
      expect(onlyError(answer).extensions).toEqual({ code: 'UPSTREAM_TIMEOUT', provider: 'jelou' });
      expect(answer.data).toEqual({ createWidgetUser: null });
    } finally {
      await closeClient?.();
      closeClient = undefined;
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
