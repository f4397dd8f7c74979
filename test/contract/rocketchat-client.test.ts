import { inspect } from 'node:util';
import type { AgentModel } from '../../src/platforms/rocketchat/models.js';
import { ErrorCode } from '../../src/errors.js';
import { createUpstreamPool, type UpstreamDispatcher } from '../../src/upstream/upstream-http.js';
import { createLogger } from '../../src/logger.js';
import { createRocketChatClient, type RocketChatClient, type RocketChatCredentials } from '../../src/platforms/rocketchat/index.js';
import { RawRocketChat, USERS_PATH, assertHoldsNoLivechatRole, sortedIds, unknownUserId, unknownUsername, type ListItem } from './rocketchat-raw.js';
import {
  SIMULATOR_LIMITED_MANAGER_USERNAME,
  SIMULATOR_UNPRIVILEGED_USERNAME,
  TARGET_VERSIONS,
  describeOnSimulator,
  describeWrites,
  openRocketChatSimulatorTarget,
  openRocketChatTarget,
  plainUsernameOf,
  simulatorUserId,
  type RocketChatTarget,
} from './rocketchat-target.js';
import { seedRocketChat } from '../../src/simulators/rocketchat/seed.js';
import { rejectionOf } from '../support/errors';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { within } from '../support/scope';

/**
 * The gateway's Rocket.Chat client against the platform (the simulator by default, a real server when
 * CONTRACT_ROCKETCHAT_* is set): it must read every answer the platform gives as documented in
 * shared/upstreams/rocketchat.md. Raw HTTP calls give the expected values.
 */

const MODEL_KEYS = ['departmentIds', 'emails', 'id', 'livechatStatus', 'maxSimultaneousChats', 'name', 'status', 'username'];
const deadline = () => within(5_000);

interface OpenClient {
  client: RocketChatClient;
  close(): Promise<void>;
}

/** A client as the gateway builds one: its own keep-alive pool, a silent logger. */
function openClient(target: RocketChatTarget, credentials: RocketChatCredentials = target.serviceAccount): OpenClient {
  const url = new URL(target.url);
  const dispatcher: UpstreamDispatcher = createUpstreamPool(url.origin, {
    connections: 4,
    connectTimeoutMs: 2_000,
    maxResponseBytes: 1024 * 1024,
  });
  const client = createRocketChatClient({ url, credentials, dispatcher }, createLogger('silent'), RESILIENCE_DEFAULTS);
  return { client, close: () => dispatcher.close() };
}

/** What the documented mapping makes of one list item. */
function expectModelOf(model: AgentModel, item: ListItem): void {
  expect(Object.keys(model).sort()).toEqual(MODEL_KEYS);
  expect(model.id).toBe(item._id);
  expect(model.username).toBe(item.username || null);
  expect(model.name).toBe(item.name || null);
  expect(model.status).toBe(item.status === null ? null : item.status.toUpperCase());
  expect(model.livechatStatus).toBe(
    item.statusLivechat === 'available' ? 'AVAILABLE' : item.statusLivechat === 'not-available' ? 'NOT_AVAILABLE' : null,
  );
  expect(model.emails).toEqual((item.emails ?? []).map((email) => ({ address: email.address, verified: email.verified === true })));
  const limit = item.livechat?.maxNumberSimultaneousChat;
  const expectedLimit = typeof limit === 'number' ? limit : typeof limit === 'string' && /^\d+$/.test(limit.trim()) ? Number(limit) : 0;
  expect(model.maxSimultaneousChats).toBe(expectedLimit > 0 ? expectedLimit : null);
  expect(model.departmentIds).toEqual(item.departments);
}

