import { seedRocketChat } from '../../src/simulators/rocketchat/seed';
import { type GraphQLAnswer, useTestGateway, userId } from '../support/gateway';

const AGENT_FIELDS = 'id username name status livechatStatus emails { address verified } maxSimultaneousChats departmentIds';

interface AgentNode {
  id: string;
  username: string | null;
  name: string | null;
  status: string | null;
  livechatStatus: string | null;
  departmentIds: string[] | null;
}
interface Page {
  agents: {
    totalCount: number;
    edges: Array<{ cursor: string; node: AgentNode }>;
    nodes: AgentNode[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

const PAGE_QUERY = `
  query Page($type: AgentType!, $first: Int, $after: String, $search: String, $onlyAvailable: Boolean, $excludeId: ID, $includeIdle: Boolean) {
    agents(type: $type, first: $first, after: $after, search: $search, onlyAvailable: $onlyAvailable, excludeId: $excludeId, includeIdle: $includeIdle) {
      totalCount
      edges { cursor node { ${AGENT_FIELDS} } }
      nodes { ${AGENT_FIELDS} }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }`;

describe('Query.agents', () => {
  const gateway = useTestGateway();

  it('pages through every agent with cursors, each page one upstream call', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    let total = -1;
    for (;;) {
      const answer: GraphQLAnswer<Page> = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', first: 20, after });
      expect(answer.body.errors).toBeUndefined();
      const page = answer.body.data!.agents;
      total = page.totalCount;
      expect(page.nodes).toEqual(page.edges.map((edge) => edge.node));
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
    expect(gateway().simulator.log.list()).toHaveLength(pages);
  });

  it('maps the odd values Rocket.Chat sends instead of failing', async () => {
    const answer = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', search: 'no.name' });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data!.agents.nodes).toEqual([
      expect.objectContaining({ username: 'no.name', name: null, status: 'ONLINE', livechatStatus: 'AVAILABLE', departmentIds: [] }),
    ]);
    const legacy = await gateway().graphql<{ agents: { nodes: Array<{ status: unknown; maxSimultaneousChats: unknown; emails: unknown }> } }>(
      `{ agents(type: AGENT, search: "legacy.import") { nodes { status maxSimultaneousChats emails { address } } } }`,
    );
    expect(legacy.body.data!.agents.nodes).toEqual([{ status: null, maxSimultaneousChats: 3, emails: [] }]);
  });

  it('passes search and the agent filters to Rocket.Chat', async () => {
    const available = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', first: 100, onlyAvailable: true, includeIdle: false });
    const nodes = available.body.data!.agents.nodes;
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((node) => node.livechatStatus === 'AVAILABLE' && node.status !== 'OFFLINE')).toBe(true);
    const [first] = nodes;
    const excluded = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', first: 100, onlyAvailable: true, includeIdle: false, excludeId: first!.id });
    expect(excluded.body.data!.agents.totalCount).toBe(available.body.data!.agents.totalCount - 1);
    const query = gateway().simulator.log.list()[1]!.query;
    expect(Object.fromEntries(query)).toEqual({
      onlyAvailable: 'true',
      excludeId: first!.id,
      showIdleAgents: 'false',
      count: '100',
      offset: '0',
      // Name order with a tie-breaker: pages stay stable when names repeat.
      sort: '{"name":1,"_id":1}',
    });
    const search = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', search: 'ACOSTA' });
    expect(search.body.data!.agents.nodes.length).toBeGreaterThan(0);
    expect(search.body.data!.agents.nodes.every((node) => /acosta/i.test(`${node.username} ${node.name}`))).toBe(true);
  });

  it('lists managers', async () => {
    const answer = await gateway().graphql<Page>(PAGE_QUERY, { type: 'MANAGER' });
    const usernames = answer.body.data!.agents.nodes.map((node) => node.username);
    expect(usernames).toEqual(expect.arrayContaining(['marta.quiroga', 'samuel.ortega', 'renata.vidal']));
  });

  it('refuses first above 100 with BAD_USER_INPUT before calling Rocket.Chat', async () => {
    const answer = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', first: 101 });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(answer.body.data).toEqual({ agents: null });
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it.each([
    ['a negative first', { type: 'AGENT', first: -1 }],
    ['a forged cursor', { type: 'AGENT', after: 'not-a-cursor' }],
    ['an agent-only filter on managers', { type: 'MANAGER', onlyAvailable: true }],
    ['a search with control characters', { type: 'AGENT', search: 'a\u0000b' }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    const answer = await gateway().graphql<Page>(PAGE_QUERY, variables);
    expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(gateway().simulator.log.list()).toHaveLength(0);
  });

  it('answers first: 0 with the total count and no edges', async () => {
    const answer = await gateway().graphql<Page>(PAGE_QUERY, { type: 'MANAGER', first: 0 });
    const page = answer.body.data!.agents;
    expect(page.edges).toEqual([]);
    expect(page.totalCount).toBe(4);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: null, endCursor: null });
  });

  it('refuses a wrongly typed variable with BAD_USER_INPUT', async () => {
    const answer = await gateway().graphql(PAGE_QUERY, { type: 'SUPERVISOR' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('Query.agent', () => {
  const gateway = useTestGateway();

  const idOf = (username: string) => userId(gateway(), username);

  it('returns the agent, with departments unknown from a single lookup', async () => {
    const answer = await gateway().graphql<{ agent: AgentNode }>(`query($id: ID!) { agent(type: AGENT, id: $id) { ${AGENT_FIELDS} } }`, {
      id: idOf('ana.acosta'),
    });
    expect(answer.body.data!.agent).toMatchObject({ id: idOf('ana.acosta'), username: 'ana.acosta', name: 'Ana Acosta', departmentIds: null });
  });

  it('returns null for an unknown id and for a user without the role', async () => {
    const answer = await gateway().graphql<{ unknown: unknown; notManager: unknown; traversal: unknown }>(
      `query($plain: ID!) {
        unknown: agent(type: AGENT, id: "doesNotExist12345") { id }
        notManager: agent(type: MANAGER, id: $plain) { id }
        traversal: agent(type: AGENT, id: "../manager") { id }
      }`,
      { plain: idOf('ana.acosta') },
    );
    expect(answer.body).toEqual({ data: { unknown: null, notManager: null, traversal: null } });
    expect(gateway().simulator.log.list().map((entry) => entry.path)).toContain('/api/v1/livechat/users/agent/..%2Fmanager');
  });

  it('makes one upstream call per distinct agent however often the operation asks for it', async () => {
    const ana = idOf('ana.acosta');
    const bruno = idOf('bruno.herrera');
    const answer = await gateway().graphql(
      `query($ana: ID!, $bruno: ID!) {
        a1: agent(type: AGENT, id: $ana) { id name }
        a2: agent(type: AGENT, id: $ana) { ...F }
        a3: agent(type: AGENT, id: $ana) { username }
        b1: agent(type: AGENT, id: $bruno) { ...F }
        b2: agent(type: AGENT, id: $bruno) { id }
        m1: agent(type: MANAGER, id: $ana) { id }
      }
      fragment F on Agent { id status emails { address } }`,
      { ana, bruno },
    );
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data).toMatchObject({ a1: { id: ana }, a2: { id: ana }, b1: { id: bruno }, m1: null });
    const paths = gateway().simulator.log.list().map((entry) => entry.path).sort();
    expect(paths).toEqual(
      [`/api/v1/livechat/users/agent/${ana}`, `/api/v1/livechat/users/agent/${bruno}`, `/api/v1/livechat/users/manager/${ana}`].sort(),
    );
  });

  it('refuses an empty id with BAD_USER_INPUT', async () => {
    const answer = await gateway().graphql(`{ agent(type: AGENT, id: "") { id } }`);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
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

  it('yields every agent exactly once when walking all pages, ties and missing names included', async () => {
    for (const search of [null, 'twin']) {
      const seen: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let page = 0; page < 100; page += 1) {
        const answer: GraphQLAnswer<Page> = await gateway().graphql<Page>(PAGE_QUERY, { type: 'AGENT', first: 7, after, search });
        const agents = answer.body.data!.agents;
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
