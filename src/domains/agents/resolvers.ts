import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { userError } from '../shared/user-errors.js';
import { encodeCursor } from './cursor.js';
import { checkId, departmentIdsProblems, idIssue, idProblems, unknownDepartmentErrors, usernameProblems } from './input.js';
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
    async setAgentDepartments(_parent, { input }, { rocketchat }) {
      const field = ['input', 'departmentIds'];
      const departmentIds = [...new Set(input.departmentIds)];
      const problems = [...idProblems(input.agentId, ['input', 'agentId']), ...departmentIdsProblems(input.departmentIds, field)];
      if (problems.length > 0) return { agentId: null, userErrors: problems };
      const result = await rocketchat.setAgentDepartments(input.agentId, departmentIds);
      switch (result.kind) {
        case 'changed':
          return { agentId: input.agentId, userErrors: [] };
        case 'unknown-user':
          return { agentId: null, userErrors: [notAnAgent(input.agentId)] };
        case 'unknown-departments':
          return { agentId: null, userErrors: unknownDepartmentErrors(input.departmentIds, result.ids, field) };
      }
    },
    async setAgentAvailability(_parent, { input }, { rocketchat }) {
      const problems = idProblems(input.agentId, ['input', 'agentId']);
      if (problems.length > 0) return { agentId: null, userErrors: problems };
      const result = await rocketchat.setAgentAvailability(input.agentId, input.available);
      switch (result.kind) {
        case 'set':
          return { agentId: input.agentId, userErrors: [] };
        case 'business-hours-closed': {
          const message = "The workspace's business hours are closed: Rocket.Chat kept the agent's status unchanged.";
          return { agentId: input.agentId, userErrors: [userError('BUSINESS_HOURS_CLOSED', message, ['input', 'available'])] };
        }
        case 'unknown-user':
          return { agentId: null, userErrors: [notAnAgent(input.agentId)] };
        case 'deactivated': {
          const message = `The Rocket.Chat user "${input.agentId}" is deactivated: activate it first.`;
          return { agentId: input.agentId, userErrors: [userError('USER_DEACTIVATED', message, ['input', 'agentId'])] };
        }
      }
    },
  },

  Agent: {
    departments: async (agent, _args, { rocketchat }) => (await rocketchat.departmentIdsOf(agent)).map((id) => ({ id })),
    departmentIds: (agent, _args, { rocketchat }) => rocketchat.departmentIdsOf(agent),
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

  SetAgentDepartmentsPayload: {
    agent: (payload, _args, { rocketchat }) => (payload.agentId === null ? null : rocketchat.agent('AGENT', payload.agentId)),
  },

  SetAgentAvailabilityPayload: {
    agent: (payload, _args, { rocketchat }) => (payload.agentId === null ? null : rocketchat.agent('AGENT', payload.agentId)),
  },

  RegisterAgentPayload: {
    // Rocket.Chat's answer names the user only; the full agent is one lookup, made only when asked for.
    agent: (payload, _args, { rocketchat }) =>
      payload.agentId === null ? null : rocketchat.agent(payload.type, payload.agentId),
  },
};

function notAnAgent(id: string) {
  return userError('UNKNOWN_USER', `No Rocket.Chat user with the id "${id}" holds the agent role.`, ['input', 'agentId']);
}

/** `first: 0` fetched one agent for the total only; it is not shown. */
function visibleAgents(page: AgentPageModel) {
  return page.requested === 0 ? [] : page.agents;
}
