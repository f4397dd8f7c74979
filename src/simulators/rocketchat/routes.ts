import type { SimResponse } from '../http-kit.js';
import type { RocketChatState, SimUser } from './state.js';

/**
 * The four /api/v1/livechat/users endpoints, answering exactly as Rocket.Chat 8.x does
 * (shared/upstreams/rocketchat.md): same validation, same bodies, same idempotency.
 * Authentication and rate limiting happen before these run (see server.ts).
 */

const ROLE_BY_TYPE: Record<string, string> = { agent: 'livechat-agent', manager: 'livechat-manager' };
const LIST_KEYS = new Set(['text', 'onlyAvailable', 'excludeId', 'showIdleAgents', 'count', 'offset', 'sort', 'query', 'fields']);
const BOOLEAN_KEYS = ['onlyAvailable', 'showIdleAgents'];
const NUMBER_KEYS = ['count', 'offset'];
const DEFAULT_COUNT = 50;
const MAX_COUNT = 100;

export const invalidParams = (message: string): SimResponse => ({
  status: 400,
  body: { success: false, error: `${message} [invalid-params]`, errorType: 'invalid-params' },
});
const failure = (status: number, error: string): SimResponse => ({ status, body: { success: false, error } });
const ok = (body: Record<string, unknown>): SimResponse => ({ status: 200, body: { ...body, success: true } });

/** Route-level permission failure (POST, GET one, DELETE need `view-livechat-manager`). */
export const routeForbidden = (): SimResponse =>
  failure(403, 'User does not have the permissions required for this action [error-unauthorized]');

export function listUsers(state: RocketChatState, caller: SimUser, type: string, query: URLSearchParams): SimResponse {
  const invalid = validateListQuery(query);
  if (invalid) return invalid;
  if (type === 'agent') {
    if (!state.hasPermission(caller, 'transfer-livechat-guest') && !state.hasPermission(caller, 'edit-omnichannel-contact')) {
      return failure(403, 'unauthorized');
    }
  } else if (type === 'manager') {
    if (!state.hasPermission(caller, 'view-livechat-manager')) return failure(403, 'unauthorized');
  } else {
    return failure(400, 'Invalid type');
  }
  const sort = parseSort(query.get('sort'));
  if (sort === 'invalid') {
    return { status: 400, body: { success: false, error: 'Invalid sort parameter provided', errorType: 'error-invalid-sort' } };
  }

  const role = ROLE_BY_TYPE[type] as string;
  const text = query.get('text')?.toLowerCase();
  const agentsOnly = type === 'agent';
  const matches = state
    .allUsers()
    .filter((user) => user.roles.includes(role))
    .filter((user) => !text || matchesText(user, text))
    .filter((user) => !agentsOnly || query.get('onlyAvailable') !== 'true' || user.statusLivechat === 'available')
    .filter((user) => !agentsOnly || !query.get('excludeId') || user._id !== query.get('excludeId'))
    .filter(
      (user) => !agentsOnly || query.get('showIdleAgents') !== 'false' || user.status !== 'offline' || user.roles.includes('bot'),
    )
    .sort(compareBy(sort));

  const offset = Number(query.get('offset') ?? 0);
  const requested = Number(query.get('count') ?? DEFAULT_COUNT);
  // `count=0` means "no limit" where the server allows it (the default); larger counts are capped.
  const count = requested === 0 ? matches.length : Math.min(requested, MAX_COUNT);
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

export function getUser(state: RocketChatState, type: string, id: string): SimResponse {
  if (!(type in ROLE_BY_TYPE)) return failure(400, 'Invalid type');
  const user = state.userById(id);
  if (!user || !user.roles.includes(ROLE_BY_TYPE[type] as string)) return ok({ user: null });
  // The lookup's projection: fields missing in the database are omitted, roles never returned.
  const projected: Record<string, unknown> = { _id: user._id };
  for (const key of ['username', 'name', 'status', 'statusLivechat', 'emails', 'livechat'] as const) {
    if (user[key] !== undefined) projected[key] = user[key];
  }
  return ok({ user: projected });
}

export function addUser(state: RocketChatState, type: string, rawBody: string): SimResponse {
  let body: unknown;
  try {
    body = rawBody === '' ? {} : JSON.parse(rawBody);
  } catch {
    return failure(400, 'Unexpected token in JSON body');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalidParams('must be object');
  const fields = body as Record<string, unknown>;
  if (!('username' in fields)) return invalidParams("must have required property 'username'");
  if (Object.keys(fields).some((key) => key !== 'username')) return invalidParams('must NOT have additional properties');
  if (typeof fields.username !== 'string') return invalidParams('/username must be string');
  if (!(type in ROLE_BY_TYPE)) return failure(400, 'Invalid type');

  const user = state.userByUsername(fields.username);
  if (!user) return failure(400, 'error-invalid-user');
  const role = ROLE_BY_TYPE[type] as string;
  if (!user.roles.includes(role)) {
    user.roles.push(role);
    if (type === 'agent') user.statusLivechat = 'available';
  }
  return ok({ user: { _id: user._id, username: user.username } });
}

export function removeUser(state: RocketChatState, type: string, id: string): SimResponse {
  if (!(type in ROLE_BY_TYPE)) return failure(400, 'Invalid type');
  const user = state.userById(id);
  if (!user) return failure(400, 'error-invalid-user');
  const role = ROLE_BY_TYPE[type] as string;
  const held = user.roles.includes(role);
  user.roles = user.roles.filter((name) => name !== role);
  if (held && type === 'agent') {
    user.statusLivechat = 'not-available';
    state.removeFromDepartments(user._id);
  }
  return ok({});
}

function validateListQuery(query: URLSearchParams): SimResponse | undefined {
  for (const key of new Set(query.keys())) {
    if (!LIST_KEYS.has(key)) return invalidParams('must NOT have additional properties');
    if (query.getAll(key).length > 1) return invalidParams(`/${key} must be string`);
  }
  for (const key of BOOLEAN_KEYS) {
    const value = query.get(key);
    if (value !== null && value !== 'true' && value !== 'false') return invalidParams(`/${key} must be boolean`);
  }
  for (const key of NUMBER_KEYS) {
    const value = query.get(key);
    if (value !== null && !/^\d+$/.test(value)) return invalidParams(`/${key} must be number`);
  }
  return undefined;
}

type Sort = Array<[keyof SimUser, 1 | -1]>;

function parseSort(raw: string | null): Sort | 'invalid' {
  if (raw === null) return [['name', 1]];
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'invalid';
    const entries = Object.entries(parsed);
    if (entries.some(([, direction]) => direction !== 1 && direction !== -1)) return 'invalid';
    return entries as Sort;
  } catch {
    return 'invalid';
  }
}

/** Mongo-like ordering: missing values sort first; ties keep insertion order (Array#sort is stable). */
function compareBy(sort: Sort): (a: SimUser, b: SimUser) => number {
  return (a, b) => {
    for (const [field, direction] of sort) {
      const left = a[field];
      const right = b[field];
      if (left === right) continue;
      if (left === undefined || left === null) return -direction;
      if (right === undefined || right === null) return direction;
      return String(left).localeCompare(String(right)) * direction;
    }
    return 0;
  };
}

function matchesText(user: SimUser, text: string): boolean {
  const candidates = [user.username, user.name, ...(user.emails ?? []).map((email) => email.address)];
  return candidates.some((candidate) => candidate?.toLowerCase().includes(text));
}
