import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { BodyTooLargeError, rawTarget, readJsonInput, sendJson, type SimResponse } from '../http-kit.js';
import type { WebhookSender } from '../webhook-sender.js';
import { LivechatSessionError, type LivechatSessions } from './livechat-sessions.js';

/**
 * The simulator's Livechat admin routes: they play the visitor and the agents, so that the simulator
 * sends its Omnichannel webhook events (livechat-sessions.ts) on demand. Like `/__faults`, they need no
 * authentication and never show in the request log; they are the simulator's, not Rocket.Chat's API.
 *
 *   POST /__livechat/sessions                      { visitor?: { name?, email?, phone? }, departmentId?, text?, topic?, tags?, customFields? }
 *                                                  → 201 { roomId, visitorId }: Start, Queued (then Message if text)
 *   GET  /__livechat/sessions/:roomId              → 200 { room, visitor, messages }
 *   POST /__livechat/sessions/:roomId/take         { agentId }                       → 200 { room }: Taken
 *   POST /__livechat/sessions/:roomId/forward      { agentId?, departmentId? }       → 200 { room }: Forwarded
 *   POST /__livechat/sessions/:roomId/messages     { text, fromAgent? }              → 201 { message }: Message
 *   POST /__livechat/sessions/:roomId/close        { closer?: user|visitor, comment? } → 200 { room }: LivechatSession
 *   POST /__livechat/offline-messages              { name, email, message }          → 201 { sent }: LivechatOfflineMessage
 *   GET  /__livechat/deliveries                    → 200 [delivery attempts]  (no headers, so no token)
 *
 * Failures answer `{ error }` (and `problems` for a body that breaks the schema): 400 for a body or a
 * step the session does not allow, 404 for an unknown room, user or department, 405 for a wrong method.
 */

export const LIVECHAT_ADMIN_PREFIX = '/__livechat';

const ADMIN_BODY_LIMIT = 64 * 1024;
const text = z.string().min(1).max(10_000);

const newSessionBody = z.strictObject({
  visitor: z.strictObject({ name: text.optional(), email: z.email().optional(), phone: text.optional() }).optional(),
  departmentId: text.optional(),
  text: text.optional(),
  topic: text.optional(),
  tags: z.array(text).max(50).optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
});
const takeBody = z.strictObject({ agentId: text });
const forwardBody = z.strictObject({ agentId: text.optional(), departmentId: text.optional() });
const messageBody = z.strictObject({ text, fromAgent: z.boolean().optional() });
const closeBody = z.strictObject({ closer: z.enum(['user', 'visitor']).optional(), comment: text.optional() });
const offlineBody = z.strictObject({ name: text, email: z.email(), message: text });

const SESSION_STEP = /^\/__livechat\/sessions\/([^/]+)(?:\/(take|forward|messages|close))?\/?$/;

/** Serves the request if it is for an admin route (true), else leaves it alone (false). */
export function serveLivechatAdmin(req: IncomingMessage, res: ServerResponse, sessions: LivechatSessions, webhook: WebhookSender): boolean {
  const { path } = rawTarget(req.url ?? '/');
  if (path !== LIVECHAT_ADMIN_PREFIX && !path.startsWith(`${LIVECHAT_ADMIN_PREFIX}/`)) return false;
  answer(req, path, sessions, webhook)
    .catch((error: unknown): SimResponse => {
      if (error instanceof LivechatSessionError) return { status: error.status, body: { error: error.message } };
      if (error instanceof BodyTooLargeError) return { status: 413, body: { error: `The body is larger than ${ADMIN_BODY_LIMIT} bytes.` } };
      return { status: 500, body: { error: error instanceof Error ? error.message : String(error) } };
    })
    .then((result) => sendJson(res, { ...result, headers: { 'cache-control': 'no-store', ...result.headers } }))
    .catch(() => res.destroy());
  return true;
}

async function answer(req: IncomingMessage, path: string, sessions: LivechatSessions, webhook: WebhookSender): Promise<SimResponse> {
  const method = req.method ?? 'GET';
  const only = (allowed: 'GET' | 'POST', act: () => Promise<SimResponse> | SimResponse) =>
    method === allowed ? act() : { status: 405, body: { error: `Use ${allowed}.` }, headers: { allow: allowed } };
  const normalized = path.replace(/\/$/, '');

  if (normalized === `${LIVECHAT_ADMIN_PREFIX}/sessions`) {
    return only('POST', async () => {
      const input = await readJsonInput(req, newSessionBody, ADMIN_BODY_LIMIT);
      if ('status' in input) return input;
      const { room, visitor } = sessions.start(input.value);
      return { status: 201, body: { roomId: room._id, visitorId: visitor._id } };
    });
  }
  if (normalized === `${LIVECHAT_ADMIN_PREFIX}/offline-messages`) {
    return only('POST', async () => {
      const input = await readJsonInput(req, offlineBody, ADMIN_BODY_LIMIT);
      return 'status' in input ? input : { status: 201, body: { sent: sessions.offlineMessage(input.value) } };
    });
  }
  if (normalized === `${LIVECHAT_ADMIN_PREFIX}/deliveries`) return only('GET', () => ({ status: 200, body: webhook.deliveries() }));

  const match = SESSION_STEP.exec(path);
  const roomId = match ? decoded(match[1] as string) : undefined;
  if (!match || roomId === undefined) return { status: 404, body: { error: `No admin route ${path}.` } };
  switch (match[2]) {
    case undefined:
      return only('GET', () => {
        const room = sessions.room(roomId);
        if (!room) return { status: 404, body: { error: `No Livechat room ${roomId}.` } };
        return { status: 200, body: { room, visitor: sessions.visitor(room.v._id), messages: sessions.messagesOf(roomId) } };
      });
    case 'take':
      return only('POST', step(req, takeBody, (body) => ({ status: 200, body: { room: sessions.take(roomId, body.agentId) } })));
    case 'forward':
      return only('POST', step(req, forwardBody, (body) => ({ status: 200, body: { room: sessions.forward(roomId, body) } })));
    case 'messages':
      return only('POST', step(req, messageBody, (body) => ({ status: 201, body: { message: sessions.addMessage(roomId, body) } })));
    default:
      return only('POST', step(req, closeBody, (body) => ({ status: 200, body: { room: sessions.close(roomId, body) } })));
  }
}

/** Reads and checks the body, then acts on it. */
function step<T>(req: IncomingMessage, schema: z.ZodType<T>, act: (body: T) => SimResponse): () => Promise<SimResponse> {
  return async () => {
    const input = await readJsonInput(req, schema, ADMIN_BODY_LIMIT);
    return 'status' in input ? input : act(input.value);
  };
}

function decoded(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
