import { randomBytes } from 'node:crypto';
import { randomId } from './ids.js';
import {
  offlineMessagePayload,
  sessionEventPayload,
  type ForwardedFrom,
  type LivechatSessionEventType,
  type SimLivechatMessage,
  type SimLivechatRoom,
  type SimVisitor,
} from './livechat-webhook-payloads.js';
import type { RocketChatState, SimUser } from './state.js';

/**
 * Simulated Livechat conversations: visitors, their rooms and messages, moved through a session's life
 * (start, queue, take, forward, messages, close) by the admin routes (livechat-admin-routes.ts). Each
 * step changes the room as the real server does and publishes the webhook event the server's hooks
 * send for it (sendToCRM.ts): session events carry every message of the room, `Message` only the new
 * one. Agents are the simulator's users (RocketChatState); visitors and rooms live here.
 */

/** An event to deliver: its body, and the room whose `crmData` the receiver's answer becomes. */
export interface PublishedLivechatEvent {
  type: LivechatSessionEventType | 'LivechatOfflineMessage';
  body: Record<string, unknown>;
  roomId?: string;
}

/** A step the session's state does not allow: answered with this status and `{ error: message }`. */
export class LivechatSessionError extends Error {
  constructor(
    readonly status: 400 | 404,
    message: string,
  ) {
    super(message);
  }
}

export interface NewSession {
  visitor?: { name?: string | undefined; email?: string | undefined; phone?: string | undefined } | undefined;
  departmentId?: string | undefined;
  /** The visitor's first message, posted once the room is queued. */
  text?: string | undefined;
  topic?: string | undefined;
  tags?: string[] | undefined;
  customFields?: Record<string, unknown> | undefined;
}

// What UAParser reads from the simulated widget's user agent (a desktop Chrome on macOS).
const VISITOR_OS = 'Mac OS 10.15.7';
const VISITOR_BROWSER = 'Chrome 124.0.0.0';
// An address from the documentation range (RFC 5737): visitors come from outside.
const VISITOR_IP = '203.0.113.7';

export class LivechatSessions {
  private readonly visitors = new Map<string, SimVisitor>();
  private readonly rooms = new Map<string, SimLivechatRoom>();
  private readonly messages = new Map<string, SimLivechatMessage[]>();
  private guests = 0;

  constructor(
    private readonly users: RocketChatState,
    private readonly now: () => number,
    private readonly publish: (event: PublishedLivechatEvent) => void,
  ) {}

  /** A room and its visitor: `LivechatSessionStart`, `LivechatSessionQueued`, then `Message` if `text`. */
  start(input: NewSession): { room: SimLivechatRoom; visitor: SimVisitor } {
    if (input.departmentId !== undefined && !this.users.departmentById(input.departmentId)) {
      throw new LivechatSessionError(404, `No department ${input.departmentId}.`);
    }
    this.guests += 1;
    const { name, email, phone } = input.visitor ?? {};
    const visitor: SimVisitor = {
      // Visitors get ObjectId-style ids, rooms and messages Random.id()s.
      _id: objectIdHex(this.now()),
      token: randomId(Math.random),
      username: `guest-${this.guests}`,
      ...(name !== undefined && { name }),
      ...(input.departmentId !== undefined && { department: input.departmentId }),
      ip: VISITOR_IP,
      os: VISITOR_OS,
      browser: VISITOR_BROWSER,
      ...(email !== undefined && { visitorEmails: [{ address: email }] }),
      ...(phone !== undefined && { phone: [{ phoneNumber: phone }] }),
    };
    const room: SimLivechatRoom = {
      _id: randomId(Math.random),
      t: 'l',
      fname: name ?? visitor.username,
      ...(input.topic !== undefined && { topic: input.topic }),
      ...(input.tags !== undefined && { tags: [...input.tags] }),
      ...(input.customFields !== undefined && { livechatData: structuredClone(input.customFields) }),
      ts: this.isoNow(),
      msgs: 0,
      open: true,
      v: { _id: visitor._id, token: visitor.token, username: visitor.username },
      ...(input.departmentId !== undefined && { departmentId: input.departmentId }),
    };
    this.visitors.set(visitor._id, visitor);
    this.rooms.set(room._id, room);
    this.messages.set(room._id, []);
    this.emit('LivechatSessionStart', room);
    this.emit('LivechatSessionQueued', room);
    if (input.text !== undefined) this.addMessage(room._id, { text: input.text, fromAgent: false });
    return { room, visitor };
  }

