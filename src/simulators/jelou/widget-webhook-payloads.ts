import { randomUUID } from 'node:crypto';
import type { SimMember, SimRoom, SimWidgetUser } from './state.js';

/**
 * The bodies of Jelou's widget webhooks (shared/upstreams/jelou.md "Webhooks"), in the documented
 * shapes. `user-new` carries the new user and no `datetime`; the others carry `datetime`, the ISO time
 * of the event.
 */

export type WidgetEventName = 'user-new' | 'message:user' | 'room-member-add' | 'room-member-remove' | 'conversation-open';

/** `user-new`: the user record as created; `legalId` only when one was given. */
export function userNewPayload(user: SimWidgetUser): Record<string, unknown> {
  return {
    event: 'user-new',
    payload: {
      id: user.id,
      ...(user.legalId !== undefined && { legalId: user.legalId }),
      names: user.names,
      referenceId: user.referenceId,
      roomId: user.roomId,
      botId: user.botId,
      companyId: user.companyId,
      socketId: user.socketId,
      createdAt: user.createdAt,
    },
  };
}

/** `message:user`: a widget user wrote in the room, to the room's bot. */
export function messageUserPayload(room: SimRoom, sender: Pick<SimMember, 'id' | 'names'>, text: string, datetime: string): Record<string, unknown> {
  return {
    event: 'message:user',
    origin: 'web',
    app: { id: room.botId },
    sender: { id: sender.id, names: sender.names },
    room: { id: room.id },
    messages: [{ id: randomUUID(), type: 'TEXT', text }],
    datetime,
  };
}

/** `room-member-add` / `room-member-remove`. */
export function roomMemberPayload(
  event: 'room-member-add' | 'room-member-remove',
  room: SimRoom,
  member: Pick<SimMember, 'id' | 'names'>,
  datetime: string,
): Record<string, unknown> {
  return { event, payload: { roomId: room.id, member: member.id, memberInfo: { id: member.id, names: member.names } }, datetime };
}

/** `conversation-open`: someone opened the room's conversation. */
export function conversationOpenPayload(room: SimRoom, openedBy: string, datetime: string): Record<string, unknown> {
  return { event: 'conversation-open', payload: { room: { id: room.id }, openedBy }, datetime };
}
