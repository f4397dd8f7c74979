import { composeServices, type CompositionResult } from '@apollo/composition';
import { parse } from 'graphql';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { STAFF_TYPE_DEFS, startStaffSubgraph, startSupergraph, type StaffRoster, type StaffSubgraph, type Supergraph } from '../support/staff-subgraph';

/**
 * Our subgraph composed with a second one (test/support/staff-subgraph.ts) into a supergraph served by
 * @apollo/gateway: proves the SDL we publish composes, that entities resolve across subgraphs in both
 * directions, and that a fan-out through the router costs one `_entities` request and one platform
 * call per distinct agent.
 */
describe('our subgraph composed with a staff subgraph into a supergraph', () => {
  let gateway: TestGateway;
  let staff: StaffSubgraph;
  let supergraph: Supergraph | undefined;
  let composition: CompositionResult;
  let roster: StaffRoster;
  /** Every seeded user holding livechat-agent, in seed order. */
  let agentIds: string[];

  beforeAll(async () => {
    gateway = await startTestGateway();
    agentIds = gateway.simulator.state
      .allUsers()
      .filter((user) => user.roles.includes('livechat-agent'))
      .map((user) => user._id);
    const shifts = ['early', 'late', 'night'];
    roster = {
      agents: new Map(agentIds.map((id, index) => [id, { shift: shifts[index % 3]!, badge: `B-${100 + index}` }])),
      // Every agent, then the first two again: 50 references, of which agentIds.length are distinct.
      onCall: [...agentIds, agentIds[0]!, agentIds[1]!],
      desks: new Map([['5001', 12], ['5004', 7], ['5027', 31]]),
      loyalty: new Map([['web-0001', 'gold']]),
      floors: new Map(gateway.simulator.state.departments.slice(0, 3).map((department, index) => [department._id, `floor ${index + 1}`])),
    };
    staff = await startStaffSubgraph(roster);
    const sdl = (await gateway.graphql<{ _service: { sdl: string } }>('{ _service { sdl } }')).body.data!._service.sdl;
    composition = composeServices([
      { name: 'chat', typeDefs: parse(sdl), url: gateway.url },
      { name: 'staff', typeDefs: parse(STAFF_TYPE_DEFS), url: staff.url },
    ]);
    if (!composition.errors) supergraph = await startSupergraph(composition.supergraphSdl);
  });

  afterAll(async () => {
    await supergraph?.close();
    await staff?.close();
    await gateway?.close();
  });

  beforeEach(() => {
    for (const simulator of [gateway.simulator, gateway.jelou, gateway.imi]) simulator.log.clear();
    supergraph?.calls.splice(0);
    staff.entityRequests.splice(0);
  });

  function router(): Supergraph {
    if (!supergraph) throw new Error('the supergraph did not compose (see the first test)');
    return supergraph;
  }

  function seededAgent(id: string) {
    const user = gateway.simulator.state.userById(id);
    if (!user) throw new Error(`no seeded user ${id}`);
    return user;
  }

  it('composes without errors or hints, keeping WidgetUser and Room unresolvable in our subgraph', () => {
    expect(composition.errors).toBeUndefined();
    expect((composition.hints ?? []).map(String)).toEqual([]);
    const sdl = composition.supergraphSdl ?? '';
    expect(sdl).toMatch(/type WidgetUser implements User\s+@join__implements\(graph: CHAT, interface: "User"\)\s+@join__type\(graph: CHAT, key: "id", resolvable: false\)\s+@join__type\(graph: STAFF, key: "id"\)/);
    expect(sdl).toMatch(/type Room\s+@join__type\(graph: CHAT, key: "id", resolvable: false\)/);
    expect(sdl).toMatch(/type Agent implements User\s+@join__implements\(graph: CHAT, interface: "User"\)\s+@join__type\(graph: CHAT, key: "id"\)\s+@join__type\(graph: STAFF, key: "id"\)/);
  });

  it('composes the live-event subscriptions into the supergraph, owned by our subgraph (a router with subscription support reaches them here)', () => {
    const sdl = composition.supergraphSdl ?? '';
    expect(sdl).toMatch(/schema\s+@link[\s\S]*subscription: Subscription/);
    expect(sdl).toMatch(/type Subscription\s+@join__type\(graph: CHAT\)\s*\{[^}]*livechatEvents\(types: \[LivechatEventType!\], departmentId: ID\): LivechatEvent![^}]*widgetEvents\(types: \[WidgetEventType!\]\): WidgetEvent!/);
    expect(sdl).toMatch(/type LivechatEvent\s+@join__type\(graph: CHAT\)/);
  });

  it('composes Department as an entity both subgraphs resolve, completing each side with the other', async () => {
    expect(composition.supergraphSdl ?? '').toMatch(/type Department\s+@join__type\(graph: CHAT, key: "id"\)\s+@join__type\(graph: STAFF, key: "id"\)/);
    const departments = gateway.simulator.state.departments;
    // Staff's references, completed with our fields: one _entities request for all of them.
    const staffed = await router().graphql<{ staffedDepartments: Array<{ id: string; name: string; floor: string }> }>(
      '{ staffedDepartments { id name floor } }',
    );
    expect(staffed.errors).toBeUndefined();
    expect(staffed.data?.staffedDepartments).toEqual(
      departments.slice(0, 3).map((department, index) => ({ id: department._id, name: department.name, floor: `floor ${index + 1}` })),
    );
    expect(router().calls.filter((call) => call.subgraph === 'chat' && call.representations === 3)).toHaveLength(1);
    // Our departments, completed with staff's floor.
    const ours = await router().graphql<{ department: { id: string; name: string; floor: string | null } }>(
      `{ department(id: "${departments[0]!._id}") { id name floor } }`,
    );
    expect(ours.data?.department).toEqual({ id: departments[0]!._id, name: departments[0]!.name, floor: 'floor 1' });
  });

  it('adds the staff fields to the agents of our root field, in one _entities request to staff', async () => {
    const answer = await router().graphql<{ agents: { nodes: Array<{ id: string; username: string; shift: string; badge: string }> } }>(
      '{ agents(type: AGENT, first: 3) { nodes { id username shift badge } } }',
    );
    expect(answer.errors).toBeUndefined();
    const nodes = answer.data!.agents.nodes;
    expect(nodes).toHaveLength(3);
    expect(nodes).toEqual(nodes.map(({ id }) => ({ id, username: seededAgent(id).username, ...roster.agents.get(id) })));
    expect(router().calls.map(({ subgraph, representations }) => [subgraph, representations])).toEqual([['chat', undefined], ['staff', 3]]);
    // The list answers usernames itself: one Rocket.Chat call, no per-agent lookup.
    expect(gateway.simulator.log.list().map((call) => `${call.method} ${call.path}`)).toEqual(['GET /api/v1/livechat/users/agent']);
  });

  it('completes the staff root field’s Agent references with our fields', async () => {
    const answer = await router().graphql<{ onCall: unknown[] }>('{ onCall(first: 4) { id username name shift } }');
    expect(answer.errors).toBeUndefined();
    const expected = roster.onCall.slice(0, 4).map((id) => {
      const user = seededAgent(id);
      return { id, username: user.username ?? null, name: user.name ?? null, shift: roster.agents.get(id)!.shift };
    });
    expect(answer.data!.onCall).toEqual(expected);
    expect(router().calls.map(({ subgraph, representations }) => [subgraph, representations])).toEqual([['staff', undefined], ['chat', 4]]);
  });

  it('completes the staff root field’s CustomerCareUser references with IMI data', async () => {
    const answer = await router().graphql<{ deskOwners: unknown[] }>('{ deskOwners { id displayName deskNumber } }');
    expect(answer.errors).toBeUndefined();
    const expected = [...roster.desks].map(([id, deskNumber]) => {
      const user = gateway.imi.state.userById(Number(id))!;
      return { id, displayName: `${user.first_name} ${user.last_name}`, deskNumber };
    });
    expect(answer.data!.deskOwners).toEqual(expected);
    expect(router().calls.filter((call) => call.subgraph === 'chat').map((call) => call.representations)).toEqual([3]);
    // One IMI lookup per user (the access token may be minted first on the gateway's first IMI call).
    // Sent in parallel over pooled connections: their order is not fixed.
    const lookups = gateway.imi.log.list({ pathPrefix: '/v3.1/users' }).map((call) => `${call.method} ${call.path}`);
    expect(lookups.sort()).toEqual(['GET /v3.1/users/5001', 'GET /v3.1/users/5004', 'GET /v3.1/users/5027']);
  });

  it('lets the staff subgraph extend the WidgetUser that only our mutation returns (resolvable: false)', async () => {
    const answer = await router().graphql<{ createWidgetUser: unknown }>(
      'mutation { createWidgetUser(input: { id: "web-0001", names: "Ana Pérez" }) { user { id names loyaltyTier } userErrors { code } } }',
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.createWidgetUser).toEqual({ user: { id: 'web-0001', names: expect.any(String), loyaltyTier: 'gold' }, userErrors: [] });
    expect(staff.entityRequests).toEqual([[{ __typename: 'WidgetUser', id: 'web-0001' }]]);
  });

  it('resolves 50 Agent references (48 distinct) with one _entities request and one Rocket.Chat lookup per distinct agent', async () => {
    const answer = await router().graphql<{ onCall: Array<{ id: string; username: string; shift: string }> }>('{ onCall { id username shift } }');
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.onCall).toEqual(
      roster.onCall.map((id) => ({ id, username: seededAgent(id).username, shift: roster.agents.get(id)!.shift })),
    );
    expect(agentIds).toHaveLength(48);
    expect(roster.onCall).toHaveLength(50);

    // The router sends the 50 representations as they come (it does not deduplicate) in ONE request.
    const toChat = router().calls.filter((call) => call.subgraph === 'chat');
    expect(toChat).toHaveLength(1);
    expect(toChat[0]!.query).toContain('_entities');
    expect(toChat[0]!.representations).toBe(50);

    // Our subgraph deduplicates them: exactly 48 lookups, one per distinct agent, and no manager lookup
    // (every id is an agent, so the manager fallback never runs).
    const calls = gateway.simulator.log.list();
    expect(calls).toHaveLength(48);
    expect(calls.every((call) => call.method === 'GET')).toBe(true);
    expect(calls.map((call) => call.path).sort()).toEqual(agentIds.map((id) => `/api/v1/livechat/users/agent/${id}`).sort());
  });
});
