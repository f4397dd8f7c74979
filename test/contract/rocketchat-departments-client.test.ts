import { createLogger } from '../../src/logger.js';
import { createRocketChatClient, type RocketChatClient } from '../../src/platforms/rocketchat/index.js';
import { RESILIENCE_DEFAULTS } from '../../src/config/index';
import { createUpstreamPool } from '../../src/upstream/upstream-http.js';
import { within } from '../support/scope';
import {
  RawRocketChat,
  agentDepartmentsPath,
  departmentAgentsPath,
  listAllDepartments,
  unknownDepartmentId,
  unknownUserId,
  unknownUsername,
  type AgentDepartmentRow,
  type DepartmentAgentsBody,
  type DepartmentItem,
} from './rocketchat-raw.js';
import {
  SIMULATOR_OTHER_AGENT_USERNAME,
  TARGET_VERSIONS,
  describeOnSimulator,
  openRocketChatSimulatorTarget,
  openRocketChatTarget,
  simulatorUserId,
  type RocketChatTarget,
} from './rocketchat-target.js';

/**
 * The gateway's Rocket.Chat client for departments, accounts and availability against the platform (the
 * simulator by default, a real server when CONTRACT_ROCKETCHAT_* is set): it must read every answer as
 * documented in shared/upstreams/rocketchat.md. Raw HTTP calls give the expected values. Reads run
 * against any target; writes only against the simulator (they create users and change availability).
 */
const scope = () => within(5_000);

function openClient(target: RocketChatTarget): { client: RocketChatClient; close(): Promise<void> } {
  const url = new URL(target.url);
  const dispatcher = createUpstreamPool(url.origin, { connections: 4, connectTimeoutMs: 2_000, maxResponseBytes: 4 * 1024 * 1024 });
  const client = createRocketChatClient({ url, credentials: target.serviceAccount, dispatcher }, createLogger('silent'), RESILIENCE_DEFAULTS);
  return { client, close: () => dispatcher.close() };
}

describe.each(TARGET_VERSIONS)('RocketChatClient departments and accounts, reads (%s)', (version) => {
  let target: RocketChatTarget;
  let api: RawRocketChat;
  let open: ReturnType<typeof openClient>;
  let all: DepartmentItem[];

  beforeAll(async () => {
    target = await openRocketChatTarget(version);
    api = new RawRocketChat(target);
    open = openClient(target);
    all = await listAllDepartments(api, { showArchived: 'true' });
  });
  afterAll(async () => {
    await open?.close();
    await api?.close();
    await target?.close();
  });

  it('lists departments as the raw list answers them, mapped field by field', async () => {
    const page = await open.client.departments.list({ count: 100, offset: 0, sort: '{"name":1,"_id":1}', showArchived: true }, scope());
    expect(page.total).toBe(all.length);
    expect(page.departments).toEqual(
      all.slice(0, 100).map((item) => ({
        id: item._id,
        name: item.name || null,
        enabled: item.enabled === true,
        description: item.description || null,
        email: item.email || null,
        showOnRegistration: item.showOnRegistration === true,
        showOnOfflineForm: item.showOnOfflineForm === true,
        archived: item.archived === true,
      })),
    );
  });

  it('finds each department by id, and none for an unknown id', async () => {
    for (const item of all.slice(0, 5)) {
      await expect(open.client.departments.get(item._id, scope())).resolves.toMatchObject({ id: item._id, name: item.name || null });
    }
    await expect(open.client.departments.get(unknownDepartmentId(), scope())).resolves.toBeNull();
  });

  it("reads a department's members and an agent's memberships as the raw endpoints answer them", async () => {
    const withMembers = all.find((item) => item.numAgents > 0);
    if (!withMembers) throw new Error('the target has no department with agents');
    const raw = (await api.call<DepartmentAgentsBody>('GET', `${departmentAgentsPath(withMembers._id)}?count=100&sort=${encodeURIComponent('{"username":1}')}`)).body;
    const members = await open.client.departments.members(withMembers._id, { offset: 0, count: 100 }, scope());
    expect(members.total).toBe(raw.total);
    expect(members.members).toEqual(raw.agents.map((row) => ({ agentId: row.agentId, username: row.username, order: row.order })));

    const agentId = raw.agents[0]!.agentId;
    const rows = (await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(agentId))).body.departments;
    await expect(open.client.departments.ofAgent(agentId, scope())).resolves.toEqual([...new Set(rows.map((row) => row.departmentId))]);
    await expect(open.client.departments.ofAgent(unknownUserId(), scope())).resolves.toEqual([]);
  });

  it('looks a user up by username and by id, with its Livechat roles, and none for an unknown one', async () => {
    const withMembers = all.find((item) => item.numAgents > 0)!;
    const raw = (await api.call<DepartmentAgentsBody>('GET', `${departmentAgentsPath(withMembers._id)}?count=1`)).body;
    const member = raw.agents[0]!;
    const byName = await open.client.accounts.info({ username: member.username }, scope());
    expect(byName).toMatchObject({ id: member.agentId, username: member.username });
    expect(byName?.livechatRoles).toContain('AGENT');
    await expect(open.client.accounts.info({ id: member.agentId }, scope())).resolves.toEqual(byName);
    await expect(open.client.accounts.info({ username: unknownUsername() }, scope())).resolves.toBeNull();
    await expect(open.client.accounts.info({ id: unknownUserId() }, scope())).resolves.toBeNull();
  });
});

