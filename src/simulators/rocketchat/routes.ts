import type { SimResponse } from '../http-kit.js';
import { failure, invalidParams, ok, routeForbidden } from './answers.js';
import { DEFAULT_COUNT, MAX_COUNT, compareBy, invalidSort, parseSort, type Sort } from './paging.js';
import type { Route, RouteContext, RocketChatVersion } from './route-table.js';
import type { RocketChatState, SimUser } from './state.js';

export { invalidParams, routeForbidden } from './answers.js';

/**
 * The four /api/v1/livechat/users endpoints, answering exactly as Rocket.Chat does
 * (shared/upstreams/rocketchat.md): same validation, same bodies, same side effects — and, for
 * `version: '7.x'`, the older servers' error bodies. Authentication and rate limiting happen before
 * these run (see server.ts, which also maps the four routes onto these functions).
 */

export type { RocketChatVersion } from './route-table.js';

const ROLE_BY_TYPE = new Map([
  ['agent', 'livechat-agent'],
  ['manager', 'livechat-manager'],
]);
const LIST_KEYS = new Set(['text', 'onlyAvailable', 'excludeId', 'showIdleAgents', 'count', 'offset', 'sort', 'query', 'fields']);
const BOOLEAN_KEYS = ['onlyAvailable', 'showIdleAgents'];
const NUMBER_KEYS = ['count', 'offset'];
const BY_NAME: Sort = [['name', 1]];

export interface ListOptions {
  version: RocketChatVersion;
  /** Orders the users that tie on every sort key: the database has no tie-breaker, so neither may we. */
  shuffle: <T>(items: T[]) => T[];
}

export function listUsers(state: RocketChatState, caller: SimUser, type: string, query: URLSearchParams, options: ListOptions): SimResponse {
  const invalid = validateListQuery(query, LIST_KEYS, BOOLEAN_KEYS);
  if (invalid) return invalid;
  // The list handler's own permission check; its error text changed after 7.x.
  const forbidden = () => failure(403, options.version === '7.x' ? 'unauthorized' : 'error-not-authorized');
  if (type === 'agent') {
    if (!state.hasPermission(caller, 'transfer-livechat-guest') && !state.hasPermission(caller, 'edit-omnichannel-contact')) {
      return forbidden();
    }
  } else if (type === 'manager') {
    if (!state.hasPermission(caller, 'view-livechat-manager')) return forbidden();
  } else {
    return failure(400, 'Invalid type');
  }
  const sort = parseSort(query.get('sort'), BY_NAME);
  if (sort === 'invalid') return invalidSort();

  const role = roleOf(type) as string;
  const text = query.get('text')?.toLowerCase();
  const agentsOnly = type === 'agent';
  const matches = options
    .shuffle(state.allUsers())
    .filter((user) => user.roles.includes(role))
    .filter((user) => !text || matchesText(user, text))
    .filter((user) => !agentsOnly || query.get('onlyAvailable') !== 'true' || user.statusLivechat === 'available')
    .filter((user) => !agentsOnly || !query.get('excludeId') || user._id !== query.get('excludeId'))
    // `showIdleAgents=false` keeps a user only when `status` exists and is not offline; bots always stay.
    .filter(
      (user) =>
        !agentsOnly ||
        query.get('showIdleAgents') !== 'false' ||
        (user.status !== undefined && user.status !== 'offline') ||
        user.roles.includes('bot'),
    )
    // Stable over the shuffled order, so equal users come back in a different order from call to call.
    .sort(compareBy<SimUser>(sort));

  const offset = Math.trunc(Number(query.get('offset') ?? 0));
  const count = Math.min(Math.trunc(Number(query.get('count') ?? DEFAULT_COUNT)), MAX_COUNT);
  // A `$limit: 0` stage makes the database refuse the aggregation: current servers answer a 500.
  if (count === 0) return failure(500, 'Internal server error');
  const users = matches.slice(offset, offset + count).map((user) => ({
    _id: user._id,
    username: user.username ?? null,
    name: user.name ?? null,
    status: user.status ?? null,
    statusLivechat: user.statusLivechat ?? null,
    emails: user.emails ?? null,
    livechat: user.livechat ?? null,
    departments: state.departmentIdsOf(user._id),
  }));
  return ok({ users, count: users.length, offset, total: matches.length });
}

export function getUser(state: RocketChatState, type: string, id: string, version: RocketChatVersion): SimResponse {
  const role = roleOf(type);
  if (role === undefined) return failure(400, 'Invalid type');
  const user = state.userById(id);
  // 7.x told an unknown id from a user without the role; current servers answer both with `user: null`.
  if (!user && version === '7.x') return failure(400, 'User not found');
  if (!user || !user.roles.includes(role)) return ok({ user: null });
  // The lookup's projection: fields missing in the database are omitted, roles never returned.
  const projected: Record<string, unknown> = { _id: user._id };
  for (const key of ['username', 'name', 'status', 'statusLivechat', 'emails', 'livechat'] as const) {
    if (user[key] !== undefined) projected[key] = user[key];
  }
  return ok({ user: projected });
}

