/**
 * Our own model of an IMI / Webex Engage Customer Care user: what the IMI client maps the wire
 * shapes to and what the `CustomerCareUser` GraphQL type resolves from. The string unions mirror the
 * GraphQL enums. Timestamps are ISO 8601 strings (UTC), null when absent or unreadable.
 */
export type TeamRole = 'TEAM_MANAGER' | 'TEAM_AGENT' | 'TEAM_ANALYST';

export type CustomerCareUserStatus = 'ACTIVE' | 'INACTIVE';

export type CustomerCareRoleType = 'CUSTOMER_CARE' | 'ADMINISTRATIVE';

export interface PrivilegeModel {
  /** IMI team id: a positive whole number, as a string. */
  teamId: string;
  role: TeamRole;
}

/** Fields only the single-user lookup (and the create answer) carry; the search list view omits them. */
export interface CustomerCareUserDetails {
  loggedIn: boolean | null;
  jobDescription: string | null;
  loginUsingEmail: boolean | null;
  roleType: CustomerCareRoleType | null;
  skillAttributes: Record<string, unknown> | null;
}

export interface CustomerCareUserModel {
  /** IMI's numeric user id, as a string. */
  id: string;
  firstName: string | null;
  lastName: string | null;
  loginId: string | null;
  email: string | null;
  status: CustomerCareUserStatus | null;
  acceptingChats: boolean | null;
  activeChats: number | null;
  createdAt: string | null;
  updatedAt: string | null;
  /** Null when the user came from a search page; resolvers fetch the full user when these are asked for. */
  details: CustomerCareUserDetails | null;
}

/** A validated request to create a user. `password` is never logged or returned. */
export interface NewCustomerCareUser {
  firstName: string;
  lastName: string;
  loginId: string;
  email: string;
  password: string;
  jobDescription?: string;
  loginUsingEmail: boolean;
  privileges: PrivilegeModel[];
  skillAttributes?: Record<string, unknown>;
  activeChats?: number;
}

/** Bounds on a timestamp (ISO 8601 strings); every bound given must hold. */
export interface DateRange {
  eq?: string;
  lt?: string;
  gt?: string;
  lte?: string;
  gte?: string;
}

export interface CountRange {
  lt?: number;
  gt?: number;
  lte?: number;
  gte?: number;
}

/** The search filters IMI supports; omitted ones do not filter. */
export interface CustomerCareUserSearch {
  status?: CustomerCareUserStatus;
  createdAt?: DateRange;
  updatedAt?: DateRange;
  acceptingChats?: boolean;
  activeChats?: CountRange;
}

/** IMI's search pages are fixed at this size. */
export const CUSTOMER_CARE_PAGE_SIZE = 10;

/** Why IMI refused a create, in our terms (see the status-code table in upstreams/imi.md). */
export type CustomerCareRejection =
  | { reason: 'USER_ALREADY_EXISTS' }
  | { reason: 'EMAIL_TAKEN' }
  | { reason: 'TEAM_NOT_FOUND' }
  | { reason: 'INVALID_ATTRIBUTE'; attribute: 'business' | 'location' }
  | { reason: 'BODY_MISSING' }
  | { reason: 'INVALID_REQUEST' };
