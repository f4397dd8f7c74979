import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebhookSender } from '../webhook-sender.js';
import { serveLivechatAdmin } from './livechat-admin-routes.js';
import { LivechatSessions } from './livechat-sessions.js';
import type { RocketChatState } from './state.js';

/** Where the simulator sends its Omnichannel webhook events (the server's `Livechat_webhookUrl` settings). */
export interface RocketChatWebhookOptions {
  /** The receiver, read at every attempt; undefined when there is none yet (the event is dropped). */
  url: () => string | undefined;
  /** `Livechat_secret_token`: sent as `X-RocketChat-Livechat-Token` when set. */
  token?: string | undefined;
  /** Between attempts; the real server's 20 s by default (4 × its 5 s `Livechat_http_timeout`). */
  retryDelayMs?: number | undefined;
  /** Attempts per event, the first included; the real server's 5 by default. */
  attempts?: number | undefined;
  /** One attempt's limit; the real server's 5 s `Livechat_http_timeout` by default. */
  timeoutMs?: number | undefined;
}

export const ROCKETCHAT_WEBHOOK_DEFAULTS = { attempts: 5, retryDelayMs: 20_000, timeoutMs: 5_000 } as const;

export interface SimulatedLivechat {
  sessions: LivechatSessions;
  webhook: WebhookSender;
  /** Serves the `/__livechat` admin routes (true), or leaves the request to the API (false). */
  serveAdmin(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Livechat sessions whose events go to the webhook (nowhere, logged `no-receiver`, without one). */
export function simulateLivechat(state: RocketChatState, now: () => number, options: RocketChatWebhookOptions | undefined): SimulatedLivechat {
  const webhook = new WebhookSender({
    url: options?.url ?? (() => undefined),
    ...(options?.token !== undefined && { headers: { 'X-RocketChat-Livechat-Token': options.token } }),
    attempts: options?.attempts ?? ROCKETCHAT_WEBHOOK_DEFAULTS.attempts,
    retryDelayMs: options?.retryDelayMs ?? ROCKETCHAT_WEBHOOK_DEFAULTS.retryDelayMs,
    timeoutMs: options?.timeoutMs ?? ROCKETCHAT_WEBHOOK_DEFAULTS.timeoutMs,
    now,
  });
  const sessions: LivechatSessions = new LivechatSessions(state, now, ({ type, body, roomId }) =>
    webhook.send({
      name: type,
      body,
      // The server keeps the receiver's answer as the room's crmData and sends it back in later events.
      ...(roomId !== undefined && { onDelivered: (answer: string) => sessions.saveCrmData(roomId, answer) }),
    }),
  );
  return { sessions, webhook, serveAdmin: (req, res) => serveLivechatAdmin(req, res, sessions, webhook) };
}
