import {
  AgentsDocument,
  type AgentFieldsFragment,
  type AgentsQuery,
  type AgentsQueryVariables,
  type AgentType,
  type PageInfoFieldsFragment,
} from '../../client/src/index.js';
import { AgentFieldsFragmentDoc } from '../../client/src/__generated__/strings';
import { seedRocketChat } from '../../src/simulators/rocketchat/seed';
import { useTestGateway, userId } from '../support/gateway';
import { caught, document, useTypedClient } from '../support/typed-client';

// Through the typed client: its `Agents` and `Agent` operations. The client's `Agents` selects `nodes`,
// not `edges`: the cases about edges send the same page with edges through the client's `request`.

type Page = NonNullable<AgentsQuery['agents']>;

interface EdgesPage {
  totalCount: number;
  edges: Array<{ cursor: string; node: AgentFieldsFragment }>;
  nodes: AgentFieldsFragment[];
  pageInfo: PageInfoFieldsFragment;
}

/** A page of agents as `Agents` asks for it, plus `edges` (cursor and node). */
const AGENT_EDGES = document<{ agents: EdgesPage | null }, AgentsQueryVariables>(`
  query AgentEdges($type: AgentType!, $first: Int, $after: String) {
    agents(type: $type, first: $first, after: $after) {
      totalCount
      edges { cursor node { ...AgentFields } }
      nodes { ...AgentFields }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
  ${String(AgentFieldsFragmentDoc)}`);

