import { CUSTOMER_CARE_PAGE_SIZE } from '../../platforms/imi/models.js';
import type { ListSizes } from '../shared/list-sizes.js';

/** How many customer-care users a field stands for, for the query-cost limit (plugins/query-cost.ts). */
export const customerCareListSizes: ListSizes = {
  // IMI's fixed page size: every search page holds up to 10 users.
  'CustomerCareUserPage.users': () => CUSTOMER_CARE_PAGE_SIZE,
};
