import type { SimUser } from './state.js';

/**
 * The Omnichannel webhook's bodies, built as Rocket.Chat builds them (shared/upstreams/rocketchat.md
 * "Omnichannel webhook"): `getLivechatRoomGuestInfo` (app/livechat/server/lib/guests.ts) for the room,
 * visitor and agent, `sendToCRM` (app/livechat/server/hooks/sendToCRM.ts) for `type`, `messages` and
 * the fields each type adds, the `livechat.offlineMessage` hook for `LivechatOfflineMessage`.
 *
 * Dates are ISO strings (what `JSON.stringify` makes of the server's `Date`s), and a field the room or
 * visitor does not have is left out, as `JSON.stringify` leaves out the server's `undefined`s: a fresh
 * room has no `topic`, `tags`, `customFields` or `lastMessageAt`.
 */

/** A Livechat visitor (LivechatVisitors collection). `email` and `phone` are arrays of objects, as stored. */
export interface SimVisitor {
  _id: string;
  token: string;
  username: string;
  name?: string;
  department?: string;
  ip: string;
  /** What the server's UAParser reads from the widget's user agent: `<name> <version>`. */
  os: string;
  browser: string;
  visitorEmails?: Array<{ address: string }>;
  phone?: Array<{ phoneNumber: string }>;
  livechatData?: Record<string, unknown>;
}

/** A Livechat room (`t: 'l'`), with the fields the webhook reads. */
export interface SimLivechatRoom {
  _id: string;
  t: 'l';
  /** The visitor's name (or username): the webhook's `label`. */
  fname: string;
  topic?: string;
  tags?: string[];
  livechatData?: Record<string, unknown>;
  ts: string;
  /** Time of the last message. */
  lm?: string;
  msgs: number;
  open: boolean;
  v: { _id: string; token: string; username: string };
  departmentId?: string;
  servedBy?: { _id: string; username: string; ts: string };
  closedAt?: string;
  closedBy?: { _id: string; username: string };
  closer?: 'user' | 'visitor';
  /** What the receiver answered to the last delivered event, echoed in later ones. */
  crmData?: string;
}

export interface SimLivechatMessage {
  _id: string;
  rid: string;
  msg: string;
  ts: string;
  _updatedAt: string;
  u: { _id: string; username: string; name?: string };
  /** Set on a visitor's messages: how the server tells them from an agent's. */
  token?: string;
  /** The closing message is the only system message the webhook includes. */
  t?: 'livechat-close';
}

export type LivechatSessionEventType =
  | 'LivechatSessionStart'
  | 'LivechatSessionQueued'
  | 'LivechatSessionTaken'
  | 'LivechatSessionForwarded'
  | 'LivechatSession'
  | 'Message';

/** What a forward leaves behind: the department (forwarded to a department) or the agent (to an agent). */
export interface ForwardedFrom {
  oldDepartmentId?: string | undefined;
  oldServedBy?: SimLivechatRoom['servedBy'];
}

export interface SessionEventSource {
  room: SimLivechatRoom;
  visitor: SimVisitor;
  /** The agent serving the room (`room.servedBy`), looked up. */
  agent: SimUser | undefined;
  /** The room's messages for session events (all of them), the new one for `Message`. */
  messages: SimLivechatMessage[];
  forwardedFrom?: ForwardedFrom;
}

/** A session event's body: room, visitor and agent, then `type`, `messages` and the type's own fields. */
export function sessionEventPayload(type: LivechatSessionEventType, source: SessionEventSource): Record<string, unknown> {
  const { room, visitor, agent } = source;
  const body: Record<string, unknown> = {
    _id: room._id,
    label: room.fname,
    topic: room.topic,
    createdAt: room.ts,
    lastMessageAt: room.lm,
    tags: room.tags,
    customFields: room.livechatData,
    visitor: visitorPart(visitor),
  };
  if (agent) body.agent = agentPart(agent);
  if (room.crmData) body.crmData = room.crmData;
  body.type = type;
  body.messages = source.messages.map((message) => messagePart(message, visitor));
  return { ...body, ...fieldsByType(type, room, source.forwardedFrom ?? {}) };
}

/** `LivechatOfflineMessage`: the offline form, with no room and no visitor record. */
export function offlineMessagePayload(form: { name: string; email: string; message: string }, sentAt: string): Record<string, unknown> {
  return { type: 'LivechatOfflineMessage', sentAt, visitor: { name: form.name, email: form.email }, message: form.message };
}

/** `getAdditionalFieldsByType`: what each type adds; `Message` adds nothing. */
function fieldsByType(type: LivechatSessionEventType, room: SimLivechatRoom, from: ForwardedFrom): Record<string, unknown> {
  const { departmentId, servedBy, closedAt, closedBy, closer } = room;
  switch (type) {
    case 'LivechatSessionStart':
    case 'LivechatSessionQueued':
      return { departmentId };
    case 'LivechatSessionTaken':
      return { departmentId, servedBy };
    case 'LivechatSessionForwarded':
      return { departmentId, servedBy, oldDepartmentId: from.oldDepartmentId, oldServedBy: from.oldServedBy };
    case 'LivechatSession':
      return { departmentId, servedBy, closedAt, closedBy, closer };
    case 'Message':
      return {};
  }
}

function visitorPart(visitor: SimVisitor): Record<string, unknown> {
  const part: Record<string, unknown> = {
    _id: visitor._id,
    token: visitor.token,
    name: visitor.name,
    username: visitor.username,
    department: visitor.department,
    ip: visitor.ip,
    os: visitor.os,
    browser: visitor.browser,
    customFields: visitor.livechatData,
  };
  // Only when there are some, and as stored: [{ address }] and [{ phoneNumber }].
  if (visitor.visitorEmails?.length) part.email = visitor.visitorEmails;
  if (visitor.phone?.length) part.phone = visitor.phone;
  return part;
}

/** `{ _id, username, name, email }`, the e-mail being the user's first address. */
function agentPart(agent: SimUser): Record<string, unknown> {
  const part: Record<string, unknown> = { _id: agent._id, username: agent.username, name: agent.name };
  const email = agent.emails?.[0]?.address;
  if (email !== undefined) part.email = email;
  return part;
}

/**
 * One message as `sendToCRM` writes it: `u` first (the file-upload normalisation spreads it in), then
 * `_id, username, msg, ts, rid`, `agentId` when not the visitor's, `closingMessage` for the closing
 * message, and `_updatedAt`. An empty `msg` falls back to `JSON.stringify(blocks)`, which is undefined
 * without blocks: a closing message without a comment has no `msg`.
 */
function messagePart(message: SimLivechatMessage, visitor: SimVisitor): Record<string, unknown> {
  return {
    u: message.u,
    _id: message._id,
    username: message.u.username,
    msg: message.msg === '' ? undefined : message.msg,
    ts: message.ts,
    rid: message.rid,
    ...(message.u.username !== visitor.username && { agentId: message.u._id }),
    ...(message.t === 'livechat-close' && { closingMessage: true }),
    _updatedAt: message._updatedAt,
  };
}
