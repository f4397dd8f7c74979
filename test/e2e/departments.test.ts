import { useTestGateway, userId, type TestGateway } from '../support/gateway';
import { caught, document, useTypedClient } from '../support/typed-client';

// Query.departments, Query.department, Department.agents and Agent.departments, through the typed
// client's Departments and Department operations (and `request` for selections it has no operation for).

const DEPARTMENTS_PATH = '/api/v1/livechat/department';
const MEMBERSHIPS_PATH = '/api/v1/livechat/agents/';
const USERS_PATH = '/api/v1/livechat/users';

function calls(gateway: TestGateway, pathPrefix: string): number {
  return gateway.simulator.log.list({ pathPrefix }).length;
}

describe('Query.departments and Query.department', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;

  it('lists the departments by name, archived ones left out, with every field as the platform has it', async () => {
    const page = await client().departments({ first: 100 });
    const expected = state().departments.filter((department) => department.archived !== true);
    expect(page.totalCount).toBe(expected.length);
    expect(page.nodes.map((department) => department.name)).toEqual(expected.map((department) => department.name).sort());
    const vip = expected.find((department) => department.name === 'VIP');
    expect(page.nodes.find((department) => department.id === vip?._id)).toEqual({
      id: vip?._id,
      name: 'VIP',
      enabled: vip?.enabled,
      description: vip?.description ?? null,
      email: vip?.email ?? null,
      showOnRegistration: vip?.showOnRegistration,
      showOnOfflineForm: vip?.showOnOfflineForm,
      archived: false,
    });
    // The page's departments answered every field: one call in all.
    expect(calls(gateway(), DEPARTMENTS_PATH)).toBe(1);
  });

  it('filters by name and to enabled departments, and refuses enabled: false, which the platform cannot answer', async () => {
    const support = await client().departments({ search: 'supp' });
    expect(support.nodes.map((department) => department.name)).toEqual(['Support']);
    const enabled = await client().departments({ enabled: true });
    expect(enabled.nodes.length).toBeGreaterThan(0);
    expect(enabled.nodes.every((department) => department.enabled === true)).toBe(true);
    expect(enabled.totalCount).toBe(state().departments.filter((d) => d.enabled && d.archived !== true).length);

    gateway().simulator.log.clear();
    const refused = await caught(client().departments({ enabled: false }));
    expect(refused.code).toBe('BAD_USER_INPUT');
    expect(refused.message).toMatch(/enabled: false/);
    expect(calls(gateway(), DEPARTMENTS_PATH)).toBe(0);
  });

  it('pages with first and after, every department once', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const result: Awaited<ReturnType<ReturnType<typeof client>['departments']>> = await client().departments({ first: 2, after });
      seen.push(...result.nodes.map((department) => department.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(new Set(seen).size);
    expect(seen).toHaveLength(state().departments.filter((d) => d.archived !== true).length);
    const refused = await caught(client().departments({ after: 'bm90LWEtY3Vyc29y' }));
    expect(refused.code).toBe('BAD_USER_INPUT');
  });

  it('finds one department by id, archived ones too, and answers null for an unknown id', async () => {
    const legacy = state().departments.find((department) => department.archived === true);
    expect(legacy).toBeDefined();
    const found = await client().department({ id: legacy!._id, agentsFirst: 10 });
    expect(found).toMatchObject({ id: legacy!._id, name: legacy!.name, archived: true });
    expect(await client().department({ id: 'no-such-department' })).toBeNull();
  });

  it("pages a department's agents by username, with their routing order and each one as an agent", async () => {
    const support = state().departments.find((department) => department.name === 'Support')!;
    const memberIds = state().agentIdsOf(support._id);
    const found = await client().department({ id: support._id, agentsFirst: 100 });
    const edges = found?.agents?.edges ?? [];
    expect(found?.agents?.totalCount).toBe(memberIds.length);
    expect(edges.map((edge) => edge.agentId).sort()).toEqual([...memberIds].sort());
    const usernames = edges.map((edge) => edge.node?.username ?? '');
    expect(usernames).toEqual([...usernames].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    expect(edges.every((edge) => edge.node?.id === edge.agentId)).toBe(true);
    const orders = new Map(state().membershipsIn(support._id).map((membership) => [membership.agentId, membership.order]));
    expect(edges.map((edge) => edge.order)).toEqual(edges.map((edge) => orders.get(edge.agentId)));

    const firstPage = await client().department({ id: support._id, agentsFirst: 1 });
    const next = await client().department({ id: support._id, agentsFirst: 100, agentsAfter: firstPage?.agents?.pageInfo.endCursor });
    expect(next?.agents?.edges.map((edge) => edge.agentId)).toEqual(edges.slice(1).map((edge) => edge.agentId));
    // A cursor of another department's list is not one of this list's.
    const billing = state().departments.find((department) => department.name === 'Billing')!;
    const refused = await caught(client().department({ id: billing._id, agentsFirst: 1, agentsAfter: firstPage?.agents?.pageInfo.endCursor }));
    expect(refused.code).toBe('BAD_USER_INPUT');
  });
});

describe('Agent.departments', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);
  const state = () => gateway().simulator.state;

  type AgentDepartments = { id: string; departmentIds: string[] | null; departments: Array<{ id: string; name: string | null }> };

  it('resolves a page of agents\' departments without a membership call, and all their names with one department call', async () => {
    const page = await client().agents({ type: 'AGENT', first: 50 });
    expect(calls(gateway(), USERS_PATH)).toBe(1);
    expect(calls(gateway(), MEMBERSHIPS_PATH)).toBe(0);
    expect(calls(gateway(), DEPARTMENTS_PATH)).toBe(1);
    const names = new Map(state().departments.map((department) => [department._id, department.name]));
    for (const agent of page.nodes) {
      expect(agent.departments.map((department) => department.id).sort()).toEqual(state().departmentIdsOf(agent.id).sort());
      expect(agent.departments.every((department) => department.name === names.get(department.id))).toBe(true);
    }
  });

  it('means the same on an agent fetched alone as on the list, with one membership call per distinct agent', async () => {
    const listed = await client().request(
      document<{ agents: { nodes: AgentDepartments[] } }>('query { agents(type: AGENT, first: 15) { nodes { id departmentIds departments { id name } } } }'),
    );
    const ids = listed.agents.nodes.map((agent) => agent.id);
    gateway().simulator.log.clear();
    // 15 agents, each asked twice under two aliases (30, the alias limit): one membership call per distinct agent.
    const aliases = ids.flatMap((id, index) => [
      `a${index}: agent(type: AGENT, id: "${id}") { id departmentIds departments { id name } }`,
      `b${index}: agent(type: AGENT, id: "${id}") { departments { id } }`,
    ]);
    const alone = await client().request(document<Record<string, AgentDepartments>>(`query { ${aliases.join('\n')} }`));
    expect(calls(gateway(), MEMBERSHIPS_PATH)).toBe(ids.length);
    expect(calls(gateway(), DEPARTMENTS_PATH)).toBeLessThanOrEqual(1);
    listed.agents.nodes.forEach((agent, index) => {
      const single = alone[`a${index}`]!;
      expect(single.departmentIds).toEqual(agent.departmentIds);
      expect(single.departments).toEqual(agent.departments);
    });
  });

  it('asks each of 30 agents reached by reference for its departments once, however often it is referenced', async () => {
    const ids = state()
      .allUsers()
      .filter((user) => user.roles.includes('livechat-agent'))
      .slice(0, 30)
      .map((user) => user._id);
    // 45 representations, 30 distinct (a router batching references sends repeats).
    const representations = [...ids, ...ids.slice(0, 15)].map((id) => ({ __typename: 'Agent', id }));
    const answer = await client().request(
      document<{ _entities: Array<{ id: string; departments: Array<{ id: string }> }> }>(
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id departments { id } } } }',
      ),
      { r: representations },
    );
    expect(answer._entities).toHaveLength(45);
    expect(calls(gateway(), MEMBERSHIPS_PATH)).toBe(30);
    answer._entities.forEach((agent) => expect(agent.departments.map((d) => d.id).sort()).toEqual(state().departmentIdsOf(agent.id).sort()));
  });

  it('nulls only the department fields when the department lookup fails, naming the provider', async () => {
    gateway().simulator.faults.add({ method: 'GET', path: DEPARTMENTS_PATH, effect: { kind: 'status', status: 503 } });
    const answer = await client().requestWithErrors(
      document<{ agents: { nodes: Array<{ id: string; departments: Array<{ id: string; name: string | null }> }> } }>(
        'query { agents(type: AGENT, first: 50) { nodes { id departments { id name } } } }',
      ),
    );
    gateway().simulator.faults.clear();
    const nodes = answer.data?.agents.nodes ?? [];
    expect(nodes).toHaveLength(state().allUsers().filter((user) => user.roles.includes('livechat-agent')).length);
    const withDepartments = nodes.filter((agent) => agent.departments.length > 0);
    expect(withDepartments.length).toBeGreaterThan(0);
    expect(withDepartments.every((agent) => agent.departments.every((department) => department.id !== '' && department.name === null))).toBe(true);
    expect(answer.errors.length).toBeGreaterThan(0);
    expect(answer.errors.every((error) => error.code === 'UPSTREAM_UNAVAILABLE' && error.provider === 'rocketchat')).toBe(true);
  });

  it('resolves a Department entity reference for a federation router, and null for an implausible id', async () => {
    const id = state().departments[0]!._id;
    const answer = await client().request(
      document<{ _entities: Array<{ id: string; name: string } | null> }>(
        `query { _entities(representations: [{ __typename: "Department", id: "${id}" }, { __typename: "Department", id: "" }]) { ... on Department { id name } } }`,
      ),
    );
    expect(answer._entities).toEqual([{ id, name: state().departments[0]!.name }, null]);
  });

  it('answers for the seeded agents of the README: ana.acosta as an agent fetched alone', async () => {
    const id = userId(gateway(), 'ana.acosta');
    const agent = await client().agent({ type: 'AGENT', id });
    expect(agent?.departments.map((department) => department.id).sort()).toEqual(state().departmentIdsOf(id).sort());
  });
});
