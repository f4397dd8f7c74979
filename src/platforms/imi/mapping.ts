import type { CustomerCareRoleType, CustomerCareUserModel, CustomerCareUserStatus, NewCustomerCareUser, PrivilegeModel, TeamRole } from './models.js';
import { assertNever, badUserInput } from '../../errors.js';
import type { WireCreateUserBody, WirePrivilege, WireRole, WireUser } from './wire.js';

/** Pure wire↔model mapping for IMI Customer Care users; unknown or unreadable values become null. */
export function toCustomerCareUser(user: WireUser): CustomerCareUserModel {
  return {
    id: user.id,
    firstName: nonEmpty(user.first_name),
    lastName: nonEmpty(user.last_name),
    loginId: nonEmpty(user.login_id),
    email: nonEmpty(user.email_id),
    status: toStatus(user.status),
    acceptingChats: toBoolean(user.accepting_chats),
    activeChats: toCount(user.active_chats),
    createdAt: toUtcTimestamp(user.created_at),
    updatedAt: toUtcTimestamp(user.updated_at),
    // The list view omits these fields; resolvers fetch the full user when they are asked for.
    details:
      user.view === 'list'
        ? null
        : {
            loggedIn: toBoolean(user.logged_in),
            jobDescription: nonEmpty(user.job_description),
            loginUsingEmail: toBoolean(user.login_using_email),
            roleType: toRoleType(user.role_type),
            skillAttributes: user.skill_attributes ?? null,
          },
  };
}

/** The create body. The password passes through to the HTTP layer only; nothing here logs it. */
export function toWireCreateBody(input: NewCustomerCareUser): WireCreateUserBody {
  return {
    first_name: input.firstName,
    last_name: input.lastName,
    login_id: input.loginId,
    email_id: input.email,
    password: input.password,
    ...(input.jobDescription !== undefined && { job_description: input.jobDescription }),
    login_using_email: input.loginUsingEmail,
    privileges: input.privileges.map(toWirePrivilege),
    ...(input.skillAttributes !== undefined && { skill_attributes: input.skillAttributes }),
    ...(input.activeChats !== undefined && { active_chats: input.activeChats }),
  };
}

/** IMI documents `teamid` as an integer; our model keeps ids as strings. */
export function toWirePrivilege(privilege: PrivilegeModel): WirePrivilege {
  const teamid = /^\d{1,15}$/.test(privilege.teamId) ? Number(privilege.teamId) : NaN;
  if (!Number.isSafeInteger(teamid) || teamid <= 0) throw badUserInput('A team id is a positive whole number.');
  return { teamid, role: toWireRole(privilege.role) };
}

export function toWireRole(role: TeamRole): WireRole {
  switch (role) {
    case 'TEAM_MANAGER':
      return 'Team Manager';
    case 'TEAM_AGENT':
      return 'Team Agent';
    case 'TEAM_ANALYST':
      return 'Team Analyst';
    default:
      return assertNever(role);
  }
}

export function toTeamRole(role: string | null | undefined): TeamRole | null {
  switch (role?.trim()) {
    case 'Team Manager':
      return 'TEAM_MANAGER';
    case 'Team Agent':
      return 'TEAM_AGENT';
    case 'Team Analyst':
      return 'TEAM_ANALYST';
    default:
      return null;
  }
}

export function toWireStatus(status: CustomerCareUserStatus): 'active' | 'inactive' {
  switch (status) {
    case 'ACTIVE':
      return 'active';
    case 'INACTIVE':
      return 'inactive';
    default:
      return assertNever(status);
  }
}

/** A status IMI adds later (or a casing drift) is read as null, not as an error. */
export function toStatus(status: string | null | undefined): CustomerCareUserStatus | null {
  const value = status?.trim().toLowerCase();
  if (value === 'active') return 'ACTIVE';
  if (value === 'inactive') return 'INACTIVE';
  return null;
}

export function toRoleType(roleType: string | null | undefined): CustomerCareRoleType | null {
  const value = roleType?.trim().toLowerCase();
  if (value === 'customer care') return 'CUSTOMER_CARE';
  if (value === 'administrative') return 'ADMINISTRATIVE';
  return null;
}

export function toBoolean(value: boolean | 'true' | 'false' | 0 | 1 | null | undefined): boolean | null {
  if (value === true || value === 'true' || value === 1) return true;
  if (value === false || value === 'false' || value === 0) return false;
  return null;
}

/** A chat count: a non-negative whole number (or its digits); anything else is unreadable. */
export function toCount(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  const count = typeof value === 'number' ? value : /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : NaN;
  return Number.isSafeInteger(count) && count >= 0 ? count : null;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * A timestamp as ISO 8601 UTC (`2024-05-01T09:30:00.000Z`). IMI documents "UTC datetimes" without a
 * format, so both ISO 8601 and `YYYY-MM-DD HH:mm:ss` are read; a value without an offset is UTC, as
 * documented. Impossible dates (Feb 30th) and other text are unreadable: null.
 */
export function toUtcTimestamp(value: string | null | undefined): string | null {
  const match = value === null || value === undefined ? null : TIMESTAMP.exec(value.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = '0', fraction = '0', zone = 'Z'] = match as unknown as string[];
  const fields = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const [y, mo, d, h, mi, s] = fields;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(local);
  const valid =
    check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  if (!valid) return null;
  return new Date(local - offsetMs(zone)).toISOString();
}

function offsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value;
}
