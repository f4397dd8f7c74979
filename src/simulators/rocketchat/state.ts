import { randomBytes } from 'node:crypto';
import { randomId } from './ids.js';

/**
 * In-memory Rocket.Chat data the simulator serves: users with roles, departments and their agent
 * memberships, the business-hours switch and the personal access tokens that authenticate API calls.
 * Field names follow Rocket.Chat's database, so the routes can project them exactly as the real server
 * does (null in lists, omitted in lookups).
 */
export interface SimEmail {
  address: string;
  verified: boolean;
}

export interface SimUser {
  _id: string;
  username?: string;
  name?: string;
  status?: 'online' | 'away' | 'busy' | 'offline';
  statusLivechat?: 'available' | 'not-available';
  emails?: SimEmail[];
  /** `maxNumberSimultaneousChat` is a number or, on real servers, sometimes the empty string. */
  livechat?: { maxNumberSimultaneousChat?: number | string } | null;
  roles: string[];
  /** Absent means active: seeds and tests write users without it, the database always has it. */
  active?: boolean;
  /** Absent reads as `user`. */
  type?: 'user' | 'bot';
  /** ISO date; filled in by the state when a seed leaves it out. */
  createdAt?: string;
  utcOffset?: number;
  nickname?: string;
  bio?: string;
  statusText?: string;
  requirePasswordChange?: boolean;
  customFields?: Record<string, unknown>;
  /** sha256 of the password users.create was given: proof one was set, never answered. */
  passwordSha256?: string;
}

/**
 * A LivechatDepartment document. Departments created or updated through the API also carry whatever
 * other fields the request set (custom form fields, `chatClosingTags`, `fallbackForwardDepartment`…):
 * the server stores the request's department object as it is.
 */
export interface SimDepartment {
  _id: string;
  name: string;
  enabled: boolean;
  description?: string;
  email?: string;
  showOnRegistration: boolean;
  showOnOfflineForm: boolean;
  archived?: boolean;
  /** ISO date. */
  _updatedAt: string;
}

/**
 * One row of Rocket.Chat's LivechatDepartmentAgents collection. `username` and `departmentEnabled` are
 * copies the server keeps beside the ids (so a rename or a disabled department shows up here only when
 * the server rewrites the row).
 */
export interface SimDepartmentAgent {
  _id: string;
  agentId: string;
  departmentId: string;
  username: string;
  count: number;
  order: number;
  departmentEnabled: boolean;
  _updatedAt: string;
}

export interface RocketChatData {
  users: SimUser[];
  departments: SimDepartment[];
  /** Membership rows, in insertion order (the order the database returns them in without a sort). */
  departmentAgents: SimDepartmentAgent[];
  /** Whether the business hours let agents make themselves available; true when omitted. */
  businessHoursOpen?: boolean;
  /**
   * The `Omnichannel_enable_department_removal` setting: whether `DELETE livechat/department/:_id` may
   * remove a department. False when omitted, as on a fresh server.
   */
  departmentRemovalEnabled?: boolean;
}

/** Which permission each role grants, as in a default Rocket.Chat installation. */
const PERMISSION_ROLES: Record<string, readonly string[]> = {
  'view-livechat-manager': ['admin', 'livechat-manager'],
  'transfer-livechat-guest': ['admin', 'livechat-manager', 'livechat-agent'],
  'edit-omnichannel-contact': ['admin', 'livechat-manager', 'livechat-agent'],
  'api-bypass-rate-limit': ['admin', 'bot', 'app'],
  'view-livechat-departments': ['admin', 'livechat-manager', 'livechat-monitor'],
  'view-l-room': ['admin', 'livechat-manager', 'livechat-agent', 'livechat-monitor'],
  'manage-livechat-departments': ['admin', 'livechat-manager', 'livechat-monitor'],
  'add-livechat-department-agents': ['admin', 'livechat-manager', 'livechat-monitor'],
  'remove-livechat-department': ['admin', 'livechat-manager'],
  'manage-livechat-agents': ['admin', 'livechat-manager'],
  'create-user': ['admin'],
  'edit-other-user-active-status': ['admin'],
  'view-full-other-user-info': ['admin'],
  'delete-user': ['admin'],
};

/** `createdAt` of seeded or test users written without one. */
const DEFAULT_CREATED_AT = '2023-01-02T09:00:00.000Z';

