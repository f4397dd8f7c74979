import { AgentsDocument, CustomerCareUsersDocument } from '../../client/src/__generated__/strings';
import { QUERY_LIMIT_DEFAULTS as DEFAULT_QUERY_LIMITS } from '../../src/config/index';
import { type GraphQLAnswer, type TestGateway, useTestGateway } from '../support/gateway';

// Hostile operations against the whole gateway with its default limits: each is refused with HTTP 400
// and QUERY_TOO_COMPLEX before anything executes, so no platform simulator sees a single call.

const AGENT_FIELDS = 'id username name status livechatStatus emails { address verified } maxSimultaneousChats departmentIds';
const { maxDepth, maxAliases, maxTokens, maxDirectives, maxCost } = DEFAULT_QUERY_LIMITS;

function upstreamCalls(gateway: TestGateway): number {
  return gateway.simulator.log.list().length + gateway.jelou.log.list().length + gateway.imi.log.list().length;
}

/** HTTP 400 with one error: the limit in the message, the stable code, nothing of the operation itself. */
function expectRefused(answer: GraphQLAnswer, message: string): void {
  expect(answer.status).toBe(400);
  expect(answer.body.data).toBeUndefined();
  expect(answer.body.errors).toHaveLength(1);
  // A token refusal also says where the parser stopped (`locations`); nothing else is sent.
  const { locations: _where, ...error } = answer.body.errors![0] as { locations?: unknown };
  expect(error).toEqual({ message, extensions: { code: 'QUERY_TOO_COMPLEX' } });
}

describe('query limits (defaults) against hostile operations', () => {
  const gateway = useTestGateway();

  it('refuses a depth bomb (the data schema is at most 5 deep, so it nests introspection)', async () => {
    const ofTypes = (levels: number): string => (levels === 0 ? 'name' : `ofType { ${ofTypes(levels - 1)} }`);
    // __type 1, fields 2, type 3, then ofType levels, then name: one deeper than allowed.
    const query = `{ agents(type: AGENT, first: 1) { totalCount } __type(name: "Agent") { fields { type { ${ofTypes(maxDepth - 3)} } } } }`;
    expectRefused(await gateway().graphql(query), `Query depth limit of ${maxDepth} exceeded, found ${maxDepth + 1}.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('refuses an alias bomb: one alias over the limit, and 500 aliased lookups (too many tokens already)', async () => {
    const lookups = (count: number) =>
      `{ ${Array.from({ length: count }, (_, index) => `a${index}: agent(type: AGENT, id: "user${index}") { id }`).join(' ')} }`;
    expectRefused(await gateway().graphql(lookups(maxAliases + 1)), `Aliases limit of ${maxAliases} exceeded, found ${maxAliases + 1}.`);
    expectRefused(await gateway().graphql(lookups(500)), `Token limit of ${maxTokens} exceeded.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('refuses a token bomb before parsing it all', async () => {
    const query = `{ agents(type: AGENT, first: 1) { totalCount } ${'__typename '.repeat(maxTokens)} }`;
    expectRefused(await gateway().graphql(query), `Token limit of ${maxTokens} exceeded.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('refuses a directive bomb', async () => {
    const fields = Array.from({ length: maxDirectives + 1 }, () => 'totalCount @include(if: true)').join(' ');
    expectRefused(await gateway().graphql(`{ agents(type: AGENT, first: 1) { ${fields} } }`), `Directives limit of ${maxDirectives} exceeded, found ${maxDirectives + 1}.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('refuses a cost bomb of full pages of 100 agents', async () => {
    // Each page: 1 + 100 × (nodes 1 + 10 for the agent's fields) = 1101.
    const pages = Array.from({ length: 6 }, (_, index) => `p${index}: agents(type: AGENT, first: 100) { nodes { ${AGENT_FIELDS} } }`).join(' ');
    expectRefused(await gateway().graphql(`{ ${pages} }`), `Query cost limit of ${maxCost} exceeded, found ${6 * 1101}.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('refuses a cost bomb of entity representations, sized by the variable', async () => {
    // 1 + 3000 representations × (id 1 + username 1).
    const representations = Array.from({ length: 3000 }, (_, index) => ({ __typename: 'Agent', id: `user${index}` }));
    const answer = await gateway().graphql('query($r: [_Any!]!) { _entities(representations: $r) { ... on Agent { id username } } }', { r: representations });
    expectRefused(answer, `Query cost limit of ${maxCost} exceeded, found ${1 + 3000 * 2}.`);
    expect(upstreamCalls(gateway())).toBe(0);
  });

  it('runs the typed client’s operations at their largest page sizes', async () => {
    const agents = await gateway().graphql<{ agents: { nodes: unknown[] } }>(AgentsDocument.toString(), { type: 'AGENT', first: 100 });
    expect(agents.status).toBe(200);
    expect(agents.body.errors).toBeUndefined();
    expect(agents.body.data?.agents.nodes.length).toBeGreaterThan(24);
    const search = await gateway().graphql(CustomerCareUsersDocument.toString(), { page: 1 });
    expect(search.status).toBe(200);
    expect(search.body.errors).toBeUndefined();
    expect(gateway().simulator.log.list().length).toBeGreaterThan(0);
    expect(gateway().imi.log.list().length).toBeGreaterThan(0);
  });
});
