import { MockAgent } from 'undici';
import { ErrorCode } from '../../src/errors';
import { createRocketChatClient, type RocketChatClient } from '../../src/platforms/rocketchat';
import { capturingLogger } from '../support/logger';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

const ORIGIN = 'https://chat.example.com';
const TOKEN = 'personal-access-token-never-logged';
const USERS_PATH = /^\/chat\/api\/v1\/livechat\/users\/agent/;

describe('RocketChatClient (undici MockAgent, no network)', () => {
  let agent: MockAgent;
  let client: RocketChatClient;
  let logs: string[];
  const deadline = () => within(2_000);

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const captured = capturingLogger();
    logs = captured.lines;
    client = createRocketChatClient(
      { url: new URL(`${ORIGIN}/chat`), credentials: { userId: 'svc-id', authToken: TOKEN }, dispatcher: agent },
      captured.logger,
      RESILIENCE_DEFAULTS,
    );
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    agent
      .get(ORIGIN)
      .intercept({ path: USERS_PATH, method: /.*/ })
      .reply(status, typeof body === 'string' ? body : JSON.stringify(body), { headers: { 'content-type': 'application/json', ...headers } });

  it('sends the service-account headers under the base path and the documented query keys', async () => {
    agent
      .get(ORIGIN)
      .intercept({
        path: '/chat/api/v1/livechat/users/agent?text=ana&showIdleAgents=false&count=10&offset=20',
        method: 'GET',
        headers: { 'x-user-id': 'svc-id', 'x-auth-token': TOKEN },
      })
      .reply(200, { users: [], count: 0, offset: 20, total: 0, success: true });
    const page = await client.listUsers('agent', { text: 'ana', showIdleAgents: false, count: 10, offset: 20 }, deadline());
    expect(page).toEqual({ users: [], offset: 20, total: 0 });
  });

  it('encodes ids into one path segment', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/chat/api/v1/livechat/users/agent/..%2Fmanager%3Fx%3D1', method: 'GET' })
      .reply(200, { user: null, success: true });
    await expect(client.getUser('agent', '../manager?x=1', deadline())).resolves.toBeNull();
  });

  it('answers the dot-segment ids "." and ".." without a call: no encoding keeps them literal', async () => {
    await expect(client.getUser('agent', '..', deadline())).resolves.toBeNull();
    await expect(client.removeUser('manager', '.', deadline())).resolves.toEqual({ kind: 'unknown-user' });
  });

  it('reads the 400 "User not found" of servers before 6.x as null', async () => {
    reply(400, { success: false, error: 'User not found' });
    await expect(client.getUser('agent', 'gone', deadline())).resolves.toBeNull();
  });

  it.each([
    ['401', 401, { success: false, error: 'You must be logged in to do this.', status: 'error', message: 'You must be logged in to do this.' }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['403', 403, { success: false, error: 'User does not have the permissions required for this action [error-unauthorized]' }, ErrorCode.UPSTREAM_UNAUTHORIZED],
    ['500', 500, { success: false, error: 'Internal server error' }, ErrorCode.UPSTREAM_UNAVAILABLE],
    ['502 with an HTML body', 502, '<html>Bad gateway</html>', ErrorCode.UPSTREAM_UNAVAILABLE],
    ['400 invalid-params (our bug)', 400, { success: false, error: 'must NOT have additional properties [invalid-params]', errorType: 'invalid-params' }, ErrorCode.INTERNAL_SERVER_ERROR],
    ['200 with a body that is not JSON', 200, 'oops', ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['200 with the wrong shape', 200, { users: [{ username: 'no id' }], count: 1, offset: 0, total: 1, success: true }, ErrorCode.UPSTREAM_BAD_RESPONSE],
    ['an unexpected 302', 302, '', ErrorCode.UPSTREAM_BAD_RESPONSE],
  ])('maps %s to its code, naming the provider', async (_name, status, body, code) => {
    reply(status, body);
    const error = await rejectionOf(client.listUsers('agent', { count: 5, offset: 0 }, deadline()));
    expect(error.code).toBe(code);
    expect(error.provider).toBe('rocketchat');
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it('maps a 429 to UPSTREAM_RATE_LIMITED with retryAfterMs from X-RateLimit-Reset (epoch ms)', async () => {
    const resetAt = Date.now() + 42_000;
    reply(
      429,
      { success: false, error: 'Error, too many requests. Please slow down. You must wait 42 seconds before trying this endpoint again. [error-too-many-requests]' },
      { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(resetAt) },
    );
    const error = await rejectionOf(client.listUsers('agent', { count: 5, offset: 0 }, deadline()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
    expect(error.retryAfterMs).toBeGreaterThan(40_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(42_000);
  });

  it('falls back to the "wait N seconds" of the error text when no header says when', async () => {
    reply(429, { success: false, error: 'Error, too many requests. Please slow down. You must wait 7 seconds before trying this endpoint again. [error-too-many-requests]' });
    expect((await rejectionOf(client.getUser('agent', 'x', deadline()))).retryAfterMs).toBe(7_000);
  });

  it('reads error-invalid-user as an expected outcome of writes', async () => {
    reply(400, { success: false, error: 'error-invalid-user' });
    await expect(client.addUser('agent', 'ghost', deadline())).resolves.toEqual({ kind: 'unknown-user' });
    reply(400, { success: false, error: 'error-invalid-user' });
    await expect(client.removeUser('agent', 'ghost', deadline())).resolves.toEqual({ kind: 'unknown-user' });
  });

  it('sends the username as the JSON body of a registration', async () => {
    agent
      .get(ORIGIN)
      .intercept({ path: '/chat/api/v1/livechat/users/agent', method: 'POST', body: JSON.stringify({ username: 'ana' }) })
      .reply(200, { user: { _id: 'id-1', username: 'ana' }, success: true });
    await expect(client.addUser('agent', 'ana', deadline())).resolves.toEqual({ kind: 'added', id: 'id-1' });
  });

  it('maps a refused connection to UPSTREAM_UNAVAILABLE', async () => {
    agent.get(ORIGIN).intercept({ path: USERS_PATH, method: 'GET' }).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    expect((await rejectionOf(client.getUser('agent', 'x', deadline()))).code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
  });

  it('answers UPSTREAM_TIMEOUT when the platform is slower than the deadline', async () => {
    reply(200, { user: null, success: true }).delay(500);
    const error = await rejectionOf(client.getUser('agent', 'x', within(50)));
    expect(error.code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });

  it('does not call the platform once the deadline is spent', async () => {
    const spent = within(0);
    expect((await rejectionOf(client.getUser('agent', 'x', spent))).code).toBe(ErrorCode.UPSTREAM_TIMEOUT);
  });

  it('logs calls without credentials', async () => {
    reply(200, { user: null, success: true });
    await client.getUser('agent', 'x', deadline());
    expect(logs.join('\n')).toContain('"route":"GET /livechat/users/:type/:id"');
    expect(logs.join('\n')).not.toContain(TOKEN);
  });
});