describe.each(TARGET_VERSIONS)('RocketChatClient (%s)', (version) => {
  let target: RocketChatTarget;
  let api: RawRocketChat;
  let open: OpenClient;
  let client: RocketChatClient;
  let allAgents: ListItem[];

  beforeAll(async () => {
    target = await openRocketChatTarget(version);
    api = new RawRocketChat(target);
    open = openClient(target);
    client = open.client;
    allAgents = await api.listAll('agent');
  });
  afterAll(async () => {
    await open?.close();
    await api?.close();
    await target?.close();
  });

  describe('listUsers', () => {
    it('maps the listed agents to models, with the page offset and the total', async () => {
      const raw = await api.list('agent', { count: '20', offset: '0' });
      const page = await client.listUsers('agent', { count: 20, offset: 0 }, deadline());
      expect(page.offset).toBe(0);
      expect(page.total).toBe(raw.total);
      expect(page.users.map((user) => user.id)).toEqual(raw.users.map((user) => user._id));
      raw.users.forEach((item, index) => expectModelOf(page.users[index] as AgentModel, item));
    });

    it('maps every agent of the workspace without refusing any value', async () => {
      const models: AgentModel[] = [];
      for (let offset = 0; offset < allAgents.length; offset += 100) {
        const page = await client.listUsers('agent', { count: 100, offset, sort: '{"username":1}' }, deadline());
        models.push(...page.users);
      }
      expect(models.map((model) => model.id)).toEqual(allAgents.map((user) => user._id));
      allAgents.forEach((item, index) => expectModelOf(models[index] as AgentModel, item));
    });

    it('pages with offset and count', async () => {
      const page = await client.listUsers('agent', { count: 5, offset: 5, sort: '{"username":1}' }, deadline());
      expect(page.offset).toBe(5);
      expect(page.total).toBe(allAgents.length);
      expect(page.users.map((user) => user.id)).toEqual(allAgents.slice(5, 10).map((user) => user._id));
    });

    it('passes text, onlyAvailable, excludeId and showIdleAgents through as the platform reads them', async () => {
      const excluded = allAgents[0] as ListItem;
      const query = { text: 'a', onlyAvailable: true, excludeId: excluded._id, showIdleAgents: false };
      const raw = await api.listAll('agent', { text: 'a', onlyAvailable: 'true', excludeId: excluded._id, showIdleAgents: 'false' });
      const page = await client.listUsers('agent', { ...query, count: 100, offset: 0 }, deadline());
      expect(page.total).toBe(raw.length);
      expect(page.users).toHaveLength(Math.min(100, raw.length));
      const rawIds = new Set(sortedIds(raw));
      for (const user of page.users) expect(rawIds.has(user.id)).toBe(true);
      for (const user of page.users) expect(user.livechatStatus).toBe('AVAILABLE');
      expect(page.users.map((user) => user.id)).not.toContain(excluded._id);
    });

    it('lists managers', async () => {
      const raw = await api.list('manager', { count: '100' });
      const page = await client.listUsers('manager', { count: 100, offset: 0 }, deadline());
      expect(page.total).toBe(raw.total);
      raw.users.forEach((item, index) => expectModelOf(page.users[index] as AgentModel, item));
    });
  });

  describe('getUser', () => {
    it('returns the agent as a model, with departmentIds null (the lookup has no departments)', async () => {
      for (const item of allAgents.slice(0, 5)) {
        const model = await client.getUser('agent', item._id, deadline());
        expect(model).not.toBeNull();
        expectModelOf({ ...(model as AgentModel), departmentIds: item.departments }, item);
        expect(model?.departmentIds).toBeNull();
      }
    });

    it('returns null for an unknown id', async () => {
      await expect(client.getUser('agent', unknownUserId(), deadline())).resolves.toBeNull();
      await expect(client.getUser('manager', unknownUserId(), deadline())).resolves.toBeNull();
    });

    it.each([['../agent'], ['a/b?x=1'], ['%2E%2E'], ['x#y'], ['../../../api/v1/me']])(
      'keeps the id %j as one path segment, so it finds no one',
      async (id) => {
        await expect(client.getUser('agent', id, deadline())).resolves.toBeNull();
      },
    );

    it('keeps the dot-segment ids "." and ".." from changing the path, so they find no one', async () => {
      await expect(client.getUser('agent', '..', deadline())).resolves.toBeNull();
      await expect(client.getUser('agent', '.', deadline())).resolves.toBeNull();
      await expect(client.removeUser('agent', '..', deadline())).resolves.toEqual({ kind: 'unknown-user' });
    });

    it('keeps a traversal id as one path segment when removing, so it removes no one', async () => {
      await expect(client.removeUser('agent', '../agent', deadline())).resolves.toEqual({ kind: 'unknown-user' });
      const after = await api.list('agent', { count: '1' });
      expect(after.total).toBe(allAgents.length);
    });
  });

  describe('addUser and removeUser', () => {
    it('answers unknown-user for a username no one has', async () => {
      await expect(client.addUser('agent', unknownUsername(), deadline())).resolves.toEqual({ kind: 'unknown-user' });
      await expect(client.addUser('manager', unknownUsername(), deadline())).resolves.toEqual({ kind: 'unknown-user' });
    });

    it('answers unknown-user for an id no one has', async () => {
      await expect(client.removeUser('agent', unknownUserId(), deadline())).resolves.toEqual({ kind: 'unknown-user' });
      await expect(client.removeUser('manager', unknownUserId(), deadline())).resolves.toEqual({ kind: 'unknown-user' });
    });
  });

  describe('findUserByUsername', () => {
    it('finds a holder of the role by exact username, as the list maps it', async () => {
      const item = allAgents.find((user) => user.username !== null) as ListItem;
      const found = await client.findUserByUsername('agent', item.username as string, deadline());
      expect(found).not.toBeNull();
      expectModelOf(found as AgentModel, item);
    });

    it('answers null for a username no holder of the role has, and for a part of one', async () => {
      const item = allAgents.find((user) => (user.username ?? '').length > 3) as ListItem;
      await expect(client.findUserByUsername('agent', unknownUsername(), deadline())).resolves.toBeNull();
      await expect(client.findUserByUsername('agent', (item.username as string).slice(0, -1), deadline())).resolves.toBeNull();
    });
  });

  describeWrites('registering and removing a user', () => {
    let username: string;

    beforeAll(async () => {
      username = plainUsernameOf(target);
      await assertHoldsNoLivechatRole(api, username);
    });

    it.each(['agent', 'manager'] as const)('adds and removes the %s role, both idempotently', async (type) => {
      const added = await client.addUser(type, username, deadline());
      let id: string | undefined;
      try {
        expect(added).toEqual({ kind: 'added', id: expect.any(String) });
        id = added.kind === 'added' ? added.id : undefined;
        await expect(client.addUser(type, username, deadline())).resolves.toEqual({ kind: 'added', id });
        const model = await client.getUser(type, id as string, deadline());
        expect(model).toMatchObject({ id, username });
        if (type === 'agent') expect(model?.livechatStatus).toBe('AVAILABLE');
      } finally {
        if (id !== undefined) await expect(client.removeUser(type, id, deadline())).resolves.toEqual({ kind: 'removed' });
      }
      await expect(client.getUser(type, id as string, deadline())).resolves.toBeNull();
      // Removing again: the user exists but no longer holds the role.
      await expect(client.removeUser(type, id as string, deadline())).resolves.toEqual({ kind: 'removed' });
    });

    it('returns null for an existing user who lacks the role', async () => {
      const added = await client.addUser('agent', username, deadline());
      try {
        expect(added.kind).toBe('added');
        if (added.kind === 'added') await expect(client.getUser('manager', added.id, deadline())).resolves.toBeNull();
      } finally {
        if (added.kind === 'added') await client.removeUser('agent', added.id, deadline());
      }
    });
  });

  describe('with credentials the platform rejects', () => {
    const WRONG_TOKEN = 'contract-wrong-token-6f1d2c9a';

    it('rejects every call with UPSTREAM_UNAUTHORIZED from provider rocketchat, never revealing the token', async () => {
      const wrong = openClient(target, { userId: target.serviceAccount.userId, authToken: WRONG_TOKEN });
      try {
        const errors = await Promise.all([
          rejectionOf(wrong.client.listUsers('agent', { count: 1, offset: 0 }, deadline())),
          rejectionOf(wrong.client.getUser('agent', unknownUserId(), deadline())),
          rejectionOf(wrong.client.addUser('agent', unknownUsername(), deadline())),
          rejectionOf(wrong.client.removeUser('agent', unknownUserId(), deadline())),
        ]);
        for (const error of errors) {
          expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
          expect(error.provider).toBe('rocketchat');
          expect(error.message).not.toContain(WRONG_TOKEN);
          expect(JSON.stringify(error)).not.toContain(WRONG_TOKEN);
          expect(inspect(error, { depth: 10 })).not.toContain(WRONG_TOKEN);
        }
      } finally {
        await wrong.close();
      }
    });

    it('never reveals a valid token sent with the wrong user id', async () => {
      const secret = target.serviceAccount.authToken;
      const wrong = openClient(target, { userId: unknownUserId(), authToken: secret });
      try {
        const error = await rejectionOf(wrong.client.listUsers('agent', { count: 1, offset: 0 }, deadline()));
        expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
        expect(error.provider).toBe('rocketchat');
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
        expect(inspect(error, { depth: 10 })).not.toContain(secret);
      } finally {
        await wrong.close();
      }
    });
  });
});

