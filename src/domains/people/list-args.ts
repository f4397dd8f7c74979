import { badUserInput } from '../../errors.js';
import type { DirectoryPlatform, PeopleQuery } from '../../store/types.js';
import { toPage, type PageArgs } from '../departments/list-args.js';

export const PEOPLE_LIST = 'PEOPLE';
const MAX_SEARCH_LENGTH = 200;

export interface PeopleArgs extends PageArgs {
  search?: string | null;
  platform?: 'ROCKETCHAT' | 'IMI' | 'JELOU' | null;
}

/** `Query.people` arguments in the store's terms; JELOU is refused (its widget users are customers, not staff). */
export function toPeopleQuery(args: PeopleArgs): { query: PeopleQuery; requested: number } {
  const search = args.search?.trim();
  if (search !== undefined && (search.length > MAX_SEARCH_LENGTH || /\p{Cc}/u.test(search))) {
    throw badUserInput(`search must be at most ${MAX_SEARCH_LENGTH} characters without control characters.`);
  }
  if (args.platform === 'JELOU') throw badUserInput('The directory holds Rocket.Chat and IMI identities; Jelou widget users are customers, not staff.');
  const { offset, count, requested } = toPage(args, PEOPLE_LIST, 'people list');
  const query: PeopleQuery = { offset, limit: count };
  if (search) query.search = search;
  if (args.platform) query.platform = toDirectoryPlatform(args.platform);
  return { query, requested };
}

export function toDirectoryPlatform(platform: 'ROCKETCHAT' | 'IMI'): DirectoryPlatform {
  return platform === 'ROCKETCHAT' ? 'rocketchat' : 'imi';
}

export function toPlatform(platform: DirectoryPlatform): 'ROCKETCHAT' | 'IMI' {
  return platform === 'rocketchat' ? 'ROCKETCHAT' : 'IMI';
}
