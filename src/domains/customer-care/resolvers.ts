import type { Resolvers } from '../../__generated__/resolvers-types.js';
import type { GatewayContext } from '../../context.js';
import { checkId, idIssue } from '../shared/input.js';
import { userError, type UserErrorModel } from '../shared/user-errors.js';
import { toNewCustomerCareUser } from './input.js';
import { CUSTOMER_CARE_PAGE_SIZE, type CustomerCareRejection, type CustomerCareUserDetails, type CustomerCareUserModel } from '../../platforms/imi/models.js';
import { toCustomerCareSearch } from './search-args.js';

/** Thin resolvers: validate, call the IMI session, shape the result. */
export const customerCareResolvers: Resolvers = {
  Query: {
    customerCareUser: (_parent, { id }, { imi }) => imi.customerCareUser(checkId(id, 'id')),
    async customerCareUsers(_parent, args, { imi }) {
      const { search, page } = toCustomerCareSearch(args);
      return { search, page, users: await imi.searchCustomerCareUsers(search, page) };
    },
  },

  Mutation: {
    async createCustomerCareUser(_parent, { input }, { imi }) {
      const checked = toNewCustomerCareUser(input);
      if (!checked.ok) return { user: null, privileges: [], userErrors: checked.userErrors };
      const result = await imi.createCustomerCareUser(checked.value);
      if (result.kind === 'created') return { user: result.user, privileges: checked.value.privileges, userErrors: [] };
      return { user: null, privileges: [], userErrors: [rejectionError(result.rejection)] };
    },
  },

  CustomerCareUserPage: {
    pageSize: () => CUSTOMER_CARE_PAGE_SIZE,
    // IMI reports no totals: a short page is the last; after a full one, only the next page can tell.
    async hasNextPage(page, _args, { imi }) {
      if (page.users.length < CUSTOMER_CARE_PAGE_SIZE) return false;
      return (await imi.searchCustomerCareUsers(page.search, page.page + 1)).length > 0;
    },
  },

  CustomerCareUser: {
    __resolveReference(reference, { imi }) {
      const id: unknown = reference.id;
      if (typeof id !== 'string' || idIssue(id) !== undefined) return null;
      return imi.customerCareUser(id);
    },
    platform: () => 'IMI',
    displayName: (user) => [user.firstName, user.lastName].filter(Boolean).join(' ') || user.loginId,
    loggedIn: async (user, _args, context) => (await detailsOf(user, context))?.loggedIn ?? null,
    jobDescription: async (user, _args, context) => (await detailsOf(user, context))?.jobDescription ?? null,
    loginUsingEmail: async (user, _args, context) => (await detailsOf(user, context))?.loginUsingEmail ?? null,
    roleType: async (user, _args, context) => (await detailsOf(user, context))?.roleType ?? null,
    skillAttributes: async (user, _args, context) => (await detailsOf(user, context))?.skillAttributes ?? null,
  },
};

/** Search results lack the detail fields: they come from one (per-request deduplicated) lookup. */
async function detailsOf(user: CustomerCareUserModel, { imi }: GatewayContext): Promise<CustomerCareUserDetails | null> {
  return user.details ?? (await imi.customerCareUser(user.id))?.details ?? null;
}

/** IMI's refusals of a create as userErrors pointing at the input field at fault. */
function rejectionError(rejection: CustomerCareRejection): UserErrorModel {
  switch (rejection.reason) {
    case 'USER_ALREADY_EXISTS':
      return userError('USER_ALREADY_EXISTS', 'IMI already has a user with this login id.', ['input', 'loginId']);
    case 'EMAIL_TAKEN':
      return userError('EMAIL_TAKEN', 'Another IMI user already has this e-mail address.', ['input', 'email']);
    case 'TEAM_NOT_FOUND':
      return userError(
        'TEAM_NOT_FOUND',
        "IMI found no team for one of the privileges' team ids (or for the gateway's configured IMI_TEAM_ID).",
        ['input', 'privileges'],
      );
    case 'INVALID_ATTRIBUTE':
      return userError(
        'INVALID_INPUT',
        `IMI does not accept this value for the skill attribute "${rejection.attribute}".`,
        ['input', 'skillAttributes', rejection.attribute],
      );
    case 'BODY_MISSING':
    case 'INVALID_REQUEST':
      return userError('INVALID_INPUT', 'IMI refused the request as invalid.', null);
  }
}