describeOnSimulator('RocketChatClient over the simulator', 'reads the simulator’s request log and issues tokens for seeded users', () => {
  let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
  let open: OpenClient;

  beforeEach(async () => {
    // A fresh simulator per test: its rate limiter counts per route and client IP, not per user.
    target = await openRocketChatSimulatorTarget();
    open = openClient(target);
  });
  afterEach(async () => {
    await open?.close();
    await target?.close();
  });

  it.each([
    ['../agent', '..%2Fagent'],
    ['a/b?x=1', 'a%2Fb%3Fx%3D1'],
    ['x#y', 'x%23y'],
  ])('sends the id %j as the single percent-encoded segment %s', async (id, segment) => {
    target.simulator.log.clear();
    await expect(open.client.getUser('agent', id, deadline())).resolves.toBeNull();
    const received = target.simulator.log.list();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'GET', path: `${USERS_PATH}/agent/${segment}`, status: 200 });
    expect([...(received[0]?.query.keys() ?? [])]).toEqual([]);
  });

  it('never lets the id ".." reach the platform as a parent-directory segment', async () => {
    target.simulator.log.clear();
    await expect(open.client.getUser('agent', '..', deadline())).resolves.toBeNull();
    await expect(open.client.removeUser('agent', '.', deadline())).resolves.toEqual({ kind: 'unknown-user' });
    // No Rocket.Chat id is "." or "..": the client answers without a call, since no encoding keeps them literal.
    expect(target.simulator.log.list()).toEqual([]);
  });

  it('maps a 403 for an account without Livechat permissions to UPSTREAM_UNAUTHORIZED', async () => {
    const userId = simulatorUserId(target.simulator, SIMULATOR_UNPRIVILEGED_USERNAME);
    const unprivileged = openClient(target, { userId, authToken: target.simulator.issueToken(userId) });
    try {
      const errors = await Promise.all([
        rejectionOf(unprivileged.client.listUsers('agent', { count: 1, offset: 0 }, deadline())),
        rejectionOf(unprivileged.client.getUser('agent', userId, deadline())),
        rejectionOf(unprivileged.client.addUser('agent', SIMULATOR_UNPRIVILEGED_USERNAME, deadline())),
      ]);
      for (const error of errors) {
        expect(error.code).toBe(ErrorCode.UPSTREAM_UNAUTHORIZED);
        expect(error.provider).toBe('rocketchat');
      }
    } finally {
      await unprivileged.close();
    }
  });

  it('maps a 429 to UPSTREAM_RATE_LIMITED with retryAfterMs from X-RateLimit-Reset', async () => {
    const userId = simulatorUserId(target.simulator, SIMULATOR_LIMITED_MANAGER_USERNAME);
    const limited = openClient(target, { userId, authToken: target.simulator.issueToken(userId) });
    try {
      for (let call = 1; call <= 10; call += 1) {
        await limited.client.listUsers('agent', { count: 1, offset: 0 }, deadline());
      }
      const error = await rejectionOf(limited.client.listUsers('agent', { count: 1, offset: 0 }, deadline()));
      expect(error.code).toBe(ErrorCode.UPSTREAM_RATE_LIMITED);
      expect(error.provider).toBe('rocketchat');
      expect(error.retryAfterMs).toBeGreaterThan(0);
      expect(error.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(target.simulator.log.list({ method: 'GET' }).at(-1)?.status).toBe(429);
    } finally {
      await limited.close();
    }
  });

  it('is never rate-limited as the service account (role bot)', async () => {
    for (let call = 1; call <= 15; call += 1) {
      const page = await open.client.listUsers('agent', { count: 1, offset: 0 }, deadline());
      expect(page.users).toHaveLength(1);
    }
  });
});