/** The POST body's validation, which the server runs before the route's permission check. */
export function addUserBody(body: unknown): { username: string } | SimResponse {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidParams('must be object');
  const fields = body as Record<string, unknown>;
  if (!('username' in fields)) return invalidParams("must have required property 'username'");
  if (Object.keys(fields).some((key) => key !== 'username')) return invalidParams('must NOT have additional properties');
  if (typeof fields.username !== 'string') return invalidParams('/username must be string');
  return { username: fields.username };
}

/**
 * Grants the role. The server runs its "agent added" step on every POST, role held or not: it sets
 * `statusLivechat` to `available`, so registering an off-shift agent again puts them back into routing.
 */
export function addUser(state: RocketChatState, type: string, username: string, version: RocketChatVersion): SimResponse {
  const role = roleOf(type);
  if (role === undefined) return failure(400, 'Invalid type');
  const user = state.userByUsername(username);
  if (!user) {
    return version === '7.x'
      ? { status: 400, body: { success: false, error: '[error-invalid-user]', errorType: 'error-invalid-user' } }
      : failure(400, 'error-invalid-user');
  }
  if (!user.roles.includes(role)) user.roles.push(role);
  if (type === 'agent') user.statusLivechat = 'available';
  return ok({ user: { _id: user._id, username: user.username } });
}

/**
 * Takes the role away. For agents the server's "agent removed" step runs whether or not the role was
 * held: it unsets `livechat` (the chat limit) and `statusLivechat` and drops every department membership.
 */
export function removeUser(state: RocketChatState, type: string, id: string, version: RocketChatVersion): SimResponse {
  const role = roleOf(type);
  if (role === undefined) return failure(400, 'Invalid type');
  const user = state.userById(id);
  // 7.x answered an unknown id with a bare `{success: false}`.
  if (!user) return version === '7.x' ? { status: 400, body: { success: false } } : failure(400, 'error-invalid-user');
  user.roles = user.roles.filter((name) => name !== role);
  if (type === 'agent') {
    delete user.livechat;
    delete user.statusLivechat;
    state.removeFromDepartments(user._id);
  }
  return ok({});
}

function roleOf(type: string): string | undefined {
  return ROLE_BY_TYPE.get(type);
}

/**
 * The list schemas' checks, in ajv's order: unknown keys, repeated keys, then each value's type. Query
 * strings are coerced as the server's ajv does (`"true"`/`"false"` to booleans, numeric text to numbers).
 */
export function validateListQuery(query: URLSearchParams, keys: ReadonlySet<string>, booleanKeys: readonly string[]): SimResponse | undefined {
  for (const key of new Set(query.keys())) {
    if (!keys.has(key)) return invalidParams('must NOT have additional properties');
    if (query.getAll(key).length > 1) return invalidParams(`/${key} must be string`);
  }
  for (const key of booleanKeys) {
    const value = query.get(key);
    if (value !== null && value !== 'true' && value !== 'false') return invalidParams(`/${key} must be boolean`);
  }
  for (const key of NUMBER_KEYS) {
    const value = query.get(key);
    // Parsed leniently, as the server does: `1.5` reads as 1.
    if (value !== null && !/^\d+(\.\d+)?$/.test(value)) return invalidParams(`/${key} must be number`);
  }
  return undefined;
}

function matchesText(user: SimUser, text: string): boolean {
  const candidates = [user.username, user.name, ...(user.emails ?? []).map((email) => email.address)];
  return candidates.some((candidate) => candidate?.toLowerCase().includes(text));
}

/** The four routes; `view-livechat-manager` guards all but the list, which checks its own permissions. */
export const livechatUserRoutes: readonly Route[] = [
  {
    method: 'GET',
    pattern: '/api/v1/livechat/users/:type',
    handle: ({ state, caller, params, query, version, shuffle }) => listUsers(state, caller, params.type as string, query, { version, shuffle }),
  },
  {
    method: 'POST',
    pattern: '/api/v1/livechat/users/:type',
    handle: async ({ state, caller, params, version, json }: RouteContext) => {
      const parsed = await json();
      if ('status' in parsed) return parsed;
      // The body is validated before the route's permission check; the type only in the handler.
      const body = addUserBody(parsed.value);
      if ('status' in body) return body;
      return state.hasPermission(caller, 'view-livechat-manager') ? addUser(state, params.type as string, body.username, version) : routeForbidden();
    },
  },
  {
    method: 'GET',
    pattern: '/api/v1/livechat/users/:type/:_id',
    handle: ({ state, caller, params, version }) =>
      state.hasPermission(caller, 'view-livechat-manager') ? getUser(state, params.type as string, params._id as string, version) : routeForbidden(),
  },
  {
    method: 'DELETE',
    pattern: '/api/v1/livechat/users/:type/:_id',
    handle: ({ state, caller, params, version }) =>
      state.hasPermission(caller, 'view-livechat-manager') ? removeUser(state, params.type as string, params._id as string, version) : routeForbidden(),
  },
];
