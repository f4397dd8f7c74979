import { badUserInput } from '../../errors.js';
import type { CountRange, CustomerCareUserSearch, CustomerCareUserStatus, DateRange } from '../../platforms/imi/models.js';

export const MAX_PAGE = 10_000;

export interface CustomerCareUsersArgs {
  filter?: {
    status?: CustomerCareUserStatus | null;
    createdAt?: DateRangeArgs | null;
    updatedAt?: DateRangeArgs | null;
    acceptingChats?: boolean | null;
    activeChats?: CountRangeArgs | null;
  } | null;
  page?: number | null;
}

type DateRangeArgs = { [K in keyof DateRange]?: Date | null };
type CountRangeArgs = { [K in keyof CountRange]?: number | null };

/** `customerCareUsers` arguments in the provider's terms; an impossible page is BAD_USER_INPUT. */
export function toCustomerCareSearch(args: CustomerCareUsersArgs): { search: CustomerCareUserSearch; page: number } {
  const page = args.page ?? 1;
  if (page < 1 || page > MAX_PAGE) throw badUserInput(`page must be from 1 to ${MAX_PAGE}.`);
  const filter = args.filter ?? {};
  const search: CustomerCareUserSearch = {};
  if (filter.status) search.status = filter.status;
  if (typeof filter.acceptingChats === 'boolean') search.acceptingChats = filter.acceptingChats;
  const createdAt = filter.createdAt ? dateRange(filter.createdAt) : undefined;
  if (createdAt) search.createdAt = createdAt;
  const updatedAt = filter.updatedAt ? dateRange(filter.updatedAt) : undefined;
  if (updatedAt) search.updatedAt = updatedAt;
  const activeChats = filter.activeChats ? countRange(filter.activeChats) : undefined;
  if (activeChats) search.activeChats = activeChats;
  return { search, page };
}

function dateRange(range: DateRangeArgs): DateRange | undefined {
  const result: DateRange = {};
  for (const bound of ['eq', 'lt', 'gt', 'lte', 'gte'] as const) {
    const value = range[bound];
    if (value) result[bound] = value.toISOString();
  }
  return Object.keys(result).length > 0 ? result : undefined;
}

function countRange(range: CountRangeArgs): CountRange | undefined {
  const result: CountRange = {};
  for (const bound of ['lt', 'gt', 'lte', 'gte'] as const) {
    const value = range[bound];
    if (typeof value === 'number') result[bound] = value;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
