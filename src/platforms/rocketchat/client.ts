import type { z } from 'zod';
import type { CallScope } from '../../upstream/call-scope.js';
import type { AgentModel } from './models.js';
import { encodePathSegment, isDotSegment, toQueryString } from '../../upstream/path.js';
import type { UpstreamResponse } from '../../upstream/upstream-http.js';
import { INVALID_USER_ERROR, upstreamErrorOf, upstreamReasonsOf } from './errors.js';
import { RocketChatAccountsApi } from './accounts-api.js';
import { RocketChatDepartmentsApi } from './departments-api.js';
import { RocketChatTransport, type RocketChatCall, type RocketChatCredentials } from './transport.js';
import { toAgent } from './mapping.js';
import {
  addUserResponse,
  getUserResponse,
  listUsersResponse,
  successResponse,
  type ListUsersQuery,
  type WireUserType,
} from './wire.js';
import { PlatformHttpClient, type PlatformHttpClientOptions } from '../http-client.js';
import { badUserInput } from '../../errors.js';

export type { RocketChatCredentials } from './transport.js';

export interface RocketChatClientOptions extends PlatformHttpClientOptions {
  credentials: RocketChatCredentials;
}

export interface UsersPage {
  users: AgentModel[];
  offset: number;
  total: number;
}

export type AddUserResult = { kind: 'added'; id: string } | { kind: 'unknown-user' };

/** Most users one username search pages through before giving up (10 pages of 100). */
const MAX_USERNAME_MATCHES = 1000;
/** Usernames are unique, so this order is stable across pages. */
const BY_USERNAME = '{"username":1}';
export type RemoveUserResult = { kind: 'removed' } | { kind: 'unknown-user' };

/** One method per Rocket.Chat Livechat users endpoint (see shared/upstreams/rocketchat.md). */
export class RocketChatClient extends PlatformHttpClient {
  /** The user id the gateway acts as on Rocket.Chat. */
  readonly serviceAccountId: string;
  /** Livechat departments and an agent's memberships. */
  readonly departments: RocketChatDepartmentsApi;
  /** Rocket.Chat user accounts and an agent's availability. */
  readonly accounts: RocketChatAccountsApi;
  private readonly transport: RocketChatTransport;

  constructor(options: RocketChatClientOptions) {
    super(options);
    this.serviceAccountId = options.credentials.userId;
    this.transport = new RocketChatTransport(this.http, this.basePath, options.credentials, this.now);
    this.departments = new RocketChatDepartmentsApi(this.transport);
    this.accounts = new RocketChatAccountsApi(this.transport);
  }

  /** `GET /api/v1/livechat/users/:type` */
  async listUsers(type: WireUserType, query: ListUsersQuery, scope: CallScope): Promise<UsersPage> {
    const route = 'GET /livechat/users/:type';
    const path = `/api/v1/livechat/users/${type}${toQueryString({ ...query })}`;
    const response = await this.call({ method: 'GET', path, route }, scope);
    const body = this.parse(listUsersResponse, response, route);
    return { users: body.users.map(toAgent), offset: body.offset, total: body.total };
  }

  /** `GET /api/v1/livechat/users/:type/:_id` — null when the user does not exist or lacks the role. */
  async getUser(type: WireUserType, id: string, scope: CallScope): Promise<AgentModel | null> {
    // Rocket.Chat ids never are `.` or `..`; sent, they would turn into a different path.
    if (isDotSegment(id)) return null;
    const route = 'GET /livechat/users/:type/:id';
    const response = await this.call({ method: 'GET', path: this.userPath(type, id), route }, scope);
    // 7.x servers answer 400 `User not found` for an unknown id instead of `{user: null}`.
    if (isUserNotFound(response)) return null;
    const body = this.parse(getUserResponse, response, route);
    return body.user === null ? null : toAgent(body.user);
  }

