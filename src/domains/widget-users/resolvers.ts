import type { Resolvers } from '../../__generated__/resolvers-types.js';
import { userError } from '../shared/user-errors.js';
import { toWidgetUserInput } from './input.js';

/** Thin resolvers: validate, call the Jelou session, shape the result. */
export const widgetUserResolvers: Resolvers = {
  Mutation: {
    async createWidgetUser(_parent, { input }, { jelou }) {
      const checked = toWidgetUserInput(input);
      if (!checked.ok) return { user: null, userErrors: checked.userErrors };
      const result = await jelou.createWidgetUser(checked.value);
      if (result.kind === 'ok') return { user: result.user, userErrors: [] };
      const userErrors = result.problems.map((problem) =>
        userError('INVALID_INPUT', problem.message, problem.field === null ? null : ['input', problem.field]),
      );
      return { user: null, userErrors };
    },
  },

  CreateWidgetUserPayload: {
    room: (payload) => payload.user?.room ?? null,
    groupRoom: (payload) => payload.user?.groupRoom ?? null,
  },

  WidgetUser: {
    platform: () => 'JELOU',
    displayName: (user) => user.names,
    companyId: (user) => (user.companyId === null ? null : String(user.companyId)),
  },

  Room: {
    members: (room) => room.memberIds,
  },
};
