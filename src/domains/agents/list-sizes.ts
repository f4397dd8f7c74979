import type { ListSizes } from '../shared/list-sizes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list-args.js';

/** How many agents a field stands for, for the query-cost limit (plugins/query-cost.ts). */
export const agentListSizes: ListSizes = {
  // 0–100, default 50; out-of-range values are refused by the resolver (BAD_USER_INPUT) before any call.
  'Query.agents': ({ first }) => (typeof first === 'number' ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE),
};
