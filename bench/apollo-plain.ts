/**
 * The benchmark's plain Apollo Server: what "GraphQL in Node" costs with nothing of the gateway around
 * it. Apollo Server 5 with its defaults, served by `startStandaloneServer` (its own node:http server,
 * CORS and body-parser), graphql-js execution, a small hand-written SDL with just the fields the four
 * scenarios select, and schema-first resolvers that make the same upstream calls as the baseline through
 * the same module (platform-calls.ts: one undici Pool per platform). No hardening: no query limits,
 * auth, rate limits, logs, metrics, deadline, retries or validation of upstream bodies. Its answers
 * must be the baseline's JSON, like every gateway lane's (checked by run.ts before measuring).
 *
 * Like the gateway, scenario 2's repeated ids cost one lookup each: a per-request map of the lookups
 * in flight (the context), the plainest way to the baseline's 14 calls for 20 aliases (no dataloader).
 *
 * Run as a child of run.ts, with the baseline's variables (NODE_ENV=production, as the gateway):
 *
 *   PORT=… HOST=127.0.0.1 ROCKETCHAT_URL=… … IMI_TEAM_ID=… node apollo-plain.js
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import {
  IMI_PAGE_SIZE,
  careDisplayName,
  chatLimit,
  createPlatformCalls,
  cursor,
  displayName,
  imiTime,
  livechatStatus,
  roleType,
  status,
  text,
  type ImiUser,
  type RocketChatPage,
  type RocketChatUser,
  type WidgetUserInput,
  widgetUserPayload,
} from './platform-calls.js';

const calls = createPlatformCalls(process.env);

/** The fields the scenarios select, with the gateway's names and types (schema/*.graphql), and no more. */
const typeDefs = /* GraphQL */ `
  scalar DateTime

  enum Platform {
    JELOU
    IMI
    ROCKETCHAT
  }
  enum AgentType {
    AGENT
    MANAGER
  }
  enum AgentStatus {
    ONLINE
    AWAY
    BUSY
    OFFLINE
  }
  enum LivechatStatus {
    AVAILABLE
    NOT_AVAILABLE
  }
  enum CustomerCareUserStatus {
    ACTIVE
    INACTIVE
  }
  enum CustomerCareRoleType {
    CUSTOMER_CARE
    ADMINISTRATIVE
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type Agent {
    id: ID!
    platform: Platform!
    displayName: String
    username: String
    name: String
    status: AgentStatus
    livechatStatus: LivechatStatus
    maxSimultaneousChats: Int
    departmentIds: [ID!]
  }
  type AgentConnection {
    nodes: [Agent!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  type Room {
    id: ID!
    name: String
    channel: String
    members: [ID!]!
  }
  type WidgetUser {
    id: ID!
    platform: Platform!
    displayName: String
    names: String
    botId: ID
    companyId: ID
    createdAt: DateTime
  }
  type UserError {
    code: String!
    message: String!
    field: [String!]
  }
  input CreateWidgetUserInput {
    id: ID!
    names: String!
    legalId: String
  }
  type CreateWidgetUserPayload {
    user: WidgetUser
    room: Room
    groupRoom: Room
    userErrors: [UserError!]!
  }

  type CustomerCareUser {
    id: ID!
    displayName: String
    email: String
    status: CustomerCareUserStatus
    acceptingChats: Boolean
    activeChats: Int
    createdAt: DateTime
    loggedIn: Boolean
    roleType: CustomerCareRoleType
  }
  input CustomerCareUserFilter {
    status: CustomerCareUserStatus
  }
  type CustomerCareUserPage {
    users: [CustomerCareUser!]!
    hasNextPage: Boolean!
  }

  type Query {
    agents(type: AgentType!, first: Int): AgentConnection
    agent(type: AgentType!, id: ID!): Agent
    customerCareUser(id: ID!): CustomerCareUser
    customerCareUsers(filter: CustomerCareUserFilter, page: Int = 1): CustomerCareUserPage
  }
  type Mutation {
    createWidgetUser(input: CreateWidgetUserInput!): CreateWidgetUserPayload
  }
`;

type AgentType = 'AGENT' | 'MANAGER';

interface Context {
  /** Agent lookups of this request by id: a repeated id waits for the first lookup instead of calling again. */
  agents: Map<string, Promise<RocketChatUser | null>>;
}

