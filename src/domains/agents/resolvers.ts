import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { userError } from '../shared/user-errors.js';
import { encodeCursor } from './cursor.js';
import { checkId, idIssue, idProblems, usernameProblems } from './input.js';
import { toAgentListQuery } from './list-args.js';
import type { AgentPageModel } from './models.js';

/** Thin resolvers: validate, call the Rocket.Chat session, shape the result. */
export const agentResolvers: Resolvers = {
  Query: {
    async agents(_parent, args, { rocketchat }) {
      const { query, requested } = toAgentListQuery(args);
      const page = await rocketchat.listAgents(query);
      return { ...page, type: args.type, requested };
    },
    agent(_parent, { type, id }, { rocketchat }) {
      return rocketchat.agent(type, checkId(id, 'id'));
    },
  },

  Mutation: {
    async registerAgent(_parent, { input }, { rocketchat }) {
      const field = ['input', 'username'];
      const problems = usernameProblems(input.username, field);
      if (problems.length > 0) return { type: input.type, agentId: null, userErrors: problems };
      const username = input.username.trim();
      const result = await rocketchat.registerAgent(input.type, username);
      if (result.kind !== 'unknown-user') return { type: input.type, agentId: result.id, userErrors: [] };
      const unknown = userError('UNKNOWN_USER', `No Rocket.Chat user has the username "${username}".`, field);
      return { type: input.type, agentId: null, userErrors: [unknown] };
    },
    async removeAgent(_parent, { input }, { rocketchat }) {
      const field = ['input', 'id'];
      const problems = idProblems(input.id, field);
      if (problems.length > 0) return { removedAgentId: null, userErrors: problems };
      const result = await rocketchat.removeAgent(input.type, input.id);
      switch (result.kind) {
        case 'removed':
          return { removedAgentId: input.id, userErrors: [] };
        case 'unknown-user':
          return { removedAgentId: null, userErrors: [userError('UNKNOWN_USER', `No Rocket.Chat user has the id "${input.id}".`, field)] };
        case 'protected': {
          const message = "The gateway's own service account keeps its manager role: removing it would lock the gateway out.";
          return { removedAgentId: null, userErrors: [userError('PROTECTED_USER', message, field)] };
        }
      }
    },
  },

  Agent: {
    // Entity references carry the id alone and come from other subgraphs: anything but a plausible id
    // resolves to null rather than reaching the platform. The user may hold either role.
    __resolveReference(reference, { rocketchat }) {
      const id: unknown = reference.id;
      if (typeof id !== 'string' || idIssue(id) !== undefined) return null;
      return rocketchat.agentWithAnyRole(id);
    },
    platform: () => 'ROCKETCHAT',
    displayName: (agent) => agent.name ?? agent.username,
  },

  AgentConnection: {
    edges: (page) => visibleAgents(page).map((node, index) => ({ cursor: encodeCursor(page.type, page.offset + index), node })),
    nodes: (page) => visibleAgents(page),
    totalCount: (page) => page.total,
    pageInfo(page) {
      const shown = visibleAgents(page).length;
      return {
        hasNextPage: page.offset + shown < page.total,
        hasPreviousPage: page.offset > 0,
        startCursor: shown > 0 ? encodeCursor(page.type, page.offset) : null,
        endCursor: shown > 0 ? encodeCursor(page.type, page.offset + shown - 1) : null,
      };
    },
  },

  RegisterAgentPayload: {
    // Rocket.Chat's answer names the user only; the full agent is one lookup, made only when asked for.
    agent: (payload, _args, { rocketchat }) =>
      payload.agentId === null ? null : rocketchat.agent(payload.type, payload.agentId),
  },
};

/** `first: 0` fetched one agent for the total only; it is not shown. */
function visibleAgents(page: AgentPageModel) {
  return page.requested === 0 ? [] : page.agents;
}
