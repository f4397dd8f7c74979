import type { ListSizes } from '../shared/list-sizes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../departments/list-args.js';

/** How many items a people field stands for, for the query-cost limit (plugins/query-cost.ts). */
export const peopleListSizes: ListSizes = {
  'Query.people': ({ first }) => (typeof first === 'number' ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE),
  // A person has one identity per platform: two today.
  'Person.identities': () => 2,
};
