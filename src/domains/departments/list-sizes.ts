import type { ListSizes } from '../shared/list-sizes.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './list-args.js';

const pageSize = ({ first }: Record<string, unknown>) =>
  typeof first === 'number' ? Math.min(Math.max(first, 0), MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;

/** How many items a department field stands for, for the query-cost limit (plugins/query-cost.ts). */
export const departmentListSizes: ListSizes = {
  'Query.departments': pageSize,
  'Department.agents': pageSize,
  // Agents are usually in one to three departments; resolving them for a whole page costs one call.
  'Agent.departments': () => 3,
};
