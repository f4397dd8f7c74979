import type { CallScope } from '../../upstream/call-scope.js';
import { encodePathSegment, isDotSegment, toQueryString } from '../../upstream/path.js';
import { upstreamReasonsOf } from './errors.js';
import { toDepartment } from './mapping.js';
import type { DepartmentMemberPage, DepartmentModel, DepartmentPage } from './models.js';
import type { RocketChatTransport } from './transport.js';
import {
  agentDepartmentsResponse,
  departmentAgentsResponse,
  departmentListResponse,
  departmentResponse,
  type DepartmentAgentsChange,
  type DepartmentListQueryWire,
} from './wire-departments.js';

/** Usernames are unique, so pages of a department's agents in this order never skip or repeat anyone. */
const BY_USERNAME = '{"username":1}';

export type DepartmentChangeResult = { kind: 'changed' } | { kind: 'unknown-department' };

/** Rocket.Chat's Livechat department endpoints (shared/upstreams/rocketchat.md, "Departments"). */
export class RocketChatDepartmentsApi {
  constructor(private readonly transport: RocketChatTransport) {}

  /** `GET /api/v1/livechat/department`: departments of type department, archived ones only when asked. */
  async list(query: DepartmentListQueryWire, scope: CallScope): Promise<DepartmentPage> {
    const route = 'GET /livechat/department';
    const path = `/api/v1/livechat/department${toQueryString({ ...query })}`;
    const body = this.transport.parse(departmentListResponse, await this.transport.send({ method: 'GET', path, route }, scope), route);
    return { departments: body.departments.map(toDepartment), offset: body.offset, total: body.total };
  }

  /** `GET /api/v1/livechat/department/:_id` — null for an unknown id (the platform answers 200 `department: null`). */
  async get(id: string, scope: CallScope): Promise<DepartmentModel | null> {
    if (isDotSegment(id)) return null;
    const route = 'GET /livechat/department/:id';
    const path = `/api/v1/livechat/department/${encodePathSegment(id)}`;
    const body = this.transport.parse(departmentResponse, await this.transport.send({ method: 'GET', path, route }, scope), route);
    return body.department === null ? null : toDepartment(body.department);
  }

  /** `GET /api/v1/livechat/department/:_id/agents` in username order; an unknown department has none. */
  async members(departmentId: string, page: { offset: number; count: number }, scope: CallScope): Promise<DepartmentMemberPage> {
    if (isDotSegment(departmentId)) return { members: [], offset: page.offset, total: 0 };
    const route = 'GET /livechat/department/:id/agents';
    const query = toQueryString({ count: page.count, offset: page.offset, sort: BY_USERNAME });
    const path = `/api/v1/livechat/department/${encodePathSegment(departmentId)}/agents${query}`;
    const body = this.transport.parse(departmentAgentsResponse, await this.transport.send({ method: 'GET', path, route }, scope), route);
    const members = body.agents.map((agent) => ({ agentId: agent.agentId, username: agent.username ?? null, order: agent.order ?? 0 }));
    return { members, offset: body.offset, total: body.total };
  }

  /**
   * `GET /api/v1/livechat/agents/:agentId/departments`: the ids of every department the user is in,
   * enabled or not (as the agent list's `departments` are). An unknown user is in none.
   */
  async ofAgent(agentId: string, scope: CallScope): Promise<string[]> {
    if (isDotSegment(agentId)) return [];
    const route = 'GET /livechat/agents/:id/departments';
    const path = `/api/v1/livechat/agents/${encodePathSegment(agentId)}/departments`;
    const body = this.transport.parse(agentDepartmentsResponse, await this.transport.send({ method: 'GET', path, route }, scope), route);
    return [...new Set(body.departments.map((membership) => membership.departmentId))];
  }

  /**
   * `POST /api/v1/livechat/department/:_id/agents`. Safe to repeat: an upsert of a member or a removal of
   * a non-member changes nothing. The platform does not check that an upserted user is an agent, and an
   * upsert of a member resets its routing weights: callers upsert only agents who are not members yet.
   */
  async change(departmentId: string, change: DepartmentAgentsChange, scope: CallScope): Promise<DepartmentChangeResult> {
    if (isDotSegment(departmentId)) return { kind: 'unknown-department' };
    const route = 'POST /livechat/department/:id/agents';
    const path = `/api/v1/livechat/department/${encodePathSegment(departmentId)}/agents`;
    const response = await this.transport.send({ method: 'POST', path, route, body: change }, scope);
    if (response.status === 400 && upstreamReasonsOf(response).includes('error-department-not-found')) return { kind: 'unknown-department' };
    if (response.status !== 200) throw this.transport.error(response, route);
    return { kind: 'changed' };
  }
}
