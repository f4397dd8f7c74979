import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { GatewayError } from '../../errors.js';
import { idProblems, unknownDepartmentErrors } from '../agents/input.js';
import { idIssue } from '../shared/input.js';
import { userError, type UserErrorModel } from '../shared/user-errors.js';
import { createUserProblems, toUserLookup } from './input.js';

/** Thin resolvers: validate, call the Rocket.Chat session, shape the result. */
export const rocketChatUserResolvers: Resolvers = {
  Query: {
    rocketChatUser: (_parent, args, { rocketchat }) => rocketchat.accounts.user(toUserLookup(args)),
  },

  Mutation: {
    async createRocketChatUser(_parent, { input }, { rocketchat }) {
      const problems = createUserProblems(input);
      if (problems.length > 0) return { user: null, userErrors: problems };
      const username = input.username.trim();
      const email = input.email.trim();
      const departmentIds = [...new Set(input.departmentIds ?? [])];
      const livechatRoles = (['AGENT', 'MANAGER'] as const).filter((role) => input.roles?.includes(role));
      const result = await rocketchat.createUser({ username, name: input.name, email, password: input.password, livechatRoles }, departmentIds);
      switch (result.kind) {
        case 'created':
          return { user: result.user, userErrors: result.departmentsError === undefined ? [] : [departmentsNotSet(result.departmentsError)] };
        case 'username-taken':
          return refused(userError('USERNAME_TAKEN', `A Rocket.Chat user already has the username "${username}".`, ['input', 'username']));
        case 'email-taken':
          return refused(userError('EMAIL_TAKEN', `Another Rocket.Chat user already has the e-mail address "${email}".`, ['input', 'email']));
        case 'unknown-departments':
          return { user: null, userErrors: unknownDepartmentErrors(input.departmentIds ?? [], result.ids, ['input', 'departmentIds']) };
        case 'invalid':
          return refused(userError('INVALID_INPUT', `Rocket.Chat refused the ${result.field} (${result.reason}).`, ['input', result.field]));
      }
    },
    async setRocketChatUserActive(_parent, { input }, { rocketchat }) {
      const field = ['input', 'userId'];
      const problems = idProblems(input.userId, field);
      if (problems.length > 0) return { user: null, userErrors: problems };
      const result = await rocketchat.setUserActive(input.userId, input.active);
      switch (result.kind) {
        case 'set':
          return { user: await rocketchat.accounts.user({ id: input.userId }), userErrors: [] };
        case 'unknown-user':
          return refused(userError('UNKNOWN_USER', `No Rocket.Chat user has the id "${input.userId}".`, field));
        case 'last-admin':
          return refused(userError('PROTECTED_USER', 'Rocket.Chat keeps at least one active admin: this is the last one.', field));
        case 'protected':
          return refused(userError('PROTECTED_USER', "The gateway's own service account stays active: deactivating it would lock the gateway out.", field));
      }
    },
  },

  RocketChatUser: {
    async __resolveReference(reference, { rocketchat }) {
      const id: unknown = reference.id;
      if (typeof id !== 'string' || idIssue(id) !== undefined) return null;
      return rocketchat.accounts.user({ id });
    },
    platform: () => 'ROCKETCHAT',
    displayName: (user) => user.name ?? user.username,
    isAgent: (user) => user.livechatRoles.includes('AGENT'),
    isManager: (user) => user.livechatRoles.includes('MANAGER'),
    agent: (user, _args, { rocketchat }) => (user.livechatRoles.includes('AGENT') ? rocketchat.agent('AGENT', user.id) : null),
  },
};

function refused(error: UserErrorModel) {
  return { user: null, userErrors: [error] };
}

/** The user exists; what kept them out of a department is said by its code, never by a raw upstream text. */
function departmentsNotSet(cause: unknown): UserErrorModel {
  const reason = cause instanceof GatewayError ? `${cause.code}: ${cause.message}` : 'a department no longer exists';
  return userError('DEPARTMENTS_NOT_SET', `The user was created but not put in every department (${reason}). Finish with setAgentDepartments.`, ['input', 'departmentIds']);
}
