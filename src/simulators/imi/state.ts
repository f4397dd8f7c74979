import { createHash, randomBytes } from 'node:crypto';

/**
 * In-memory data of one simulated IMI tenant: teams, users (Customer Care and Administrative), the
 * values its `business` and `location` skill attributes accept, issued access tokens and the daily
 * API quota. Field names follow IMI's wire names so the routes can project them directly.
 */
export interface SimTeam {
  id: number;
  name: string;
}

export interface SimPrivilege {
  teamid: number;
  role: 'Team Manager' | 'Team Agent' | 'Team Analyst';
}

export interface SimImiUser {
  id: number;
  /** Epoch milliseconds; answered as `YYYY-MM-DD HH:mm:ss` UTC. */
  createdAt: number;
  updatedAt: number;
  first_name: string;
  last_name: string;
  login_id: string;
  email_id: string;
  status: 'active' | 'inactive';
  logged_in: boolean;
  job_description: string | null;
  login_using_email: boolean;
  role_type: 'Customer Care' | 'Administrative';
  accepting_chats: boolean;
  skill_attributes: Record<string, unknown>;
  active_chats: number;
  privileges: SimPrivilege[];
  /** Salted SHA-256 of the password: the simulator never keeps or answers the password itself. */
  passwordHash: string;
}

export interface ImiData {
  teams: SimTeam[];
  users: SimImiUser[];
  businessValues: string[];
  locations: string[];
}

export type TokenStatus = 'valid' | 'unknown' | 'expired';

export interface QuotaUse {
  limit: number;
  remaining: number;
  /** Seconds until the quota resets (next midnight UTC). */
  resetSeconds: number;
  exhausted: boolean;
}

const DAY_MS = 86_400_000;

export function hashPassword(password: string, salt = randomBytes(8).toString('hex')): string {
  return `${salt}:${createHash('sha256').update(`${salt}:${password}`).digest('hex')}`;
}

export class ImiState {
  readonly teams: SimTeam[];
  readonly businessValues: string[];
  readonly locations: string[];
  private readonly users = new Map<number, SimImiUser>();
  /** Access token → epoch ms at which it expires (Infinity for the pre-issued one). */
  private readonly tokens = new Map<string, number>();
  private nextId: number;
  private quota = { day: -1, used: 0 };

  constructor(data: ImiData) {
    this.teams = data.teams.map((team) => ({ ...team }));
    this.businessValues = [...data.businessValues];
    this.locations = [...data.locations];
    for (const user of data.users) this.users.set(user.id, structuredClone(user));
    this.nextId = Math.max(0, ...this.users.keys()) + 1;
  }

  /** Every user in id order (the order search pages follow). */
  allUsers(): SimImiUser[] {
    return [...this.users.values()].sort((a, b) => a.id - b.id);
  }

  userById(id: number): SimImiUser | undefined {
    return this.users.get(id);
  }

  userByLoginId(loginId: string): SimImiUser | undefined {
    return this.allUsers().find((user) => user.login_id === loginId);
  }

  /** E-mail addresses are unique regardless of case. */
  userByEmail(email: string): SimImiUser | undefined {
    const wanted = email.toLowerCase();
    return this.allUsers().find((user) => user.email_id.toLowerCase() === wanted);
  }

  hasTeam(id: number): boolean {
    return this.teams.some((team) => team.id === id);
  }

  /** Stores a new user under the next id. */
  addUser(user: Omit<SimImiUser, 'id'>): SimImiUser {
    const created = { ...structuredClone(user), id: this.nextId };
    this.nextId += 1;
    this.users.set(created.id, created);
    return structuredClone(created);
  }

  issueToken(token: string, expiresAt: number): void {
    this.tokens.set(token, expiresAt);
  }

  tokenStatus(token: string, now: number): TokenStatus {
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) return 'unknown';
    return now < expiresAt ? 'valid' : 'expired';
  }

  /** Makes every token issued so far expired (they stay known, so IMI answers 2004, not 2003). */
  expireTokens(now: number): void {
    for (const token of this.tokens.keys()) this.tokens.set(token, now);
  }

  /** Counts one call against the tenant's daily quota (UTC days). */
  useQuota(now: number, limit: number): QuotaUse {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.quota.day) this.quota = { day, used: 0 };
    this.quota.used += 1;
    const resetSeconds = Math.max(1, Math.ceil(((day + 1) * DAY_MS - now) / 1000));
    return {
      limit,
      remaining: Math.max(0, limit - this.quota.used),
      resetSeconds,
      exhausted: this.quota.used > limit,
    };
  }
}

/** IMI's datetimes are documented only as "UTC"; the simulator answers `YYYY-MM-DD HH:mm:ss` (unverified). */
export function formatImiTime(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 19).replace('T', ' ');
}
