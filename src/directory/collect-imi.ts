import type { ImiClient, ImiQuota } from '../platforms/imi/index.js';
import { CUSTOMER_CARE_PAGE_SIZE, type CustomerCareUserModel } from '../platforms/imi/models.js';
import type { IdentityInput } from '../store/types.js';
import { linkingEmail, type CollectContext, type Collected } from './collected.js';

/** The one client method the collector uses. */
export type ImiDirectorySource = Pick<ImiClient, 'searchUsersPage'>;

export interface ImiCollectOptions {
  /**
   * Calls of the tenant's daily quota the refresh leaves for everything else: it stops once IMI reports
   * this many or fewer remaining (GATEWAY_DIRECTORY_IMI_RESERVE).
   */
  quotaReserve: number;
  /** Told the quota each page's answer reported (metrics). */
  onQuota?: (quota: ImiQuota) => void;
}

/**
 * Every IMI user, by paging the user search without a filter: IMI has no e-mail filter and no total, so
 * paging to the first short (or empty) page is the only way to see everyone. Every page costs a call of
 * the tenant's daily quota, so the pass stops early — and is then not applied — when the quota reported
 * on an answer has reached the reserve and more pages would follow.
 */
export async function collectImi(client: ImiDirectorySource, context: CollectContext, options: ImiCollectOptions): Promise<Collected> {
  const identities = new Map<string, IdentityInput>();
  for (let page = 1; ; page += 1) {
    if (context.signal.aborted) return { kind: 'incomplete', code: 'REFRESH_INTERRUPTED' };
    if (page > context.maxPages) return { kind: 'incomplete', code: 'DIRECTORY_TOO_LARGE' };
    await context.pacer.turn(context.signal);
    if (context.signal.aborted) return { kind: 'incomplete', code: 'REFRESH_INTERRUPTED' };
    const { users, quota } = await client.searchUsersPage({}, page, context.scope());
    if (quota) options.onQuota?.(quota);
    // Users created while paging land on later pages (search pages follow id order): seen twice at most.
    for (const user of users) identities.set(user.id, toIdentity(user));
    if (users.length < CUSTOMER_CARE_PAGE_SIZE) return { kind: 'complete', identities: [...identities.values()] };
    // IMI sends the quota on every answer; without it the refresh cannot tell, and goes on.
    if (quota && quota.remaining <= options.quotaReserve) return { kind: 'incomplete', code: 'IMI_QUOTA_RESERVE' };
  }
}

function toIdentity(user: CustomerCareUserModel): IdentityInput {
  const name = [user.firstName, user.lastName].filter((part) => part !== null && part.trim() !== '').join(' ');
  return {
    platform: 'imi',
    userId: user.id,
    email: linkingEmail(user.email),
    displayName: name || user.loginId,
    // IMI's privileges are per team and not in the search's list view; the directory records none.
    roles: [],
  };
}