  /** An agent takes the queued room: `LivechatSessionTaken`. */
  take(roomId: string, agentId: string): SimLivechatRoom {
    const room = this.openRoom(roomId);
    const agent = this.livechatAgent(agentId);
    if (room.servedBy) throw new LivechatSessionError(400, `Room ${roomId} is already served by ${room.servedBy.username}: forward it instead.`);
    room.servedBy = this.servedBy(agent);
    this.emit('LivechatSessionTaken', room);
    return room;
  }

  /**
   * `LivechatSessionForwarded`. To a department (with an agent of it, or back to its queue): the event
   * carries `oldDepartmentId`, as the server's department hook does. To an agent only: `oldServedBy`.
   */
  forward(roomId: string, to: { agentId?: string | undefined; departmentId?: string | undefined }): SimLivechatRoom {
    const room = this.openRoom(roomId);
    if (to.agentId === undefined && to.departmentId === undefined) throw new LivechatSessionError(400, 'Say where to forward: agentId, departmentId or both.');
    const agent = to.agentId === undefined ? undefined : this.livechatAgent(to.agentId);
    if (agent && room.servedBy?._id === agent._id) throw new LivechatSessionError(400, `${agent.username} already serves room ${roomId}.`);
    let forwardedFrom: ForwardedFrom;
    if (to.departmentId !== undefined) {
      if (!this.users.departmentById(to.departmentId)) throw new LivechatSessionError(404, `No department ${to.departmentId}.`);
      if (to.departmentId === room.departmentId && !agent) throw new LivechatSessionError(400, `Room ${roomId} is already in department ${to.departmentId}.`);
      forwardedFrom = { oldDepartmentId: room.departmentId };
      room.departmentId = to.departmentId;
      if (agent) room.servedBy = this.servedBy(agent);
      else delete room.servedBy; // back in the new department's queue
    } else {
      forwardedFrom = { oldServedBy: room.servedBy };
      room.servedBy = this.servedBy(agent as SimUser);
    }
    this.emit('LivechatSessionForwarded', room, { forwardedFrom });
    return room;
  }

  /** A message from the visitor, or from the agent serving the room: `Message` with that message only. */
  addMessage(roomId: string, input: { text: string; fromAgent?: boolean | undefined }): SimLivechatMessage {
    const room = this.openRoom(roomId);
    const visitor = this.visitorOf(room);
    let author: SimLivechatMessage['u'];
    if (input.fromAgent) {
      const agent = room.servedBy && this.users.userById(room.servedBy._id);
      if (!agent) throw new LivechatSessionError(400, `No agent serves room ${roomId}: take it first.`);
      author = userRef(agent);
    } else {
      author = { _id: visitor._id, username: visitor.username, ...(visitor.name !== undefined && { name: visitor.name }) };
    }
    const message = this.store(room, { msg: input.text, u: author, ...(!input.fromAgent && { token: visitor.token }) });
    this.emit('Message', room, { messages: [message] });
    return message;
  }

  /**
   * Closes the room, by the serving agent (`closer: 'user'`, the default when served) or by the visitor:
   * the closing message (the comment, if any), then `LivechatSession`.
   */
  close(roomId: string, input: { closer?: 'user' | 'visitor' | undefined; comment?: string | undefined } = {}): SimLivechatRoom {
    const room = this.openRoom(roomId);
    const visitor = this.visitorOf(room);
    const closer = input.closer ?? (room.servedBy ? 'user' : 'visitor');
    const agent = room.servedBy && this.users.userById(room.servedBy._id);
    if (closer === 'user' && !agent) throw new LivechatSessionError(400, `No agent serves room ${roomId}: only the visitor can close it.`);
    const by = closer === 'user' && agent ? userRef(agent) : { _id: visitor._id, username: visitor.username };
    Object.assign(room, { open: false, closedAt: this.isoNow(), closer, closedBy: { _id: by._id, username: by.username } });
    this.store(room, { msg: input.comment ?? '', u: by, t: 'livechat-close', ...(closer === 'visitor' && { token: visitor.token }) });
    this.emit('LivechatSession', room);
    return room;
  }

