import type { SimResponse } from '../http-kit.js';
import { formatImiTime, hashPassword, type ImiState, type SimImiUser, type SimPrivilege } from './state.js';

/**
 * The three /v3.1/users endpoints, answering with IMI's envelope and status codes
 * (shared/upstreams/imi.md). Authentication, the team header and the quota are checked before these
 * run (see server.ts). Where IMI publishes no answer, the choice made here is marked "unverified".
 */

export function envelope(status: number, statusCode: number, description: string, response: unknown = null): SimResponse {
  return { status, body: { status_code: statusCode, description, response } };
}

const invalid = () => envelope(400, 3115, 'Request is invalid');
const PAGE_SIZE = 10;
const ROLES = new Set(['Team Manager', 'Team Agent', 'Team Analyst']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

export function listView(user: SimImiUser): Record<string, unknown> {
  return {
    id: user.id,
    created_at: formatImiTime(user.createdAt),
    updated_at: formatImiTime(user.updatedAt),
    first_name: user.first_name,
    last_name: user.last_name,
    login_id: user.login_id,
    email_id: user.email_id,
    status: user.status,
    accepting_chats: user.accepting_chats,
    active_chats: user.active_chats,
  };
}

/** The documented user object. Privileges are not part of it; the password hash never leaves the state. */
export function detailView(user: SimImiUser): Record<string, unknown> {
  return {
    ...listView(user),
    logged_in: user.logged_in,
    job_description: user.job_description,
    login_using_email: user.login_using_email,
    role_type: user.role_type,
    skill_attributes: user.skill_attributes,
  };
}

/** `GET /v3.1/users/{id}`. An unknown id's answer is unpublished: HTTP 404, status_code 3101 (unverified). */
export function getUser(state: ImiState, rawId: string): SimResponse {
  const user = /^\d{1,18}$/.test(rawId) ? state.userById(Number(rawId)) : undefined;
  if (!user) return envelope(404, 3101, 'User not found');
  return envelope(200, 4306, 'User fetched successfully', detailView(user));
}

/** `POST /v3.1/users/search?page=N`: ten users per page in id order, no total. */
export function searchUsers(state: ImiState, query: URLSearchParams, rawBody: string): SimResponse {
  const rawPage = query.get('page') ?? '1';
  if (!/^\d{1,9}$/.test(rawPage) || Number(rawPage) < 1) return invalid();
  if (rawBody.trim() === '') return envelope(400, 3114, 'Request body not provided');
  const predicates = parseSearch(parseJson(rawBody));
  if (!predicates) return invalid();
  const matches = state.allUsers().filter((user) => predicates.every((predicate) => predicate(user)));
  const start = (Number(rawPage) - 1) * PAGE_SIZE;
  // A Users List object, as documented: `{ users: [...] }`, with an empty list past the last page.
  return envelope(200, 4307, 'Users searched successfully', { users: matches.slice(start, start + PAGE_SIZE).map(listView) });
}

type Predicate = (user: SimImiUser) => boolean;
type Comparison = (left: number, right: number) => boolean;
const COMPARISONS: Record<string, Comparison> = {
  eq: (l, r) => l === r,
  lt: (l, r) => l < r,
  gt: (l, r) => l > r,
  lte: (l, r) => l <= r,
  gte: (l, r) => l >= r,
};

/**
 * The search syntax of src/platforms/imi/search-body.ts — `{filters: {field: {operator: value}}}` —
 * read strictly: unknown fields, operators or value types, and empty operator objects are 3115. The
 * platform's syntax is unverified; being strict here keeps the gateway's choice honest.
 */
function parseSearch(body: unknown): Predicate[] | undefined {
  if (!isObject(body) || !onlyKeys(body, ['filters']) || !isObject(body.filters)) return undefined;
  const predicates: Predicate[] = [];
  for (const [field, spec] of Object.entries(body.filters)) {
    if (!isObject(spec) || Object.keys(spec).length === 0) return undefined;
    for (const [operator, value] of Object.entries(spec)) {
      const predicate = filterFor(field, operator, value);
      if (!predicate) return undefined;
      predicates.push(predicate);
    }
  }
  return predicates;
}

function filterFor(field: string, operator: string, value: unknown): Predicate | undefined {
  const compare = COMPARISONS[operator];
  if (!compare) return undefined;
  switch (field) {
    case 'status':
      return operator === 'eq' && (value === 'active' || value === 'inactive') ? (user) => user.status === value : undefined;
    case 'accepting_chats':
      return operator === 'eq' && typeof value === 'boolean' ? (user) => user.accepting_chats === value : undefined;
    case 'active_chats':
      return operator !== 'eq' && Number.isSafeInteger(value) && (value as number) >= 0
        ? (user) => compare(user.active_chats, value as number)
        : undefined;
    case 'created_at':
    case 'updated_at': {
      const at = typeof value === 'string' && ISO_DATETIME.test(value) ? Date.parse(value) : NaN;
      if (Number.isNaN(at)) return undefined;
      return field === 'created_at' ? (user) => compare(user.createdAt, at) : (user) => compare(user.updatedAt, at);
    }
    default:
      return undefined;
  }
}

const CREATE_KEYS = [
  'first_name', 'last_name', 'login_id', 'email_id', 'password', 'job_description',
  'login_using_email', 'privileges', 'skill_attributes', 'active_chats',
];
const MANDATORY_TEXT = ['first_name', 'last_name', 'login_id', 'email_id', 'password'];

/**
 * `POST /v3.1/users`. Checks run in this order: body present (3114), shape (3115: mandatory fields,
 * types, e-mail shape, privileges; unknown fields too — unverified, chosen so that a misspelt field
 * fails loudly), privilege teams exist (2010 — unverified: the doc gives 2010 only for the header's
 * team), `business` (3107), `location` (3110), login id free (3102), e-mail free in any case (3111).
 */
export function createUser(state: ImiState, rawBody: string, now: number): SimResponse {
  if (rawBody.trim() === '') return envelope(400, 3114, 'Request body not provided');
  const body = parseJson(rawBody);
  if (!isObject(body) || !onlyKeys(body, CREATE_KEYS)) return invalid();
  if (MANDATORY_TEXT.some((key) => typeof body[key] !== 'string' || (body[key] as string).trim() === '')) return invalid();
  if (!EMAIL.test(body.email_id as string)) return invalid();
  const privileges = readPrivileges(body.privileges);
  if (!privileges) return invalid();
  if (body.job_description !== undefined && typeof body.job_description !== 'string') return invalid();
  if (body.login_using_email !== undefined && typeof body.login_using_email !== 'boolean') return invalid();
  if (body.skill_attributes !== undefined && !isObject(body.skill_attributes)) return invalid();
  const activeChats = body.active_chats ?? 0;
  if (!Number.isSafeInteger(activeChats) || (activeChats as number) < 0) return invalid();

  if (privileges.some((privilege) => !state.hasTeam(privilege.teamid))) {
    return envelope(404, 2010, 'Could not find details of team based on the teamid passed');
  }
  const skills = (body.skill_attributes ?? {}) as Record<string, unknown>;
  if ('business' in skills && !state.businessValues.includes(skills.business as string)) {
    return envelope(400, 3107, "The value provided for the custom attribute 'business' is not valid");
  }
  if ('location' in skills && !state.locations.includes(skills.location as string)) {
    return envelope(400, 3110, "The value provided for the custom attribute 'location' is not valid");
  }
  if (state.userByLoginId(body.login_id as string)) return envelope(409, 3102, 'The requested user already exists');
  if (state.userByEmail(body.email_id as string)) return envelope(400, 3111, 'The email id already exists in the system');

  const user = state.addUser({
    createdAt: now,
    updatedAt: now,
    first_name: body.first_name as string,
    last_name: body.last_name as string,
    login_id: body.login_id as string,
    email_id: body.email_id as string,
    status: 'active',
    logged_in: false,
    job_description: (body.job_description as string | undefined) ?? null,
    login_using_email: (body.login_using_email as boolean | undefined) ?? false,
    // Only Customer Care users can be created through the API.
    role_type: 'Customer Care',
    accepting_chats: false,
    skill_attributes: skills,
    active_chats: activeChats as number,
    privileges,
    passwordHash: hashPassword(body.password as string),
  });
  return envelope(200, 4308, 'User created successfully', detailView(user));
}

function readPrivileges(value: unknown): SimPrivilege[] | undefined {
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const privileges: SimPrivilege[] = [];
  for (const item of value) {
    if (!isObject(item) || !onlyKeys(item, ['teamid', 'role'])) return undefined;
    if (!Number.isSafeInteger(item.teamid) || (item.teamid as number) < 1) return undefined;
    if (typeof item.role !== 'string' || !ROLES.has(item.role)) return undefined;
    privileges.push({ teamid: item.teamid as number, role: item.role as SimPrivilege['role'] });
  }
  return privileges;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(value).every((key) => allowed.includes(key));
}
