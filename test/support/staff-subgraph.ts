import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { Agent as HttpAgent, request } from 'undici';

/**
 * A second Federation 2 subgraph, written for the composition tests: a "staff" service that owns
 * rota data about the people our subgraph serves. It extends our entities by key only (it knows their
 * ids, nothing else), and its root fields return bare `{ id }` references that the supergraph must
 * complete from our subgraph.
 */
export const STAFF_TYPE_DEFS = /* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Agent @key(fields: "id") {
    id: ID!
    "The rota shift this agent works."
    shift: String
    badge: String
  }

  type CustomerCareUser @key(fields: "id") {
    id: ID!
    deskNumber: Int
  }

  type Department @key(fields: "id") {
    id: ID!
    "The floor the department's team sits on."
    floor: String
  }

  # Resolvable here, although our subgraph declares its key resolvable: false.
  type WidgetUser @key(fields: "id") {
    id: ID!
    loyaltyTier: String
  }

  type Query {
    "Agents on call now, as references (ids only), in rota order; repeats allowed. The first n when given."
    onCall(first: Int): [Agent!]!
    "IMI users owning a desk, as references."
    deskOwners: [CustomerCareUser!]!
    "Departments with a floor, as references."
    staffedDepartments: [Department!]!
  }
`;

export interface StaffRoster {
  /** Agent id → rota data; agents not listed have no shift or badge. */
  agents: ReadonlyMap<string, { shift: string; badge: string }>;
  /** Agent ids `onCall` returns, in order (ids may repeat). */
  onCall: readonly string[];
  /** IMI user id → desk number; `deskOwners` returns them in insertion order. */
  desks: ReadonlyMap<string, number>;
  /** Widget user id → loyalty tier. */
  loyalty: ReadonlyMap<string, string>;
  /** Department id → floor; `staffedDepartments` returns them in insertion order. */
  floors: ReadonlyMap<string, string>;
}

export interface StaffSubgraph {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:PORT/. */
  url: string;
  /** `_entities` representations this subgraph received, one array per request. */
  entityRequests: Array<Array<{ __typename: string; id: string }>>;
  close(): Promise<void>;
}

interface Reference {
  id: string;
}

/** Starts the staff subgraph on 127.0.0.1, port 0. */
export async function startStaffSubgraph(roster: StaffRoster): Promise<StaffSubgraph> {
  const entityRequests: StaffSubgraph['entityRequests'] = [];
  const resolvers = {
    Query: {
      onCall: (_: unknown, args: { first?: number | null }) =>
        (args.first === undefined || args.first === null ? roster.onCall : roster.onCall.slice(0, args.first)).map((id) => ({ id })),
      deskOwners: () => [...roster.desks.keys()].map((id) => ({ id })),
      staffedDepartments: () => [...roster.floors.keys()].map((id) => ({ id })),
    },
    Department: {
      __resolveReference: ({ id }: Reference) => ({ id }),
      floor: ({ id }: Reference) => roster.floors.get(id) ?? null,
    },
    Agent: {
      __resolveReference: ({ id }: Reference) => ({ id }),
      shift: ({ id }: Reference) => roster.agents.get(id)?.shift ?? null,
      badge: ({ id }: Reference) => roster.agents.get(id)?.badge ?? null,
    },
    CustomerCareUser: {
      __resolveReference: ({ id }: Reference) => ({ id }),
      deskNumber: ({ id }: Reference) => roster.desks.get(id) ?? null,
    },
    WidgetUser: {
      __resolveReference: ({ id }: Reference) => ({ id }),
      loyaltyTier: ({ id }: Reference) => roster.loyalty.get(id) ?? null,
    },
  };
  const server = new ApolloServer({
    schema: buildSubgraphSchema({ typeDefs: parse(STAFF_TYPE_DEFS), resolvers: resolvers as GraphQLResolverMap<unknown> }),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart({ request }) {
          const representations = request.variables?.representations;
          if (Array.isArray(representations)) entityRequests.push(representations as StaffSubgraph['entityRequests'][number]);
        },
      },
    ],
  });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  return { url, entityRequests, close: () => server.stop() };
}

/** One request the supergraph's router sent to a subgraph. */
export interface SubgraphCall {
  subgraph: string;
  query: string;
  /** How many `_entities` representations it carried; undefined for a root-field fetch. */
  representations: number | undefined;
}

export interface Supergraph {
  url: string;
  /** Every subgraph request, in the order sent. */
  calls: SubgraphCall[];
  graphql<TData>(query: string, variables?: Record<string, unknown>): Promise<{ data?: TData | null; errors?: Array<{ message: string }> }>;
  close(): Promise<void>;
}

/** Records every fetch before sending it, so tests can count the router's requests per subgraph. */
class CountingDataSource extends RemoteGraphQLDataSource {
  constructor(
    private readonly subgraph: string,
    url: string,
    private readonly calls: SubgraphCall[],
  ) {
    super({ url });
  }

  override willSendRequest({ request: sent }: GraphQLDataSourceProcessOptions): void {
    const representations = sent.variables?.representations;
    this.calls.push({
      subgraph: this.subgraph,
      query: sent.query ?? '',
      representations: Array.isArray(representations) ? representations.length : undefined,
    });
  }
}

/** Serves a composed supergraph with @apollo/gateway inside Apollo Server on 127.0.0.1, port 0. */
export async function startSupergraph(supergraphSdl: string): Promise<Supergraph> {
  const calls: SubgraphCall[] = [];
  const gateway = new ApolloGateway({ supergraphSdl, buildService: ({ name, url }) => new CountingDataSource(name, url ?? '', calls) });
  const server = new ApolloServer({ gateway });
  const { url } = await startStandaloneServer(server, { listen: { host: '127.0.0.1', port: 0 } });
  const client = new HttpAgent();
  return {
    url,
    calls,
    async graphql<TData>(query: string, variables?: Record<string, unknown>) {
      const response = await request(url, {
        dispatcher: client,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.body.json()) as { data?: TData | null; errors?: Array<{ message: string }> };
    },
    async close() {
      await client.close();
      await server.stop();
    },
  };
}
