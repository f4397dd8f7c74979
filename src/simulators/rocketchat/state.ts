/**
 * In-memory Rocket.Chat data the simulator serves: users with roles, department memberships and the
 * personal access tokens that authenticate API calls. Field names follow Rocket.Chat's database, so the
 * routes can project them exactly as the real server does (null in lists, omitted in lookups).
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
}

export interface SimDepartment {
  _id: string;
  name: string;
}

export interface RocketChatData {
  users: SimUser[];
  departments: SimDepartment[];
  /** departmentId → agent user ids (Rocket.Chat's LivechatDepartmentAgents collection). */
  departmentAgents: Map<string, Set<string>>;
}

/** Which permission each role grants, as in a default Rocket.Chat installation. */
const PERMISSION_ROLES: Record<string, readonly string[]> = {
  'view-livechat-manager': ['admin', 'livechat-manager'],
  'transfer-livechat-guest': ['admin', 'livechat-manager', 'livechat-agent'],
  'edit-omnichannel-contact': ['admin', 'livechat-manager', 'livechat-agent'],
  'api-bypass-rate-limit': ['admin', 'bot', 'app'],
};

export class RocketChatState {
  private readonly users = new Map<string, SimUser>();
  private readonly departmentAgents: Map<string, Set<string>>;
  readonly departments: SimDepartment[];
  /** Personal access token → user id. */
  private readonly tokens = new Map<string, string>();

  constructor(data: RocketChatData) {
    for (const user of data.users) this.users.set(user._id, structuredClone(user));
    this.departments = data.departments.map((department) => ({ ...department }));
    this.departmentAgents = new Map([...data.departmentAgents].map(([id, agents]) => [id, new Set(agents)]));
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
    this.users.set(user._id, structuredClone(user));
  }

  issueToken(userId: string, token: string): void {
    this.tokens.set(token, userId);
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

  departmentIdsOf(userId: string): string[] {
    return [...this.departmentAgents].filter(([, agents]) => agents.has(userId)).map(([id]) => id);
  }

  addToDepartment(departmentId: string, userId: string): void {
    const agents = this.departmentAgents.get(departmentId);
    if (!agents) throw new Error(`no department ${departmentId}`);
    agents.add(userId);
  }

  removeFromDepartments(userId: string): void {
    for (const agents of this.departmentAgents.values()) agents.delete(userId);
  }
}
