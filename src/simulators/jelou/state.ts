import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * In-memory Jelou data the simulator serves: companies, their bots, the API clients (credentials) of
 * each bot, and the widget users with their rooms. Field names follow Jelou's wire shapes, so the
 * routes can answer them as they are stored.
 */
export interface SimCompany {
  id: number;
  name: string;
}

export interface SimBot {
  id: string;
  name: string;
  companyId: number;
  /** `disabled` bots answer 403 forbidden_bot, `deleted` ones 404 bot_not_found. */
  state: 'active' | 'disabled' | 'deleted';
}

export interface SimMember {
  id: string;
  names: string;
  type: 'user' | 'bot';
}

export interface SimRoom {
  _id: string;
  id: string;
  name: string;
  type: string;
  kind: string;
  members: string[];
  membersInfo: SimMember[];
  tags: string[];
  deleted: boolean;
  botId: string;
  companyId: number;
  lastMessageAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface SimWidgetUser {
  id: string;
  referenceId: string;
  botId: string;
  socketId: string;
  companyId: number;
  names: string;
  /** Stored as sent; Jelou's answer does not include it. */
  legalId: string | number | undefined;
  providerId: string;
  roomId: string;
  groupId: string;
  groupRoomId: string;
  databaseId: number;
  createdAt: string;
  updatedAt: string;
}

export interface JelouData {
  companies: SimCompany[];
  bots: SimBot[];
  users: SimWidgetUser[];
  rooms: SimRoom[];
}

export interface NewWidgetUser {
  referenceId: string;
  names: string;
  legalId: string | number | undefined;
}

export class JelouState {
  private readonly companies = new Map<number, SimCompany>();
  private readonly bots = new Map<string, SimBot>();
  /** `<botId>\n<referenceId>` → user: get-or-create is keyed by the bot and the caller's id. */
  private readonly users = new Map<string, SimWidgetUser>();
  private readonly rooms = new Map<string, SimRoom>();
  /** clientId → secret and bot. */
  private readonly clients = new Map<string, { clientSecret: string; botId: string }>();
  private nextDatabaseId: number;

  constructor(data: JelouData) {
    for (const company of data.companies) this.companies.set(company.id, { ...company });
    for (const bot of data.bots) this.bots.set(bot.id, { ...bot });
    for (const user of data.users) this.users.set(userKey(user.botId, user.referenceId), structuredClone(user));
    for (const room of data.rooms) this.rooms.set(room.id, structuredClone(room));
    this.nextDatabaseId = Math.max(48_200, ...data.users.map((user) => user.databaseId)) + 1;
  }

  addClient(clientId: string, clientSecret: string, botId: string): void {
    if (!this.bots.has(botId)) throw new Error(`no bot ${botId} in the simulator's data`);
    this.clients.set(clientId, { clientSecret, botId });
  }

  /** The bot a client id/secret pair belongs to, or undefined (Jelou then answers 401). */
  authenticate(clientId: string, clientSecret: string): SimBot | undefined {
    const client = this.clients.get(clientId);
    if (!client || !sameText(client.clientSecret, clientSecret)) return undefined;
    return this.bots.get(client.botId);
  }

  bot(id: string): SimBot | undefined {
    return this.bots.get(id);
  }

  allBots(): SimBot[] {
    return [...this.bots.values()];
  }

  company(id: number): SimCompany | undefined {
    return this.companies.get(id);
  }

  allUsers(): SimWidgetUser[] {
    return [...this.users.values()];
  }

  user(botId: string, referenceId: string): SimWidgetUser | undefined {
    return this.users.get(userKey(botId, referenceId));
  }

  room(id: string): SimRoom | undefined {
    return this.rooms.get(id);
  }

  /** Adds a member to a room (what a `room-member-add` event reports); false when already in it. */
  addRoomMember(roomId: string, member: SimMember, at: string): boolean {
    const room = this.rooms.get(roomId);
    if (!room || room.members.includes(member.id)) return false;
    room.members.push(member.id);
    room.membersInfo.push({ ...member });
    room.updatedAt = at;
    return true;
  }

