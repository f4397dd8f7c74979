import { assertNever } from '../../errors.js';
import type { AgentModel, AgentStatus, AgentType, DepartmentModel, EmailModel, LivechatStatus, RocketChatUserModel } from './models.js';
import type { WireUser, WireUserType } from './wire.js';
import type { WireAccount } from './wire-accounts.js';
import type { WireDepartment } from './wire-departments.js';

/** Pure wire→model mapping for Rocket.Chat users; tolerant of the odd values real servers send. */
export function toAgent(user: WireUser): AgentModel {
  return {
    id: user._id,
    username: nonEmpty(user.username),
    name: nonEmpty(user.name),
    status: toStatus(user.status),
    livechatStatus: toLivechatStatus(user.statusLivechat),
    emails: (user.emails ?? []).map(toEmail),
    maxSimultaneousChats: toChatLimit(user.livechat?.maxNumberSimultaneousChat),
    departmentIds: user.departments ?? null,
  };
}

export function toDepartment(department: WireDepartment): DepartmentModel {
  return {
    id: department._id,
    name: nonEmpty(department.name),
    enabled: isTrue(department.enabled),
    description: nonEmpty(department.description),
    email: nonEmpty(department.email),
    showOnRegistration: isTrue(department.showOnRegistration),
    showOnOfflineForm: isTrue(department.showOnOfflineForm),
    archived: isTrue(department.archived),
  };
}

/** The roles that give a user its Livechat powers. */
export const ROLE_OF: Readonly<Record<AgentType, string>> = { AGENT: 'livechat-agent', MANAGER: 'livechat-manager' };

export function toRocketChatUser(user: WireAccount): RocketChatUserModel {
  return {
    id: user._id,
    username: nonEmpty(user.username),
    name: nonEmpty(user.name),
    emails: (user.emails ?? []).map(toEmail),
    // A user record without `active` predates the flag: Rocket.Chat treats it as active.
    active: user.active !== false,
    livechatRoles: (['AGENT', 'MANAGER'] as const).filter((type) => user.roles.includes(ROLE_OF[type])),
  };
}

export function toWireType(type: AgentType): WireUserType {
  switch (type) {
    case 'AGENT':
      return 'agent';
    case 'MANAGER':
      return 'manager';
    default:
      return assertNever(type);
  }
}

const STATUSES: Record<string, AgentStatus> = {
  online: 'ONLINE',
  away: 'AWAY',
  busy: 'BUSY',
  offline: 'OFFLINE',
};

/** Unknown presence values (a future `invisible`, say) become null rather than an error. */
export function toStatus(status: string | null | undefined): AgentStatus | null {
  return (status && STATUSES[status]) || null;
}

export function toLivechatStatus(status: string | null | undefined): LivechatStatus | null {
  if (status === 'available') return 'AVAILABLE';
  if (status === 'not-available') return 'NOT_AVAILABLE';
  return null;
}

/**
 * Rocket.Chat stores the per-agent limit as a number or a string, and `''`, `0` or a missing value all
 * mean "no limit of the agent's own" (the department or workspace default applies): those become null.
 */
export function toChatLimit(limit: number | string | null | undefined): number | null {
  if (limit === null || limit === undefined) return null;
  const value = typeof limit === 'number' ? limit : /^\s*\d+\s*$/.test(limit) ? Number(limit) : NaN;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

function toEmail(email: { address: string; verified?: boolean | string | null | undefined }): EmailModel {
  return { address: email.address, verified: email.verified === true || email.verified === 'true' };
}

function isTrue(value: boolean | string | null | undefined): boolean {
  return value === true || value === 'true';
}

function nonEmpty(value: string | null | undefined): string | null {
  return value === undefined || value === null || value === '' ? null : value;
}