export class RocketChatState {
  private readonly users = new Map<string, SimUser>();
  private readonly memberships: SimDepartmentAgent[];
  readonly departments: SimDepartment[];
  /** Personal access token → user id. */
  private readonly tokens = new Map<string, string>();
  /** Users that users.create joined to the default channels (it does unless told `joinDefaultChannels: false`). */
  readonly defaultChannelJoins = new Set<string>();
  businessHoursOpen: boolean;
  departmentRemovalEnabled: boolean;
  /**
   * `numAgents` where the document does not hold the count of its memberships: `undefined` for a
   * department created through the API and never given agents (the server only writes `numAgents` when
   * it recounts), or the value a PUT wrote into the field. Cleared by the next recount (touchDepartment).
   */
  private readonly numAgentsOverrides = new Map<string, { value: unknown }>();

  constructor(
    data: RocketChatData,
    private readonly now: () => number = Date.now,
  ) {
    for (const user of data.users) this.addUser(user);
    this.departments = data.departments.map((department) => ({ ...department }));
    this.memberships = data.departmentAgents.map((row) => ({ ...row }));
    this.businessHoursOpen = data.businessHoursOpen ?? true;
    this.departmentRemovalEnabled = data.departmentRemovalEnabled ?? false;
  }

  allUsers(): SimUser[] {
    return [...this.users.values()];
  }

  userById(id: string): SimUser | undefined {
    return this.users.get(id);
  }

  userByUsername(username: string): SimUser | undefined {
    return this.allUsers().find((user) => user.username === username);
  }

  addUser(user: SimUser): void {
    this.users.set(user._id, { createdAt: DEFAULT_CREATED_AT, ...structuredClone(user) });
  }

  issueToken(userId: string, token: string): void {
    this.tokens.set(token, userId);
  }

  /** Signs a user out everywhere: what deactivation does to their login and personal access tokens. */
  revokeTokens(userId: string): void {
    for (const [token, owner] of this.tokens) if (owner === userId) this.tokens.delete(token);
  }

  /** The user a token/user-id pair authenticates, or undefined (Rocket.Chat then answers 401). */
  authenticate(userId: string | undefined, token: string | undefined): SimUser | undefined {
    if (userId === undefined || token === undefined) return undefined;
    return this.tokens.get(token) === userId ? this.users.get(userId) : undefined;
  }

  hasPermission(user: SimUser, permission: string): boolean {
    const roles = PERMISSION_ROLES[permission] ?? [];
    return user.roles.some((role) => roles.includes(role));
  }

  setBusinessHoursOpen(open: boolean): void {
    this.businessHoursOpen = open;
  }

  setDepartmentRemovalEnabled(enabled: boolean): void {
    this.departmentRemovalEnabled = enabled;
  }

  // --- departments -------------------------------------------------------------------------------

  departmentById(id: string): SimDepartment | undefined {
    return this.departments.find((department) => department._id === id);
  }

  /** Adds a department (enabled, shown nowhere, unless told otherwise) and returns it. */
  addDepartment(partial: Partial<SimDepartment> & { name: string }): SimDepartment {
    const department: SimDepartment = {
      _id: randomId(Math.random),
      enabled: true,
      showOnRegistration: false,
      showOnOfflineForm: false,
      _updatedAt: this.isoNow(),
      ...partial,
    };
    this.departments.push(department);
    return department;
  }

  /** Enables or disables a department and, as the server does when it saves one, its membership rows' copy. */
  setDepartmentEnabled(departmentId: string, enabled: boolean): void {
    const department = this.departmentById(departmentId);
    if (!department) throw new Error(`no department ${departmentId}`);
    department.enabled = enabled;
    department._updatedAt = this.isoNow();
    for (const row of this.membershipsIn(departmentId)) row.departmentEnabled = enabled;
  }

  /**
   * The server's recount after a membership change: `numAgents` is the count of memberships again, and
   * `_updatedAt` is rewritten.
   */
  touchDepartment(departmentId: string): void {
    const department = this.departmentById(departmentId);
    if (!department) return;
    department._updatedAt = this.isoNow();
    this.numAgentsOverrides.delete(departmentId);
  }

  /** The department's `numAgents` field as stored; undefined when the document has none. */
  numAgentsOf(departmentId: string): unknown {
    const override = this.numAgentsOverrides.get(departmentId);
    return override ? override.value : this.membershipsIn(departmentId).length;
  }

  /**
   * Inserts a department document as the API's save does: the fields given, an `_id` (the given string
   * one, else a fresh ObjectId-style hex id, as the model's `insertOne` draws), `_updatedAt` — and no
   * `numAgents` until its agents are first counted.
   */
  insertDepartment(fields: Record<string, unknown>): SimDepartment {
    const { _id: given, ...rest } = fields;
    const _id = typeof given === 'string' ? given : objectIdHex(this.now());
    const department = { _id, ...rest, _updatedAt: this.isoNow() } as SimDepartment;
    this.departments.push(department);
    this.numAgentsOverrides.set(_id, { value: undefined });
    return department;
  }