describeOnSimulator('RocketChatClient and the answers of older servers', 'starts simulators with arranged data and faults', () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    for (const item of opened.splice(0).reverse()) await item.close();
  });
  async function start(options: Parameters<typeof openRocketChatSimulatorTarget>[0]) {
    const target = await openRocketChatSimulatorTarget(options);
    const open = openClient(target);
    opened.push(target, open);
    target.simulator.log.clear();
    return { target, client: open.client };
  }

  it('pages through more matches than one page holds to find a username', async () => {
    const data = seedRocketChat();
    // 150 agents whose usernames contain "target" and sort before it, byte by byte.
    for (let i = 0; i < 150; i += 1) {
      data.users.push({ _id: `Decoy${String(i).padStart(12, '0')}`, username: `a.target.${i}`, name: 'Decoy', roles: ['user', 'livechat-agent'] });
    }
    data.users.push({ _id: 'TheTarget00000001', username: 'target', name: 'Target', roles: ['user', 'livechat-agent'] });
    const { target, client } = await start({ data });
    await expect(client.findUserByUsername('agent', 'target', deadline())).resolves.toMatchObject({ id: 'TheTarget00000001' });
    const calls = target.simulator.log.list();
    expect(calls.map((call) => call.query.get('offset'))).toEqual(['0', '100']);
    expect(calls.every((call) => call.query.get('text') === 'target' && call.query.get('sort') === '{"username":1}')).toBe(true);
  });

  it('stops at the first page that goes past the username in byte order', async () => {
    const data = seedRocketChat();
    for (let i = 0; i < 150; i += 1) {
      data.users.push({ _id: `Later${String(i).padStart(12, '0')}`, username: `target.${i}`, name: 'Later', roles: ['user', 'livechat-agent'] });
    }
    const { target, client } = await start({ data });
    await expect(client.findUserByUsername('agent', 'target', deadline())).resolves.toBeNull();
    expect(target.simulator.log.list()).toHaveLength(1);
  });

  it('refuses to decide, and so to register, when more than 1000 holders sort before the username', async () => {
    const data = seedRocketChat();
    for (let i = 0; i < 1001; i += 1) {
      data.users.push({ _id: `Early${String(i).padStart(12, '0')}`, username: `a.target.${i}`, name: 'Early', roles: ['user', 'livechat-agent'] });
    }
    const { target, client } = await start({ data });
    const error = await rejectionOf(client.findUserByUsername('agent', 'target', deadline()));
    expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
    expect(target.simulator.log.list({ method: 'POST' })).toHaveLength(0);
  });

  it('believes a bare 400 on DELETE (7.x) to mean an unknown id only once a lookup says "User not found"', async () => {
    const { target, client } = await start({ version: '7.x' });
    await expect(client.removeUser('agent', unknownUserId(), deadline())).resolves.toEqual({ kind: 'unknown-user' });
    expect(target.simulator.log.list().map((call) => [call.method, call.status])).toEqual([
      ['DELETE', 400],
      ['GET', 400],
    ]);
  });

  it('reports a bare 400 on DELETE of a user the lookup finds as the error it is, not as an unknown user', async () => {
    const { target, client } = await start({ version: '7.x' });
    const agent = target.simulator.state.allUsers().find((user) => user.roles.includes('livechat-agent')) as { _id: string };
    target.simulator.faults.add({ method: 'DELETE', times: 1, effect: { kind: 'status', status: 400, body: { success: false } } });
    const error = await rejectionOf(client.removeUser('agent', agent._id, deadline()));
    expect(error.code).toBe(ErrorCode.INTERNAL_SERVER_ERROR);
    expect(error.provider).toBe('rocketchat');
  });
});