  /** The offline form (no agent available): `LivechatOfflineMessage`; no room is made. */
  offlineMessage(form: { name: string; email: string; message: string }): Record<string, unknown> {
    const body = offlineMessagePayload(form, this.isoNow());
    this.publish({ type: 'LivechatOfflineMessage', body });
    return body;
  }

  /** What the receiver answered to a delivered event of the room (the server saves it as `crmData`). */
  saveCrmData(roomId: string, answer: string): void {
    const room = this.rooms.get(roomId);
    if (room) room.crmData = answer;
  }

  room(roomId: string): SimLivechatRoom | undefined {
    return this.rooms.get(roomId);
  }

  visitor(visitorId: string): SimVisitor | undefined {
    return this.visitors.get(visitorId);
  }

  messagesOf(roomId: string): SimLivechatMessage[] {
    return [...(this.messages.get(roomId) ?? [])];
  }

  private emit(type: LivechatSessionEventType, room: SimLivechatRoom, extra: { messages?: SimLivechatMessage[]; forwardedFrom?: ForwardedFrom } = {}): void {
    const agent = room.servedBy && this.users.userById(room.servedBy._id);
    const messages = extra.messages ?? this.messagesOf(room._id);
    const body = sessionEventPayload(type, { room, visitor: this.visitorOf(room), agent, messages, ...(extra.forwardedFrom && { forwardedFrom: extra.forwardedFrom }) });
    this.publish({ type, body, roomId: room._id });
  }

  private store(room: SimLivechatRoom, fields: Pick<SimLivechatMessage, 'msg' | 'u'> & Partial<Pick<SimLivechatMessage, 'token' | 't'>>): SimLivechatMessage {
    const at = this.isoNow();
    const message: SimLivechatMessage = { _id: randomId(Math.random), rid: room._id, ts: at, _updatedAt: at, ...fields };
    this.messages.get(room._id)?.push(message);
    room.lm = at;
    room.msgs += 1;
    return message;
  }

  private openRoom(roomId: string): SimLivechatRoom {
    const room = this.rooms.get(roomId);
    if (!room) throw new LivechatSessionError(404, `No Livechat room ${roomId}.`);
    if (!room.open) throw new LivechatSessionError(400, `Room ${roomId} is closed.`);
    return room;
  }

  private visitorOf(room: SimLivechatRoom): SimVisitor {
    const visitor = this.visitors.get(room.v._id);
    if (!visitor) throw new Error(`room ${room._id} has no visitor`);
    return visitor;
  }

  private livechatAgent(agentId: string): SimUser {
    const user = this.users.userById(agentId);
    if (!user) throw new LivechatSessionError(404, `No user ${agentId}.`);
    if (!user.roles.includes('livechat-agent')) throw new LivechatSessionError(400, `User ${user.username ?? agentId} is not a Livechat agent.`);
    if (user.active === false) throw new LivechatSessionError(400, `User ${user.username ?? agentId} is deactivated.`);
    return user;
  }

  private servedBy(agent: SimUser): NonNullable<SimLivechatRoom['servedBy']> {
    return { _id: agent._id, username: agent.username ?? '', ts: this.isoNow() };
  }

  private isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

function userRef(user: SimUser): SimLivechatMessage['u'] {
  return { _id: user._id, username: user.username ?? '', ...(user.name !== undefined && { name: user.name }) };
}

/** A MongoDB ObjectId as hex: 4 bytes of seconds since the epoch, then 8 random bytes. */
function objectIdHex(nowMs: number): string {
  return Math.floor(nowMs / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');
}
