import type { DepartmentMemberModel, DepartmentPage } from '../../platforms/rocketchat/models.js';

// What the department resolvers return beyond the platform's own models (src/platforms/rocketchat/models.ts).

/**
 * What `Department` resolves from: its id alone. Every other field is read through the request's
 * department loader (primed by lists), so a department means the same whichever query reached it.
 */
export interface DepartmentRefModel {
  id: string;
}

/** What `DepartmentConnection` resolves from. */
export interface DepartmentPageModel extends DepartmentPage {
  /** 0 when the caller asked for `first: 0` (count only). */
  requested: number;
}

/** What `DepartmentAgentConnection` resolves from. */
export interface DepartmentMemberPageModel {
  departmentId: string;
  members: DepartmentMemberModel[];
  offset: number;
  total: number;
  requested: number;
}

export interface DepartmentMemberEdgeModel extends DepartmentMemberModel {
  cursor: string;
}