/** What `agents` hands its connection: the platform's page and the nodes this page shows. */
interface AgentPage {
  type: AgentType;
  page: RocketChatPage;
  nodes: RocketChatUser[];
}

/** What `customerCareUsers` hands its page: the users, and what `hasNextPage` needs to look further. */
interface CareUserPage {
  status: string;
  page: number;
  users: ImiUser[];
}

const platformRole = (type: AgentType) => (type === 'MANAGER' ? 'manager' : 'agent');

const resolvers = {
  Query: {
    async agents(_: unknown, args: { type: AgentType; first?: number | null }): Promise<AgentPage> {
      const first = args.first ?? 50;
      const page = await calls.listAgents(platformRole(args.type), Math.max(first, 1));
      return { type: args.type, page, nodes: first === 0 ? [] : page.users };
    },
    agent(_: unknown, args: { type: AgentType; id: string }, context: Context): Promise<RocketChatUser | null> {
      const key = `${args.type}:${args.id}`;
      let lookup = context.agents.get(key);
      if (!lookup) {
        lookup = calls.getAgent(platformRole(args.type), args.id);
        context.agents.set(key, lookup);
      }
      return lookup;
    },
    customerCareUser(_: unknown, args: { id: string }): Promise<ImiUser | null> {
      return calls.getCareUser(args.id);
    },
    async customerCareUsers(_: unknown, args: { filter?: { status?: string | null } | null; page: number }): Promise<CareUserPage> {
      const careStatus = (args.filter?.status ?? 'ACTIVE').toLowerCase();
      return { status: careStatus, page: args.page, users: await calls.searchCareUsers(careStatus, args.page) };
    },
  },
  Mutation: {
    async createWidgetUser(_: unknown, args: { input: WidgetUserInput }) {
      return widgetUserPayload(await calls.createWidgetUser(args.input));
    },
  },
  AgentConnection: {
    totalCount: (parent: AgentPage) => parent.page.total,
    nodes: (parent: AgentPage) => parent.nodes,
    pageInfo: (parent: AgentPage) => ({
      hasNextPage: parent.page.offset + parent.nodes.length < parent.page.total,
      endCursor: parent.nodes.length > 0 ? cursor(parent.type, parent.page.offset + parent.nodes.length - 1) : null,
    }),
  },
  Agent: {
    id: (user: RocketChatUser) => user._id,
    platform: () => 'ROCKETCHAT',
    displayName: (user: RocketChatUser) => displayName(user),
    username: (user: RocketChatUser) => text(user.username),
    name: (user: RocketChatUser) => text(user.name),
    status: (user: RocketChatUser) => status(user),
    livechatStatus: (user: RocketChatUser) => livechatStatus(user),
    maxSimultaneousChats: (user: RocketChatUser) => chatLimit(user.livechat?.maxNumberSimultaneousChat),
    departmentIds: (user: RocketChatUser) => user.departments ?? null,
  },
  CustomerCareUserPage: {
    // IMI reports no totals: a full page needs a look at the next one, made only when this field is asked for.
    hasNextPage: async (parent: CareUserPage) =>
      parent.users.length < IMI_PAGE_SIZE ? false : (await calls.searchCareUsers(parent.status, parent.page + 1)).length > 0,
  },
  CustomerCareUser: {
    id: (user: ImiUser) => String(user.id),
    displayName: (user: ImiUser) => careDisplayName(user),
    email: (user: ImiUser) => text(user.email_id),
    status: (user: ImiUser) => (user.status ? user.status.toUpperCase() : null),
    acceptingChats: (user: ImiUser) => user.accepting_chats ?? null,
    activeChats: (user: ImiUser) => user.active_chats ?? null,
    createdAt: (user: ImiUser) => imiTime(user.created_at),
    loggedIn: (user: ImiUser) => user.logged_in ?? null,
    roleType: (user: ImiUser) => roleType(user),
  },
};

async function main(): Promise<void> {
  const server = new ApolloServer<Context>({ typeDefs, resolvers });
  await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 0), host: process.env.HOST ?? '127.0.0.1' },
    context: async () => ({ agents: new Map() }),
  });
  // Forked by the runner: exit with it. A clean exit on SIGTERM lets `--cpu-prof` write its profile.
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
  process.send?.({ type: 'ready' });
}

main().catch((error: unknown) => {
  process.stderr.write(`plain Apollo Server failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
