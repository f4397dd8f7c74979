import {
  ROUTE_FORBIDDEN_BODY,
  UNAUTHORIZED_BODY,
  DEPARTMENT_PATH,
  RawRocketChat,
  agentDepartmentsPath,
  departmentAgentsPath,
  departmentPath,
  idsOf,
  listAllDepartments,
  listDepartments,
  queryString,
  sortedIds,
  unknownDepartmentId,
  unknownUserId,
  type AgentDepartmentRow,
  type Credentials,
  type DepartmentAgentsBody,
  type DepartmentItem,
  type MembershipRow,
} from './rocketchat-raw.js';
import {
  SIMULATOR_AGENT_USERNAME,
  SIMULATOR_PLAIN_USERNAME,
  SIMULATOR_UNPRIVILEGED_USERNAME,
  TARGET_VERSIONS,
  describeOnSimulator,
  openRocketChatSimulatorTarget,
  openRocketChatTarget,
  simulatorCredentials,
  simulatorUserId,
  targetIsRealServer,
  type RocketChatTarget,
} from './rocketchat-target.js';

/**
 * Rocket.Chat's Livechat department endpoints as the real server answers them
 * (shared/upstreams/rocketchat.md, "Departments"; apps/meteor/app/livechat/imports/server/rest/departments.ts),
 * over plain HTTP. The first block only reads and runs against a real server too; the simulator-only
 * blocks know the seed, use tokens of seeded users and change memberships. Both lines answer alike.
 */

