import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { encodeCursor } from './cursor.js';
import { idProblems, checkId, usernameProblems } from './input.js';
import { toAgentListQuery } from './list-args.js';
import type { AgentPageModel } from './models.js';

/** Thin resolvers: validate, call the Rocket.Chat session, shape the result. */
export const agentResolvers: Resolvers = {
  Query: {
    async agents(_parent, args, { rocketchat }) {
      const { query, requested } = toAgentListQuery(args);
      const page = await rocketchat.listAgents(query);
      return { ...page, requested };
    },
    agent(_parent, { type, id }, { rocketchat }) {
      return rocketchat.agent(type, checkId(id, 'id'));
    },
  },

  Mutation: {
    async registerAgent(_parent, { input }, { rocketchat }) {
      const userErrors = usernameProblems(input.username, ['input', 'username']);
      if (userErrors.length > 0) return { type: input.type, agentId: null, userErrors };
      const outcome = await rocketchat.registerAgent(input.type, input.username.trim());
      return outcome.ok
        ? { type: input.type, agentId: outcome.value.id, userErrors: [] }
        : { type: input.type, agentId: null, userErrors: outcome.userErrors };
    },
    async removeAgent(_parent, { input }, { rocketchat }) {
      const userErrors = idProblems(input.id, ['input', 'id']);
      if (userErrors.length > 0) return { removedAgentId: null, userErrors };
      const outcome = await rocketchat.removeAgent(input.type, input.id);
      return outcome.ok
        ? { removedAgentId: outcome.value.id, userErrors: [] }
        : { removedAgentId: null, userErrors: outcome.userErrors };
    },
  },

  Agent: {
    // Entity references carry the id alone; the user may hold either role.
    __resolveReference(reference, { rocketchat }) {
      return rocketchat.agentWithAnyRole(reference.id);
    },
  },

  AgentConnection: {
    edges: (page) => visibleAgents(page).map((node, index) => ({ cursor: encodeCursor(page.offset + index), node })),
    nodes: (page) => visibleAgents(page),
    totalCount: (page) => page.total,
    pageInfo(page) {
      const shown = visibleAgents(page).length;
      return {
        hasNextPage: page.offset + shown < page.total,
        hasPreviousPage: page.offset > 0,
        startCursor: shown > 0 ? encodeCursor(page.offset) : null,
        endCursor: shown > 0 ? encodeCursor(page.offset + shown - 1) : null,
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
