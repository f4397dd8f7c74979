/**
 * The four benchmark scenarios: one GraphQL request each, sent unchanged to every process (a
 * trusted-documents lane gets the same operation and variables with `documentId` instead of `query`:
 * trusted-documents.ts). Operations are named and take their parameters as variables, the way a client
 * application sends them; the baseline routes on `operationName` and reads the same variables (a REST
 * proxy would read them from its path and query instead). All must answer the same JSON (checked before
 * measuring).
 */

export interface Scenario {
  id: number;
  name: string;
  /** The POST /graphql body. */
  body: { operationName: string; query: string; variables: Record<string, unknown> };
  /** Upstream calls one operation needs at most (distinct lookups, not aliases), when that is a target. */
  maxUpstreamCalls?: number;
}

/** Scenario 2's shape: 20 aliased lookups of 14 distinct agents (6 repeats, spread out). */
export const LOOKUPS = 20;
export const DISTINCT_LOOKUPS = 14;

const AGENTS_PAGE = `query AgentsPage($first: Int!) {
  agents(type: AGENT, first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id platform displayName username name status livechatStatus maxSimultaneousChats departmentIds }
  }
}`;

const AGENT_LOOKUPS = `query AgentLookups(${range(LOOKUPS)
  .map((i) => `$id${i}: ID!`)
  .join(', ')}) {
${range(LOOKUPS)
  .map((i) => `  a${i}: agent(type: AGENT, id: $id${i}) { ...AgentCard }`)
  .join('\n')}
}
fragment AgentCard on Agent { id username name status livechatStatus }`;

const CREATE_WIDGET_USER = `mutation CreateWidgetUser($input: CreateWidgetUserInput!) {
  createWidgetUser(input: $input) {
    user { id platform displayName names botId companyId createdAt }
    room { id name channel members }
    groupRoom { id }
    userErrors { code message field }
  }
}`;

const MIXED_READ = `query MixedRead($agentsFirst: Int!, $managersFirst: Int!, $careStatus: CustomerCareUserStatus!, $careUserId: ID!) {
  agents(type: AGENT, first: $agentsFirst) { totalCount nodes { id displayName status livechatStatus } }
  managers: agents(type: MANAGER, first: $managersFirst) { nodes { id displayName } }
  customerCareUsers(filter: { status: $careStatus }, page: 1) {
    users { id displayName status acceptingChats activeChats createdAt }
    hasNextPage
  }
  customerCareUser(id: $careUserId) { id displayName email loggedIn roleType }
}`;

/** The scenarios, given the ids of the simulator's agents. */
export function buildScenarios(agentIds: string[]): Scenario[] {
  if (agentIds.length < DISTINCT_LOOKUPS) throw new Error(`the Rocket.Chat seed needs at least ${DISTINCT_LOOKUPS} agents`);
  // Every third distinct agent is asked for again later in the operation: 14 distinct + 6 repeats = 20.
  const distinct = agentIds.slice(0, DISTINCT_LOOKUPS);
  const order = [...distinct];
  for (let repeat = 0; order.length < LOOKUPS; repeat += 1) order.splice(3 + repeat * 3, 0, distinct[(repeat * 2) % DISTINCT_LOOKUPS] as string);
  const lookupVariables = Object.fromEntries(order.map((id, i) => [`id${i}`, id]));

  return [
    {
      id: 1,
      name: 'page of 50 agents',
      body: { operationName: 'AgentsPage', query: AGENTS_PAGE, variables: { first: 50 } },
    },
    {
      id: 2,
      name: `${LOOKUPS} agent lookups (${DISTINCT_LOOKUPS} distinct)`,
      body: { operationName: 'AgentLookups', query: AGENT_LOOKUPS, variables: lookupVariables },
      maxUpstreamCalls: new Set(order).size,
    },
    {
      id: 3,
      name: 'createWidgetUser',
      body: {
        operationName: 'CreateWidgetUser',
        query: CREATE_WIDGET_USER,
        // One id: after the first call Jelou's get-or-create returns the existing user and rooms.
        variables: { input: { id: 'bench-widget-0001', names: 'Bench User', legalId: '0912345678' } },
      },
    },
    {
      id: 4,
      name: 'mixed read (Rocket.Chat + IMI)',
      body: {
        operationName: 'MixedRead',
        query: MIXED_READ,
        variables: { agentsFirst: 10, managersFirst: 5, careStatus: 'ACTIVE', careUserId: '5001' },
      },
    },
  ];
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
