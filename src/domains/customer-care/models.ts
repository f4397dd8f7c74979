import type { UserErrorModel } from '../shared/user-errors.js';
import type { CustomerCareUserModel, CustomerCareUserSearch, PrivilegeModel } from '../../platforms/imi/models.js';

// What the resolvers return beyond the platform's own models (src/platforms/imi/models.ts).

/** What `CustomerCareUserPage` resolves from. */
export interface CustomerCareUserPageModel {
  search: CustomerCareUserSearch;
  /** 1-based page number. */
  page: number;
  users: CustomerCareUserModel[];
}

export interface CreateCustomerCareUserPayloadModel {
  user: CustomerCareUserModel | null;
  /** The team privileges IMI accepted with the user; empty when the create was refused. */
  privileges: PrivilegeModel[];
  userErrors: UserErrorModel[];
}