const UNKNOWN_KEY_BODY = { success: false, error: 'must NOT have additional properties [invalid-params]', errorType: 'invalid-params' };
const DEPARTMENT_NOT_FOUND_BODY = {
  success: false,
  error: 'Department not found [error-department-not-found]',
  errorType: 'error-department-not-found',
};
const matchErrorBody = (message: string) => ({ success: false, error: `Match error: ${message}`, errorType: 'Match.Error' });
const invalidParamsBody = (message: string) => ({ success: false, error: `${message} [invalid-params]`, errorType: 'invalid-params' });
/** `API.v1.failure('error-department-removal-disabled')`: no errorType. */
const REMOVAL_DISABLED_BODY = { success: false, error: 'error-department-removal-disabled' };
/** The fields saveDepartment requires of every department a POST or PUT sends (`description` is optional). */
const newDepartment = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}@example.com`,
  enabled: true,
  showOnRegistration: false,
  showOnOfflineForm: true,
  ...extra,
});
const LIST_KEYS = ['count', 'departments', 'offset', 'success', 'total'];
const DEPARTMENT_REQUIRED_KEYS = ['_id', '_updatedAt', 'enabled', 'name', 'numAgents', 'showOnOfflineForm', 'showOnRegistration'];
const DEPARTMENT_OPTIONAL_KEYS = ['archived', 'description', 'email'];
const MEMBERSHIP_KEYS = ['_id', '_updatedAt', 'agentId', 'count', 'departmentEnabled', 'departmentId', 'order', 'username'];
const AGENT_DEPARTMENT_KEYS = ['_id', 'agentId', 'count', 'departmentEnabled', 'departmentId', 'departmentName', 'order', 'username'];

describe.each(TARGET_VERSIONS)('Rocket.Chat livechat departments API (%s)', (version) => {
  let target: RocketChatTarget;
  let api: RawRocketChat;
  let everyDepartment: DepartmentItem[];

  beforeAll(async () => {
    target = await openRocketChatTarget(version);
    api = new RawRocketChat(target);
    everyDepartment = await listAllDepartments(api, { showArchived: 'true' });
  });
  afterAll(async () => {
    await api?.close();
    await target?.close();
  });

  const someDepartment = (): DepartmentItem => {
    const department = everyDepartment.find((item) => item.archived !== true && item.numAgents > 0);
    if (!department) throw new Error('the target has no department with agents');
    return department;
  };

  it('answers 401 with the real body on every department endpoint when the token is wrong', async () => {
    const wrong = { userId: target.serviceAccount.userId, authToken: 'contract-test-wrong-token' };
    const answers = await Promise.all([
      api.call('GET', `${DEPARTMENT_PATH}?unknownKey=1`, { auth: wrong }),
      api.call('GET', departmentPath(unknownDepartmentId()), { auth: wrong }),
      api.call('GET', departmentAgentsPath(unknownDepartmentId()), { auth: wrong }),
      api.call('POST', departmentAgentsPath(unknownDepartmentId()), { auth: wrong, json: {} }),
      api.call('GET', agentDepartmentsPath(unknownUserId()), { auth: wrong }),
      api.call('POST', DEPARTMENT_PATH, { auth: wrong, json: {} }),
      api.call('PUT', departmentPath(unknownDepartmentId()), { auth: wrong, json: {} }),
      api.call('DELETE', departmentPath(unknownDepartmentId()), { auth: wrong }),
    ]);
    for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 401, body: UNAUTHORIZED_BODY });
  });

  describe('GET livechat/department', () => {
    it('lists departments with the documented keys and value types', async () => {
      const body = await listDepartments(api, { showArchived: 'true', count: '100' });
      expect(Object.keys(body).sort()).toEqual(LIST_KEYS);
      expect(body.count).toBe(body.departments.length);
      expect(body.departments.length).toBeGreaterThan(0);
      for (const department of body.departments) expectDepartment(department);
    });

    it('answers 400 invalid-params for a query key it does not know, and accepts query and fields', async () => {
      const unknown = await api.call('GET', `${DEPARTMENT_PATH}?unknownKey=1`);
      expect({ status: unknown.status, body: unknown.body }).toEqual({ status: 400, body: UNKNOWN_KEY_BODY });
      const ignored = await listDepartments(api, { query: '{}', fields: '{}' });
      expect(ignored.total).toBe((await listDepartments(api)).total);
    });

    it('keeps only enabled departments for enabled=true; enabled=false (or anything else) does not filter at all', async () => {
      const all = await listDepartments(api, { count: '100' });
      const enabledOnly = await listDepartments(api, { enabled: 'true', count: '100' });
      expect(enabledOnly.departments.every((department) => department.enabled === true)).toBe(true);
      expect(sortedIds(enabledOnly.departments)).toEqual(sortedIds(all.departments.filter((department) => department.enabled)));
      // There is no way to list only the disabled ones: the server tests `enabled === 'true'`.
      for (const value of ['false', 'no', '']) {
        const unfiltered = await listDepartments(api, { enabled: value, count: '100' });
        expect(unfiltered.total).toBe(all.total);
        expect(sortedIds(unfiltered.departments)).toEqual(sortedIds(all.departments));
      }
    });

    it('leaves archived departments out unless showArchived=true', async () => {
      const shown = await listAllDepartments(api);
      expect(shown.some((department) => department.archived === true)).toBe(false);
      const archived = everyDepartment.filter((department) => department.archived === true);
      expect(sortedIds(everyDepartment)).toEqual([...sortedIds(shown), ...idsOf(archived)].sort());
      const notTrue = await listDepartments(api, { showArchived: 'false', count: '100' });
      expect(notTrue.total).toBe(shown.length);
    });

    it('filters by text on the name, ignoring case', async () => {
      const probe = someDepartment().name.slice(1, 4);
      const expected = everyDepartment.filter((department) => department.archived !== true && department.name.toLowerCase().includes(probe.toLowerCase()));
      const matches = await listAllDepartments(api, { text: probe.toUpperCase() });
      expect(sortedIds(matches)).toEqual(sortedIds(expected));
    });

    it('excludeDepartmentId leaves that department out', async () => {
      const excluded = someDepartment();
      const rest = await listAllDepartments(api, { excludeDepartmentId: excluded._id });
      expect(idsOf(rest)).not.toContain(excluded._id);
      expect(rest).toHaveLength(everyDepartment.filter((department) => department.archived !== true).length - 1);
    });

    it('pages with count and offset over a stable sort, echoing the offset', async () => {
      const sort = '{"name":1,"_id":1}';
      const all = await listDepartments(api, { sort, count: '100' });
      const first = await listDepartments(api, { sort, count: '2', offset: '0' });
      const second = await listDepartments(api, { sort, count: '2', offset: '2' });
      expect([first.offset, second.offset]).toEqual([0, 2]);
      expect([first.count, first.total]).toEqual([first.departments.length, all.total]);
      expect([...idsOf(first.departments), ...idsOf(second.departments)]).toEqual(idsOf(all.departments.slice(0, 4)));
      const past = await listDepartments(api, { offset: String(all.total + 3) });
      expect(past).toEqual({ departments: [], count: 0, offset: all.total + 3, total: all.total, success: true });
    });

    it('reads count=0 as the default page size rather than "none"', async () => {
      const zero = await listDepartments(api, { count: '0' });
      const byDefault = await listDepartments(api);
      expect(zero.count).toBe(byDefault.count);
      expect(zero.count).toBe(Math.min(50, byDefault.total));
    });

    it('sorts by name by default and by a JSON sort object in both directions', async () => {
      const byDefault = await listDepartments(api, { count: '100' });
      const names = byDefault.departments.map((department) => department.name);
      expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      const descending = await listDepartments(api, { sort: '{"name":-1,"_id":-1}', count: '100' });
      const ascending = await listDepartments(api, { sort: '{"name":1,"_id":1}', count: '100' });
      expect(idsOf(descending.departments)).toEqual(idsOf(ascending.departments).reverse());
    });

    it('answers 400 error-invalid-sort for a sort that is not a JSON object of 1/-1', async () => {
      for (const sort of ['name', '{"name":2}', '[1]']) {
        const answer = await api.call<Record<string, unknown>>('GET', `${DEPARTMENT_PATH}${queryString({ sort })}`);
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ success: false, errorType: 'error-invalid-sort' });
      }
    });
  });

  describe('GET livechat/department/:_id', () => {
    it('answers an unknown id with 200 and department null (and no agents, with includeAgents=true)', async () => {
      const id = unknownDepartmentId();
      const plain = await api.call('GET', departmentPath(id));
      expect({ status: plain.status, body: plain.body }).toEqual({ status: 200, body: { department: null, success: true } });
      const withAgents = await api.call('GET', `${departmentPath(id)}?includeAgents=true`);
      expect({ status: withAgents.status, body: withAgents.body }).toEqual({ status: 200, body: { department: null, agents: [], success: true } });
    });

    it('returns the department as the list does, without an agents key unless includeAgents=true', async () => {
      const listed = (await listAllDepartments(api)).find((department) => department._id === someDepartment()._id) as DepartmentItem;
      const answer = await api.call('GET', departmentPath(listed._id));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { department: listed, success: true } });
      const notTrue = await api.call<Record<string, unknown>>('GET', `${departmentPath(listed._id)}?includeAgents=false`);
      expect(notTrue.body).not.toHaveProperty('agents');
    });

    it('includes the membership rows with includeAgents=true, one per agent counted in numAgents', async () => {
      const listed = someDepartment();
      const answer = await api.call<{ department: DepartmentItem; agents: MembershipRow[] }>('GET', `${departmentPath(listed._id)}?includeAgents=true`);
      expect(answer.status).toBe(200);
      expect(answer.body.agents).toHaveLength(listed.numAgents);
      for (const row of answer.body.agents) {
        expectMembership(row);
        expect(row.departmentId).toBe(listed._id);
        expect(row.departmentEnabled).toBe(listed.enabled);
      }
    });

    it('returns archived departments by id (the list hides them)', async () => {
      // Not every server has one; the simulator's seed does (see below).
      const archived = everyDepartment.filter((department) => department.archived === true);
      for (const department of archived) {
        const answer = await api.call<{ department: DepartmentItem | null }>('GET', departmentPath(department._id));
        expect(answer.body.department).toMatchObject({ _id: department._id, archived: true });
      }
      expect(archived.length).toBe(targetIsRealServer ? archived.length : 1);
    });
  });

  describe('GET livechat/department/:_id/agents', () => {
    it('answers an unknown department with 200 and an empty page', async () => {
      const answer = await api.call('GET', departmentAgentsPath(unknownDepartmentId()));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { agents: [], count: 0, offset: 0, total: 0, success: true } });
    });

    it('pages the membership rows, by username unless told otherwise', async () => {
      const listed = someDepartment();
      const all = await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id));
      expect(all.status).toBe(200);
      expect(Object.keys(all.body).sort()).toEqual(['agents', 'count', 'offset', 'success', 'total']);
      expect([all.body.total, all.body.count]).toEqual([listed.numAgents, all.body.agents.length]);
      for (const row of all.body.agents) expectMembership(row);
      const usernames = all.body.agents.map((row) => row.username);
      expect(usernames).toEqual([...usernames].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
      const page = await api.call<DepartmentAgentsBody>('GET', `${departmentAgentsPath(listed._id)}?count=1&offset=1`);
      expect(page.body).toEqual({ agents: all.body.agents.slice(1, 2), count: 1, offset: 1, total: all.body.total, success: true });
      const reversed = await api.call<DepartmentAgentsBody>('GET', `${departmentAgentsPath(listed._id)}${queryString({ sort: '{"username":-1}' })}`);
      expect(idsOf(reversed.body.agents)).toEqual(idsOf(all.body.agents).reverse());
    });
  });

  describe('GET livechat/agents/:agentId/departments', () => {
    it('answers an unknown agent with 200 and no departments', async () => {
      const answer = await api.call('GET', agentDepartmentsPath(unknownUserId()));
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { departments: [], success: true } });
    });

    it("lists an agent's memberships with each department's name; enabledDepartmentsOnly=true keeps the enabled ones", async () => {
      const listed = someDepartment();
      const rows = (await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id))).body.agents;
      const agentId = (rows[0] as MembershipRow).agentId;
      const answer = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(agentId));
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['departments', 'success']);
      expect(answer.body.departments.map((row) => row.departmentId)).toContain(listed._id);
      for (const row of answer.body.departments) {
        expect(Object.keys(row).sort()).toEqual(AGENT_DEPARTMENT_KEYS);
        expect(row.agentId).toBe(agentId);
        const department = everyDepartment.find((item) => item._id === row.departmentId);
        expect(row.departmentName).toBe(department?.name);
      }
      const enabled = await api.call<{ departments: AgentDepartmentRow[] }>('GET', `${agentDepartmentsPath(agentId)}?enabledDepartmentsOnly=true`);
      expect(enabled.body.departments).toEqual(answer.body.departments.filter((row) => row.departmentEnabled));
    });

    it('answers 400 invalid-params for a query key other than enabledDepartmentsOnly', async () => {
      const answer = await api.call('GET', `${agentDepartmentsPath(unknownUserId())}?count=5`);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: UNKNOWN_KEY_BODY });
    });
  });

  describe('POST livechat/department/:_id/agents (answers that change nothing)', () => {
    it.each([
      ['no remove', { upsert: [] }, "Missing key 'remove'"],
      ['no upsert', { remove: [] }, "Missing key 'upsert'"],
      ['neither', {}, "Missing key 'upsert'"],
      ['upsert not an array', { upsert: {}, remove: [] }, 'Expected array, got object in field upsert'],
    ])('requires both arrays (%s) with a Match error', async (_why, body, message) => {
      const answer = await api.call('POST', departmentAgentsPath(someDepartment()._id), { json: body });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: matchErrorBody(message) });
    });

    it('answers an unknown department with 400 error-department-not-found', async () => {
      const answer = await api.call('POST', departmentAgentsPath(unknownDepartmentId()), { json: { upsert: [], remove: [] } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: DEPARTMENT_NOT_FOUND_BODY });
    });

    it('answers empty arrays with 200 {success: true} and changes nothing', async () => {
      const listed = someDepartment();
      const before = (await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id))).body.agents;
      const answer = await api.call('POST', departmentAgentsPath(listed._id), { json: { upsert: [], remove: [] } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { success: true } });
      const after = (await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id))).body.agents;
      expect(after).toEqual(before);
    });

    it('skips an upsert of an unknown user and a removal of a non-member', async () => {
      const listed = someDepartment();
      const before = (await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id))).body.agents;
      const ghost = unknownUserId();
      const answer = await api.call('POST', departmentAgentsPath(listed._id), {
        json: { upsert: [{ agentId: ghost, username: 'ghost' }], remove: [{ agentId: unknownUserId() }] },
      });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { success: true } });
      const after = (await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(listed._id))).body.agents;
      expect(sortedIds(after)).toEqual(sortedIds(before));
      expect(after.map((row) => row.agentId)).not.toContain(ghost);
    });
  });
});

describeOnSimulator('Rocket.Chat livechat departments over the seeded workspace', 'asserts values of the simulator’s seed', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;

    beforeAll(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
    });
    afterAll(async () => {
      await api?.close();
      await target?.close();
    });

    const seeded = (name: string) => {
      const department = target.simulator.state.departments.find((item) => item.name === name);
      if (!department) throw new Error(`no department ${name} in the seed`);
      return department;
    };

    it('answers a seeded department exactly, numAgents counted from its memberships', async () => {
      const sales = seeded('Sales');
      const answer = await api.call('GET', departmentPath(sales._id));
      expect(answer.body).toEqual({
        department: {
          _id: sales._id,
          name: 'Sales',
          enabled: true,
          description: 'New business, quotes and upgrades',
          email: 'sales@example.com',
          showOnRegistration: true,
          showOnOfflineForm: true,
          numAgents: target.simulator.state.agentIdsOf(sales._id).length,
          _updatedAt: sales._updatedAt,
        },
        success: true,
      });
    });

    it('omits the optional fields a department does not have', async () => {
      const onboarding = seeded('Onboarding');
      const answer = await api.call<{ department: Record<string, unknown> }>('GET', departmentPath(onboarding._id));
      expect(Object.keys(answer.body.department).sort()).toEqual(DEPARTMENT_REQUIRED_KEYS);
    });

    it('lists the disabled VIP department for enabled=false and drops it only for enabled=true', async () => {
      const vip = seeded('VIP');
      expect(idsOf((await listDepartments(api, { enabled: 'false' })).departments)).toContain(vip._id);
      expect(idsOf((await listDepartments(api, { enabled: 'true' })).departments)).not.toContain(vip._id);
      expect((await listDepartments(api, { enabled: 'false' })).total).toBe(5);
      expect((await listDepartments(api, { enabled: 'true' })).total).toBe(4);
    });

    it('shows the archived Legacy department only with showArchived=true, and by id', async () => {
      const legacy = seeded('Legacy');
      expect(idsOf((await listDepartments(api)).departments)).not.toContain(legacy._id);
      const withArchived = await listDepartments(api, { showArchived: 'true' });
      expect(withArchived.total).toBe(6);
      expect(withArchived.departments.find((department) => department._id === legacy._id)).toMatchObject({ archived: true, enabled: false, numAgents: 1 });
      const byId = await api.call<{ department: DepartmentItem }>('GET', departmentPath(legacy._id));
      expect(byId.body.department).toMatchObject({ _id: legacy._id, name: 'Legacy', archived: true });
    });

    it("includes archived and disabled departments in an agent's memberships; enabledDepartmentsOnly drops them", async () => {
      const legacyAgent = simulatorUserId(target.simulator, 'legacy.import');
      const all = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(legacyAgent));
      expect(all.body.departments).toEqual([
        expect.objectContaining({ agentId: legacyAgent, departmentId: seeded('Legacy')._id, departmentName: 'Legacy', departmentEnabled: false }),
      ]);
      const enabled = await api.call('GET', `${agentDepartmentsPath(legacyAgent)}?enabledDepartmentsOnly=true`);
      expect(enabled.body).toEqual({ departments: [], success: true });

      // ana.acosta is in Support and in the disabled VIP.
      const ana = simulatorUserId(target.simulator, 'ana.acosta');
      const anas = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(ana));
      expect(anas.body.departments.map((row) => row.departmentName)).toEqual(['Support', 'VIP']);
      const anasEnabled = await api.call<{ departments: AgentDepartmentRow[] }>('GET', `${agentDepartmentsPath(ana)}?enabledDepartmentsOnly=true`);
      expect(anasEnabled.body.departments.map((row) => row.departmentName)).toEqual(['Support']);
    });

    it('answers the rows the state holds, with non-zero counts and orders', async () => {
      const support = seeded('Support');
      const answer = await api.call<{ agents: MembershipRow[] }>('GET', `${departmentPath(support._id)}?includeAgents=true`);
      expect(answer.body.agents).toEqual(target.simulator.state.membershipsIn(support._id));
      expect(answer.body.agents.some((row) => row.count > 0)).toBe(true);
      expect(answer.body.agents.some((row) => row.order > 0)).toBe(true);
    });

    it('has at least two agents in every live department', async () => {
      for (const department of await listAllDepartments(api)) expect(department.numAgents).toBeGreaterThanOrEqual(2);
    });
  });
});

describeOnSimulator('Rocket.Chat livechat department permissions', 'needs tokens for seeded users', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;
    let agentOnly: Credentials;
    let plain: Credentials;
    let supportId: string;

    beforeAll(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
      agentOnly = simulatorCredentials(target.simulator, SIMULATOR_AGENT_USERNAME);
      plain = simulatorCredentials(target.simulator, SIMULATOR_UNPRIVILEGED_USERNAME);
      supportId = (target.simulator.state.departments.find((department) => department.name === 'Support') as { _id: string })._id;
    });
    afterAll(async () => {
      await api?.close();
      await target?.close();
    });

    it('lets an agent (view-l-room) read departments, but leaves the agents key out even with includeAgents=true', async () => {
      const list = await listDepartments(api, {}, agentOnly);
      expect(list.total).toBe(5);
      const answer = await api.call<Record<string, unknown>>('GET', `${departmentPath(supportId)}?includeAgents=true`, { auth: agentOnly });
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['department', 'success']);
      expect(answer.body.department).toMatchObject({ _id: supportId, name: 'Support' });
      const unknown = await api.call('GET', `${departmentPath(unknownDepartmentId())}?includeAgents=true`, { auth: agentOnly });
      expect(unknown.body).toEqual({ department: null, success: true });
      // The department's own agents route is open to view-l-room.
      const members = await api.call<DepartmentAgentsBody>('GET', departmentAgentsPath(supportId), { auth: agentOnly });
      expect(members.body.total).toBe(target.simulator.state.agentIdsOf(supportId).length);
      const mine = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(agentOnly.userId), { auth: agentOnly });
      expect(mine.status).toBe(200);
    });

    it('gives the agents key to a manager (view-livechat-departments) without role admin', async () => {
      const manager = simulatorCredentials(target.simulator, 'samuel.ortega');
      const answer = await api.call<{ agents?: MembershipRow[] }>('GET', `${departmentPath(supportId)}?includeAgents=true`, { auth: manager });
      expect(answer.body.agents).toEqual(target.simulator.state.membershipsIn(supportId));
    });

    it('answers a user without Livechat roles with the route permission 403 on every department endpoint', async () => {
      const answers = await Promise.all([
        api.call('GET', DEPARTMENT_PATH, { auth: plain }),
        api.call('GET', departmentPath(supportId), { auth: plain }),
        api.call('GET', departmentAgentsPath(supportId), { auth: plain }),
        api.call('POST', departmentAgentsPath(supportId), { auth: plain, json: { upsert: [], remove: [] } }),
        api.call('GET', agentDepartmentsPath(plain.userId), { auth: plain }),
      ]);
      for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
    });

    it('refuses an agent (no manage/add department permission) a membership change with the route 403', async () => {
      const answer = await api.call('POST', departmentAgentsPath(supportId), { auth: agentOnly, json: { upsert: [{ agentId: agentOnly.userId }], remove: [] } });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
    });

    it('validates the list query before the route permission, but checks the membership body only after it', async () => {
      const list = await api.call('GET', `${DEPARTMENT_PATH}?unknownKey=1`, { auth: plain });
      expect({ status: list.status, body: list.body }).toEqual({ status: 400, body: UNKNOWN_KEY_BODY });
      // The handler's Meteor check() runs after the route's permissionsRequired.
      const change = await api.call('POST', departmentAgentsPath(supportId), { auth: plain, json: { upsert: [] } });
      expect({ status: change.status, body: change.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      const agentsKey = await api.call('GET', `${agentDepartmentsPath(plain.userId)}?bogus=1`, { auth: plain });
      expect({ status: agentsKey.status, body: agentsKey.body }).toEqual({ status: 400, body: UNKNOWN_KEY_BODY });
    });

    it('validates a department creation before the route permission: a valid body from a plain user is the 403', async () => {
      const incomplete = await api.call('POST', DEPARTMENT_PATH, { auth: plain, json: { department: { name: 'Refused' } } });
      expect({ status: incomplete.status, body: incomplete.body }).toEqual({ status: 400, body: invalidParamsBody("/department must have required property 'email'") });
      const valid = await api.call('POST', DEPARTMENT_PATH, { auth: plain, json: { department: newDepartment('Refused') } });
      expect({ status: valid.status, body: valid.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      const byAgent = await api.call('POST', DEPARTMENT_PATH, { auth: agentOnly, json: { department: newDepartment('Refused') } });
      expect({ status: byAgent.status, body: byAgent.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      expect(target.simulator.state.departments.map((department) => department.name)).not.toContain('Refused');
    });

    it('checks permission before the body on PUT and DELETE: anything from a user without department rights is the 403', async () => {
      const answers = await Promise.all([
        api.call('PUT', departmentPath(supportId), { auth: plain, json: { bogus: true } }),
        api.call('PUT', departmentPath(supportId), { auth: agentOnly, json: { department: newDepartment('Support') } }),
        api.call('DELETE', departmentPath(supportId), { auth: plain }),
        api.call('DELETE', departmentPath(supportId), { auth: agentOnly }),
      ]);
      for (const answer of answers) expect({ status: answer.status, body: answer.body }).toEqual({ status: 403, body: ROUTE_FORBIDDEN_BODY });
      expect(target.simulator.state.departmentById(supportId)?.name).toBe('Support');
    });
  });
});

describeOnSimulator('Rocket.Chat department membership changes', 'changes the simulator’s memberships', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;
    let supportId: string;

    // A fresh workspace per test: every test here changes memberships.
    beforeEach(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
      supportId = (target.simulator.state.departments.find((department) => department.name === 'Support') as { _id: string })._id;
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const change = (departmentId: string, json: unknown) => api.call('POST', departmentAgentsPath(departmentId), { json });
    const rowsOf = async (departmentId: string) =>
      (await api.call<{ agents: MembershipRow[] }>('GET', `${departmentPath(departmentId)}?includeAgents=true`)).body.agents;

    it('puts a user who is not an agent into a department: the server does not check the role', async () => {
      const plainId = simulatorUserId(target.simulator, SIMULATOR_PLAIN_USERNAME);
      const answer = await change(supportId, { upsert: [{ agentId: plainId, username: SIMULATOR_PLAIN_USERNAME }], remove: [] });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { success: true } });
      expect(target.simulator.state.agentIdsOf(supportId)).toContain(plainId);
      expect(target.simulator.state.userById(plainId)?.roles).toEqual(['user']);
    });

    it('adds a row with the username from the user record (not the body), count and order 0 unless given', async () => {
      const agentId = simulatorUserId(target.simulator, 'diego.dominguez');
      expect(target.simulator.state.departmentIdsOf(agentId)).toEqual([]);
      await change(supportId, { upsert: [{ agentId, username: 'someone.else' }], remove: [] });
      const row = (await rowsOf(supportId)).find((item) => item.agentId === agentId);
      expect(row).toEqual({
        _id: expect.any(String),
        agentId,
        departmentId: supportId,
        departmentEnabled: true,
        username: 'diego.dominguez',
        count: 0,
        order: 0,
        _updatedAt: expect.any(String),
      });
      const listed = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(agentId));
      expect(listed.body.departments.map((item) => item.departmentName)).toEqual(['Support']);
    });

    it('never removes by upserting (PUT-like): the members not listed stay', async () => {
      const before = target.simulator.state.agentIdsOf(supportId);
      const newcomer = simulatorUserId(target.simulator, 'diego.dominguez');
      await change(supportId, { upsert: [{ agentId: newcomer, username: 'diego.dominguez' }], remove: [] });
      expect(target.simulator.state.agentIdsOf(supportId)).toEqual([...before, newcomer]);
      const numAgents = (await api.call<{ department: DepartmentItem }>('GET', departmentPath(supportId))).body.department.numAgents;
      expect(numAgents).toBe(before.length + 1);
    });

    it('rewrites count and order of an existing member: to the values given, or to 0 when left out', async () => {
      const member = (await rowsOf(supportId)).find((row) => row.count > 0) as MembershipRow;
      expect(member).toBeDefined();
      await change(supportId, { upsert: [{ agentId: member.agentId, username: member.username, count: 7, order: 3 }], remove: [] });
      expect((await rowsOf(supportId)).find((row) => row.agentId === member.agentId)).toMatchObject({ _id: member._id, count: 7, order: 3 });
      // The server's $set writes `count: agent.count ? … : 0`: an upsert without them resets both.
      await change(supportId, { upsert: [{ agentId: member.agentId, username: member.username }], remove: [] });
      expect((await rowsOf(supportId)).find((row) => row.agentId === member.agentId)).toMatchObject({ _id: member._id, count: 0, order: 0 });
      expect((await rowsOf(supportId)).filter((row) => row.agentId === member.agentId)).toHaveLength(1);
    });

    it('removes the listed members only, and a second identical call is a harmless 200', async () => {
      const [first, ...others] = await rowsOf(supportId);
      const body = { upsert: [], remove: [{ agentId: (first as MembershipRow).agentId }] };
      for (let call = 0; call < 2; call += 1) {
        const answer = await change(supportId, body);
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { success: true } });
        expect(await rowsOf(supportId)).toEqual(others);
      }
    });

    it('removes before it upserts: an agent in both lists ends up a member', async () => {
      const [first] = await rowsOf(supportId);
      const agentId = (first as MembershipRow).agentId;
      await change(supportId, { upsert: [{ agentId, username: 'x' }], remove: [{ agentId }] });
      expect(target.simulator.state.agentIdsOf(supportId)).toContain(agentId);
    });

    it('copies the department’s enabled flag into a new row (false for the disabled VIP)', async () => {
      const vip = target.simulator.state.departments.find((department) => department.name === 'VIP') as DepartmentItem;
      const agentId = simulatorUserId(target.simulator, 'diego.dominguez');
      await change(vip._id, { upsert: [{ agentId, username: 'diego.dominguez' }], remove: [] });
      expect((await rowsOf(vip._id)).find((row) => row.agentId === agentId)?.departmentEnabled).toBe(false);
      const enabledOnly = await api.call('GET', `${agentDepartmentsPath(agentId)}?enabledDepartmentsOnly=true`);
      expect(enabledOnly.body).toEqual({ departments: [], success: true });
    });

    it("updates the department's _updatedAt when its members change, not on an empty change", async () => {
      const before = target.simulator.state.departmentById(supportId)?._updatedAt;
      await change(supportId, { upsert: [], remove: [] });
      expect(target.simulator.state.departmentById(supportId)?._updatedAt).toBe(before);
      const agentId = simulatorUserId(target.simulator, 'diego.dominguez');
      await change(supportId, { upsert: [{ agentId, username: 'diego.dominguez' }], remove: [] });
      expect(target.simulator.state.departmentById(supportId)?._updatedAt).not.toBe(before);
    });

    it('checks each entry: an upsert without agentId is a Match error and changes nothing', async () => {
      const before = target.simulator.state.agentIdsOf(supportId);
      const answer = await change(supportId, { upsert: [{ username: 'diego.dominguez' }], remove: [] });
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: matchErrorBody("Missing key 'agentId' in field upsert[0]") });
      expect(target.simulator.state.agentIdsOf(supportId)).toEqual(before);
    });
  });
});

describeOnSimulator('Rocket.Chat department create, update and remove', 'creates, changes and removes the simulator’s departments', () => {
  describe.each(TARGET_VERSIONS)('%s', (version) => {
    let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
    let api: RawRocketChat;
    let support: DepartmentItem;

    // A fresh workspace per test: every test here changes departments.
    beforeEach(async () => {
      target = await openRocketChatSimulatorTarget({ version });
      api = new RawRocketChat(target);
      support = (await api.call<{ department: DepartmentItem }>('GET', departmentPath(seededId('Support')))).body.department;
    });
    afterEach(async () => {
      await api?.close();
      await target?.close();
    });

    const seededId = (name: string) => (target.simulator.state.departments.find((department) => department.name === name) as { _id: string })._id;
    const put = (id: string, json: unknown) => api.call<{ department: DepartmentItem; agents: MembershipRow[] }>('PUT', departmentPath(id), { json });
    const supportFields = () => newDepartment('Support', { email: support.email, showOnRegistration: true });
    const lookup = async (id: string) => (await api.call<{ department: DepartmentItem | null; agents?: MembershipRow[] }>('GET', `${departmentPath(id)}?includeAgents=true`)).body;

    describe('POST livechat/department', () => {
      it('creates a department and answers the stored document (an ObjectId, no numAgents) with its membership rows', async () => {
        const agentId = simulatorUserId(target.simulator, 'diego.dominguez');
        const answer = await api.call<{ department: Record<string, unknown>; agents: MembershipRow[] }>('POST', DEPARTMENT_PATH, {
          json: { department: newDepartment('Escalations', { description: 'Second line' }), agents: [{ agentId, count: 2 }] },
        });
        expect(answer.status).toBe(200);
        const id = answer.body.department._id as string;
        expect(id).toMatch(/^[0-9a-f]{24}$/);
        expect(answer.body).toEqual({
          department: { _id: id, ...newDepartment('Escalations', { description: 'Second line' }), _updatedAt: expect.any(String) },
          agents: [
            { _id: expect.any(String), agentId, departmentId: id, username: 'diego.dominguez', count: 2, order: 0, departmentEnabled: true, _updatedAt: expect.any(String) },
          ],
          success: true,
        });
        // Counted once its agents were saved: the lookup has numAgents, and the list shows it.
        expect((await lookup(id)).department).toMatchObject({ _id: id, name: 'Escalations', numAgents: 1 });
        expect(idsOf((await listDepartments(api, { count: '100' })).departments)).toContain(id);
        const mine = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(agentId));
        expect(mine.body.departments.map((row) => row.departmentName)).toEqual(['Escalations']);
      });

      it('creates a department without agents that has no numAgents field at all until it gets some', async () => {
        const answer = await api.call<{ department: { _id: string }; agents: MembershipRow[] }>('POST', DEPARTMENT_PATH, { json: { department: newDepartment('Empty') } });
        expect(answer.body.agents).toEqual([]);
        const { department } = await lookup(answer.body.department._id);
        expect(department).not.toHaveProperty('numAgents');
        await api.call('POST', departmentAgentsPath(answer.body.department._id), { json: { upsert: [], remove: [{ agentId: unknownUserId() }] } });
        expect((await lookup(answer.body.department._id)).department).toMatchObject({ numAgents: 0 });
      });

      it('validates against the schema first: required fields, and agents entries of agentId, count and order only', async () => {
        const cases: Array<[unknown, string]> = [
          [{}, "must have required property 'department'"],
          [{ department: newDepartment('X'), extra: 1 }, 'must NOT have additional properties'],
          [{ department: { name: 'X', email: 'x@example.com', enabled: true, showOnRegistration: false } }, "/department must have required property 'showOnOfflineForm'"],
          // The agents endpoint accepts a username in its entries; this one refuses it.
          [{ department: newDepartment('X'), agents: [{ agentId: 'abc', username: 'abc' }] }, '/agents/0 must NOT have additional properties'],
          [{ department: newDepartment('X'), agents: [{ count: 1 }] }, "/agents/0 must have required property 'agentId'"],
          [{ department: newDepartment('X', { showOnOfflineForm: 'sometimes' }) }, '/department/showOnOfflineForm must be boolean'],
        ];
        for (const [json, message] of cases) {
          const answer = await api.call('POST', DEPARTMENT_PATH, { json });
          expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: invalidParamsBody(message) });
        }
        expect(target.simulator.state.departments).toHaveLength(6);
      });

      it("then runs the handler's Meteor checks: agents null passes the schema but not check(), a null description neither", async () => {
        const nullAgents = await api.call('POST', DEPARTMENT_PATH, { json: { department: newDepartment('X'), agents: null } });
        expect({ status: nullAgents.status, body: nullAgents.body }).toEqual({ status: 400, body: matchErrorBody('Expected Array in field agents') });
        const nullDescription = await api.call('POST', DEPARTMENT_PATH, { json: { department: newDepartment('X', { description: null }) } });
        expect({ status: nullDescription.status, body: nullDescription.body }).toEqual({ status: 400, body: matchErrorBody('Expected string, got null in field description') });
        expect(target.simulator.state.departments).toHaveLength(6);
      });

      it('refuses a fallback department that does not exist, and closing tags required without any', async () => {
        const fallback = await api.call('POST', DEPARTMENT_PATH, { json: { department: newDepartment('X', { fallbackForwardDepartment: unknownDepartmentId() }) } });
        expect({ status: fallback.status, body: fallback.body }).toEqual({
          status: 400,
          body: { success: false, error: 'Fallback department not found [error-fallback-department-not-found]', errorType: 'error-fallback-department-not-found' },
        });
        const tags = await api.call<Record<string, unknown>>('POST', DEPARTMENT_PATH, { json: { department: newDepartment('X', { requestTagBeforeClosingChat: true }) } });
        expect(tags.status).toBe(400);
        expect(tags.body).toMatchObject({ success: false, errorType: 'error-validating-department-chat-closing-tags' });
        expect(target.simulator.state.departments).toHaveLength(6);
      });
    });

    describe('PUT livechat/department/:_id', () => {
      it('only adds or updates the listed agents: a PUT with a subset of the members leaves every other member in', async () => {
        const before = target.simulator.state.membershipsIn(support._id).map((row) => ({ ...row }));
        expect(before.length).toBeGreaterThanOrEqual(2);
        const [kept] = before as [MembershipRow];
        const newcomer = simulatorUserId(target.simulator, 'diego.dominguez');
        const answer = await put(support._id, { department: supportFields(), agents: [{ agentId: kept.agentId, count: 5, order: 1 }, { agentId: newcomer }] });
        expect(answer.status).toBe(200);
        // Not a replacement: the answer (every row of the department) still holds the members not listed.
        expect(sortedIds(answer.body.agents.map((row) => ({ _id: row.agentId })))).toEqual([...before.map((row) => row.agentId), newcomer].sort());
        expect(answer.body.agents.find((row) => row.agentId === kept.agentId)).toMatchObject({ _id: kept._id, count: 5, order: 1 });
        for (const row of before.slice(1)) {
          expect(answer.body.agents.find((item) => item.agentId === row.agentId)).toMatchObject({ _id: row._id, count: row.count, order: row.order });
        }
        expect(answer.body.department).toMatchObject({ _id: support._id, numAgents: before.length + 1 });
        expect(target.simulator.state.agentIdsOf(support._id)).toEqual([...before.map((row) => row.agentId), newcomer]);
      });

      it('leaves every member in with agents: [] or without agents, and answers the department as stored', async () => {
        const before = target.simulator.state.agentIdsOf(support._id);
        for (const json of [{ department: supportFields(), agents: [] }, { department: supportFields() }]) {
          const answer = await put(support._id, json);
          expect(answer.status).toBe(200);
          expect(answer.body.agents.map((row) => row.agentId)).toEqual(before);
          expect(answer.body.department).toEqual({ ...support, _updatedAt: expect.any(String) });
        }
        expect(target.simulator.state.agentIdsOf(support._id)).toEqual(before);
      });

      it('sets the fields sent, keeps those left out, and copies a new enabled flag into the membership rows', async () => {
        const answer = await put(support._id, { department: newDepartment('Customer Support', { email: 'help@example.com', enabled: false }) });
        expect(answer.status).toBe(200);
        expect(answer.body.department).toMatchObject({
          _id: support._id,
          name: 'Customer Support',
          email: 'help@example.com',
          enabled: false,
          description: support.description,
          numAgents: support.numAgents,
        });
        expect(answer.body.department._updatedAt).not.toBe(support._updatedAt);
        expect(answer.body.agents.every((row) => row.departmentEnabled === false)).toBe(true);
        expect((await lookup(support._id)).department).toEqual(answer.body.department);
      });

      it('takes back what GET answered, numAgents, _id and _updatedAt included', async () => {
        const answer = await put(support._id, { department: { ...support, name: 'Support (renamed)' } });
        expect(answer.status).toBe(200);
        expect(answer.body.department).toEqual({ ...support, name: 'Support (renamed)', _updatedAt: expect.any(String) });
      });

      it('requires the whole department, not just the fields to change, and changes nothing when it is incomplete', async () => {
        const answer = await put(support._id, { department: { name: 'Renamed' } });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: matchErrorBody("Missing key 'enabled'") });
        const noDepartment = await put(support._id, { agents: [] });
        expect({ status: noDepartment.status, body: noDepartment.body }).toEqual({ status: 400, body: matchErrorBody("Missing key 'department'") });
        const unknownKey = await put(support._id, { department: supportFields(), upsert: [] });
        expect({ status: unknownKey.status, body: unknownKey.body }).toEqual({ status: 400, body: matchErrorBody('Unknown key in field upsert') });
        expect((await lookup(support._id)).department).toEqual(support);
      });

      it('answers an unknown id with 400 error-department-not-found, but only once the body passed its checks', async () => {
        const id = unknownDepartmentId();
        const complete = await put(id, { department: newDepartment('Ghost') });
        expect({ status: complete.status, body: complete.body }).toEqual({ status: 400, body: DEPARTMENT_NOT_FOUND_BODY });
        const incomplete = await put(id, { department: { name: 'Ghost' } });
        expect({ status: incomplete.status, body: incomplete.body }).toEqual({ status: 400, body: matchErrorBody("Missing key 'enabled'") });
        expect((await lookup(id)).department).toBeNull();
        expect(target.simulator.state.departments).toHaveLength(6);
      });

      it('saves the department before it checks the agents: a bad entry is a 400 after the fields were written', async () => {
        const before = target.simulator.state.agentIdsOf(support._id);
        const answer = await put(support._id, { department: newDepartment('Support v2', { email: support.email }), agents: [{ username: 'diego.dominguez' }] });
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: matchErrorBody("Missing key 'agentId' in field upsert[0]") });
        expect((await lookup(support._id)).department?.name).toBe('Support v2');
        expect(target.simulator.state.agentIdsOf(support._id)).toEqual(before);
      });

      it('refuses to enable an archived department', async () => {
        const legacy = seededId('Legacy');
        const answer = await put(legacy, { department: newDepartment('Legacy') });
        expect({ status: answer.status, body: answer.body }).toEqual({
          status: 400,
          body: { success: false, error: 'Archived departments cant be enabled [error-archived-department-cant-be-enabled]', errorType: 'error-archived-department-cant-be-enabled' },
        });
        expect((await put(legacy, { department: newDepartment('Legacy', { enabled: false }) })).status).toBe(200);
      });

      it('refuses a department as its own fallback', async () => {
        const answer = await put(support._id, { department: { ...supportFields(), fallbackForwardDepartment: support._id } });
        expect(answer.status).toBe(400);
        expect(answer.body).toMatchObject({ success: false, errorType: 'error-fallback-department-circular' });
      });
    });

    describe('DELETE livechat/department/:_id', () => {
      it('is refused while department removal is disabled (the default), and removes nothing', async () => {
        const members = target.simulator.state.agentIdsOf(support._id);
        for (const id of [support._id, unknownDepartmentId()]) {
          const answer = await api.call('DELETE', departmentPath(id));
          expect({ status: answer.status, body: answer.body }).toEqual({ status: 400, body: REMOVAL_DISABLED_BODY });
        }
        expect((await lookup(support._id)).department).toEqual(support);
        expect(target.simulator.state.agentIdsOf(support._id)).toEqual(members);
      });

      it('removes the department and its memberships once removal is enabled; a second DELETE is a 400', async () => {
        target.simulator.state.setDepartmentRemovalEnabled(true);
        const member = target.simulator.state.agentIdsOf(support._id)[0] as string;
        const answer = await api.call('DELETE', departmentPath(support._id));
        expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: { success: true } });
        expect(await lookup(support._id)).toEqual({ department: null, agents: [], success: true });
        expect(idsOf((await listDepartments(api, { count: '100' })).departments)).not.toContain(support._id);
        const memberships = await api.call<{ departments: AgentDepartmentRow[] }>('GET', agentDepartmentsPath(member));
        expect(memberships.body.departments.map((row) => row.departmentId)).not.toContain(support._id);
        const again = await api.call('DELETE', departmentPath(support._id));
        expect({ status: again.status, body: again.body }).toEqual({ status: 400, body: { success: false, error: 'error-department-not-found' } });
      });

      it('can be enabled from the start with the simulator option', async () => {
        const enabled = await openRocketChatSimulatorTarget({ version, departmentRemovalEnabled: true });
        const enabledApi = new RawRocketChat(enabled);
        try {
          const id = enabled.simulator.state.departments.find((department) => department.name === 'Billing')?._id as string;
          expect((await enabledApi.call('DELETE', departmentPath(id))).status).toBe(200);
          expect(enabled.simulator.state.departmentById(id)).toBeUndefined();
          expect(enabled.simulator.state.agentIdsOf(id)).toEqual([]);
        } finally {
          await enabledApi.close();
          await enabled.close();
        }
      });
    });
  });
});

/** One department: the documented keys (optional ones omitted, never null), each of its type. */
function expectDepartment(department: DepartmentItem): void {
  const keys = Object.keys(department);
  for (const key of DEPARTMENT_REQUIRED_KEYS) expect(keys).toContain(key);
  for (const key of keys) expect([...DEPARTMENT_REQUIRED_KEYS, ...DEPARTMENT_OPTIONAL_KEYS]).toContain(key);
  expect(typeof department._id).toBe('string');
  expect(typeof department.name).toBe('string');
  expect(typeof department.enabled).toBe('boolean');
  expect(typeof department.showOnRegistration).toBe('boolean');
  expect(typeof department.showOnOfflineForm).toBe('boolean');
  expect(Number.isInteger(department.numAgents)).toBe(true);
  expect(Number.isNaN(Date.parse(department._updatedAt))).toBe(false);
  for (const key of DEPARTMENT_OPTIONAL_KEYS) if (key in department) expect(department[key as keyof DepartmentItem]).not.toBeNull();
}

function expectMembership(row: MembershipRow): void {
  expect(Object.keys(row).sort()).toEqual(MEMBERSHIP_KEYS);
  expect(typeof row.agentId).toBe('string');
  expect(typeof row.username).toBe('string');
  expect(Number.isInteger(row.count)).toBe(true);
  expect(Number.isInteger(row.order)).toBe(true);
  expect(typeof row.departmentEnabled).toBe('boolean');
}

describeOnSimulator('Rocket.Chat department routes behind the rate limiter', 'trips the rate limiter with a manager without role bot', () => {
  let target: Awaited<ReturnType<typeof openRocketChatSimulatorTarget>>;
  let api: RawRocketChat;

  beforeEach(async () => {
    target = await openRocketChatSimulatorTarget();
    api = new RawRocketChat(target);
  });
  afterEach(async () => {
    await api?.close();
    await target?.close();
  });

  it('counts per route pattern and method: different ids share a window, other routes have their own', async () => {
    const manager = simulatorCredentials(target.simulator, 'samuel.ortega');
    for (let call = 1; call <= 10; call += 1) {
      const answer = await api.call('GET', departmentPath(unknownDepartmentId()), { auth: manager });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-remaining']).toBe(String(10 - call));
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    const limited = await api.call<{ success: boolean; error: string }>('GET', departmentPath(unknownDepartmentId()), { auth: manager });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatch(/^Error, too many requests\. Please slow down\. You must wait \d+ seconds before trying this endpoint again\. \[error-too-many-requests\]$/);
    const agents = await api.call('GET', departmentAgentsPath(unknownDepartmentId()), { auth: manager });
    expect(agents.status).toBe(200);
    const list = await api.call('GET', DEPARTMENT_PATH, { auth: manager });
    expect(list.status).toBe(200);
  });

  it('never limits the service account (roles admin and bot)', async () => {
    for (let call = 1; call <= 12; call += 1) expect((await api.call('GET', departmentPath(unknownDepartmentId()))).status).toBe(200);
  });

  it('applies injected faults to the new routes too, logging each request once', async () => {
    target.simulator.faults.add({ method: 'GET', path: DEPARTMENT_PATH, times: 1, effect: { kind: 'status', status: 503 } });
    const faulted = await api.call('GET', DEPARTMENT_PATH);
    expect({ status: faulted.status, body: faulted.body }).toEqual({ status: 503, body: { success: false, error: 'Internal server error' } });
    expect((await api.call('GET', DEPARTMENT_PATH)).status).toBe(200);
    expect(target.simulator.log.list({ pathPrefix: DEPARTMENT_PATH }).map((entry) => entry.status)).toEqual([503, 200]);
  });
});