describe('Query.agents', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  it('pages through every agent with cursors, each page one upstream call', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      // The typed call throws on any GraphQL error.
      const page: Page = await client().agents({ type: 'AGENT', first: 20, after });
      total = page.totalCount;
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 0);
      seen.push(...page.nodes.map((node) => node.id));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    const expected = gateway().simulator.state.allUsers().filter((user) => user.roles.includes('livechat-agent'));
    expect(total).toBe(expected.length);
    expect(total).toBeGreaterThan(24);
    expect(new Set(seen)).toEqual(new Set(expected.map((user) => user._id)));
    expect(seen).toHaveLength(total);
    expect(pages).toBe(Math.ceil(total / 20));
    expect(gateway().simulator.log.list({ pathPrefix: '/api/v1/livechat/users' })).toHaveLength(pages);
  });

  it('lists the same agents in edges as in nodes, on every page', async () => {
    let after: string | null = null;
    for (let pages = 0; pages < 10; pages += 1) {
      const page: EdgesPage = (await client().request(AGENT_EDGES, { type: 'AGENT', first: 20, after })).agents!;
      expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
      if (!page.pageInfo.hasNextPage) return;
      after = page.pageInfo.endCursor;
    }
    throw new Error('more pages than expected');
  });

  it('maps the odd values Rocket.Chat sends instead of failing', async () => {
    const noName = await client().agents({ type: 'AGENT', search: 'no.name' });
    expect(noName.nodes).toEqual([
      expect.objectContaining({ username: 'no.name', name: null, status: 'ONLINE', livechatStatus: 'AVAILABLE', departments: [] }),
    ]);
    const legacy = await client().agents({ type: 'AGENT', search: 'legacy.import' });
    expect(legacy.nodes).toEqual([expect.objectContaining({ status: null, maxSimultaneousChats: 3, emails: [] })]);
  });

  it('passes search and the agent filters to Rocket.Chat', async () => {
    const available = await client().agents({ type: 'AGENT', first: 100, onlyAvailable: true, includeIdle: false });
    const nodes = available.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.livechatStatus === 'AVAILABLE' && node.status !== 'OFFLINE')).toBe(true);
    const [first] = nodes;
    const excluded = await client().agents({ type: 'AGENT', first: 100, onlyAvailable: true, includeIdle: false, excludeId: first!.id });
    expect(excluded.totalCount).toBe(available.totalCount - 1);
    const query = gateway().simulator.log.list({ pathPrefix: '/api/v1/livechat/users' })[1]!.query;
    expect(Object.fromEntries(query)).toEqual({
      onlyAvailable: 'true',
      excludeId: first!.id,
      showIdleAgents: 'false',
      count: '100',
      offset: '0',
      // Name order with a tie-breaker: pages stay stable when names repeat.
      sort: '{"name":1,"_id":1}',
    });
    const search = await client().agents({ type: 'AGENT', search: 'ACOSTA' });
    expect(search.nodes.length).toBeGreaterThan(0);
    expect(search.nodes.every((node) => /acosta/i.test(`${node.username} ${node.name}`))).toBe(true);
  });

  it('lists managers', async () => {
    const page = await client().agents({ type: 'MANAGER' });
    const usernames = page.nodes.map((node) => node.username);
    expect(usernames).toEqual(expect.arrayContaining(['marta.quiroga', 'samuel.ortega', 'renata.vidal']));
  });

  it('refuses first above 100 with BAD_USER_INPUT before calling Rocket.Chat', async () => {
    const { data, errors } = await client().requestWithErrors(AgentsDocument, { type: 'AGENT', first: 101 });
    expect(errors[0]?.code).toBe('BAD_USER_INPUT');
    expect(data).toEqual({ agents: null });
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it.each<[string, AgentsQueryVariables]>([
    ['a negative first', { type: 'AGENT', first: -1 }],
    ['a forged cursor', { type: 'AGENT', after: 'not-a-cursor' }],
    ['an agent-only filter on managers', { type: 'MANAGER', onlyAvailable: true }],
    ['a search with control characters', { type: 'AGENT', search: 'a\u0000b' }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    const { errors } = await client().requestWithErrors(AgentsDocument, variables);
    expect(errors.map((error) => error.code)).toEqual(['BAD_USER_INPUT']);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it('answers first: 0 with the total count and no edges', async () => {
    const { agents } = await client().request(AGENT_EDGES, { type: 'MANAGER', first: 0 });
    const page = agents!;
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(4);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('refuses a wrongly typed variable with BAD_USER_INPUT', async () => {
    // Deliberately not an AgentType.
    const error = await caught(client().agents({ type: 'SUPERVISOR' as AgentType }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('BAD_USER_INPUT');
  });
});

describe('Query.agent', () => {
  const gateway = useTestGateway();
  const client = useTypedClient(gateway);

  const idOf = (username: string) => userId(gateway(), username);

  it('returns the agent with its departments, looked up on their own as the single lookup omits them', async () => {
    const id = idOf('ana.acosta');
    const agent = await client().agent({ type: 'AGENT', id });
    const departmentIds = gateway().simulator.state.departmentIdsOf(id);
    expect(agent).toMatchObject({ id, username: 'ana.acosta', name: 'Ana Acosta' });
    expect(agent?.departments.map((department) => department.id).sort()).toEqual([...departmentIds].sort());
  });

  it('returns null for an unknown id and for a user without the role', async () => {
    // The typed call throws on any GraphQL error: null here is the answer, not a failure.
    expect(await client().agent({ type: 'AGENT', id: 'doesNotExist12345' })).toBeNull();
    expect(await client().agent({ type: 'MANAGER', id: idOf('ana.acosta') })).toBeNull();
    expect(await client().agent({ type: 'AGENT', id: '../manager' })).toBeNull();
    expect(gateway().simulator.log.list().map((entry) => entry.path)).toContain('/api/v1/livechat/users/agent/..%2Fmanager');
  });

  it('makes one upstream call per distinct agent however often the operation asks for it', async () => {
    const ana = idOf('ana.acosta');
    const bruno = idOf('bruno.herrera');
    // Many aliases in one operation: no operation of the client does that, so the test sends its own.
    const data = await client().request(
      document<Record<'a1' | 'a2' | 'a3' | 'b1' | 'b2' | 'm1', Partial<AgentFieldsFragment> | null>, { ana: string; bruno: string }>(`
        query Dedup($ana: ID!, $bruno: ID!) {
          a1: agent(type: AGENT, id: $ana) { id name }
          a2: agent(type: AGENT, id: $ana) { ...F }
          a3: agent(type: AGENT, id: $ana) { username }
          b1: agent(type: AGENT, id: $bruno) { ...F }
          b2: agent(type: AGENT, id: $bruno) { id }
          m1: agent(type: MANAGER, id: $ana) { id }
        }
        fragment F on Agent { id status emails { address } }`),
      { ana, bruno },
    );
    expect(data).toMatchObject({ a1: { id: ana }, a2: { id: ana }, b1: { id: bruno }, m1: null });
    const paths = gateway().simulator.log.list().map((entry) => entry.path).sort();
    expect(paths).toEqual(
      [`/api/v1/livechat/users/agent/${ana}`, `/api/v1/livechat/users/agent/${bruno}`, `/api/v1/livechat/users/manager/${ana}`].sort(),
    );
  });

  it('refuses an empty id with BAD_USER_INPUT', async () => {
    expect((await caught(client().agent({ type: 'AGENT', id: '' }))).code).toBe('BAD_USER_INPUT');
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });
});

describe('Query.agents over many agents with the same name', () => {
  // The platform's database orders equal names arbitrarily, and the simulator shuffles them per call.
  const data = seedRocketChat();
  for (let i = 0; i < 40; i += 1) {
    const nameless = i % 4 === 0;
    data.users.push({
      _id: `Twin${String(i).padStart(13, '0')}`,
      username: `twin.${i}`,
      ...(nameless ? {} : { name: 'Alex Twin' }),
      status: 'online',
      statusLivechat: 'available',
      roles: ['user', 'livechat-agent'],
    });
  }
  const gateway = useTestGateway({ simulator: { data } });
  const client = useTypedClient(gateway);

  it('yields every agent exactly once when walking all pages, ties and missing names included', async () => {
    for (const search of [null, 'twin']) {
      const seen: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; page < 100; page += 1) {
        const agents: Page = await client().agents({ type: 'AGENT', first: 7, after, search });
        total = agents.totalCount;
        seen.push(...agents.nodes.map((node) => node.id));
        if (!agents.pageInfo.hasNextPage) break;
        after = agents.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(total);
      const expected = data.users.filter((user) => user.roles.includes('livechat-agent') && (search === null || user.username?.includes(search)));
      expect([...seen].sort()).toEqual(expected.map((user) => user._id).sort());
    }
  });
});
