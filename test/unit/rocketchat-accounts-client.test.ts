import { MockAgent } from 'undici';
import { ErrorCode } from '../../src/errors';
import { createRocketChatClient, type RocketChatClient } from '../../src/platforms/rocketchat';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { capturingLogger } from '../support/logger';
import { rejectionOf } from '../support/errors';
import { within } from '../support/scope';

const ORIGIN = 'https://chat.example.com';
const TOKEN = 'personal-access-token-never-logged';
const PASSWORD = 'correct horse battery staple';
const NEW_USER = { username: 'lucia.diaz', name: 'Lucía Díaz', email: 'lucia@example.com', password: PASSWORD, livechatRoles: ['AGENT' as const] };
const CREATED = {
  user: { _id: 'u-1', username: 'lucia.diaz', name: 'Lucía Díaz', emails: [{ address: 'lucia@example.com', verified: false }], active: true, roles: ['user', 'livechat-agent'], type: 'user' },
  success: true,
};

/** Rocket.Chat's users.* and agent.status endpoints through the real client, over undici's MockAgent. */
describe('RocketChatClient accounts and availability (undici MockAgent, no network)', () => {
  let agent: MockAgent;
  let client: RocketChatClient;
  let logs: string[];
  const scope = () => within(2_000);

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    const captured = capturingLogger();
    logs = captured.lines;
    const resilience = { ...RESILIENCE_DEFAULTS, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } };
    client = createRocketChatClient({ url: new URL(ORIGIN), credentials: { userId: 'svc', authToken: TOKEN }, dispatcher: agent }, captured.logger, resilience);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  const json = { headers: { 'content-type': 'application/json' } };
  const on = (method: string, path: string | RegExp, body?: string) => agent.get(ORIGIN).intercept(body === undefined ? { method, path } : { method, path, body });

  it('creates with joinDefaultChannels false, the user role and the Livechat roles, and never logs the password', async () => {
    const body = JSON.stringify({ username: 'lucia.diaz', name: 'Lucía Díaz', email: 'lucia@example.com', password: PASSWORD, roles: ['user', 'livechat-agent'], joinDefaultChannels: false });
    on('POST', '/api/v1/users.create', body).reply(200, CREATED, json);
    const result = await client.accounts.create(NEW_USER, scope());
    expect(result).toEqual({
      kind: 'created',
      user: { id: 'u-1', username: 'lucia.diaz', name: 'Lucía Díaz', emails: [{ address: 'lucia@example.com', verified: false }], active: true, livechatRoles: ['AGENT'] },
    });
    expect(logs.join('\n')).not.toContain(PASSWORD);
  });

  it('never repeats a create: a 503 is one call, and the error does not carry the password', async () => {
    on('POST', '/api/v1/users.create').reply(503, { success: false, error: 'Service Unavailable' }, json);
    // Were the create repeated, this answer would make it succeed.
    on('POST', '/api/v1/users.create').reply(200, CREATED, json);
    const error = await rejectionOf(client.accounts.create(NEW_USER, scope()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_UNAVAILABLE);
    expect(`${error.message} ${JSON.stringify(error)} ${logs.join('\n')}`).not.toContain(PASSWORD);
    expect(agent.pendingInterceptors()).toHaveLength(1);
    await client.accounts.create(NEW_USER, scope());
  });

  it('reports a create whose answer never came as an unknown outcome, not a retry', async () => {
    on('POST', '/api/v1/users.create').replyWithError(new Error('socket hang up'));
    on('POST', '/api/v1/users.create').reply(200, CREATED, json);
    const error = await rejectionOf(client.accounts.create(NEW_USER, scope()));
    expect(error.code).toBe(ErrorCode.UPSTREAM_OUTCOME_UNKNOWN);
    expect(agent.pendingInterceptors()).toHaveLength(1);
    await client.accounts.create(NEW_USER, scope());
  });

  it.each([
    ['the username or e-mail in use', { success: false, error: 'lucia@example.com is already in use :( [error-field-unavailable]', errorType: 'error-field-unavailable' }, { kind: 'field-unavailable' }],
    ['an invalid username', { success: false, error: 'x y is not a valid username, use only letters, numbers, dots, hyphens and underscores [error-input-is-not-a-valid-field]', errorType: 'error-input-is-not-a-valid-field' }, { kind: 'invalid', field: 'username', reason: 'error-input-is-not-a-valid-field' }],
    ['an invalid e-mail address', { success: false, error: 'Invalid email x [error-invalid-email]' }, { kind: 'invalid', field: 'email', reason: 'error-invalid-email' }],
    ['a password the policy refuses', { success: false, error: 'error-password-policy-not-met-minLength', errorType: 'error-password-policy-not-met-minLength' }, { kind: 'invalid', field: 'password', reason: 'error-password-policy-not-met-minLength' }],
  ])('reads %s as an expected refusal', async (_name, body, expected) => {
    on('POST', '/api/v1/users.create').reply(400, body, json);
    await expect(client.accounts.create(NEW_USER, scope())).resolves.toEqual(expected);
  });

  it('looks a user up by id or username, and reads "User not found." as null', async () => {
    on('GET', '/api/v1/users.info?userId=u-1').reply(200, CREATED, json);
    await expect(client.accounts.info({ id: 'u-1' }, scope())).resolves.toMatchObject({ id: 'u-1', livechatRoles: ['AGENT'] });
    on('GET', '/api/v1/users.info?username=gone').reply(400, { success: false, error: 'User not found.' }, json);
    await expect(client.accounts.info({ username: 'gone' }, scope())).resolves.toBeNull();
  });

  it("refuses the public view of a user (no roles: the service account lacks view-full-other-user-info) as a bad response", async () => {
    on('GET', '/api/v1/users.info?userId=u-1').reply(200, { user: { _id: 'u-1', username: 'x', active: true }, success: true }, json);
    expect((await rejectionOf(client.accounts.info({ id: 'u-1' }, scope()))).code).toBe(ErrorCode.UPSTREAM_BAD_RESPONSE);
  });

  it('sends an explicit status, retries it like any safe call, and reads the status the agent has afterwards', async () => {
    const body = JSON.stringify({ status: 'available', agentId: 'a-1' });
    on('POST', '/api/v1/livechat/agent.status', body).reply(503, { success: false }, json);
    on('POST', '/api/v1/livechat/agent.status', body).reply(200, { status: 'not-available', success: true }, json);
    await expect(client.accounts.setAgentStatus('a-1', 'available', scope())).resolves.toEqual({ kind: 'answered', status: 'not-available' });
  });

  it.each([
    ['404 Agent not found', 404, { success: false, error: 'Agent not found' }, { kind: 'not-an-agent' }],
    ['400 error-user-deactivated', 400, { success: false, error: 'error-user-deactivated' }, { kind: 'deactivated' }],
    ['400 error-business-hours-are-closed', 400, { success: false, error: 'error-business-hours-are-closed' }, { kind: 'business-hours-closed' }],
  ])('reads availability answer %s', async (_name, status, body, expected) => {
    on('POST', '/api/v1/livechat/agent.status').reply(status, body, json);
    await expect(client.accounts.setAgentStatus('a-1', 'available', scope())).resolves.toEqual(expected);
  });

  it('maps a 403 on availability (no manage-livechat-agents) to UPSTREAM_UNAUTHORIZED', async () => {
    on('POST', '/api/v1/livechat/agent.status').reply(403, { success: false, error: 'unauthorized' }, json);
    expect((await rejectionOf(client.accounts.setAgentStatus('a-1', 'available', scope()))).code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
  });

  it('sets the active flag, and reads an unknown user and the last-admin refusal', async () => {
    on('POST', '/api/v1/users.setActiveStatus', JSON.stringify({ userId: 'u-1', activeStatus: false })).reply(200, { user: { _id: 'u-1', active: false }, success: true }, json);
    await expect(client.accounts.setActive('u-1', false, scope())).resolves.toEqual({ kind: 'set', active: false });
    on('POST', '/api/v1/users.setActiveStatus').reply(400, { success: false, error: 'User not found' }, json);
    await expect(client.accounts.setActive('gone', false, scope())).resolves.toEqual({ kind: 'unknown-user' });
    on('POST', '/api/v1/users.setActiveStatus').reply(
      400,
      { success: false, error: 'Leaving the app without active admins is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' },
      json,
    );
    await expect(client.accounts.setActive('admin', false, scope())).resolves.toEqual({ kind: 'last-admin' });
  });
});

describe('RocketChatClient departments (undici MockAgent, no network)', () => {
  let agent: MockAgent;
  let client: RocketChatClient;
  const scope = () => within(2_000);
  const json = { headers: { 'content-type': 'application/json' } };

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    client = createRocketChatClient({ url: new URL(ORIGIN), credentials: { userId: 'svc', authToken: TOKEN }, dispatcher: agent }, capturingLogger().logger, RESILIENCE_DEFAULTS);
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('lists with only the documented keys and maps the odd values real servers hold', async () => {
    agent
      .get(ORIGIN)
      .intercept({ method: 'GET', path: '/api/v1/livechat/department?text=sup&enabled=true&count=10&offset=0&sort=%7B%22name%22%3A1%7D' })
      .reply(200, { departments: [{ _id: 'd1', name: 'Support', enabled: 'true', showOnRegistration: true, showOnOfflineForm: false, numAgents: 2 }], count: 1, offset: 0, total: 1, success: true }, json);
    const page = await client.departments.list({ text: 'sup', enabled: true, count: 10, offset: 0, sort: '{"name":1}' }, scope());
    expect(page).toEqual({
      departments: [{ id: 'd1', name: 'Support', enabled: true, description: null, email: null, showOnRegistration: true, showOnOfflineForm: false, archived: false }],
      offset: 0,
      total: 1,
    });
  });

  it('reads the 200 with department null of an unknown id as null', async () => {
    agent.get(ORIGIN).intercept({ method: 'GET', path: '/api/v1/livechat/department/nope' }).reply(200, { department: null, success: true }, json);
    await expect(client.departments.get('nope', scope())).resolves.toBeNull();
  });

  it('always sends both arrays when changing members, and reads an unknown department', async () => {
    agent
      .get(ORIGIN)
      .intercept({ method: 'POST', path: '/api/v1/livechat/department/d1/agents', body: JSON.stringify({ upsert: [], remove: [{ agentId: 'a-1' }] }) })
      .reply(200, { success: true }, json);
    await expect(client.departments.change('d1', { upsert: [], remove: [{ agentId: 'a-1' }] }, scope())).resolves.toEqual({ kind: 'changed' });
    agent
      .get(ORIGIN)
      .intercept({ method: 'POST', path: '/api/v1/livechat/department/gone/agents' })
      .reply(400, { success: false, error: 'Department not found [error-department-not-found]', errorType: 'error-department-not-found' }, json);
    await expect(client.departments.change('gone', { upsert: [], remove: [] }, scope())).resolves.toEqual({ kind: 'unknown-department' });
  });

  it("reads an agent's memberships without duplicates, and a department's members by username", async () => {
    agent
      .get(ORIGIN)
      .intercept({ method: 'GET', path: '/api/v1/livechat/agents/a-1/departments' })
      .reply(200, { departments: [{ agentId: 'a-1', departmentId: 'd1', departmentName: 'Support' }, { agentId: 'a-1', departmentId: 'd1' }], success: true }, json);
    await expect(client.departments.ofAgent('a-1', scope())).resolves.toEqual(['d1']);
    agent
      .get(ORIGIN)
      .intercept({ method: 'GET', path: '/api/v1/livechat/department/d1/agents?count=2&offset=0&sort=%7B%22username%22%3A1%7D' })
      .reply(200, { agents: [{ agentId: 'a-1', username: 'ana', count: 3, order: 1 }], count: 1, offset: 0, total: 1, success: true }, json);
    await expect(client.departments.members('d1', { offset: 0, count: 2 }, scope())).resolves.toEqual({ members: [{ agentId: 'a-1', username: 'ana', order: 1 }], offset: 0, total: 1 });
  });
});
