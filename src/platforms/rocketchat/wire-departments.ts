import { z } from 'zod';

/**
 * Rocket.Chat's wire shapes for Livechat departments and an agent's memberships
 * (shared/upstreams/rocketchat.md, "Departments"). Booleans may come as `'true'` strings from old
 * imports; optional fields are omitted when the department has none.
 */
const flag = z.union([z.boolean(), z.string()]).nullish();

export const wireDepartment = z.object({
  _id: z.string().min(1),
  name: z.string().nullish(),
  enabled: flag,
  description: z.string().nullish(),
  email: z.string().nullish(),
  showOnRegistration: flag,
  showOnOfflineForm: flag,
  archived: flag,
});
export type WireDepartment = z.infer<typeof wireDepartment>;

export const departmentListResponse = z.object({
  departments: z.array(wireDepartment),
  count: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  success: z.literal(true),
});

/** One row of LivechatDepartmentAgents: who is in which department, with routing weights. */
export const wireDepartmentAgent = z.object({
  agentId: z.string().min(1),
  username: z.string().nullish(),
  count: z.number().nullish(),
  order: z.number().nullish(),
});

/** `GET /livechat/department/:_id`: an unknown id is a 200 with `department: null`. */
export const departmentResponse = z.object({
  department: wireDepartment.nullable(),
  success: z.literal(true),
});

export const departmentAgentsResponse = z.object({
  agents: z.array(wireDepartmentAgent),
  count: z.number().int().nonnegative(),
  offset: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  success: z.literal(true),
});

/** `GET /livechat/agents/:agentId/departments`: an unknown agent is a 200 with an empty list. */
export const agentDepartmentsResponse = z.object({
  departments: z.array(z.object({ departmentId: z.string().min(1) })),
  success: z.literal(true),
});

/** Query keys the department list accepts; any other key is a 400 on the real server. */
export interface DepartmentListQueryWire {
  text?: string;
  /** Only `true` filters: the server tests `enabled === 'true'`, so there is no "only disabled". */
  enabled?: true;
  showArchived?: boolean;
  count: number;
  offset: number;
  sort?: string;
}

/** `POST /livechat/department/:_id/agents`: both arrays are required, even empty. */
export interface DepartmentAgentsChange {
  upsert: Array<{ agentId: string; username: string }>;
  remove: Array<{ agentId: string }>;
}