  /**
   * The user with exactly this username among those holding the role, or null. Rocket.Chat has no lookup by
   * username for these endpoints: the list's `text` filter (a substring of username, name or e-mail)
   * narrows it down, paged in username order (unique, compared byte by byte as the database does), so
   * the search stops at the first page that goes past the username. Should more than MAX_USERNAME_MATCHES
   * holders sort before it, the answer is unknown and no one is registered (a grant would re-run "agent
   * added" for a holder it missed).
   */
  async findUserByUsername(type: WireUserType, username: string, scope: CallScope): Promise<AgentModel | null> {
    for (let offset = 0; offset < MAX_USERNAME_MATCHES; offset += 100) {
      const page = await this.listUsers(type, { text: username, sort: BY_USERNAME, count: 100, offset }, scope);
      const found = page.users.find((user) => user.username === username);
      if (found) return found;
      const last = page.users.at(-1)?.username;
      const pastIt = last !== null && last !== undefined && Buffer.compare(Buffer.from(last), Buffer.from(username)) > 0;
      if (pastIt || page.users.length === 0 || offset + page.users.length >= page.total) return null;
    }
    throw badUserInput(
      `At least ${MAX_USERNAME_MATCHES} Rocket.Chat users matching "${username}" sort before it: the gateway cannot tell whether it already holds the role, so it registers no one.`,
    );
  }

  /**
   * `POST /api/v1/livechat/users/:type`. Not harmless to repeat for agents: the server re-runs its "agent
   * added" step, which makes the agent available (see findUserByUsername for the lookup that avoids it).
   * A retry after a lost answer only repeats what the first grant did to a user who did not hold the role.
   */
  async addUser(type: WireUserType, username: string, scope: CallScope): Promise<AddUserResult> {
    const route = 'POST /livechat/users/:type';
    const response = await this.call(
      { method: 'POST', path: `/api/v1/livechat/users/${type}`, route, body: { username } },
      scope,
    );
    if (isInvalidUser(response)) return { kind: 'unknown-user' };
    const body = this.parse(addUserResponse, response, route);
    return { kind: 'added', id: body.user._id };
  }

  /**
   * `DELETE /api/v1/livechat/users/:type/:_id` — idempotent: a user without the role is a success. For
   * agents the server also drops every department membership and the agent's Livechat settings.
   */
  async removeUser(type: WireUserType, id: string, scope: CallScope): Promise<RemoveUserResult> {
    if (isDotSegment(id)) return { kind: 'unknown-user' };
    const route = 'DELETE /livechat/users/:type/:id';
    const response = await this.call({ method: 'DELETE', path: this.userPath(type, id), route }, scope);
    if (isInvalidUser(response)) return { kind: 'unknown-user' };
    // 7.x answers an unknown id with a bare 400 `{success:false}`: believed only once a lookup agrees.
    if (isBareFailure(response) && (await this.isUnknownId(type, id, scope))) return { kind: 'unknown-user' };
    this.parse(successResponse, response, route);
    return { kind: 'removed' };
  }

  /** Whether the server says outright that no user has this id (7.x's 400 `User not found` on a lookup). */
  private async isUnknownId(type: WireUserType, id: string, scope: CallScope): Promise<boolean> {
    const route = 'GET /livechat/users/:type/:id';
    const response = await this.call({ method: 'GET', path: this.userPath(type, id), route }, scope);
    return isUserNotFound(response);
  }

  private userPath(type: WireUserType, id: string): string {
    return `/api/v1/livechat/users/${type}/${encodePathSegment(id)}`;
  }

  private call(request: RocketChatCall, scope: CallScope): Promise<UpstreamResponse> {
    // Safe to repeat as calls: reads; removals; and a grant, which is sent only for a user found not to
    // hold the role, so that a retry after a lost answer repeats what the first one did (see addUser).
    return this.transport.send(request, scope);
  }

  private parse<T>(schema: z.ZodType<T>, response: UpstreamResponse, route: string): T {
    return this.transport.parse(schema, response, route);
  }
}

/** Current servers say `error: 'error-invalid-user'`; 7.x `error: '[error-invalid-user]', errorType: 'error-invalid-user'`. */
function isInvalidUser(response: UpstreamResponse): boolean {
  return response.status === 400 && upstreamReasonsOf(response).includes(INVALID_USER_ERROR);
}

function isUserNotFound(response: UpstreamResponse): boolean {
  return response.status === 400 && upstreamErrorOf(response) === 'User not found';
}

/** A 400 that names no reason at all. */
function isBareFailure(response: UpstreamResponse): boolean {
  return response.status === 400 && upstreamReasonsOf(response).length === 0;
}
