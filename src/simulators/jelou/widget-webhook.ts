import { createHmac } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, rawTarget, readJsonInput, sendJson, type SimResponse } from '../http-kit.js';
import { WebhookSender } from '../webhook-sender.js';
import type { JelouState, SimMember, SimRoom, SimWidgetUser } from './state.js';
import { conversationOpenPayload, messageUserPayload, roomMemberPayload, userNewPayload } from './widget-webhook-payloads.js';

/**
 * Jelou's widget webhooks from the simulator (shared/upstreams/jelou.md "Webhooks"): `user-new` when
 * `POST /v1/widget/user` creates a user, and the other events on demand through an admin route, which
 * like `/__faults` needs no authentication and never shows in the request log:
 *
 *   POST /__widget/events      { event: message:user | room-member-add | room-member-remove | conversation-open,
 *                                roomId, userId?, names?, text? }  → 202 { sent: <the body delivered> }
 *   GET  /__widget/deliveries  → 200 [delivery attempts]
 *
 * `userId` defaults to the room's widget user (for `room-member-add` it must be given: who joins);
 * `names` to the member's names in the room, else the id; `text` is required by `message:user`.
 *
 * Deliveries carry no credential (the receiver's URL holds its secret) and are not retried; with a
 * signing secret each is signed like the "external support" integration's: `X-Jelou-Signature:
 * sha256=<hex HMAC-SHA256 of the exact bytes sent>`. One attempt, 20 s to answer.
 */

export interface JelouWebhookOptions {
  /** The receiver (its secret in the path), read at every delivery; undefined when there is none yet. */
  url: () => string | undefined;
  signingSecret?: string | undefined;
  /** One attempt's limit; Jelou's 20 s by default. */
  timeoutMs?: number | undefined;
}

export const WIDGET_ADMIN_PREFIX = '/__widget';
export const JELOU_WEBHOOK_TIMEOUT_MS = 20_000;

export function jelouWebhookSender(options: JelouWebhookOptions | undefined, now: () => number): WebhookSender {
  const secret = options?.signingSecret;
  return new WebhookSender({
    url: options?.url ?? (() => undefined),
    ...(secret !== undefined && { sign: (raw: Buffer) => ({ 'X-Jelou-Signature': jelouSignature(secret, raw) }) }),
    attempts: 1,
    retryDelayMs: 0,
    timeoutMs: options?.timeoutMs ?? JELOU_WEBHOOK_TIMEOUT_MS,
    now,
  });
}

/** `sha256=<hex HMAC-SHA256 of the raw body>`. */
export function jelouSignature(secret: string, raw: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

/** Sends `user-new` for a user `POST /v1/widget/user` just created. */
export function sendUserNew(webhook: WebhookSender, user: SimWidgetUser): void {
  webhook.send({ name: 'user-new', body: userNewPayload(user) });
}

const text = z.string().min(1).max(10_000);
const eventBody = z.strictObject({
  event: z.enum(['message:user', 'room-member-add', 'room-member-remove', 'conversation-open']),
  roomId: text,
  userId: text.optional(),
  names: text.optional(),
  text: text.optional(),
});
type EventRequest = z.output<typeof eventBody>;
const ADMIN_BODY_LIMIT = 64 * 1024;

/** Serves the request if it is for an admin route (true), else leaves it alone (false). */
export function serveWidgetAdmin(req: IncomingMessage, res: ServerResponse, state: JelouState, webhook: WebhookSender, now: () => number): boolean {
  const { path } = rawTarget(req.url ?? '/');
  if (path !== WIDGET_ADMIN_PREFIX && !path.startsWith(`${WIDGET_ADMIN_PREFIX}/`)) return false;
  answer(req, path.replace(/\/$/, ''), state, webhook, now)
    .catch((error: unknown): SimResponse => {
      if (error instanceof BodyTooLargeError) return { status: 413, body: { error: `The body is larger than ${ADMIN_BODY_LIMIT} bytes.` } };
      return { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
    })
    .then((result) => sendJson(res, { ...result, headers: { 'cache-control': 'no-store', ...result.headers } }))
    .catch(() => res.destroy());
  return true;
}

async function answer(req: IncomingMessage, path: string, state: JelouState, webhook: WebhookSender, now: () => number): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  const wrongMethod = (allowed: string): SimResponse => ({ status: 405, body: { error: `Use ${allowed}.` }, headers: { allow: allowed } });
  if (path === `${WIDGET_ADMIN_PREFIX}/deliveries`) return method === 'GET' ? { status: 200, body: webhook.deliveries() } : wrongMethod('GET');
  if (path !== `${WIDGET_ADMIN_PREFIX}/events`) return { status: 404, body: { error: `No admin route ${path}.` } };
  if (method !== 'POST') return wrongMethod('POST');

  const input = await readJsonInput(req, eventBody, ADMIN_BODY_LIMIT);
  if ('status' in input) return input;
  const built = buildEvent(input.value, state, new Date(now()).toISOString());
  if ('error' in built) return { status: built.status, body: { error: built.error } };
  webhook.send({ name: input.value.event, body: built.body });
  return { status: 202, body: { sent: built.body } };
}

/** The event's body, after the room change it reports; or why it cannot happen. */
function buildEvent(request: EventRequest, state: JelouState, at: string): { body: Record<string, unknown> } | { status: 400 | 404; error: string } {
  const room = state.room(request.roomId);
  if (!room) return { status: 404, error: `No room ${request.roomId}.` };
  const userId = request.userId ?? widgetUserOf(room)?.id;
  if (userId === undefined) return { status: 400, error: `Room ${room.id} has no widget user: give userId.` };
  const member = { id: userId, names: request.names ?? room.membersInfo.find((info) => info.id === userId)?.names ?? userId };
  const isMember = room.members.includes(userId);

  switch (request.event) {
    case 'message:user':
      if (request.text === undefined) return { status: 400, error: 'message:user needs text.' };
      if (!isMember) return { status: 400, error: `${userId} is not a member of room ${room.id}.` };
      return { body: messageUserPayload(room, member, request.text, at) };
    case 'room-member-add':
      if (request.userId === undefined) return { status: 400, error: 'room-member-add needs the userId of who joins.' };
      if (!state.addRoomMember(room.id, { ...member, type: 'user' } satisfies SimMember, at)) return { status: 400, error: `${userId} is already a member of room ${room.id}.` };
      return { body: roomMemberPayload('room-member-add', room, member, at) };
    case 'room-member-remove':
      if (!state.removeRoomMember(room.id, userId, at)) return { status: 400, error: `${userId} is not a member of room ${room.id}.` };
      return { body: roomMemberPayload('room-member-remove', room, member, at) };
    case 'conversation-open':
      return { body: conversationOpenPayload(room, userId, at) };
  }
}

function widgetUserOf(room: SimRoom): SimMember | undefined {
  return room.membersInfo.find((member) => member.type === 'user');
}
