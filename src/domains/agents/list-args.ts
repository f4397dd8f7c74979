import { badUserInput } from '../../errors.js';
import type { AgentListQuery, AgentType } from '../../platforms/rocketchat/models.js';
import { decodeCursor } from './cursor.js';
import { checkId } from './input.js';

/** Rocket.Chat caps a page at 100 users; asking for more would be silently truncated, so it is refused. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 50;
const MAX_SEARCH_LENGTH = 200;

export interface AgentsArgs {
  type: AgentType;
  first?: number | null;
  after?: string | null;
  search?: string | null;
  onlyAvailable?: boolean | null;
  excludeId?: string | null;
  includeIdle?: boolean | null;
}

/**
 * Validates `Query.agents` arguments and turns them into the platform's offset/count terms.
 * `first: 0` still asks for one user, so that `totalCount` comes back, and returns no edges.
 */
export function toAgentListQuery(args: AgentsArgs): { query: AgentListQuery; requested: number } {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE} (the platform's page size cap).`);
  }
  if (args.type === 'MANAGER') {
    for (const name of ['onlyAvailable', 'excludeId', 'includeIdle'] as const) {
      if (args[name] !== undefined && args[name] !== null) {
        throw badUserInput(`${name} filters agents only; it cannot be used with type MANAGER.`);
      }
    }
  }
  const search = args.search?.trim();
  if (search !== undefined && (search.length > MAX_SEARCH_LENGTH || /\p{Cc}/u.test(search))) {
    throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters without control characters.`);
  }
  const offset = args.after === undefined || args.after === null ? 0 : decodeCursor(args.type, args.after) + 1;
  const query: AgentListQuery = { type: args.type, offset, count: Math.max(first, 1) };
  if (search) query.text = search;
  if (args.onlyAvailable !== undefined && args.onlyAvailable !== null) query.onlyAvailable = args.onlyAvailable;
  if (args.excludeId !== undefined && args.excludeId !== null) query.excludeId = checkId(args.excludeId, 'excludeId');
  if (args.includeIdle !== undefined && args.includeIdle !== null) query.includeIdle = args.includeIdle;
  return { query, requested: first };
}
