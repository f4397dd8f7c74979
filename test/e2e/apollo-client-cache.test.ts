import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Agent, fetch as undiciFetch } from 'undici';
import { AgentDocument, AgentsDocument, possibleTypes } from '../../client/src/index.js';
import { useTestGateway, userId } from '../support/gateway';

/**
 * Apollo Client 4's normalized cache over the gateway, with the typed client's documents and generated
 * possibleTypes: an entity's fields mean the same whichever query fetched it, so a single lookup does not
 * overwrite what a list put in the cache (issue 19, "Normalized caches").
 */
describe('Apollo Client InMemoryCache', () => {
  const gateway = useTestGateway();
  const dispatcher = new Agent();
  afterAll(() => dispatcher.close());

  const apollo = () =>
    new ApolloClient({
      link: new HttpLink({ uri: gateway().url, fetch: ((url: string, init: RequestInit) => undiciFetch(url, { ...(init as object), dispatcher })) as unknown as typeof fetch }),
      cache: new InMemoryCache({ possibleTypes }),
    });

  it("keeps an agent's departments when the agent is fetched alone after a list", async () => {
    const client = apollo();
    const id = userId(gateway(), 'ana.acosta');
    const expected = [...gateway().simulator.state.departmentIdsOf(id)].sort();
    expect(expected.length).toBeGreaterThan(0);
    const listed = await client.query({ query: AgentsDocument, variables: { type: 'AGENT', first: 100 } });
    const fromList = listed.data?.agents?.nodes.find((agent) => agent.id === id);
    expect(fromList?.departments.map((department) => department.id).sort()).toEqual(expected);

    const alone = await client.query({ query: AgentDocument, variables: { type: 'AGENT', id }, fetchPolicy: 'network-only' });
    expect(alone.data?.agent?.departments.map((department) => department.id).sort()).toEqual(expected);
    // The list as the normalized cache now holds it, after the single lookup wrote the same entity.
    const cached = await client.query({ query: AgentsDocument, variables: { type: 'AGENT', first: 100 }, fetchPolicy: 'cache-only' });
    const agent = cached.data?.agents?.nodes.find((node) => node.id === id);
    expect(agent?.departments.map((department) => department.id).sort()).toEqual(expected);
    expect(agent?.departments.every((department) => department.name !== null)).toBe(true);
  });
});
