import type { Resolvers } from '../../__generated__/resolvers-types.js';
import type { GatewayContext } from '../../context.js';
import type { DepartmentModel } from '../../platforms/rocketchat/models.js';
import { checkId, idIssue } from '../shared/input.js';
import { encodeOffsetCursor, offsetPageInfo } from '../shared/offset-cursor.js';
import { DEPARTMENTS_LIST, membersList, toDepartmentListQuery, toPage } from './list-args.js';
import type { DepartmentMemberPageModel, DepartmentPageModel, DepartmentRefModel } from './models.js';

/** One field of the department's record, read through the request's (batched, primed) loader. */
function recordField<F extends keyof DepartmentModel>(field: F) {
  return async (department: DepartmentRefModel, _args: unknown, { rocketchat }: GatewayContext): Promise<DepartmentModel[F] | null> =>
    (await rocketchat.departments.department(department.id))?.[field] ?? null;
}

/** Thin resolvers: validate, call the Rocket.Chat session, shape the result. */
export const departmentResolvers: Resolvers = {
  Query: {
    async departments(_parent, args, { rocketchat }) {
      const { query, requested } = toDepartmentListQuery(args);
      return { ...(await rocketchat.departments.list(query)), requested };
    },
    async department(_parent, { id }, { rocketchat }) {
      const department = await rocketchat.departments.department(checkId(id, 'id'));
      return department === null ? null : { id: department.id };
    },
  },

  Department: {
    // References come from other subgraphs: anything but a plausible id is null without a platform call.
    async __resolveReference(reference, { rocketchat }) {
      const id: unknown = reference.id;
      if (typeof id !== 'string' || idIssue(id) !== undefined) return null;
      const department = await rocketchat.departments.department(id);
      return department === null ? null : { id: department.id };
    },
    name: recordField('name'),
    enabled: recordField('enabled'),
    description: recordField('description'),
    email: recordField('email'),
    showOnRegistration: recordField('showOnRegistration'),
    showOnOfflineForm: recordField('showOnOfflineForm'),
    archived: recordField('archived'),
    async agents(department, args, { rocketchat }) {
      const { offset, count, requested } = toPage(args, membersList(department.id), "department's agent list");
      const page = await rocketchat.departments.members(department.id, { offset, count });
      return { departmentId: department.id, ...page, requested };
    },
  },

  DepartmentConnection: {
    edges: (page) => visibleDepartments(page).map((node, index) => ({ cursor: encodeOffsetCursor(DEPARTMENTS_LIST, page.offset + index), node })),
    nodes: (page) => visibleDepartments(page),
    totalCount: (page) => page.total,
    pageInfo: (page) => offsetPageInfo(DEPARTMENTS_LIST, page.offset, visibleDepartments(page).length, page.total),
  },

  DepartmentAgentConnection: {
    edges: (page) =>
      visibleMembers(page).map((member, index) => ({ ...member, cursor: encodeOffsetCursor(membersList(page.departmentId), page.offset + index) })),
    // One agent lookup per member (batched and deduplicated with every other lookup of the request).
    async nodes(page, _args, { rocketchat }) {
      const agents = await Promise.all(visibleMembers(page).map((member) => rocketchat.agent('AGENT', member.agentId)));
      return agents.filter((agent) => agent !== null);
    },
    totalCount: (page) => page.total,
    pageInfo: (page) => offsetPageInfo(membersList(page.departmentId), page.offset, visibleMembers(page).length, page.total),
  },

  DepartmentAgentEdge: {
    node: (edge, _args, { rocketchat }) => rocketchat.agent('AGENT', edge.agentId),
  },
};

/** `first: 0` fetched one item for the total only; it is not shown. */
function visibleDepartments(page: DepartmentPageModel) {
  return page.requested === 0 ? [] : page.departments;
}

function visibleMembers(page: DepartmentMemberPageModel) {
  return page.requested === 0 ? [] : page.members;
}
