import { createHmac } from 'node:crypto';
import type { PlatformEvent, WidgetEventModel, WidgetEventType } from '../../events/model.js';
import type { PlatformWebhook, WebhookRead } from '../platform.js';
import { constantTimeEqual, parseWebhookPayload, sha256 } from '../webhook-kit.js';
import type { JelouSettings } from './settings.js';
import { wireConversationOpen, wireMessageUser, wireRoomMember, wireUserNew, type WirePerson, type WireRoom } from './wire-webhook.js';

/** The header of Jelou's signed deliveries: `sha256=<hex HMAC-SHA256 of the raw body>`. */
export const JELOU_SIGNATURE_HEADER = 'x-jelou-signature';

const EVENT_TYPES: ReadonlyMap<string, WidgetEventType> = new Map([
  ['user-new', 'USER_NEW'],
  ['message:user', 'MESSAGE_USER'],
  ['room-member-add', 'ROOM_MEMBER_ADD'],
  ['room-member-remove', 'ROOM_MEMBER_REMOVE'],
  ['conversation-open', 'CONVERSATION_OPEN'],
]);
const KNOWN_EVENTS = [...EVENT_TYPES.keys()].join(', ');

/** What an event says beyond its type and time; the fields it lacks are null. */
type EventFacts = Partial<Pick<WidgetEventModel, 'roomId' | 'userId' | 'names' | 'botId' | 'texts'>> & { at: string | null | undefined };

/**
 * Jelou's widget webhooks. They carry no credential, so the receiver's URL does (its last segment, the
 * tenant's `webhookSecret`); when the tenant also has a `webhookSigningSecret`, every delivery must carry
 * a valid `X-Jelou-Signature` too. Jelou does not retry, but a replayed delivery must not show twice.
 */
export const jelouWebhook: PlatformWebhook<JelouSettings> = {
  pathSecretSegments: 1,
  configured: (settings) => settings.webhookSecret !== undefined,
  authenticate(delivery, settings) {
    const [pathSecret] = delivery.pathSecrets;
    if (settings.webhookSecret === undefined || delivery.pathSecrets.length !== 1 || pathSecret === undefined) return false;
    // The path first: the receiver asks before reading the body, and only the signature needs the body.
    if (!constantTimeEqual(pathSecret, settings.webhookSecret)) return false;
    if (settings.webhookSigningSecret === undefined) return true;
    const signature = delivery.headers[JELOU_SIGNATURE_HEADER];
    if (typeof signature !== 'string') return false;
    const expected = `sha256=${createHmac('sha256', settings.webhookSigningSecret).update(delivery.rawBody).digest('hex')}`;
    return constantTimeEqual(signature.toLowerCase(), expected);
  },
  read(body, receivedAt) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('body must be a JSON object');
    const name: unknown = (body as { event?: unknown }).event;
    if (typeof name !== 'string') return invalid(name === undefined ? 'event is required' : 'event must be a string');
    const type = EVENT_TYPES.get(name);
    // The value is not echoed: it is the sender's text, and the answer and the log repeat the problem.
    if (type === undefined) return { ok: false, code: 'UNKNOWN_EVENT_TYPE', problem: `event is not one of ${KNOWN_EVENTS}` };
    const facts = readFacts(type, body);
    if (!facts.ok) return invalid(facts.problem);
    const { at, ...rest } = facts.value;
    const event: WidgetEventModel = {
      type,
      at: at ? new Date(at).toISOString() : receivedAt.toISOString(),
      roomId: rest.roomId ?? null,
      userId: rest.userId ?? null,
      names: rest.names ?? null,
      botId: rest.botId ?? null,
      texts: rest.texts ?? [],
    };
    return { ok: true, events: [{ kind: 'widget', dedupeKey: `${name}:${sha256(canonicalJson(body)).toString('hex')}`, event } satisfies PlatformEvent] };
  },
};

function readFacts(type: WidgetEventType, body: unknown): { ok: true; value: EventFacts } | { ok: false; problem: string } {
  switch (type) {
    case 'USER_NEW': {
      const parsed = parseWebhookPayload(wireUserNew, body);
      if (!parsed.ok) return parsed;
      const { payload } = parsed.value;
      return { ok: true, value: { userId: payload.id, roomId: payload.roomId, botId: payload.botId, names: payload.names, at: payload.createdAt } };
    }
    case 'MESSAGE_USER': {
      const parsed = parseWebhookPayload(wireMessageUser, body);
      if (!parsed.ok) return parsed;
      const { sender, room, app, messages, datetime } = parsed.value;
      const texts = messages.flatMap((message) => (typeof message.text === 'string' ? [message.text] : []));
      return { ok: true, value: { userId: personId(sender), names: personNames(sender), roomId: roomId(room), botId: app?.id, texts, at: datetime } };
    }
    case 'ROOM_MEMBER_ADD':
    case 'ROOM_MEMBER_REMOVE': {
      const parsed = parseWebhookPayload(wireRoomMember, body);
      if (!parsed.ok) return parsed;
      const { payload, datetime } = parsed.value;
      return { ok: true, value: { userId: payload.member, roomId: payload.roomId, names: payload.memberInfo ? personNames(payload.memberInfo) : null, at: datetime } };
    }
    case 'CONVERSATION_OPEN': {
      const parsed = parseWebhookPayload(wireConversationOpen, body);
      if (!parsed.ok) return parsed;
      const { payload, datetime } = parsed.value;
      return { ok: true, value: { userId: payload.openedBy, roomId: roomId(payload.room), at: datetime } };
    }
  }
}

function personId(person: WirePerson): string | null {
  return person.id ?? person._id ?? null;
}

function personNames(person: WirePerson): string | null {
  return person.names ?? person.name ?? null;
}

function roomId(room: WireRoom | null | undefined): string | null {
  if (room === null || room === undefined) return null;
  return typeof room === 'string' ? room : (room.id ?? room._id ?? null);
}

function invalid(problem: string): WebhookRead {
  return { ok: false, code: 'INVALID_PAYLOAD', problem };
}

/**
 * JSON with every object's keys sorted: the same delivery gives the same text however it was spaced or
 * ordered, so a replay is recognised by its digest.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