describeOnSimulator('RocketChatClient departments and accounts, writes', 'they create users and change memberships and availability', () => {
  let target: RocketChatTarget;
  let open: ReturnType<typeof openClient>;

  beforeEach(async () => {
    target = await openRocketChatSimulatorTarget();
    open = openClient(target);
  });
  afterEach(async () => {
    await open.close();
    await target.close();
  });

  const state = () => target.simulator!.state;

  it('adds and removes one membership per call, and reads an unknown department', async () => {
    const agentId = simulatorUserId(target.simulator!, SIMULATOR_OTHER_AGENT_USERNAME);
    const department = state().departments.find((item) => !state().departmentIdsOf(agentId).includes(item._id) && item.archived !== true)!;
    await expect(open.client.departments.change(department._id, { upsert: [{ agentId, username: SIMULATOR_OTHER_AGENT_USERNAME }], remove: [] }, scope())).resolves.toEqual({ kind: 'changed' });
    expect(state().departmentIdsOf(agentId)).toContain(department._id);
    await expect(open.client.departments.change(department._id, { upsert: [], remove: [{ agentId }] }, scope())).resolves.toEqual({ kind: 'changed' });
    expect(state().departmentIdsOf(agentId)).not.toContain(department._id);
    await expect(open.client.departments.change(unknownDepartmentId(), { upsert: [], remove: [] }, scope())).resolves.toEqual({ kind: 'unknown-department' });
  });

  it('creates a user once: the same create again is the field-unavailable refusal', async () => {
    const user = { username: 'contract.new', name: 'Contract New', email: 'contract.new@example.com', password: 'a-long-password', livechatRoles: ['AGENT' as const] };
    const created = await open.client.accounts.create(user, scope());
    expect(created).toMatchObject({ kind: 'created', user: { username: 'contract.new', active: true, livechatRoles: ['AGENT'] } });
    await expect(open.client.accounts.create(user, scope())).resolves.toEqual({ kind: 'field-unavailable' });
    await expect(open.client.accounts.create({ ...user, username: 'contract.other' }, scope())).resolves.toEqual({ kind: 'field-unavailable' });
    await expect(open.client.accounts.create({ ...user, username: 'bad name' }, scope())).resolves.toMatchObject({ kind: 'invalid', field: 'username' });
  });

  it('sets availability explicitly, and reads the unchanged status the platform answers while business hours are closed', async () => {
    const agentId = simulatorUserId(target.simulator!, SIMULATOR_OTHER_AGENT_USERNAME);
    await expect(open.client.accounts.setAgentStatus(agentId, 'not-available', scope())).resolves.toEqual({ kind: 'answered', status: 'not-available' });
    await expect(open.client.accounts.setAgentStatus(agentId, 'not-available', scope())).resolves.toEqual({ kind: 'answered', status: 'not-available' });
    state().setBusinessHoursOpen(false);
    await expect(open.client.accounts.setAgentStatus(agentId, 'available', scope())).resolves.toEqual({ kind: 'answered', status: 'not-available' });
    // The service account's own status: a refusal, not a quiet no-op.
    state().setBusinessHoursOpen(false);
    const own = target.serviceAccount.userId;
    state().userById(own)!.roles.push('livechat-agent');
    await expect(open.client.accounts.setAgentStatus(own, 'available', scope())).resolves.toEqual({ kind: 'business-hours-closed' });
    await expect(open.client.accounts.setAgentStatus(simulatorUserId(target.simulator!, 'camila.rojas'), 'available', scope())).resolves.toEqual({ kind: 'not-an-agent' });
  });

  it('deactivates and activates, and reads an unknown user', async () => {
    const agentId = simulatorUserId(target.simulator!, SIMULATOR_OTHER_AGENT_USERNAME);
    await expect(open.client.accounts.setActive(agentId, false, scope())).resolves.toEqual({ kind: 'set', active: false });
    await expect(open.client.accounts.setAgentStatus(agentId, 'available', scope())).resolves.toEqual({ kind: 'deactivated' });
    await expect(open.client.accounts.setActive(agentId, true, scope())).resolves.toEqual({ kind: 'set', active: true });
    await expect(open.client.accounts.setActive(unknownUserId(), false, scope())).resolves.toEqual({ kind: 'unknown-user' });
  });
});