  /**
   * The model's update (`$set` of the fields given, `_id` aside, and a new `_updatedAt`). When `enabled`
   * changes, the memberships' `departmentEnabled` copies are rewritten with it. A `numAgents` in the
   * fields is stored as given, until the next recount.
   */
  updateDepartmentFields(departmentId: string, fields: Record<string, unknown>): SimDepartment {
    const department = this.departmentById(departmentId);
    if (!department) throw new Error(`no department ${departmentId}`);
    const previouslyEnabled = department.enabled;
    const { _id: _ignored, ...rest } = fields;
    Object.assign(department, rest, { _updatedAt: this.isoNow() });
    if ('numAgents' in rest) this.numAgentsOverrides.set(departmentId, { value: rest.numAgents });
    if (previouslyEnabled !== fields.enabled) {
      for (const row of this.membershipsIn(departmentId)) Object.assign(row, { departmentEnabled: department.enabled, _updatedAt: this.isoNow() });
    }
    return department;
  }

  /** Deletes a department and every membership row in it. */
  deleteDepartment(departmentId: string): void {
    const index = this.departments.findIndex((department) => department._id === departmentId);
    if (index !== -1) this.departments.splice(index, 1);
    for (let i = this.memberships.length - 1; i >= 0; i -= 1) {
      if (this.memberships[i]?.departmentId === departmentId) this.memberships.splice(i, 1);
    }
    this.numAgentsOverrides.delete(departmentId);
  }

  // --- memberships -------------------------------------------------------------------------------

  departmentIdsOf(userId: string): string[] {
    return this.membershipsOf(userId).map((row) => row.departmentId);
  }

  /** The user's membership rows (live objects), in insertion order. */
  membershipsOf(userId: string): SimDepartmentAgent[] {
    return this.memberships.filter((row) => row.agentId === userId);
  }

  /** The department's membership rows (live objects), in insertion order. */
  membershipsIn(departmentId: string): SimDepartmentAgent[] {
    return this.memberships.filter((row) => row.departmentId === departmentId);
  }

  agentIdsOf(departmentId: string): string[] {
    return this.membershipsIn(departmentId).map((row) => row.agentId);
  }

  /**
   * The server's `saveAgent`: one row per (department, agent), inserted or rewritten in place — username
   * from the user record, count and order as given, the department's enabled flag copied.
   */
  upsertMembership(departmentId: string, userId: string, fields: { count: number; order: number }): SimDepartmentAgent {
    const department = this.departmentById(departmentId);
    if (!department) throw new Error(`no department ${departmentId}`);
    const values = {
      username: this.userById(userId)?.username ?? '',
      count: fields.count,
      order: fields.order,
      departmentEnabled: department.enabled,
      _updatedAt: this.isoNow(),
    };
    const existing = this.memberships.find((row) => row.departmentId === departmentId && row.agentId === userId);
    if (existing) return Object.assign(existing, values);
    const row: SimDepartmentAgent = { _id: randomId(Math.random), agentId: userId, departmentId, ...values };
    this.memberships.push(row);
    return row;
  }

  /** Puts a user in a department (count and order 0) unless already there: a test helper. */
  addToDepartment(departmentId: string, userId: string, fields: { count?: number; order?: number } = {}): void {
    const existing = this.memberships.find((row) => row.departmentId === departmentId && row.agentId === userId);
    if (existing && fields.count === undefined && fields.order === undefined) return;
    this.upsertMembership(departmentId, userId, { count: fields.count ?? existing?.count ?? 0, order: fields.order ?? existing?.order ?? 0 });
  }

  removeFromDepartment(departmentId: string, userId: string): boolean {
    const index = this.memberships.findIndex((row) => row.departmentId === departmentId && row.agentId === userId);
    if (index === -1) return false;
    this.memberships.splice(index, 1);
    return true;
  }

  removeFromDepartments(userId: string): void {
    for (let i = this.memberships.length - 1; i >= 0; i -= 1) {
      if (this.memberships[i]?.agentId === userId) this.memberships.splice(i, 1);
    }
  }

  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

/** A MongoDB ObjectId as hex: 4 bytes of seconds since the epoch, then 8 random bytes. */
function objectIdHex(nowMs: number): string {
  return Math.floor(nowMs / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');
}
