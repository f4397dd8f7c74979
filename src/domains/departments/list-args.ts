import { createHash } from 'node:crypto';
import { badUserInput } from '../../errors.js';
import type { DepartmentListQuery } from '../../platforms/rocketchat/models.js';
import { decodeOffsetCursor } from '../shared/offset-cursor.js';

/** Rocket.Chat pages lists by 100 at most; asking for more is refused rather than silently cut. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_SEARCH_LENGTH = 200;
export const DEPARTMENTS_LIST = 'DEPARTMENTS';

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** `first` and `after` in offset/count terms; `first: 0` still asks for one item so the total comes back. */
export function toPage(args: PageArgs, list: string, listName: string): { offset: number; count: number; requested: number } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE} (the platform's page size cap).`);
  }
  const offset = args.after === undefined || args.after === null ? 0 : decodeOffsetCursor(list, args.after, listName) + 1;
  return { offset, count: Math.max(first, 1), requested: first };
}

export interface DepartmentsArgs extends PageArgs {
  search?: string | null;
  enabled?: boolean | null;
}

export function toDepartmentListQuery(args: DepartmentsArgs): { query: DepartmentListQuery; requested: number } {
  if (args.enabled === false) {
    throw badUserInput('enabled: false cannot be answered: Rocket.Chat lists all departments or only the enabled ones. Leave enabled out and filter on `enabled`.');
  }
  const search = args.search?.trim();
  if (search !== undefined && (search.length > MAX_SEARCH_LENGTH || /\p{Cc}/u.test(search))) {
    throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters without control characters.`);
  }
  const { offset, count, requested } = toPage(args, DEPARTMENTS_LIST, 'department list');
  const query: DepartmentListQuery = { offset, count };
  if (search) query.text = search;
  if (args.enabled === true) query.enabledOnly = true;
  return { query, requested };
}

/** The list name of one department's members: a cursor of another department's list is refused. */
export function membersList(departmentId: string): string {
  return `M${createHash('sha256').update(departmentId).digest('base64url').slice(0, 12)}`;
}
