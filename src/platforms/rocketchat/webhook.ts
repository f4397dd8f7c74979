import type { LivechatEventModel, LivechatEventType, LivechatMessageModel, PlatformEvent } from '../../events/model.js';
import type { PlatformWebhook, WebhookRead } from '../platform.js';
import { constantTimeEqual, parseWebhookPayload, sha256 } from '../webhook-kit.js';
import type { RocketChatSettings } from './settings.js';
import { wireOfflineMessage, wireRoomEvent, type WireOfflineMessage, type WireRoomEvent, type WireRoomMessage } from './wire-webhook.js';

/** The header Rocket.Chat sends `Livechat_secret_token` in (Node lower-cases header names). */
export const ROCKETCHAT_TOKEN_HEADER = 'x-rocketchat-livechat-token';

/** Rocket.Chat's event types, each to the gateway's; `LivechatSession` is Rocket.Chat's name for "closed". */
const ROOM_EVENT_TYPES: ReadonlyMap<string, LivechatEventType> = new Map([
  ['LivechatSessionStart', 'SESSION_STARTED'],
  ['LivechatSessionQueued', 'SESSION_QUEUED'],
  ['LivechatSessionTaken', 'SESSION_TAKEN'],
  ['LivechatSessionForwarded', 'SESSION_FORWARDED'],
  ['LivechatSession', 'SESSION_CLOSED'],
  ['LivechatEdit', 'SESSION_EDITED'],
  ['Message', 'MESSAGE'],
  ['LeadCapture', 'LEAD_CAPTURED'],
]);
const OFFLINE_MESSAGE_TYPE = 'LivechatOfflineMessage';
const KNOWN_TYPES = [...ROOM_EVENT_TYPES.keys(), OFFLINE_MESSAGE_TYPE].join(', ');

/**
 * Rocket.Chat's Omnichannel webhook: one event per delivery, authenticated by a plain shared token in
 * `X-RocketChat-Livechat-Token` (no signature), retried with the same body on 5xx and 429.
 */
export const rocketChatWebhook: PlatformWebhook<RocketChatSettings> = {
  pathSecretSegments: 0,
  configured: (settings) => settings.webhookToken !== undefined,
  authenticate(delivery, settings) {
    const given = delivery.headers[ROCKETCHAT_TOKEN_HEADER];
    // A repeated header arrives joined ("a, b") or as an array: never equal to the token, so refused.
    if (settings.webhookToken === undefined || typeof given !== 'string') return false;
    return constantTimeEqual(given, settings.webhookToken);
  },
  read(body, receivedAt) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return invalid('body must be a JSON object');
    }
    const type: unknown = (body as { type?: unknown }).type;
    if (typeof type !== 'string') return invalid(type === undefined ? 'type is required' : 'type must be a string');
    if (type === OFFLINE_MESSAGE_TYPE) {
      const parsed = parseWebhookPayload(wireOfflineMessage, body);
      return parsed.ok ? { ok: true, events: [offlineMessageEvent(parsed.value, receivedAt)] } : invalid(parsed.problem);
    }
    const ourType = ROOM_EVENT_TYPES.get(type);
    // The value is not echoed: it is the sender's text, and the answer and the log repeat the problem.
    if (ourType === undefined) return { ok: false, code: 'UNKNOWN_EVENT_TYPE', problem: `type is not one of ${KNOWN_TYPES}` };
    const parsed = parseWebhookPayload(wireRoomEvent, body);
    return parsed.ok ? { ok: true, events: [roomEvent(ourType, parsed.value, receivedAt)] } : invalid(parsed.problem);
  },
};

function invalid(problem: string): WebhookRead {
  return { ok: false, code: 'INVALID_PAYLOAD', problem };
}

function roomEvent(type: LivechatEventType, wire: WireRoomEvent, receivedAt: Date): PlatformEvent {
  const wireMessages = wire.messages ?? [];
  const last = wireMessages.at(-1);
  const agentUsernames = new Set([wire.servedBy?.username, wire.agent?.username].filter((name) => typeof name === 'string'));
  const messages = wireMessages.map((message) => messageModel(message, agentUsernames));
  const visitor = wire.visitor;
  const event: LivechatEventModel = {
    type,
    roomId: wire._id,
    at: eventTime(type, wire, last) ?? receivedAt.toISOString(),
    departmentId: wire.departmentId ?? null,
    previousDepartmentId: wire.oldDepartmentId ?? null,
    visitor: visitor ? { id: visitor._id ?? null, name: visitor.name ?? null, emails: visitor.email, phones: visitor.phone } : null,
    agentId: wire.servedBy?._id ?? wire.agent?._id ?? null,
    previousAgentId: wire.oldServedBy?._id ?? null,
    messages,
  };
  // Rocket.Chat's retries resend the same body, so these parts repeat exactly; a different event of the
  // room differs in at least one (a new message, another agent or department, a forward back again).
  const dedupeKey = JSON.stringify([
    type,
    wire._id,
    last?._id ?? null,
    last?.editedAt ?? null,
    event.agentId,
    event.departmentId,
    event.previousAgentId,
    event.previousDepartmentId,
    // The same agent taking the room again after it went back to the queue, with no new message between.
    wire.servedBy?.ts ?? null,
  ]);
  return { kind: 'livechat', dedupeKey, event };
}

/** When Rocket.Chat says it happened; undefined when the payload has no time for it. */
function eventTime(type: LivechatEventType, wire: WireRoomEvent, last: WireRoomMessage | undefined): string | undefined {
  const time = type === 'SESSION_CLOSED' ? wire.closedAt : type === 'MESSAGE' ? last?.ts : type === 'SESSION_TAKEN' ? wire.servedBy?.ts : undefined;
  return time === null || time === undefined ? undefined : new Date(time).toISOString();
}

function messageModel(message: WireRoomMessage, agentUsernames: ReadonlySet<string>): LivechatMessageModel {
  // Rocket.Chat sets agentId on every message not written by the visitor; older servers only name the user.
  const fromAgent = Boolean(message.agentId) || (typeof message.username === 'string' && agentUsernames.has(message.username));
  return { id: message._id ?? null, text: message.msg ?? '', at: new Date(message.ts).toISOString(), fromAgent };
}

function offlineMessageEvent(wire: WireOfflineMessage, receivedAt: Date): PlatformEvent {
  const at = wire.sentAt ? new Date(wire.sentAt).toISOString() : receivedAt.toISOString();
  const visitor = wire.visitor;
  const event: LivechatEventModel = {
    type: 'OFFLINE_MESSAGE',
    roomId: null,
    at,
    departmentId: null,
    previousDepartmentId: null,
    visitor: visitor ? { id: null, name: visitor.name ?? null, emails: visitor.email, phones: [] } : null,
    agentId: null,
    previousAgentId: null,
    messages: [{ id: null, text: wire.message, at, fromAgent: false }],
  };
  // No ids at all: the send time, the sender and the text's digest (the text itself stays out of keys).
  const dedupeKey = JSON.stringify([OFFLINE_MESSAGE_TYPE, wire.sentAt ?? null, visitor?.email ?? [], sha256(wire.message).toString('hex')]);
  return { kind: 'livechat', dedupeKey, event };
}