  /** Removes a member from a room (what a `room-member-remove` event reports); false when not in it. */
  removeRoomMember(roomId: string, memberId: string, at: string): boolean {
    const room = this.rooms.get(roomId);
    if (!room || !room.members.includes(memberId)) return false;
    room.members = room.members.filter((id) => id !== memberId);
    room.membersInfo = room.membersInfo.filter((member) => member.id !== memberId);
    room.updatedAt = at;
    return true;
  }

  /**
   * The bot's user with this id, created with its rooms when new. An existing user is returned as
   * stored: names and legalId of later calls are ignored, as the platform's get-or-create does.
   */
  getOrCreateUser(bot: SimBot, input: NewWidgetUser, at: string): SimWidgetUser {
    const existing = this.user(bot.id, input.referenceId);
    if (existing) return existing;
    const databaseId = this.nextDatabaseId++;
    const room = widgetRoom(bot, input.referenceId, input.names, at);
    // One group room per company and caller id, shared by the company's bots (see groupRoomIdOf).
    const groupRoom = this.rooms.get(groupRoomIdOf(bot.companyId, input.referenceId)) ?? groupRoomOf(bot, input.referenceId, input.names, at);
    this.rooms.set(room.id, room);
    this.rooms.set(groupRoom.id, groupRoom);
    const user = widgetUserOf(bot, input, { room, groupRoom }, databaseId, at);
    this.users.set(userKey(bot.id, input.referenceId), user);
    return user;
  }
}

/** A user record as Jelou stores it; `legalId` is kept but never answered. */
export function widgetUserOf(
  bot: SimBot,
  input: NewWidgetUser,
  rooms: { room: SimRoom; groupRoom: SimRoom },
  databaseId: number,
  at: string,
): SimWidgetUser {
  return {
    // The seed page shows `User.id` and `referenceId` both as the id that was sent.
    id: input.referenceId,
    referenceId: input.referenceId,
    botId: bot.id,
    socketId: hashId(`socket:${bot.id}:${input.referenceId}`, 20),
    companyId: bot.companyId,
    names: input.names,
    legalId: input.legalId,
    // Undocumented; the widget provider knows the person by the caller's id.
    providerId: input.referenceId,
    roomId: rooms.room.id,
    // Undocumented; the group the group room belongs to: company and caller id.
    groupId: `${bot.companyId}:${input.referenceId}`,
    groupRoomId: rooms.groupRoom.id,
    databaseId,
    createdAt: at,
    updatedAt: at,
  };
}

/** A widget room's id, as documented: `G:<botId>:<referenceId>`. */
export function widgetRoomIdOf(botId: string, referenceId: string): string {
  return `G:${botId}:${referenceId}`;
}

/**
 * The group room's id. Jelou does not document it; the simulator uses `G:<companyId>:<referenceId>`:
 * the same form as a widget room but keyed by the company (a number, so it never equals a bot's UUID),
 * since a group room gathers one person's conversations across the company's bots.
 */
export function groupRoomIdOf(companyId: number, referenceId: string): string {
  return `G:${companyId}:${referenceId}`;
}

export function widgetRoom(bot: SimBot, referenceId: string, names: string, at: string): SimRoom {
  return room(widgetRoomIdOf(bot.id, referenceId), 'user', bot, referenceId, names, at);
}

export function groupRoomOf(bot: SimBot, referenceId: string, names: string, at: string): SimRoom {
  return room(groupRoomIdOf(bot.companyId, referenceId), 'group', bot, referenceId, names, at);
}

function room(id: string, kind: string, bot: SimBot, referenceId: string, names: string, at: string): SimRoom {
  return {
    _id: hashId(`room:${id}`, 24),
    id,
    name: names,
    type: 'group',
    kind,
    members: [referenceId, bot.id],
    membersInfo: [
      { id: referenceId, names, type: 'user' },
      { id: bot.id, names: bot.name, type: 'bot' },
    ],
    tags: [],
    deleted: false,
    botId: bot.id,
    companyId: bot.companyId,
    lastMessageAt: at,
    createdAt: at,
    updatedAt: at,
  };
}

/** A deterministic hex id (Mongo ObjectIds are 24 hex digits), so every run serves the same data. */
export function hashId(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

function userKey(botId: string, referenceId: string): string {
  return `${botId}\n${referenceId}`;
}

/** Compares digests, so the time taken does not depend on where the secrets differ. */
function sameText(left: string, right: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(left), digest(right));
}
