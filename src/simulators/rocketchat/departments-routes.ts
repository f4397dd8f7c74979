import type { SimResponse } from '../http-kit.js';
import { invalidParams, matchError, meteorError, ok, routeForbidden } from './answers.js';
import { departmentAnswer, membershipAnswer, updateDepartmentAgents } from './department-records.js';
import { createDepartment, removeDepartment, updateDepartment } from './department-writes.js';
import { compareBy, invalidSort, paginationOf, parseSort, type Sort } from './paging.js';
import type { Route, RouteContext } from './route-table.js';
import { validateListQuery } from './routes.js';
import type { RocketChatState, SimUser } from './state.js';

/**
 * Livechat departments and their agents (apps/meteor/app/livechat/imports/server/rest/departments.ts
 * and agent.ts), answering as the real server does — including what a client might not expect:
 * `enabled=false` does not filter, an unknown department id is a 200, the membership POST does not check
 * that the user is an agent, and an upsert without `count`/`order` resets them to 0. Creating, updating
 * and removing a department are in department-writes.ts.
 */

const LIST_KEYS = new Set(['text', 'enabled', 'onlyMyDepartments', 'excludeDepartmentId', 'showArchived', 'count', 'offset', 'sort', 'query', 'fields']);
const BY_NAME: Sort = [['name', 1]];
const BY_USERNAME: Sort = [['username', 1]];

const canViewDepartments = (state: RocketChatState, caller: SimUser) =>
  state.hasPermission(caller, 'view-livechat-departments') || state.hasPermission(caller, 'view-l-room');

function listDepartments({ state, caller, query, shuffle }: RouteContext): SimResponse {
  const invalid = validateListQuery(query, LIST_KEYS, []);
  if (invalid) return invalid;
  if (!canViewDepartments(state, caller)) return routeForbidden();
  const sort = parseSort(query.get('sort'), BY_NAME);
  if (sort === 'invalid') return invalidSort();
  const text = query.get('text')?.toLowerCase();
  const excluded = query.get('excludeDepartmentId');
  // The handler tests `enabled === 'true'`: any other value, `false` included, means no filter at all.
  const enabledOnly = query.get('enabled') === 'true';
  const showArchived = query.get('showArchived') === 'true';
  // `onlyMyDepartments` narrows the list for livechat-monitors (an Enterprise feature); nobody here is one.
  const matches = shuffle(state.departments.map((department) => departmentAnswer(state, department)))
    .filter((department) => !enabledOnly || department.enabled === true)
    .filter((department) => showArchived || department.archived !== true)
    .filter((department) => !text || String(department.name).toLowerCase().includes(text))
    .filter((department) => !excluded || department._id !== excluded)
    .sort(compareBy(sort));
  const { offset, count } = paginationOf(query);
  const departments = matches.slice(offset, offset + count);
  return ok({ departments, count: departments.length, offset, total: matches.length });
}

function getDepartment({ state, caller, params, query }: RouteContext): SimResponse {
  if (!canViewDepartments(state, caller)) return routeForbidden();
  const department = state.departmentById(params._id as string);
  // Agents only with `includeAgents=true` and view-livechat-departments: an agent (view-l-room only)
  // gets the department without the key at all.
  const withAgents = query.get('includeAgents') === 'true' && state.hasPermission(caller, 'view-livechat-departments');
  return ok({
    department: department ? departmentAnswer(state, department) : null,
    ...(withAgents && { agents: state.membershipsIn(params._id as string).map(membershipAnswer) }),
  });
}

function listDepartmentAgents({ state, caller, params, query, shuffle }: RouteContext): SimResponse {
  if (!canViewDepartments(state, caller)) return routeForbidden();
  const sort = parseSort(query.get('sort'), BY_USERNAME);
  if (sort === 'invalid') return invalidSort();
  const rows = shuffle(state.membershipsIn(params._id as string).map(membershipAnswer)).sort(compareBy(sort));
  const { offset, count } = paginationOf(query);
  const agents = rows.slice(offset, offset + count);
  return ok({ agents, count: agents.length, offset, total: rows.length });
}

/**
 * `POST livechat/department/:_id/agents`: the route's permission first, then the handler's Meteor
 * `check` (both arrays required, other keys let through), then the department, then
 * `updateDepartmentAgents` — which checks each entry and refuses any key but `upsert` and `remove`.
 */
async function saveDepartmentAgents({ state, caller, params, json }: RouteContext): Promise<SimResponse> {
  if (!state.hasPermission(caller, 'manage-livechat-departments') && !state.hasPermission(caller, 'add-livechat-department-agents')) {
    return routeForbidden();
  }
  const parsed = await json();
  if ('status' in parsed) return parsed;
  const checked = checkAgentsBody(parsed.value);
  if (checked) return checked;
  const department = state.departmentById(params._id as string);
  if (!department) return meteorError('error-department-not-found', 'Department not found');
  return updateDepartmentAgents(state, department._id, parsed.value) ?? ok();
}

/** Meteor's `check(body, Match.ObjectIncluding({upsert: Array, remove: Array}))`. */
function checkAgentsBody(body: unknown): SimResponse | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return matchError(`Expected object, got ${typeName(body)}`);
  const fields = body as Record<string, unknown>;
  // Meteor checks the keys present (in the body's order) before it reports a missing one.
  for (const [key, value] of Object.entries(fields)) {
    if ((key === 'upsert' || key === 'remove') && !Array.isArray(value)) return matchError(`Expected array, got ${typeName(value)} in field ${key}`);
  }
  for (const key of ['upsert', 'remove']) {
    if (!(key in fields)) return matchError(`Missing key '${key}'`);
  }
  return undefined;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const AGENT_DEPARTMENTS_KEYS = new Set(['enabledDepartmentsOnly']);

/** An agent's memberships with each department's name; `departmentEnabled` is the row's own copy. */
function agentDepartments({ state, caller, params, query }: RouteContext): SimResponse {
  for (const key of new Set(query.keys())) {
    if (!AGENT_DEPARTMENTS_KEYS.has(key)) return invalidParams('must NOT have additional properties');
  }
  if (!state.hasPermission(caller, 'view-l-room')) return routeForbidden();
  const enabledOnly = query.get('enabledDepartmentsOnly') === 'true';
  const departments = state
    .membershipsOf(params.agentId as string)
    .filter((row) => !enabledOnly || row.departmentEnabled)
    .map((row) => ({
      _id: row._id,
      agentId: row.agentId,
      departmentId: row.departmentId,
      departmentName: state.departmentById(row.departmentId)?.name,
      username: row.username,
      count: row.count,
      order: row.order,
      departmentEnabled: row.departmentEnabled,
    }));
  return ok({ departments });
}

export const departmentRoutes: readonly Route[] = [
  { method: 'GET', pattern: '/api/v1/livechat/department', handle: listDepartments },
  { method: 'POST', pattern: '/api/v1/livechat/department', handle: createDepartment },
  { method: 'GET', pattern: '/api/v1/livechat/department/:_id', handle: getDepartment },
  { method: 'PUT', pattern: '/api/v1/livechat/department/:_id', handle: updateDepartment },
  { method: 'DELETE', pattern: '/api/v1/livechat/department/:_id', handle: removeDepartment },
  { method: 'GET', pattern: '/api/v1/livechat/department/:_id/agents', handle: listDepartmentAgents },
  { method: 'POST', pattern: '/api/v1/livechat/department/:_id/agents', handle: saveDepartmentAgents },
  { method: 'GET', pattern: '/api/v1/livechat/agents/:agentId/departments', handle: agentDepartments },
];
