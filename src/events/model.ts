/**
 * The gateway's own event vocabulary: what a platform's webhook delivery becomes once checked and
 * normalised (src/platforms/<platform>/webhook.ts), what the bus carries between replicas (as JSON),
 * and what the subscriptions' resolvers read. Plain data only: it crosses Redis.
 */

export type LivechatEventType =
  | 'SESSION_STARTED'
  | 'SESSION_QUEUED'
  | 'SESSION_TAKEN'
  | 'SESSION_FORWARDED'
  | 'SESSION_CLOSED'
  | 'SESSION_EDITED'
  | 'MESSAGE'
  | 'LEAD_CAPTURED'
  | 'OFFLINE_MESSAGE';

export interface LivechatVisitorModel {
  id: string | null;
  name: string | null;
  emails: string[];
  phones: string[];
}

export interface LivechatMessageModel {
  id: string | null;
  text: string;
  /** ISO 8601. */
  at: string;
  fromAgent: boolean;
}

export interface LivechatEventModel {
  type: LivechatEventType;
  roomId: string | null;
  /** ISO 8601: when the platform says it happened, else when the gateway received it. */
  at: string;
  departmentId: string | null;
  previousDepartmentId: string | null;
  visitor: LivechatVisitorModel | null;
  /** Rocket.Chat user id of the agent serving the room after the event. */
  agentId: string | null;
  previousAgentId: string | null;
  messages: LivechatMessageModel[];
}

export type WidgetEventType = 'USER_NEW' | 'MESSAGE_USER' | 'ROOM_MEMBER_ADD' | 'ROOM_MEMBER_REMOVE' | 'CONVERSATION_OPEN';

export interface WidgetEventModel {
  type: WidgetEventType;
  /** ISO 8601: when Jelou says it happened, else when the gateway received it. */
  at: string;
  roomId: string | null;
  userId: string | null;
  names: string | null;
  botId: string | null;
  texts: string[];
}

/** One normalised event from one delivery, before it is tied to a tenant. */
export type PlatformEvent =
  | { kind: 'livechat'; /** Equal for a delivery and its retries, different otherwise. */ dedupeKey: string; event: LivechatEventModel }
  | { kind: 'widget'; dedupeKey: string; event: WidgetEventModel };

export type EventKind = PlatformEvent['kind'];

/** What the bus carries: an event, its tenant, and the id it is de-duplicated by. */
export type GatewayEvent = PlatformEvent & { tenant: string };
