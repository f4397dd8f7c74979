import type { CallScope } from '../../upstream/call-scope.js';
import { LookupLoader } from '../lookup-loader.js';
import type { CustomerCareUserModel, CustomerCareUserSearch, NewCustomerCareUser } from './models.js';
import type { CreateUserResult, ImiClient } from './client.js';
import { toSearchBody } from './search-body.js';

/**
 * Most distinct users one operation may look up. IMI has no batch lookup, so every distinct id is one
 * call against a daily quota; without a cap one query with thousands of aliases (or `_entities`
 * representations) would spend thousands of calls.
 */
export const MAX_LOOKUPS_PER_REQUEST = 200;

/**
 * IMI as seen by one GraphQL request: a DataLoader for user lookups (aliases and fragments asking for
 * the same user cost one call), search pages memoised by (search, page), and the client for writes.
 * Created per request by the context and never shared, so one caller's data never reaches another.
 */
export class ImiSession {
  private readonly client: ImiClient;
  private readonly scope: CallScope;
  private readonly users: LookupLoader<string, CustomerCareUserModel | null>;
  private readonly searches = new Map<string, Promise<CustomerCareUserModel[]>>();

  constructor(client: ImiClient, scope: CallScope) {
    this.client = client;
    this.scope = scope;
    this.users = new LookupLoader({
      maxKeys: MAX_LOOKUPS_PER_REQUEST,
      noun: 'customer-care users',
      cacheKey: (id) => id,
      fetch: (id) => this.client.getUser(id, this.scope),
    });
  }

  /** Told the size of every lookup batch the loader dispatches (for metrics); at most one observer. */
  observeBatchSizes(observer: (size: number) => void): void {
    this.users.observeBatchSizes(observer);
  }

  /** The user with this IMI id, with details, or null. */
  customerCareUser(id: string): Promise<CustomerCareUserModel | null> {
    return this.users.load(id);
  }

  /**
   * One search page. Asking the same (search, page) again in the operation reuses the first answer
   * (or failure). Results are the list view, without details, so they never prime the lookup loader:
   * a later lookup must still fetch the details.
   */
  searchCustomerCareUsers(search: CustomerCareUserSearch, page: number): Promise<CustomerCareUserModel[]> {
    // The wire body is canonical (fixed key order, normalised dates): equal searches share one key.
    const key = `${page}|${JSON.stringify(toSearchBody(search))}`;
    let pending = this.searches.get(key);
    if (!pending) {
      pending = this.client.searchUsers(search, page, this.scope);
      this.searches.set(key, pending);
    }
    return pending;
  }

  /** Never cached or deduplicated: a create is a write. A created user answers later lookups at once. */
  async createCustomerCareUser(input: NewCustomerCareUser): Promise<CreateUserResult> {
    try {
      const result = await this.client.createUser(input, this.scope);
      if (result.kind === 'created') this.users.clear(result.user.id).prime(result.user.id, result.user);
      return result;
    } finally {
      // Pages read earlier in the operation may now be missing the new user (also when the outcome is unknown).
      this.searches.clear();
    }
  }
}
