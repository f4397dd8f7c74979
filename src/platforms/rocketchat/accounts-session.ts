import type { CallScope } from '../../upstream/call-scope.js';
import { LookupLoader } from '../lookup-loader.js';
import type { AccountField, AccountLookup, RocketChatAccountsApi } from './accounts-api.js';
import type { RocketChatDepartmentsSession } from './departments-session.js';
import type { NewRocketChatUser, RocketChatUserModel } from './models.js';

/** Most distinct users (by id or username) one operation may look up. */
export const MAX_ACCOUNT_LOOKUPS_PER_REQUEST = 200;

export type CreateUserResult =
  | {
      kind: 'created';
      user: RocketChatUserModel;
      /** Set when the user was created but a department membership was not: the user exists either way. */
      departmentsError?: unknown;
    }
  | { kind: 'username-taken' }
  | { kind: 'email-taken' }
  | { kind: 'unknown-departments'; ids: string[] }
  | { kind: 'invalid'; field: AccountField; reason: string };

export type SetUserActiveResult =
  | { kind: 'set'; active: boolean }
  | { kind: 'unknown-user' }
  /** Rocket.Chat keeps one active admin at least. */
  | { kind: 'last-admin' }
  /** Deactivating the gateway's own service account would lock it out. */
  | { kind: 'protected' };

/** Rocket.Chat user accounts as one request sees them: deduplicated lookups, and the writes. */
export class RocketChatAccountsSession {
  private readonly users: LookupLoader<AccountLookup, RocketChatUserModel | null>;

  constructor(
    private readonly api: RocketChatAccountsApi,
    private readonly departments: RocketChatDepartmentsSession,
    private readonly serviceAccountId: string,
    private readonly scope: CallScope,
  ) {
    this.users = new LookupLoader({
      maxKeys: MAX_ACCOUNT_LOOKUPS_PER_REQUEST,
      noun: 'Rocket.Chat users',
      cacheKey: (lookup) => ('id' in lookup ? `id:${lookup.id}` : `username:${lookup.username}`),
      fetch: (lookup) => this.api.info(lookup, this.scope),
    });
  }

  observeBatchSizes(observer: (size: number) => void): void {
    this.users.observeBatchSizes(observer);
  }

  /** After a write that changed a user: the next lookups ask the platform again. */
  forgetAll(): void {
    this.users.clearAll();
  }

  user(lookup: AccountLookup): Promise<RocketChatUserModel | null> {
    return this.users.load(lookup);
  }

  /**
   * Creates the user, with the Livechat roles asked for, then puts them in the departments. The platform's
   * create is not idempotent, so the username is looked up first (a user who has it is USERNAME_TAKEN,
   * and nothing is created); the e-mail address has no lookup, so the platform's refusal tells.
   */
  async create(user: NewRocketChatUser, departmentIds: readonly string[]): Promise<CreateUserResult> {
    if (await this.api.info({ username: user.username }, this.scope)) return { kind: 'username-taken' };
    const unknown = await this.departments.unknownIds(departmentIds);
    if (unknown.length > 0) return { kind: 'unknown-departments', ids: unknown };
    const created = await this.api.create(user, this.scope);
    this.users.clearAll();
    switch (created.kind) {
      case 'created':
        return { kind: 'created', user: created.user, departmentsError: await this.join(created.user, departmentIds) };
      case 'field-unavailable':
        // The platform names the value in use, not the field: a second lookup tells a username taken
        // meanwhile from an e-mail address in use.
        return (await this.api.info({ username: user.username }, this.scope)) ? { kind: 'username-taken' } : { kind: 'email-taken' };
      case 'invalid':
        return created;
    }
  }

  async setActive(userId: string, active: boolean): Promise<SetUserActiveResult> {
    if (!active && userId === this.serviceAccountId) return { kind: 'protected' };
    const result = await this.api.setActive(userId, active, this.scope);
    this.users.clearAll();
    return result;
  }

  /** Adds a new agent to each department; the first failure stops and is returned (not thrown). */
  private async join(user: RocketChatUserModel, departmentIds: readonly string[]): Promise<unknown> {
    if (departmentIds.length === 0) return undefined;
    try {
      const result = await this.departments.setAgentDepartments({ id: user.id, username: user.username ?? '' }, departmentIds);
      return result.kind === 'changed' ? undefined : new Error(`Departments ${result.ids.join(', ')} no longer exist.`);
    } catch (error) {
      return error;
    }
  }
}
